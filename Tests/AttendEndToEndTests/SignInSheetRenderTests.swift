import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// The sign-in sheet as it prints: headless Chromium prints a 300-name sheet to PDF (the fonts
/// of `Renderer.fontConfig` only), and pdftotext reads it page by page: A4, the header row and
/// the sheet's code on every page, `Trang N/M` on page N, every row on exactly one page (a row
/// split over two pages would show its number on neither or both), the totals line at the end.
@Suite(.enabled(if: Renderer.available || underCI,
                "needs chromium, poppler-utils and fonts-dejavu-core (apt-get install chromium poppler-utils fonts-dejavu-core; .ci/run does)"))
struct SignInSheetRenderTests {
    static func sheet() throws -> SignInSheet {
        var random = SampleConference.Random(state: 5)
        let invited = (1...300).map { index in
            Delegate(
                id: String(format: "TS-%04d", index),
                fullName: "\(SampleConference.families[random.next(SampleConference.families.count)]) "
                    + "\(SampleConference.middles[random.next(SampleConference.middles.count)]) "
                    + "\(SampleConference.givens[random.next(SampleConference.givens.count)])",
                unit: SampleConference.units[random.next(SampleConference.units.count)], category: .partyMember)
        }
        let plan = try ConferencePlan.parseParts("Sáng 07:30-11:30", date: SampleConference.date)
        return SignInSheet(
            code: "K7M2Q", conference: "HN-2026-11", title: "Hội nghị học tập, quán triệt Nghị quyết Hội nghị lần thứ tám",
            date: SampleConference.date, part: plan[0], invited: invited, blank: 20, printedAt: SampleConference.at("06:00"))
    }

    @Test func a300NameSheetRepeatsItsHeaderAndCodeAndNumbersItsPages() throws {
        let sheet = try Self.sheet()
        let html = SignInSheet.html([sheet], site: "Hội trường Huyện ủy Tây Sơn")
        let directory = NSTemporaryDirectory() + "attendd-sheet-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try html.write(toFile: directory + "/ky-ten.html", atomically: true, encoding: .utf8)
        try Renderer.fontConfig(cache: directory + "/fontcache").write(toFile: directory + "/fonts.conf", atomically: true, encoding: .utf8)
        let printed = try Renderer.run(
            Renderer.chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(directory)/profile",
                                 "--no-pdf-header-footer", "--print-to-pdf=\(directory)/ky-ten.pdf", "file://\(directory)/ky-ten.html"],
            environment: ["FONTCONFIG_FILE": directory + "/fonts.conf"])
        try Renderer.check(printed, what: "print the sheet to PDF")
        let info = try Renderer.run("/usr/bin/pdfinfo", ["\(directory)/ky-ten.pdf"]).stdout
        #expect(info.contains("(A4)"), "\(info)")
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
        // 320 rows 10 mm tall: about 20 a page.
        #expect((12...30).contains(pages), "\(pages) pages")
        var pageOf: [Int: [Int]] = [:]
        for page in 1...max(1, pages) {
            let text = try Renderer.run("/usr/bin/pdftotext", ["-f", "\(page)", "-l", "\(page)", "-layout", "-enc", "UTF-8", "\(directory)/ky-ten.pdf", "-"]).stdout
            let words = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for phrase in ["STT Họ và tên Đơn vị Giờ đến Ký tên", "Tờ K7M2Q · HN-2026-11 · Sáng (07:30–11:30)", "Trang \(page)/\(pages)"] {
                #expect(words.contains(phrase), "page \(page) lacks “\(phrase)”: \(words.prefix(300))")
            }
            // The row numbers: the first number on each table line (layout mode keeps the columns).
            for line in text.split(separator: "\n") {
                let first = line.split(separator: " ").first.map(String.init) ?? ""
                if let number = Int(first), (1...320).contains(number) {
                    pageOf[number, default: []].append(page)
                }
            }
            if page == 1 {
                #expect(words.contains("DANH SÁCH KÝ TÊN") && words.contains("HỘI TRƯỜNG HUYỆN ỦY TÂY SƠN"))
                #expect(words.contains("ngày 23 tháng 11 năm 2026"), "\(words.prefix(400))")
            }
            if page == pages {
                #expect(words.contains("Tổng số đại biểu có mặt:") && words.contains("/ 300 đại biểu được mời"), "\(words.suffix(400))")
            }
        }
        let missing = (1...320).filter { pageOf[$0]?.count != 1 }
        #expect(missing.isEmpty, "rows not on exactly one page: \(missing.prefix(10)) \(missing.prefix(3).map { pageOf[$0] ?? [] })")
    }
}
