import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

/// Cards and invitations read by a real decoder, as a scanner would read the printed page:
/// headless Chromium prints the HTML to PDF (fonts from `Renderer.fontConfig` only), Ghostscript
/// rasterizes it as a 300 dpi laser printer prints it (black or white dots: a QR module 6 dots,
/// a Code 128 module 3, or 2 for the narrow one), and `zbarimg` (zbar-tools) decodes every code
/// on every page; each must give back its delegate's id exactly through `DelegateCode`.
/// `.ci/run` installs chromium, poppler-utils, ghostscript and zbar-tools.
@Suite(.enabled(if: CardDecoder.available || underCI,
                "needs chromium, poppler-utils, ghostscript, zbar-tools and fonts-dejavu-core (apt-get install chromium poppler-utils ghostscript zbar-tools fonts-dejavu-core; .ci/run does)"))
struct CardsRenderTests {
    /// 300 delegates in 9 units, a third with Vietnamese letters in their ids, some all digits,
    /// and one id too long for Code 128 (its card carries the QR code only).
    static func roster() -> Roster {
        var random = SampleConference.Random(state: 19)
        var delegates: [Delegate] = []
        for index in 0..<300 {
            let name = "\(SampleConference.families[random.next(14)]) \(SampleConference.middles[random.next(10)]) "
                + SampleConference.givens[random.next(SampleConference.givens.count)]
            let id: String
            switch index % 6 {
            case 0: id = String(format: "DV-%04d", index)
            case 1: id = "\(SampleConference.givens[index % SampleConference.givens.count])-\(String(format: "%03d", index))"
            case 2: id = String(format: "2026%06d", index * 7919)
            case 3: id = "Đảng-ủy-\(index)"
            case 4: id = "cb.\(index)/ưu"
            default: id = String(format: "HU%d-Bình", index)
            }
            delegates.append(Delegate(id: id, fullName: name, unit: SampleConference.units[index % 9 % SampleConference.units.count],
                                      category: .partyMember))
        }
        delegates[299] = Delegate(id: "Nguyễn-Thị-Phương-Thảo-Chi-bộ-Khối-Đảng", fullName: "Nguyễn Thị Phương Thảo",
                                  unit: "Chi bộ Khối Đảng", category: .official)
        return Roster(
            conference: "HN-2026-11", title: "Hội nghị học tập, quán triệt Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII",
            date: "2026-11-23", parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: "2026-11-23"),
            site: "Hội trường Huyện ủy Tây Sơn", delegates: delegates)
    }

    @Test func everyCodeOnThreeHundredCardsDecodesToItsId() throws {
        let roster = Self.roster()
        let sheet = CardSheet(roster: roster)
        let qrOnly = Set(sheet.cards.filter { $0.symbols.code128 == nil }.map(\.delegate.id))
        #expect(qrOnly == ["Nguyễn-Thị-Phương-Thảo-Chi-bộ-Khối-Đảng"], "\(qrOnly)")
        let decoded = try CardDecoder.decode(sheet.html(), name: "the")
        #expect(decoded.pages == 30)
        let ids = roster.delegates.map(\.id).sorted()
        #expect(decoded.qr.map(DelegateCode.id(fromScanned:)).sorted() == ids, "QR: \(decoded.qr.count) decoded of \(ids.count)")
        #expect(decoded.code128.map(DelegateCode.id(fromScanned:)).sorted() == ids.filter { !qrOnly.contains($0) },
                "Code 128: \(decoded.code128.count) decoded of \(ids.count - qrOnly.count)")
        #expect(decoded.text.contains("THẺ ĐẠI BIỂU"))
        #expect(decoded.text.contains("Mã số dài: chỉ quét mã QR"))
    }

    @Test func invitationsCarryTheConferenceAndCodesThatDecode() throws {
        var roster = Self.roster()
        roster.delegates = Array(roster.delegates.prefix(6))
        let decoded = try CardDecoder.decode(InvitationSheet(roster: roster, issued: "2026-11-19").html(), name: "giay-moi")
        #expect(decoded.pages == 3)
        let ids = roster.delegates.map(\.id).sorted()
        #expect(decoded.qr.map(DelegateCode.id(fromScanned:)).sorted() == ids)
        #expect(decoded.code128.map(DelegateCode.id(fromScanned:)).sorted() == ids)
        for phrase in ["GIẤY MỜI", "ĐẢNG CỘNG SẢN VIỆT NAM", "HỘI TRƯỜNG HUYỆN ỦY TÂY SƠN", "ngày 19 tháng 11 năm 2026",
                       "Sáng 07:30-11:30, Chiều 13:30-17:00, ngày 23 tháng 11 năm 2026", roster.delegates[0].fullName,
                       "T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG"] {
            if let problem = Renderer.missing(phrase, in: decoded.text) { Issue.record(Comment(rawValue: problem)) }
        }
    }

    /// A hub's two halls in one file: each hall's cards on its own page, its place printed, and
    /// the codes of both decode to their ids.
    @Test func aHubsHallsPrintOnPagesOfTheirOwnAndTheirCodesDecode() throws {
        var halls: [Roster] = []
        for (index, name) in ["UBND xã Tây Giang", "UBND thị trấn Phú Phong"].enumerated() {
            var roster = Self.roster()
            roster.delegates = Array(roster.delegates[(index * 3)..<(index * 3 + 3)])
            roster.hall = Roster.Hall(id: "xa-\(index)", name: name)
            halls.append(roster)
        }
        let decoded = try CardDecoder.decode(CardSheet.html(halls.map { CardSheet(roster: $0) }), name: "halls")
        #expect(decoded.pages == 2)
        let ids = halls.flatMap(\.delegates).map(\.id).sorted()
        #expect(decoded.qr.map(DelegateCode.id(fromScanned:)).sorted() == ids)
        #expect(decoded.code128.map(DelegateCode.id(fromScanned:)).sorted() == ids)
        for phrase in ["Điểm cầu UBND xã Tây Giang", "Điểm cầu UBND thị trấn Phú Phong", "trang 1/1"] {
            if let problem = Renderer.missing(phrase, in: decoded.text) { Issue.record(Comment(rawValue: problem)) }
        }
    }
}

/// Print, rasterize, decode.
enum CardDecoder {
    static let zbarimg = ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { (path: String) in access(path, X_OK) == 0 }
    static var available: Bool { Renderer.available && zbarimg != nil && access("/usr/bin/gs", X_OK) == 0 }

    struct Result {
        var pages: Int
        var qr: [String]
        var code128: [String]
        /// The PDF's words, white space collapsed.
        var text: String
    }

    /// Set `ATTEND_KEEP_RENDER=DIR` to keep the PDF and the page images there, to look at.
    static func decode(_ html: String, name: String) throws -> Result {
        guard available, let zbarimg else {
            throw HarnessError("chromium, poppler-utils, ghostscript, zbar-tools or fonts-dejavu-core is missing under CI=true")
        }
        let keep = ProcessInfo.processInfo.environment["ATTEND_KEEP_RENDER"]
        let directory = keep ?? (NSTemporaryDirectory() + "attendd-cards-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let page = directory + "/\(name).html"
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        try Renderer.fontConfig(cache: directory + "/fontcache").write(toFile: directory + "/fonts.conf", atomically: true, encoding: .utf8)
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(directory)/profile"]
        let pdf = "\(directory)/\(name).pdf"
        try Renderer.check(
            try Renderer.run(Renderer.chromium!, common + ["--no-pdf-header-footer", "--print-to-pdf=\(pdf)", "file://\(page)"],
                             environment: ["FONTCONFIG_FILE": directory + "/fonts.conf"]),
            what: "print to PDF")
        let raster = try Renderer.run(
            "/usr/bin/gs", ["-q", "-dSAFER", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pbmraw", "-r300", "-sOutputFile=\(directory)/\(name)-page-%03d.pbm", pdf])
        guard raster.status == 0 else { throw HarnessError("gs failed: \(raster.stderr)") }
        let images = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasPrefix("\(name)-page") && $0.hasSuffix(".pbm") }.sorted().map { "\(directory)/\($0)" }
        // Two zbarimg at once, each over half the pages: `QR-Code:TEXT` and `CODE-128:TEXT`, one code a line.
        let halves = [Array(images.prefix(images.count / 2)), Array(images.dropFirst(images.count / 2))].filter { !$0.isEmpty }
        let scans = Mutex<[Int: (status: Int32, stdout: String, stderr: String)]>([:])
        DispatchQueue.concurrentPerform(iterations: halves.count) { index in
            let result = (try? Renderer.run(zbarimg, ["-q", "-Sdisable", "-Sqrcode.enable", "-Scode128.enable"] + halves[index]))
                ?? (-1, "", "zbarimg did not start")
            scans.withLock { $0[index] = result }
        }
        var qr: [String] = [], bars: [String] = []
        for index in halves.indices {
            let scan = scans.withLock { $0[index]! }
            guard scan.status == 0 || scan.status == 4 else { throw HarnessError("zbarimg failed (\(scan.status)): \(scan.stderr)") }
            for line in scan.stdout.split(separator: "\n") {
                if line.hasPrefix("QR-Code:") { qr.append(String(line.dropFirst(8))) }
                if line.hasPrefix("CODE-128:") { bars.append(String(line.dropFirst(9))) }
            }
        }
        let text = try Renderer.run("/usr/bin/pdftotext", ["-enc", "UTF-8", pdf, "-"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return Result(pages: images.count, qr: qr, code128: bars, text: text)
    }
}
