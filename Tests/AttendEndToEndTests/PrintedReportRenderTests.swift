import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The printed reports as a person sees them: headless Chromium prints the HTML to PDF and
/// takes a screenshot; the PDF must be A4 portrait, carry the report's words (diacritics and
/// Vietnamese numbers intact), keep every word inside the page's margins, and the run must
/// finish without a load error. `.ci/run` installs `chromium`, `poppler-utils` and
/// `fonts-dejavu-core`, the only fonts the render may use (`Renderer.fontConfig`).
@Suite(.enabled(if: Renderer.available || underCI,
                "needs chromium, poppler-utils and fonts-dejavu-core (apt-get install chromium poppler-utils fonts-dejavu-core; .ci/run does)"))
struct PrintedReportRenderTests {
    @Test func theBridgePointsReportPrintsOnA4WithItsWordsInside() throws {
        let tally = SampleConference.tally()
        let html = tally.htmlReport(site: "Hội trường Huyện ủy Tây Sơn", generatedAt: SampleConference.at("17:30"))
        let rendered = try Renderer.render(html, name: "bao-cao")
        #expect(rendered.pageSize == "A4", "\(rendered.info)")
        #expect((2...12).contains(rendered.pages), "\(rendered.pages) pages")
        let rate = VietnameseNumber.percent(tally.total.rate)
        for text in ["ĐẢNG CỘNG SẢN VIỆT NAM", "HỘI TRƯỜNG HUYỆN ỦY TÂY SƠN", "BÁO CÁO", "Số đại biểu được mời", "Vắng có lý do",
                     "Vắng không lý do", "Đến muộn", "Về sớm", "Ngoài danh sách", "DIỄN BIẾN SỐ NGƯỜI CÓ MẶT", "Mất âm thanh",
                     rate, VietnameseNumber.integer(tally.total.invited), tally.absentees[0].name, "NGƯỜI LẬP BÁO CÁO"] {
            if let problem = Renderer.missing(text, in: rendered.text) { Issue.record(Comment(rawValue: problem)) }
        }
        #expect(rendered.outside.isEmpty, "words outside the printable area: \(rendered.outside.prefix(5))")
        #expect(rendered.pngWidth == 900)
    }

    @Test func theDistrictReportPrintsOnA4WithItsWordsInside() throws {
        let tallies = (0..<14).map { SampleConference.tally(seed: UInt64($0) + 7, invited: 120 + 25 * $0) }
        let bridges = (0..<17).map { BridgeKey(id: String(format: "xa-%02d", $0), key: [], name: SampleConference.communes[$0]) }
        let rollup = DistrictRollup.compute(
            conference: "HN-2026-11", bridges: bridges,
            tallies: tallies.enumerated().map { (bridge: bridges[$0.offset].id, revision: 1, tally: $0.element) })
        let html = rollup.htmlReport(conference: tallies[0].conference, district: "Huyện ủy Tây Sơn", generatedAt: SampleConference.at("18:00"))
        let rendered = try Renderer.render(html, name: "huyen")
        #expect(rendered.pageSize == "A4", "\(rendered.info)")
        #expect((2...6).contains(rendered.pages), "\(rendered.pages) pages")
        for text in ["HUYỆN ỦY TÂY SƠN", "Tổng hợp kết quả điểm danh", "Điểm cầu đã báo cáo", "14/17", SampleConference.communes[16],
                     "Chưa báo cáo", VietnameseNumber.percent(rollup.total.rate), "THEO ĐIỂM CẦU"] {
            if let problem = Renderer.missing(text, in: rendered.text) { Issue.record(Comment(rawValue: problem)) }
        }
        #expect(rendered.outside.isEmpty, "words outside the printable area: \(rendered.outside.prefix(5))")
    }

    /// Issue 21: section VII on written reflections, in the bridge point's report and the
    /// district's (a hall from an older attendd among them): the figures, the named lists.
    @Test func theReflectionSectionsPrintOnA4WithTheirWordsInside() throws {
        let tally = SampleConference.tally(reflections: true)
        let figures = try #require(tally.reflections)
        let rendered = try Renderer.render(tally.htmlReport(site: "Hội trường Huyện ủy Tây Sơn", generatedAt: SampleConference.at("17:30")),
                                           name: "bao-cao-thu-hoach")
        #expect(rendered.pageSize == "A4", "\(rendered.info)")
        for text in ["VII- BÀI THU HOẠCH", "Hạn nộp bài thu hoạch: 30/11/2026", "Cơ bản đạt", "Chưa nộp đúng hạn",
                     "Chưa nộp bài thu hoạch đúng hạn (\(figures.missing.count))", figures.missing[0].name, "02/12/2026",
                     "Đã nộp \(VietnameseNumber.integer(figures.total.submitted))/\(VietnameseNumber.integer(figures.total.invited)) bài thu hoạch"] {
            if let problem = Renderer.missing(text, in: rendered.text) { Issue.record(Comment(rawValue: problem)) }
        }
        #expect(rendered.outside.isEmpty, "words outside the printable area: \(rendered.outside.prefix(5))")

        var old = SampleConference.tally(seed: 9, invited: 90)
        old.reflections = nil
        let tallies = [SampleConference.tally(seed: 7, invited: 120, reflections: true), old,
                       SampleConference.tally(seed: 8, invited: 150, reflections: true)]
        let bridges = (0..<3).map { BridgeKey(id: String(format: "xa-%02d", $0), key: [], name: SampleConference.communes[$0]) }
        let rollup = DistrictRollup.compute(
            conference: "HN-2026-11", bridges: bridges,
            tallies: tallies.enumerated().map { (bridge: bridges[$0.offset].id, revision: 1, tally: $0.element) })
        let district = try Renderer.render(
            rollup.htmlReport(conference: tallies[0].conference, district: "Huyện ủy Tây Sơn", generatedAt: SampleConference.at("18:00")),
            name: "huyen-thu-hoach")
        for text in ["V- BÀI THU HOẠCH", "Theo điểm cầu", "không theo dõi", SampleConference.communes[2], "Chưa nộp bài thu hoạch đúng hạn"] {
            if let problem = Renderer.missing(text, in: district.text) { Issue.record(Comment(rawValue: problem)) }
        }
        #expect(district.outside.isEmpty, "words outside the printable area: \(district.outside.prefix(5))")
    }

    /// While open: the live view first (a silent hall in red with the time last heard, an
    /// incident, the curve so far), inside the printable area, then the roll-up.
    @Test func theDistrictsLiveViewPrintsOnA4WithItsWordsInside() throws {
        let html = Self.liveDistrictPage()
        let rendered = try Renderer.render(html, name: "huyen-live")
        #expect(rendered.pageSize == "A4", "\(rendered.info)")
        for text in ["TRỰC TIẾP (HỘI NGHỊ ĐANG DIỄN RA)", "mất tín hiệu, nghe lần cuối 08:41", SampleConference.communes[3],
                     "Mất âm thanh 08:50", "đang nhận 09:00", "Số người đang có mặt toàn huyện"] {
            if let problem = Renderer.missing(text, in: rendered.text) { Issue.record(Comment(rawValue: problem)) }
        }
        #expect(rendered.outside.isEmpty, "words outside the printable area: \(rendered.outside.prefix(5))")
    }

    /// Six halls live at 09:00:30, the fourth silent since 08:41, the second with sound lost.
    static func liveDistrictPage() -> String {
        let bridges = (0..<6).map { BridgeKey(id: String(format: "xa-%02d", $0), key: [], name: SampleConference.communes[$0]) }
        var board = LiveBoard()
        for (index, bridge) in bridges.enumerated() {
            let heard = index == 3 ? "2026-11-23T08:41:00+07:00" : "2026-11-23T09:00:00+07:00"
            let invited = 80 + 20 * index, present = invited * (70 + 4 * index) / 100
            let curve = (0..<7).map { step in
                LiveSummary.Point(at: String(format: "2026-11-23T08:%02d:00+07:00", 30 + 5 * step), present: present * (step + 2) / 8)
            }
            board.offer(LiveSummary(
                bridge: bridge.id, conference: "HN-2026-11", title: "Hội nghị", at: Timestamp(rfc3339: heard)!, intervalSeconds: 60,
                invited: invited, arrived: present + 2, present: present, walkIns: 1,
                categories: [.init(category: "party_member", invited: invited, arrived: present + 2, rate: nil, target: 98, belowTarget: true)],
                curve: curve, incidents: index == 1 ? [.init(kind: "audio_lost", since: "2026-11-23T08:50:00+07:00")] : []),
                seq: 1, heardAt: Timestamp(rfc3339: heard)!)
        }
        var rollup = DistrictRollup.compute(conference: "HN-2026-11", bridges: bridges, tallies: [])
        rollup.live = DistrictLive.compute(conference: "HN-2026-11", board: board, bridges: bridges, at: Timestamp(rfc3339: "2026-11-23T09:00:30+07:00")!)
        return rollup.htmlReport(conference: nil, district: "Huyện ủy Tây Sơn", generatedAt: Timestamp(rfc3339: "2026-11-23T09:00:30+07:00")!)
    }
}

/// Headless Chromium and poppler, run as separate processes with a deadline.
enum Renderer {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { (path: String) in access(path, X_OK) == 0 }
    static var available: Bool {
        chromium != nil && access("/usr/bin/pdftotext", X_OK) == 0 && access("/usr/bin/pdfinfo", X_OK) == 0
            && access(fontDirectory + "/DejaVuSerif.ttf", R_OK) == 0
    }

    /// fonts-dejavu-core's folder: the only fonts Chromium sees here.
    static let fontDirectory = "/usr/share/fonts/truetype/dejavu"

    /// A fontconfig of the test's own (FONTCONFIG_FILE) listing only `fontDirectory`, with the
    /// report's families and the generic ones mapped onto DejaVu. Without it, fonts installed for
    /// something else (LibreOffice's fonts-liberation2 provides "Liberation Serif", which the
    /// report's CSS asks for) change the text's widths, a label wraps, and pdftotext reorders it.
    static func fontConfig(cache: String) -> String {
        func alias(_ families: [String], _ font: String) -> String {
            families.map { "  <alias binding=\"same\"><family>\($0)</family><prefer><family>\(font)</family></prefer></alias>\n" }.joined()
        }
        return """
            <?xml version="1.0"?>
            <!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
            <fontconfig>
              <dir>\(fontDirectory)</dir>
              <cachedir>\(cache)</cachedir>
            \(alias(["serif", "Times New Roman", "Tinos", "Liberation Serif"], "DejaVu Serif"))\
            \(alias(["sans-serif", "Arial", "Helvetica", "Liberation Sans"], "DejaVu Sans"))\
            \(alias(["monospace"], "DejaVu Sans Mono"))\
            </fontconfig>

            """
    }

    /// Nil when `phrase` is in `text`; else which of its words the PDF lacks, or, when every
    /// word is there, that they are not in this order (a label wrapped and its words moved).
    static func missing(_ phrase: String, in text: String) -> String? {
        guard !text.contains(phrase) else { return nil }
        let words = Set(text.split(separator: " ").map(String.init))
        let absent = phrase.split(separator: " ").map(String.init).filter { !words.contains($0) }
        if absent.isEmpty {
            // Where its first word is, so the reader sees what came between.
            let first = String(phrase.split(separator: " ")[0])
            let at = text.range(of: first).map { text[$0.lowerBound...].prefix(160) } ?? text.prefix(160)
            return "the PDF has every word of “\(phrase)” but not in this order (a line break moved them): “\(at)…”"
        }
        return "the PDF lacks “\(phrase)”: missing the words \(absent.map { "“\($0)”" }.joined(separator: ", "))"
    }

    struct Result {
        var pages: Int
        var pageSize: String
        var info: String
        var text: String
        /// Words whose box leaves the page less its margins (15 mm right, 25 mm left, 18 mm top and bottom).
        var outside: [String]
        var pngWidth: Int
    }

    static func render(_ html: String, name: String) throws -> Result {
        guard available else {
            throw HarnessError("chromium, poppler-utils or fonts-dejavu-core is missing under CI=true (.ci/run installs them)")
        }
        let directory = NSTemporaryDirectory() + "attendd-render-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let page = directory + "/\(name).html"
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        try fontConfig(cache: directory + "/fontcache").write(toFile: directory + "/fonts.conf", atomically: true, encoding: .utf8)
        let fonts = ["FONTCONFIG_FILE": directory + "/fonts.conf"]
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(directory)/profile"]
        let pdf = try run(chromium!, common + ["--no-pdf-header-footer", "--print-to-pdf=\(directory)/\(name).pdf", "file://\(page)"], environment: fonts)
        try check(pdf, what: "print to PDF")
        let png = try run(chromium!, common + ["--window-size=900,1400", "--hide-scrollbars", "--screenshot=\(directory)/\(name).png",
                                               "file://\(page)"], environment: fonts)
        try check(png, what: "screenshot")
        let info = try run("/usr/bin/pdfinfo", ["\(directory)/\(name).pdf"]).stdout
        // Words as a reader sees them: a label wrapped over two lines is still one phrase.
        let text = try run("/usr/bin/pdftotext", ["-enc", "UTF-8", "\(directory)/\(name).pdf", "-"]).stdout
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let boxes = try run("/usr/bin/pdftotext", ["-bbox", "-enc", "UTF-8", "\(directory)/\(name).pdf", "-"]).stdout
        let pages = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }.flatMap { Int($0.split(separator: " ").last!) } ?? 0
        let size = info.contains("(A4)") ? "A4" : "other"
        let millimetre = 72 / 25.4
        var outside: [String] = []
        for line in boxes.split(separator: "\n") where line.contains("<word ") {
            func value(_ key: String) -> Double {
                guard let range = line.range(of: "\(key)=\"") else { return .nan }
                return Double(line[range.upperBound...].prefix { $0 != "\"" }) ?? .nan
            }
            let (xMin, xMax, yMin, yMax) = (value("xMin"), value("xMax"), value("yMin"), value("yMax"))
            // A little slack for glyph overhang and rounding.
            if xMin < 25 * millimetre - 2 || xMax > 595.3 - 15 * millimetre + 2 || yMin < 18 * millimetre - 2
                || yMax > 841.9 - 18 * millimetre + 2 {
                outside.append(String(line))
            }
        }
        // ATTENDD_RENDER_KEEP=DIR keeps the PNG and PDF to look at them.
        if let keep = ProcessInfo.processInfo.environment["ATTENDD_RENDER_KEEP"] {
            for ext in ["png", "pdf"] { try? FileManager.default.copyItem(atPath: "\(directory)/\(name).\(ext)", toPath: "\(keep)/\(name).\(ext)") }
        }
        let pngData = FileManager.default.contents(atPath: "\(directory)/\(name).png") ?? Data()
        let pngWidth = pngData.count > 24 && pngData.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            ? pngData[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
        return Result(pages: pages, pageSize: size, info: info, text: text, outside: outside, pngWidth: pngWidth)
    }

    /// Chromium exits 0 and names no failed load or script error (its D-Bus complaints in a
    /// container are not about the page).
    static func check(_ result: (status: Int32, stdout: String, stderr: String), what: String) throws {
        guard result.status == 0, !["net::ERR", "Failed to load", "Uncaught", "CONSOLE"].contains(where: result.stderr.contains) else {
            throw RenderError("chromium failed to \(what): status \(result.status)\n\(result.stderr)")
        }
    }

    /// Runs `tool` with this process's environment plus `environment`.
    static func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Chromium has a minute at most; a hung one is killed and reported.
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + 60, execute: watchdog)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    struct RenderError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
