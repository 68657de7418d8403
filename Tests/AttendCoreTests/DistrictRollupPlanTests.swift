import Foundation
import Testing

@testable import AttendCore

/// The day-before board inside the roll-up of a published conference: text, CSV, HTML, JSON.
@Suite struct DistrictRollupPlanTests {
    static func rollup() -> DistrictRollup {
        var rollup = DistrictRollup.compute(
            conference: "HN", bridges: [BridgeKey(id: "a", key: [], name: "Xã A"), BridgeKey(id: "b", key: [], name: "Xã <B>")],
            summaries: [])
        var current = PlanBoard.Row(id: "a", name: "Xã A", taking: true, districtRows: 120)
        current.confirmedRevision = 3
        current.outcome = PlanConfirmation.Outcome.applied.rawValue
        current.confirmedAt = "2026-11-22T16:05:00+07:00"
        current.hallRows = 120
        current.planned = 118
        current.confirmed = 115
        current.lineTestPassed = true
        current.lastPollAt = "2026-11-22T16:06:00+07:00"
        current.clockOffsetSeconds = 1.5
        var behind = PlanBoard.Row(id: "b", name: "Xã <B>", taking: true, districtRows: 40)
        behind.confirmedRevision = 2
        behind.outcome = PlanConfirmation.Outcome.applied.rawValue
        behind.confirmedAt = "2026-11-22T09:00:00+07:00"
        behind.lastPollAt = "2026-11-22T09:00:00+07:00"
        behind.clockOffsetSeconds = -45
        rollup.plan = PlanBoard(conference: "HN", revision: 3, withdrawn: false, clockOffsetLimitSeconds: 30, bridges: [current, behind])
        return rollup
    }

    @Test func theTextShowsTheBoardWithTheOffsetFlagged() {
        let text = Self.rollup().textReport()
        #expect(text.contains("III- KẾ HOẠCH HỘI NGHỊ HN, BẢN 3"), "\(text)")
        #expect(text.contains("Xã A (a)"))
        #expect(text.contains("3/3"))
        #expect(text.contains("2/3"))
        #expect(text.contains("+1,5 s"))
        #expect(text.contains("-45"), "\(text)")
        #expect(text.contains("đồng hồ lệch quá 30"))  // the note column wraps the rest
        let english = Self.rollup().textReport(language: .english)
        #expect(english.contains("clock off by more"))  // the note column wraps the rest
    }

    @Test func theCSVHasOneMachineRowPerBridgePoint() {
        let csv = String(decoding: Self.rollup().csv(language: .english), as: UTF8.self)
        #expect(csv.contains("a,Xã A,3,2026-11-22T16:05:00+07:00,120,118,115,"), "\(csv)")
        #expect(csv.contains(",1.5,,0\r\n"), "\(csv)")
        #expect(csv.contains("b,Xã <B>,2,2026-11-22T09:00:00+07:00,40,,,,'-45.0,clock off by more than 30 s,1\r\n"), "\(csv)")
    }

    @Test func thePrintedReportMarksAHallBehindOrOffAndEscapesNames() {
        let html = Self.rollup().htmlReport(conference: nil, district: "Huyện", generatedAt: Timestamp(milliseconds: 0))
        #expect(html.contains("<h2>V- KẾ HOẠCH HỘI NGHỊ HN, BẢN 3</h2>"), "\(html)")
        #expect(html.contains("<span class=\"miss-mark\">2/3</span>"))
        #expect(html.contains("Xã &lt;B&gt;"))
    }

    @Test func theJSONCarriesTheBoardAndAnUnpublishedOneDoesNot() throws {
        let rollup = Self.rollup()
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(DistrictRollup.self, from: rollup.jsonData()) == rollup)
        var plain = rollup
        plain.plan = nil
        let object = try #require(try JSONSerialization.jsonObject(with: plain.jsonData()) as? [String: Any])
        #expect(object["plan"] == nil)
        #expect(!plain.textReport().contains("KẾ HOẠCH"))
    }

    @Test(arguments: ReportLanguage.allCases)
    func theWorkbookHasTheBoardAsASheetOfTypedCellsUnderTheCSVsHeader(language: ReportLanguage) throws {
        let rollup = Self.rollup()
        let sheets = rollup.xlsxWorkbook(conference: nil, language: language).sheets
        let sheet = try #require(sheets.first { $0.name == language.text(.xlsxSheetPlanBoard) })
        let blocks = try ReportWorkbookTests.blocks(rollup.csv(language: language))
        let board = try #require(blocks.first { $0.first?.last == language.text(.districtCSVClockBeyond) })
        #expect(sheet.header == board.first)
        #expect(sheet.rows.map(\.count) == [board[0].count, board[0].count])
        #expect(Array(sheet.rows[0].prefix(9)) == [
            .text("a"), .text("Xã A"), .count(3), .dateTime(Timestamp(rfc3339: "2026-11-22T16:05:00+07:00")!), .count(120), .count(118),
            .count(115), .text(language.text(.linePassed)), .decimal(1.5),
        ])
        #expect(sheet.rows[0].last == .count(0))
        #expect(sheet.rows[1][8] == .decimal(-45))
        #expect(sheet.rows[1].last == .count(1), "beyond [push] clock_offset_limit")
        #expect(sheet.rows[1][9] == .text(board[2][9]), "the notes as the CSV has them")
        var plain = rollup
        plain.plan = nil
        #expect(!plain.xlsxWorkbook(conference: nil, language: language).sheets.map(\.name).contains(language.text(.xlsxSheetPlanBoard)))
    }
}
