import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `[daemon] reports_dir` on a bridge point and on its hub: the files appear after a check-in
/// without anyone asking, the open conference's page reloads itself, closing writes the final
/// report, and the hub's index counts the halls reported and missing.
@Suite struct ReportFilesTests {
    static let keyA = String(repeating: "c3", count: 32)

    static func read(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }

    /// Waits (polling the file, never a fixed sleep) until `path` satisfies `condition`.
    static func waitForFile(_ path: String, timeoutSeconds: Double = 30, _ condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var text = read(path)
        while !condition(text) && Date() < deadline {
            usleep(100_000)
            text = read(path)
        }
        return text
    }

    /// A new folder holding `hub.keys` (xa-a, and xa-b that never reports) and `bridge.keys` (xa-a).
    static func hubAndBridgeKeys(_ prefix: String) throws -> String {
        let keys = NSTemporaryDirectory() + prefix + UUID().uuidString
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        for (name, text) in [("hub.keys", "xa-a \(keyA) Hội trường Huyện ủy\nxa-b \(String(repeating: "d4", count: 32)) UBND xã Bình Tường\n"),
                             ("bridge.keys", "xa-a \(keyA)\n")] {
            try text.write(toFile: keys + "/" + name, atomically: true, encoding: .utf8)
            chmod(keys + "/" + name, 0o600)
        }
        return keys
    }

    @Test func aBridgeAndItsHubWriteTheirReportsThemselves() throws {
        let keys = try Self.hubAndBridgeKeys("attendd-reportfiles-")
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let spool = keys + "/events"
        let hubReports = keys + "/hub-reports"
        let bridgeReports = keys + "/bridge-reports"
        let hub = try DaemonHarness(extraConfig: "[daemon]\nsite_name = \"Huyện ủy Tây Sơn\"\nreports_dir = \(hubReports)\n[events]\nspool = \(spool)\n"
            + "[hub]\nkeys_file = \(keys)/hub.keys\n"
            + "[report]\nissuer = ĐẢNG BỘ TỈNH BÌNH ĐỊNH | HUYỆN ỦY TÂY SƠN\nsymbol = -BC/HU\nplace = Tây Sơn\n"
            + "signer = T/M BAN THƯỜNG VỤ | BÍ THƯ | Nguyễn Văn Hùng\nrecipients = Ban Tuyên giáo Tỉnh ủy (để báo cáo); | Lưu Văn phòng Huyện ủy.\n")
        let bridge = try DaemonHarness(extraConfig: "[daemon]\nsite_name = Hội trường Huyện ủy Tây Sơn\nreports_dir = \(bridgeReports)\n"
            + "[push]\nto = 127.0.0.1:\(hub.port)\nbridge_id = xa-a\nkeys_file = \(keys)/bridge.keys\n")
        // Started with nothing: an index that says so.
        #expect(Self.waitForFile(bridgeReports + "/index.html") { $0.contains("Chưa có hội nghị nào.") }.contains("Chưa có hội nghị nào."))

        #expect(try bridge.attendctl(["define", "HN/12", "--title", "Hội nghị quán triệt Nghị quyết", "--date", bridge.today,
                                      "--parts", bridge.partUnderWay("Cả ngày")]).status == 0)
        try "Mã,Họ và tên,Đơn vị,Đối tượng\nA01,Nguyễn Văn An,Chi bộ 1,Đảng viên\nB02,Trần Thị Bình,UBND xã,Công chức\n"
            .write(toFile: bridge.directory + "/moi.csv", atomically: true, encoding: .utf8)
        #expect(try bridge.attendctl(["invite", "import", bridge.directory + "/moi.csv", "--conf", "HN/12"]).status == 0)
        try bridge.openConference("HN/12", title: "Hội nghị quán triệt Nghị quyết")
        #expect(try bridge.connect().request("CHECKIN id=A01 term=t1 seq=1").isOK)

        // The id's `/` is written %2F: the files stay in the folder, under a name that never changes.
        let page = bridgeReports + "/HN%2F12.html"
        let open = Self.waitForFile(page) { $0.contains("<td>Nguyễn Văn An</td>") && $0.contains("http-equiv=\"refresh\"") }
        #expect(open.contains("<td>Nguyễn Văn An</td>"), "the check-in is not on the page")
        #expect(open.contains("<meta http-equiv=\"refresh\" content=\"10\">"))
        for ext in ["csv", "json", "xlsx"] {
            #expect(FileManager.default.fileExists(atPath: bridgeReports + "/HN%2F12." + ext), "no .\(ext)")
        }
        #expect(Self.read(bridgeReports + "/HN%2F12.json").contains("\"present\" : 1"))
        let index = Self.waitForFile(bridgeReports + "/index.html") { $0.contains("đang diễn ra") }
        #expect(index.contains("<a href=\"HN%252F12.html\">Hội nghị quán triệt Nghị quyết</a>"), "\(index)")
        #expect(index.contains("<td class=\"open\">đang diễn ra</td>"))
        #expect(index.contains("Báo cáo hội nghị — Hội trường Huyện ủy Tây Sơn"))
        // No stray temporary files beside them.
        let names = try FileManager.default.contentsOfDirectory(atPath: bridgeReports).sorted()
        #expect(names == ["HN%2F12.csv", "HN%2F12.html", "HN%2F12.json", "HN%2F12.xlsx", "index.html"], "\(names)")

        // Closed: the final report, which no longer reloads, and the index says so.
        #expect(try bridge.attendctl(["close"]).status == 0)
        let final = Self.waitForFile(page) { !$0.contains("http-equiv=\"refresh\"") }
        #expect(!final.contains("http-equiv=\"refresh\""), "the closed conference's page still reloads")
        #expect(Self.waitForFile(bridgeReports + "/index.html") { $0.contains("đã kết thúc") }.contains("<td>đã kết thúc</td>"))

        // The hub: the district's roll-up once the final tally came, one hall of two reported.
        let district = Self.waitForFile(hubReports + "/HN%2F12-district.html") { $0.contains("Chưa báo cáo") }
        #expect(district.contains("<td>UBND xã Bình Tường</td><td><span class=\"miss-mark\">Chưa báo cáo</span></td>"), "\(district)")
        #expect(district.contains("http-equiv=\"refresh\""), "a roll-up still missing a hall reloads itself")
        // The hub's [report] section: ready to sign, the number left blank in a file nobody numbered.
        for text in ["<div class=\"issuer-line\">ĐẢNG BỘ TỈNH BÌNH ĐỊNH</div>", "-BC/HU</div>", "Tây Sơn, ngày ",
                     "<div class=\"signer-name\">Nguyễn Văn Hùng</div>", "<div>- Lưu Văn phòng Huyện ủy.</div>"] {
            #expect(district.contains(text), "the district's page lacks \(text)")
        }
        // A report numbered by hand at the hub: `attendctl district --html --number`.
        let numbered = hub.directory + "/so-190.html"
        #expect(try hub.attendctl(["district", "HN/12", "--html", numbered, "--number", "190"]).status == 0)
        #expect(Self.read(numbered).contains("<div class=\"number\">Số: 190-BC/HU</div>"))
        #expect(try hub.attendctl(["district", "HN/12", "--html", numbered, "--number", "19a"]).stderr.contains("number must be 1 to 9 digits"))
        // The hub's events spool: the hall's report arrived, as variables for the admin's command.
        let arrived = Self.waitForFile(spool + "/report_arrived-HN%2F12+xa-a.event") { !$0.isEmpty }
        for line in ["ATTEND_EVENT=\"report_arrived\"", "ATTEND_CONFERENCE=\"HN/12\"", "ATTEND_HALL=\"xa-a\"",
                     "ATTEND_HALL_NAME=\"Hội trường Huyện ủy\"", "ATTEND_DETAIL=\"1\"", "ATTEND_TEXT=\"Hội trường Huyện ủy đã gửi báo cáo hội nghị HN/12 (lần 1) lúc "] {
            #expect(arrived.contains(line), "the event lacks \(line): \(arrived)")
        }
        // An incident opened at the hub's hall is one more; the spool holds nothing else.
        #expect(try hub.connect().request("INCIDENT action=start kind=audio_lost term=hall-1").isOK)
        let incident = Self.waitForFile(spool + "/incident_opened-+local.event") { !$0.isEmpty }
        #expect(incident.contains("ATTEND_DETAIL=\"audio_lost\"") && incident.contains("ATTEND_HALL_NAME=\"Huyện ủy Tây Sơn\""), "\(incident)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool).sorted()
            == ["incident_opened-+local.event", "report_arrived-HN%2F12+xa-a.event"])
        let counted = try hub.waitForStatus { ($0.events?.written ?? 0) >= 2 }
        #expect(counted.events == .init(written: 2, coalesced: 0, dropped: 0, failed: 0))
        let hubIndex = Self.waitForFile(hubReports + "/index.html") { $0.contains("HN%252F12-district.html") }
        #expect(hubIndex.contains("<td>tổng hợp của huyện</td>"), "\(hubIndex)")
        #expect(hubIndex.contains("<td class=\"num\">1/2</td><td>—</td><td>UBND xã Bình Tường</td>"), "\(hubIndex)")
        #expect(FileManager.default.fileExists(atPath: hubReports + "/HN%2F12-district.xlsx"))
    }
}
