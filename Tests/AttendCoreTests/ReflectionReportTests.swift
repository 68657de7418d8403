@testable import AttendCore
import Foundation
import Testing

/// Issue 21: the reflection figures where people read them: the bridge point's printed report
/// (section VII), the district's roll-up (its bridge points added up, one without figures
/// marked, not counted), and the tally's workbook (`Thu hoạch`, the CSV's blocks cell for cell).
@Suite struct ReflectionReportTests {
    static let invited = [
        Delegate(id: "DV1", fullName: "Nguyễn Văn An", unit: "Chi bộ 1", category: .partyMember),
        Delegate(id: "DV2", fullName: "Trần Thị Bình", unit: "Chi bộ 1", category: .partyMember),
        Delegate(id: "DV3", fullName: "Lê Văn Cường", unit: "Chi bộ 2", category: .partyMember),
        Delegate(id: "DV4", fullName: "Đỗ Thị Ánh", unit: "Chi bộ 2", category: .partyMember),
        Delegate(id: "CC1", fullName: "Phạm Thị Dung", unit: "UBND xã", category: .official),
    ]

    /// Due 30/11: DV1 đạt, DV2 cơ bản đạt, CC1 chưa đạt; DV4 came late (02/12), DV3 never.
    static func tally(due: String? = "2026-11-30", reflections: [Reflection]? = nil) -> Tally {
        var tally = TallyRenderingTests.tally()
        tally.reflections = Tally.ReflectionFigures.compute(invited: invited, reflections: reflections ?? [
            Reflection(delegate: "DV1", submitted: "2026-11-25", grade: .passed),
            Reflection(delegate: "DV2", submitted: "2026-11-30", grade: .basicallyPassed),
            Reflection(delegate: "CC1", submitted: "2026-11-28", grade: .notPassed),
            Reflection(delegate: "DV4", submitted: "2026-12-02", grade: nil),
        ], due: due)
        return tally
    }

    static let made = Timestamp(rfc3339: "2026-12-03T09:00:00+07:00")!

    @Test func theBridgePointsReportHasSectionSevenWithTheFiguresAndTheNames() throws {
        let html = Self.tally().htmlReport(generatedAt: Self.made)
        let section = try #require(html.range(of: "<h2>VII- BÀI THU HOẠCH</h2>").map { String(html[$0.lowerBound...]) })
        #expect(section.contains("Hạn nộp bài thu hoạch:</th><td>30/11/2026"))
        #expect(section.contains("Đã nộp 4/5 bài thu hoạch (80,0%): đạt 1, cơ bản đạt 1, chưa đạt 1, chưa chấm 1, trong đó 1 nộp muộn; "
            + "chưa nộp bài thu hoạch đúng hạn: 2."), "\(section.prefix(900))")
        #expect(section.contains("<h3>1. Chưa nộp bài thu hoạch đúng hạn (2)</h3>"))
        // The late one and the missing one, in the official order (given name: Ánh before Cường).
        let anh = try #require(section.range(of: "Đỗ Thị Ánh")), cuong = try #require(section.range(of: "Lê Văn Cường"))
        #expect(anh.lowerBound < cuong.lowerBound)
        #expect(section.contains("<td>02/12/2026</td>") && section.contains("<td>chưa nộp</td>"))
        // The total row: invited, handed in, đạt, cơ bản đạt, chưa đạt, not graded, late, missing.
        let cells = [5, 4, 1, 1, 1, 1, 1, 2].map { "<td class=\"num\">\($0)</td>" }.joined()
        #expect(section.contains("<tr class=\"total\"><td>Tổng cộng</td>" + cells), "\(section.prefix(3000))")
        #expect(html.firstRange(of: "VII- BÀI THU HOẠCH")! .lowerBound > html.firstRange(of: "VI- DANH SÁCH")!.lowerBound)
        let english = Self.tally().htmlReport(language: .english, generatedAt: Self.made)
        #expect(english.contains("VII- WRITTEN REFLECTIONS") && english.contains("4 of 5 reflections handed in (80.0%)"))
    }

    @Test func withoutReflectionsOrADueDateThereIsNoSection() {
        let none = Self.tally(due: nil, reflections: []).htmlReport(generatedAt: Self.made)
        #expect(!none.contains("BÀI THU HOẠCH"))
        // Reflections without a due date: "not handed in" rather than "by the due date", no late ones.
        let undated = Self.tally(due: nil).htmlReport(generatedAt: Self.made)
        #expect(undated.contains("<h3>1. Chưa nộp bài thu hoạch (1)</h3>") && !undated.contains("Hạn nộp"), "\(undated)")
    }

    /// Two halls with figures and one from an older attendd: added up, the old one "not followed".
    static func rollup() -> DistrictRollup {
        let bridges = [BridgeKey(id: "a", key: [], name: "Xã A"), BridgeKey(id: "b", key: [], name: "Xã B"),
                       BridgeKey(id: "c", key: [], name: "Xã C")]
        var old = tally()
        old.reflections = nil
        return DistrictRollup.compute(conference: "HN-2026-11", bridges: bridges, tallies: [
            (bridge: "a", revision: 1, tally: tally()), (bridge: "b", revision: 1, tally: tally()), (bridge: "c", revision: 1, tally: old),
        ])
    }

    @Test func theDistrictAddsUpItsBridgePointsAndNamesEachPersonWithTheirBridgePoint() throws {
        let rollup = Self.rollup()
        let figures = try #require(rollup.reflections)
        #expect(figures.total.invited == 10 && figures.total.submitted == 8 && figures.total.missing == 4 && figures.total.late == 2)
        #expect(figures.categories.map(\.counts.invited) == [8, 2])
        #expect(figures.bridges.map(\.name) == ["Xã A", "Xã B", "Xã C"] && figures.bridges[2].counts == nil)
        #expect(figures.missing.map { "\($0.person.id)@\($0.bridge)" } == ["DV4@Xã A", "DV4@Xã B", "DV3@Xã A", "DV3@Xã B"])
        #expect(figures.due == ["2026-11-30"])
        let html = rollup.htmlReport(conference: Self.tally().conference, district: "Huyện ủy", generatedAt: Self.made)
        let section = try #require(html.range(of: "<h2>V- BÀI THU HOẠCH</h2>").map { String(html[$0.lowerBound...]) })
        #expect(section.contains("<td>Xã C <i>(không theo dõi)</i></td><td class=\"num\">—</td>"), "\(section.prefix(3000))")
        #expect(section.contains("Đã nộp 8/10 bài thu hoạch (80,0%)"))
        #expect(section.contains("<h3>1. Theo điểm cầu</h3>") && section.contains("<h3>2. Theo đối tượng</h3>"))
        #expect(section.contains("<h3>3. Chưa nộp bài thu hoạch đúng hạn (4)</h3>"))
        // The JSON carries the figures and reads back; a summary stored before them decodes with none.
        let json = try JSONEncoder().encode(rollup)
        #expect(try JSONDecoder().decode(DistrictRollup.self, from: json) == rollup)
        var summary = TallySummary(Self.tally())
        #expect(summary.reflections != nil)
        summary.reflections = nil
        let stored = summary.storedData()
        #expect(!String(decoding: stored, as: UTF8.self).contains("reflections"))
        #expect(TallySummary.stored(stored) == summary)
        // No hall with figures: no section, nothing in the JSON.
        let plain = DistrictRollup.compute(conference: "HN-2026-11", bridges: [BridgeKey(id: "c", key: [], name: "Xã C")],
                                           tallies: [(bridge: "c", revision: 1, tally: TallyRenderingTests.tally())])
        #expect(plain.reflections == nil)
        #expect(!plain.htmlReport(conference: nil, district: nil, generatedAt: Self.made).contains("THU HOẠCH"))
    }

    @Test(arguments: ReportLanguage.allCases)
    func theWorkbooksReflectionSheetIsTheCSVsReflectionBlocks(language: ReportLanguage) throws {
        let tally = Self.tally()
        let workbook = tally.xlsxWorkbook(language: language)
        let sheet = try #require(workbook.sheets.last)
        #expect(sheet.name == language.text(.xlsxSheetReflections))
        #expect(workbook.sheets.count == 9)
        let blocks = try ReportWorkbookTests.blocks(tally.csv(language: language))
        let rows = ReportWorkbookTests.rows(sheet, date: tally.conference.date)
        let blank = try #require(rows.firstIndex(of: []))
        #expect(Array(rows[..<blank]) == blocks[blocks.count - 2])
        #expect(Array(rows[(blank + 1)...]) == blocks[blocks.count - 1])
        #expect(sheet.boldRows == [tally.reflections!.categories.count, blank])
        // Đỗ Thị Ánh came late (a date), Lê Văn Cường never (empty), in that order.
        #expect(sheet.rows[0].last == .date("2026-11-30") && sheet.rows.suffix(2).map(\.last) == [.date("2026-12-02"), .empty])
        #expect(TallyRenderingTests.tally().xlsxWorkbook(language: language).sheets.count == 8, "no reflections, no sheet")
    }

    @Test func theDistrictsWorkbookHasAReflectionSheetWithEachHallAndEachName() throws {
        let rollup = Self.rollup()
        let workbook = rollup.xlsxWorkbook(conference: Self.tally().conference)
        let sheet = try #require(workbook.sheets.last)
        #expect(workbook.sheets.count == 4)
        #expect(sheet.name == "Thu hoạch")
        #expect(sheet.rows[0] == [.text("Xã A"), .empty] + [5, 4, 1, 1, 1, 1, 1, 2].map { .count($0) })
        #expect(sheet.rows[2] == [.text("Xã C"), .text("không theo dõi")] + Array(repeating: .empty, count: 8))
        let total = try #require(sheet.rows.first { $0.first == .text("Tổng cộng") })
        #expect(Array(total[2...9]) == [10, 8, 2, 2, 2, 2, 2, 4].map { .count($0) } && total.last == .text("30/11/2026"))
        #expect(sheet.rows.suffix(4).map { $0[0] } == ["Xã A", "Xã B", "Xã A", "Xã B"].map { .text($0) })
        #expect(sheet.rows.suffix(4).map { $0[5] } == [.date("2026-12-02"), .date("2026-12-02"), .empty, .empty])
        #expect(sheet.boldRows.count == 2)
        #expect(DistrictRollup.compute(conference: "HN", bridges: [], tallies: []).xlsxWorkbook(conference: nil).sheets.count == 3)
    }
}
