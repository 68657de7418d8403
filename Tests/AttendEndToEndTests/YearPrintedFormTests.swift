import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The year's printed form and workbook (issue 21) as people read them: headless Chromium prints
/// the page on A4 with its words inside, openpyxl reads the workbook's counts back as numbers.
@Suite struct YearPrintedFormTests {
    /// Twelve conferences of 30 members in three units: every fifth absent from some, one always
    /// away (needing attention), reflections for half the conferences.
    static func year() -> YearReport {
        let people = (0..<30).map { index in
            Delegate(id: String(format: "DV%02d", index),
                     fullName: "\(SampleConference.families[index % 14]) \(SampleConference.middles[index % 10]) \(SampleConference.givens[index % SampleConference.givens.count])",
                     unit: "Chi bộ \(index % 3 + 1)", category: index % 10 == 9 ? .official : .partyMember)
        }
        let inputs = (0..<12).map { month -> YearReport.ConferenceInput in
            let date = String(format: "2026-%02d-15", month + 1)
            var absent: [String: Bool] = ["DV07": false]
            for person in people.indices where (person + month) % 5 == 0 { absent[people[person].id] = person % 2 == 0 }
            let reflections: [String: Reflection]? = month % 2 == 0 ? Dictionary(uniqueKeysWithValues: people.enumerated().compactMap { index, person in
                absent[person.id] != nil ? nil : (person.id, Reflection(delegate: person.id, submitted: date, grade: index % 7 == 3 ? .notPassed : .passed))
            }) : nil
            return YearReport.ConferenceInput(
                info: .init(id: "NQ-\(month + 1)", title: "Học tập Nghị quyết số \(month + 1)", date: date), invited: people, absent: absent,
                late: ["DV03"], leftEarly: [], reflections: reflections)
        }
        var year = YearReport.compute(conferences: inputs, from: "2026-01-01", to: "2026-12-31")
        year.partial = [YearReport.PartialHall(conference: "NQ-3", date: "2026-03-15", bridge: "xa-c")]
        year.partialReflections = [YearReport.PartialHall(conference: "NQ-5", date: "2026-05-15", bridge: "xa-d")]
        return year
    }

    @Test(.enabled(if: Renderer.available || underCI, "needs chromium, poppler-utils and fonts-dejavu-core (.ci/run installs them)"))
    func thePrintedFormKeepsTheOfficialLayoutOnA4() throws {
        let year = Self.year()
        let html = year.htmlReport(issuer: "Đảng ủy xã Bình Thuận", generatedAt: SampleConference.at("17:30"))
        let rendered = try Renderer.render(html, name: "nam")
        #expect(rendered.pageSize == "A4", "\(rendered.info)")
        #expect((2...8).contains(rendered.pages), "\(rendered.pages) pages")
        let seven = try #require(year.delegates.first { $0.id == "DV07" })
        for text in ["ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY XÃ BÌNH THUẬN", "BÁO CÁO", "bài thu hoạch năm 2026", "THEO ĐẠI BIỂU",
                     "THEO ĐƠN VỊ (CHI BỘ)", "THEO ĐỐI TƯỢNG", "CẦN QUAN TÂM", seven.name, "Chi bộ 3", "NGƯỜI LẬP BÁO CÁO",
                     VietnameseNumber.percent(year.total.rate), "điểm cầu xa-c", "chưa gửi bài thu hoạch của từng người", "điểm cầu xa-d"] {
            if let problem = Renderer.missing(text, in: rendered.text) { Issue.record(Comment(rawValue: problem)) }
        }
        #expect(rendered.outside.isEmpty, "words outside the printable area: \(rendered.outside.prefix(5))")
        #expect(year.attention.contains { $0.id == "DV07" })
    }

    @Test(.enabled(if: SpreadsheetTools.hasOpenpyxl || underCI, "needs python3-openpyxl (.ci/run installs it)"))
    func openpyxlReadsTheYearsCountsAsNumbers() throws {
        let year = Self.year()
        let directory = NSTemporaryDirectory() + "attendd-year-xlsx-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/nam.xlsx"
        try Data(year.xlsx(generatedAt: SampleConference.at("17:30"))).write(to: URL(fileURLWithPath: file))
        let dumped = try Renderer.run(SpreadsheetTools.python, ["-c", SpreadsheetReaderTests.openpyxlDump, file])
        try #require(dumped.status == 0, "\(dumped.stderr)")
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(dumped.stdout.utf8)) as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String } == ["Đại biểu", "Đơn vị", "Đối tượng", "Cần quan tâm", "Điểm cầu thiếu số liệu"])
        let delegates = try #require(sheets[0]["rows"] as? [[[Any]]])
        #expect(delegates.count == year.delegates.count + 2)
        // STT, id, name, unit, category, then invited, present, ... rate (a fraction shown in %).
        let first = delegates[2]
        #expect(first[1][1] as? String == year.delegates[0].id)
        #expect(first[5][0] as? String == "int" && first[5][1] as? Int == year.delegates[0].counts.invited)
        #expect(first[11][0] as? String == "float" && (first[11][2] as? String ?? "").contains("%"))
        let rate = try #require(first[11][1] as? Double)
        #expect(abs(rate * 100 - (year.delegates[0].counts.rate ?? -1)) < 0.001)
        // Both kinds of partial hall on one sheet, each row saying which.
        let partial = try #require(sheets[4]["rows"] as? [[[Any]]])
        #expect(partial.suffix(2).map { $0[2][1] as? String } == ["xa-c", "xa-d"])
        #expect((partial.last?[3][1] as? String ?? "").contains("bài thu hoạch"))
        let categories = try #require(sheets[2]["rows"] as? [[[Any]]])
        #expect(categories.last?[2][1] as? Int == year.total.invited)
    }
}
