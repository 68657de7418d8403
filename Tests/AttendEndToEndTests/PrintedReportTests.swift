import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `attendctl report --html` and `attendctl district --html` (and their `--xlsx` workbooks) against
/// real daemons: the bridge point's and the hub's names from `[daemon] site_name`, files written
/// whole, refusals clear.
@Suite struct PrintedReportTests {
    static let keyA = String(repeating: "c3", count: 32)

    static let csv = "Mã,Họ và tên,Đơn vị,Đối tượng\n"
        + "A01,Nguyễn Văn An,Chi bộ 1,Đảng viên\nB02,Trần Thị Bình,UBND xã,Công chức\nC03,Lê Văn Cường,Chi bộ 2,Đảng viên\n"

    func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }

    @Test func theBridgeAndTheDistrictPrintTheirReports() throws {
        let keys = NSTemporaryDirectory() + "attendd-html-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: keys) }
        for (name, text) in [("hub.keys", "xa-a \(Self.keyA) Hội trường Huyện ủy\nxa-b \(String(repeating: "d4", count: 32)) UBND xã Bình Tường\n"),
                             ("bridge.keys", "xa-a \(Self.keyA)\n")] {
            try text.write(toFile: keys + "/" + name, atomically: true, encoding: .utf8)
            chmod(keys + "/" + name, 0o600)
        }
        let hub = try DaemonHarness(extraConfig: "[daemon]\nsite_name = \"Huyện ủy Tây Sơn\"\n[hub]\nkeys_file = \(keys)/hub.keys\n")
        let bridge = try DaemonHarness(extraConfig: "[daemon]\nsite_name = Hội trường Huyện ủy Tây Sơn\n"
            + "[push]\nto = 127.0.0.1:\(hub.port)\nbridge_id = xa-a\nkeys_file = \(keys)/bridge.keys\n"
            + "[probes]\ntargets = huyen 127.0.0.1:\(hub.port) tcp\ninterval = 1\n")
        // The day-before line test, to the hub: it goes into the printed report.
        #expect(try bridge.attendctl(["linetest", "--seconds", "2"]).status == 0)

        let today = bridge.today
        #expect(try bridge.attendctl(["define", "HN", "--title", "Hội nghị quán triệt Nghị quyết", "--date", today,
                                      "--parts", bridge.partUnderWay("Cả ngày"), "--expected", "3"]).status == 0)
        try Self.csv.write(toFile: bridge.directory + "/moi.csv", atomically: true, encoding: .utf8)
        #expect(try bridge.attendctl(["invite", "import", bridge.directory + "/moi.csv", "--conf", "HN"]).status == 0)
        try bridge.openConference("HN", title: "Hội nghị quán triệt Nghị quyết")
        #expect(try bridge.connect().request("CHECKIN id=A01 term=t1 seq=1").isOK)
        #expect(try bridge.attendctl(["excuse", "B02", "Đi công tác <tỉnh>"]).status == 0)

        // While open, and in English.
        let file = bridge.directory + "/bao-cao.html"
        let written = try bridge.attendctl(["report", "HN", "--html", file])
        #expect(written.status == 0, "\(written)")
        #expect(written.stdout.hasPrefix("wrote \(file) (HN, "))
        let html = read(file)
        for text in ["HỘI TRƯỜNG HUYỆN ỦY TÂY SƠN", "Hội nghị quán triệt Nghị quyết", "Số đại biểu được mời", "Vắng có lý do",
                     "Đi công tác &lt;tỉnh&gt;", "<td>Lê Văn Cường</td><td>C03</td>", "<svg class=\"chart\"", "@page { size: A4 portrait;",
                     "Thử đường truyền tới"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(!html.contains("<script"))
        let lineTest = html.split(separator: "\n").first { $0.hasPrefix("<tr><td>huyen</td>") }
        #expect(lineTest?.contains("<td class=\"num\">0,0%</td>") == true, "\(lineTest ?? "no line test row")")
        #expect(lineTest?.hasSuffix("<td><span class=\"ok-mark\">Đạt</span></td></tr>") == true)
        let english = bridge.directory + "/report-en.html"
        #expect(try bridge.attendctl(["report", "--html", english, "--lang", "en"]).status == 0)
        #expect(read(english).contains("Absent, excused"))
        // The same tally as a workbook: every sheet there, the hall and the reason in its strings.
        let workbook = bridge.directory + "/bao-cao.xlsx"
        let wroteWorkbook = try bridge.attendctl(["report", "HN", "--xlsx", workbook])
        #expect(wroteWorkbook.status == 0 && wroteWorkbook.stdout.hasPrefix("wrote \(workbook) (HN, "), "\(wroteWorkbook)")
        let parts = try ZipReadBack(Array(FileManager.default.contents(atPath: workbook) ?? Data()))
        #expect(parts.entries.filter { $0.name.hasPrefix("xl/worksheets/") }.count == 8)
        let strings = parts.text("xl/sharedStrings.xml") ?? ""
        for text in ["Hội trường Huyện ủy Tây Sơn", "Đi công tác &lt;tỉnh&gt;", "Lê Văn Cường", "Vắng mặt"] {
            #expect(strings.contains(text) || (parts.text("xl/workbook.xml") ?? "").contains(text), "workbook lacks \(text)")
        }
        #expect(try bridge.attendctl(["report", "HN", "--xlsx"]).status == 2)

        // Refusals: an unknown conference writes nothing; a missing file name is a usage error.
        let nothing = bridge.directory + "/none.html"
        let unknown = try bridge.attendctl(["report", "NOPE", "--html", nothing])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("ERR no_conference"))
        #expect(!FileManager.default.fileExists(atPath: nothing))
        #expect(try bridge.attendctl(["report", "HN", "--html"]).status == 2)
        #expect(try bridge.attendctl(["report", "HN", "--html", nothing, "--lang", "fr"]).stderr.contains("lang must be vi or en"))

        // Closed, pushed, and printed at the district: revision 3, after the day-before figures
        // went up as revisions 1 (the expected count) and 2 (the invited list), and yet the
        // first report a reader sees ("Lần 1", not "Lần 3").
        #expect(try bridge.attendctl(["close"]).status == 0)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, try !hub.attendctl(["send", "DISTRICT conf=HN"]).stdout.contains("reported=1") { usleep(200_000) }
        let district = hub.directory + "/huyen.html"
        let printed = try hub.attendctl(["district", "HN", "--html", district])
        #expect(printed.status == 0, "\(printed)")
        let page = read(district)
        for text in ["HUYỆN ỦY TÂY SƠN", "Hội nghị quán triệt Nghị quyết", "<td>Hội trường Huyện ủy</td><td>Lần 1</td><td class=\"num\">3</td>",
                     "<td>UBND xã Bình Tường</td><td><span class=\"miss-mark\">Chưa báo cáo</span></td>", "<rect class=\"bar\""] {
            #expect(page.contains(text), "missing \(text)")
        }
        #expect(try hub.attendctl(["district", "--html", district]).status == 2)
        let districtBook = hub.directory + "/huyen.xlsx"
        #expect(try hub.attendctl(["district", "HN", "--xlsx", districtBook, "--lang", "en"]).status == 0)
        let rollup = try ZipReadBack(Array(FileManager.default.contents(atPath: districtBook) ?? Data()))
        #expect(rollup.text("xl/sharedStrings.xml")?.contains("UBND xã Bình Tường") == true)
        #expect(rollup.text("xl/workbook.xml")?.contains("<sheet name=\"Bridge points\"") == true)
        #expect(try hub.attendctl(["send", "DISTRICT conf=HN format=pdf"]).stdout.contains("ERR invalid"))
    }

    @Test func aBadSiteNameStopsStartUpWithItsLine() throws {
        let directory = NSTemporaryDirectory() + "attendd-html-conf-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/attendd.conf"
        try "[daemon]\nsite_name = \(String(repeating: "Xã", count: 65))\n".write(toFile: path, atomically: true, encoding: .utf8)
        let checked = try DaemonHarness.run("attendd", ["-n", "--config", path])
        #expect(checked.status == 1)
        #expect(checked.stderr.contains("attendd.conf:2: [daemon] site_name is 130 characters long; the most is 120"))
    }
}
