@testable import AttendCore
import Foundation
import Testing

/// The printable HTML reports: self-contained, the official register, Vietnamese numbers,
/// targets marked, every list, escaping, English on request; and the district's.
@Suite struct HTMLReportTests {
    static let made = ConferencePlan.localTime("2026-11-23", "17:05")!

    static func report(_ tally: Tally = TallyRenderingTests.tally(), language: ReportLanguage = .vietnamese) -> String {
        tally.htmlReport(language: language, site: "Hội trường Huyện ủy Tây Sơn", generatedAt: made)
    }

    /// Nothing a printed page would fetch or run.
    static func expectSelfContained(_ html: String) {
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page { size: A4 portrait;"))
        #expect(html.contains("thead { display: table-header-group; }"))
        for forbidden in ["<script", "src=", "href=", "@import", "url(http", "<link", "<iframe", "<img"] {
            #expect(!html.lowercased().contains(forbidden), "found \(forbidden)")
        }
        // The only address is the SVG namespace, which is a name, not a fetch.
        let addresses = html.components(separatedBy: "http").count - 1
        #expect(addresses == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
    }

    @Test func theReportIsOnePageOfItsOwnInTheOfficialRegister() {
        let html = Self.report()
        Self.expectSelfContained(html)
        #expect(html.contains("<html lang=\"vi\">"))
        for text in [
            "HỘI TRƯỜNG HUYỆN ỦY TÂY SƠN", "ĐẢNG CỘNG SẢN VIỆT NAM", "ngày 23 tháng 11 năm 2026", "<h1>BÁO CÁO</h1>",
            "Hội nghị học tập, quán triệt Nghị quyết", "Sáng 07:30–11:30; Chiều 13:30–17:00", "Số đại biểu được mời", "Số lượng dự kiến",
            "Có mặt", "Vắng có lý do", "Vắng không lý do", "Đến muộn", "Về sớm", "Ngoài danh sách", "I- KẾT QUẢ CHUNG",
            "II- THEO ĐỐI TƯỢNG", "III- THEO BUỔI", "IV- DIỄN BIẾN SỐ NGƯỜI CÓ MẶT", "V- ĐƯỜNG TRUYỀN VÀ SỰ CỐ", "VI- DANH SÁCH",
            "Nơi nhận:", "NGƯỜI LẬP BÁO CÁO", "Lập tự động bởi attendd", "lúc 17:05 ngày 23/11/2026",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
    }

    @Test func figuresAreWrittenTheVietnameseWay() {
        var tally = TallyRenderingTests.tally()
        tally.total.invited = 1234
        tally.total.present = 1207
        tally.total.rate = 97.8
        let html = Self.report(tally)
        #expect(html.contains("<div class=\"value\">1.234</div><div class=\"label\">Số đại biểu được mời</div>"))
        #expect(html.contains("<div class=\"value\">97,8%</div>"))
        #expect(html.contains("<b>1.207/1.234</b> đại biểu được mời có mặt, đạt <b>97,8%</b>"))
        let english = Self.report(tally, language: .english)
        #expect(english.contains("<div class=\"value\">1,234</div><div class=\"label\">Invited</div>"))
        #expect(english.contains("97.8%"))
    }

    @Test func aCategoryBelowItsTargetIsMarkedInWordsAndOneMetIsSaidToBe() {
        let tally = TallyRenderingTests.tally()
        let party = tally.categories.first { $0.category == .partyMember }!.figures
        #expect(party.belowTarget)
        let html = Self.report(tally)
        #expect(html.contains("<tr class=\"miss\"><td>Đảng viên</td><td class=\"num\">4</td><td class=\"num\">2</td>"))
        #expect(html.contains("<td class=\"num\">50,0%</td><td class=\"num\">98,0%</td><td><span class=\"miss-mark\">▼ Không đạt</span></td>"))
        #expect(html.contains("Đảng viên đạt 50,0%, <b>dưới chỉ tiêu 98,0%</b>"))
        #expect(html.contains("<tr><td>Cán bộ, công chức, viên chức</td>"))
        #expect(html.contains("<span class=\"ok-mark\">Đạt</span>"))
        // Guests have no target: no verdict.
        #expect(html.contains("<td class=\"num\">100,0%</td><td class=\"num\">—</td><td></td></tr>"))
    }

    @Test func everyListIsThereWithItsNames() {
        let html = Self.report()
        #expect(html.contains("1. Vắng không lý do (1)"))
        #expect(html.contains("<td>Phạm Thị Dung</td><td>DV004</td><td>Chi bộ 2</td><td>Đảng viên</td>"))
        #expect(html.contains("2. Vắng có lý do (1)"))
        // The reason's quotes are escaped and its newline is a space.
        #expect(html.contains("<td>Ốm, nằm viện &quot;Đa khoa&quot; đã báo</td>"))
        #expect(html.contains("3. Đến muộn (1)"))
        #expect(html.contains("<td>Trần Thị Bình</td><td>Chi bộ 1, xã Tây Sơn</td><td>Sáng</td><td>07:55</td><td class=\"num\">25</td>"))
        #expect(html.contains("4. Về sớm (1)"))
        #expect(html.contains("<td>Chiều</td><td>16:00</td><td class=\"num\">60</td>"))
        #expect(html.contains("5. Ngoài danh sách được mời (1)"))
        #expect(html.contains("<td>X-99</td><td>08:05</td>"))
    }

    @Test func theChartAndTheIncidentsAreInThePage() {
        let html = Self.report(PresenceChartTests.tally())
        #expect(html.contains("<figure>\n<svg class=\"chart\""))
        #expect(html.contains("<rect class=\"incident\" x=\"200\""))
        #expect(html.contains("đông nhất 3 người lúc 08:20"))
        #expect(html.contains("Mất âm thanh hoặc hình ảnh tổng cộng <b>15 phút</b>"))
        #expect(html.contains("<td>Mất âm thanh</td><td>09:00</td><td>09:15</td><td class=\"num\">15</td>"))
        // A swatch and its label are one item a line cannot break.
        #expect(html.contains("<span class=\"legend-item\"><span class=\"swatch outage\"></span>Mất âm thanh, hình ảnh</span>"))
        #expect(html.contains(".legend-item { white-space: nowrap;"))
        let legend = html.components(separatedBy: "<p class=\"legend\">")[1].components(separatedBy: "</p>")[0]
        #expect(legend.components(separatedBy: "<span class=\"swatch").count == legend.components(separatedBy: "legend-item").count)
        let quiet = Self.report()
        #expect(quiet.contains("Không có sự cố đường truyền"))
        #expect(!quiet.contains("class=\"incident\""))
    }

    @Test func theLineTestBeforeTheConferenceEndIsShownAndOneAfterIsNot() {
        func test(_ target: String, _ started: String, passed: Bool) -> LineTestResult {
            LineTestResult(target: target, startedAt: started, seconds: 60, sent: 60, lost: passed ? 0 : 9, lossPercent: passed ? 0 : 15,
                           rttP50Ms: 21.5, rttP95Ms: passed ? 48.25 : nil, rttMaxMs: 80, longestOutageSeconds: passed ? 0 : 12,
                           passed: passed, verdict: "")
        }
        let html = TallyRenderingTests.tally().htmlReport(generatedAt: Self.made, lineTests: [
            test("tinh", "2026-11-22T15:00:00.000+07:00", passed: true), test("huyen", "2026-11-23T07:00:00.000+07:00", passed: false),
            test("sau", "2026-11-23T18:00:00.000+07:00", passed: true),
        ])
        #expect(html.contains("<td>huyen</td><td>07:00</td><td class=\"num\">15,0%</td><td class=\"num\">—</td><td class=\"num\">12 s</td>"
            + "<td><span class=\"miss-mark\">▼ Không đạt</span></td>"))
        #expect(html.contains("<td>tinh</td><td>22/11 15:00</td><td class=\"num\">0,0%</td><td class=\"num\">48,3 ms</td>"))
        #expect(!html.contains("<td>sau</td>"))
        #expect(!TallyRenderingTests.tally().htmlReport(generatedAt: Self.made).contains("Thử đường truyền tới"))
    }

    @Test func namesFromSpreadsheetsCannotOpenTags() {
        var tally = TallyRenderingTests.tally()
        tally.absentees[0].name = "<script>alert('x')</script> & \u{202E}Nguyễn"
        tally.conference.title = "</title><b>"
        let html = tally.htmlReport(site: "<i>Xã</i>", generatedAt: Self.made)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Nguyễn"))
        #expect(html.contains("<title>Báo cáo điểm danh – &lt;/title&gt;&lt;b&gt;</title>"))
        #expect(html.contains("&lt;I&gt;XÃ&lt;/I&gt;"))
    }

    @Test func englishOnRequest() {
        let html = Self.report(language: .english)
        Self.expectSelfContained(html)
        for text in ["<html lang=\"en\">", "COMMUNIST PARTY OF VIETNAM", "23 November 2026", "<h1>REPORT</h1>", "I- SUMMARY",
                     "Absent, excused", "Absent, unexcused", "▼ Missed", "1. Absent without an excuse (1)", "PREPARED BY"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("Vắng"))
    }

    @Test func withoutASiteNameTheBridgeIdIsUsed() {
        var tally = TallyRenderingTests.tally()
        tally.bridge = "xa-binh-tuong"
        #expect(tally.htmlReport(site: nil, generatedAt: Self.made).contains("<div class=\"issuer-line\">XA-BINH-TUONG</div>"))
        #expect(tally.htmlReport(site: "", generatedAt: Self.made).contains("XA-BINH-TUONG"))
        tally.bridge = nil
        #expect(tally.htmlReport(site: nil, generatedAt: Self.made).contains("(CHƯA ĐẶT TÊN)"))
    }

    @Test func officialDatesPadTheDayAndTheFirstMonths() {
        #expect(ReportPage.longDate("2023-04-05", language: .vietnamese) == "ngày 05 tháng 4 năm 2023")
        #expect(ReportPage.longDate("2026-02-15", language: .vietnamese) == "ngày 15 tháng 02 năm 2026")
        #expect(ReportPage.longDate("2026-11-23", language: .english) == "23 November 2026")
        #expect(ReportPage.longDate("sometime", language: .vietnamese) == "sometime")
    }

    // MARK: The district

    static func rollup() -> (DistrictRollup, Tally) {
        var a = TallyRenderingTests.tally()
        var b = PresenceChartTests.tally()
        // The bridge points number their reports: b's first final report went as revision 3,
        // after two revisions of day-before figures, and is followed by a correction.
        (a.report, b.report) = (1, 2)
        let bridges = [
            BridgeKey(id: "hu", key: [], name: "Hội trường Huyện ủy"), BridgeKey(id: "xa1", key: [], name: "Xã Bình Tường"),
            BridgeKey(id: "xa2", key: [], name: "Xã Tây Giang"),
        ]
        return (DistrictRollup.compute(conference: "HN-2026-11", bridges: bridges, tallies: [("hu", 1, a), ("xa1", 3, b)]), a)
    }

    @Test func theDistrictReportHasEveryBridgePointReportedOrNot() {
        let (rollup, tally) = Self.rollup()
        let html = rollup.htmlReport(conference: tally.conference, district: "Huyện ủy Tây Sơn", generatedAt: Self.made)
        Self.expectSelfContained(html)
        for text in [
            "HUYỆN ỦY TÂY SƠN", "Tổng hợp kết quả điểm danh đại biểu tại các điểm cầu", "ngày 23 tháng 11 năm 2026",
            "<div class=\"value\">2/3</div><div class=\"label\">Điểm cầu đã báo cáo</div>", "Chưa báo cáo:</span> Xã Tây Giang.",
            "<td>Hội trường Huyện ủy</td><td>Lần 1</td><td class=\"num\">7</td>",
            "<td>Xã Bình Tường</td><td>Lần 2</td><td class=\"num\">5</td>", "<td class=\"num\">15</td><td></td></tr>",
            "<td>Xã Tây Giang</td><td><span class=\"miss-mark\">Chưa báo cáo</span></td>",
            "III- THEO ĐỐI TƯỢNG (TOÀN HUYỆN)", "Số người có mặt", "<rect class=\"bar\"", ">chưa báo cáo</text>",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        // Twelve invited in all, eight present: 66,7%, and the red figure for the missed target.
        #expect(rollup.total.invited == 12)
        #expect(html.contains("<td class=\"alert\"><div class=\"value\">66,7%</div>"))
        // The district curve is the two bridge points' added; its axis covers both.
        #expect(html.contains("id=\"district-hatch\""))
    }

    /// A bridge point on the version before the report number sends none: it has reported all the
    /// same, and the column says so instead of a dash that reads as nothing received.
    @Test func aReportWithoutItsNumberStillSaysReported() {
        let tally = TallyRenderingTests.tally()
        let rollup = DistrictRollup.compute(
            conference: "HN", bridges: [BridgeKey(id: "hu", key: [], name: "Hội trường Huyện ủy")], tallies: [("hu", 4, tally)])
        #expect(rollup.reported.first?.report == nil)
        let html = rollup.htmlReport(conference: tally.conference, district: nil, generatedAt: Self.made)
        #expect(html.contains("<td>Hội trường Huyện ủy</td><td>Đã báo cáo</td>"), "\(html)")
        let english = rollup.htmlReport(conference: tally.conference, district: nil, language: .english, generatedAt: Self.made)
        #expect(english.contains("<td>Hội trường Huyện ủy</td><td>Reported</td>"))
    }

    @Test func aDistrictWithNoReportsYetStillPrints() {
        let rollup = DistrictRollup.compute(conference: "HN", bridges: [BridgeKey(id: "a", key: [], name: "Xã A")], tallies: [])
        let html = rollup.htmlReport(conference: nil, district: nil, language: .english, generatedAt: Self.made)
        Self.expectSelfContained(html)
        #expect(html.contains("<div class=\"value\">0/1</div>"))
        #expect(html.contains("Not reported:</span> Xã A."))
        #expect(html.contains("No data."))
    }
}
