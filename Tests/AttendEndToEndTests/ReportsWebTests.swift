import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The report files as district staff see them: the shipped nginx site (`config/attendd-reports.nginx`,
/// its listen, root and password file pointed at the test's) serves a bridge point's and its hub's
/// reports folders on loopback ports, run as this user; headless Chromium loads the pages with the
/// password (and is refused without it). A check-in shows on the open conference's page within
/// attendd's gap plus the page's reload time; closing it puts the final report in the index and
/// the hall in the district's roll-up. `.ci/run` installs nginx-light and chromium.
@Suite(.enabled(if: ReportsWeb.available || underCI, "needs nginx and chromium (apt-get install nginx-light chromium; .ci/run does)"))
struct ReportsWebTests {
    static let keyA = ReportFilesTests.keyA

    @Test func nginxServesTheLivePageAndTheFinalReport() throws {
        let keys = try ReportFilesTests.hubAndBridgeKeys("attendd-web-")
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let (hubReports, bridgeReports) = (keys + "/hub-reports", keys + "/bridge-reports")
        let hub = try DaemonHarness(extraConfig: "[daemon]\nsite_name = \"Huyện ủy Tây Sơn\"\nreports_dir = \(hubReports)\n"
            + "[hub]\nkeys_file = \(keys)/hub.keys\n")
        let bridge = try DaemonHarness(extraConfig: "[daemon]\nsite_name = Hội trường Huyện ủy Tây Sơn\nreports_dir = \(bridgeReports)\n"
            + "[push]\nto = 127.0.0.1:\(hub.port)\nbridge_id = xa-a\nkeys_file = \(keys)/bridge.keys\n")
        let web = try ReportsWeb(folders: [bridgeReports, hubReports], in: keys)
        defer { web.stop() }

        #expect(try bridge.attendctl(["define", "HN", "--title", "Hội nghị quán triệt Nghị quyết", "--date", bridge.today,
                                      "--parts", bridge.partUnderWay("Cả ngày")]).status == 0)
        try "Mã,Họ và tên,Đơn vị,Đối tượng\nA01,Nguyễn Văn An,Chi bộ 1,Đảng viên\nB02,Trần Thị Bình,UBND xã,Công chức\n"
            .write(toFile: bridge.directory + "/moi.csv", atomically: true, encoding: .utf8)
        #expect(try bridge.attendctl(["invite", "import", bridge.directory + "/moi.csv", "--conf", "HN"]).status == 0)
        try bridge.openConference("HN", title: "Hội nghị quán triệt Nghị quyết")

        let present0 = "<div class=\"value\">0</div><div class=\"label\">Có mặt</div>"
        let present1 = "<div class=\"value\">1</div><div class=\"label\">Có mặt</div>"
        let before = try web.waitForPage(0, "HN.html", timeoutSeconds: 30) { $0.contains(present0) }
        #expect(before.contains(present0), "\(before.prefix(2000))")
        // Without the password: 401, none of the names; nothing but GET and HEAD.
        let refused = try web.get(0, "HN.html", password: false)
        #expect(refused.status == 401 && !refused.body.contains("Nguyễn"), "\(refused)")
        #expect(try web.get(0, "HN.html", method: "PUT").status == 403)
        let served = try web.get(0, "HN.html")
        #expect(served.status == 200 && served.headers.contains("Cache-Control: no-cache"), "\(served.headers)")

        #expect(try bridge.connect().request("CHECKIN id=A01 term=t1 seq=1").isOK)
        let started = Date()
        let after = try web.waitForPage(0, "HN.html", timeoutSeconds: 30) { $0.contains(present1) }
        #expect(after.contains(present1), "the check-in never reached the page")
        // attendd's gap (3 s) plus the page's reload (10 s), with a loaded machine's slack.
        let seconds = Date().timeIntervalSince(started)
        #expect(seconds < ReportFilesLimits.gap + ReportFilesLimits.reload + 5, "\(seconds) s")

        #expect(try bridge.attendctl(["close"]).status == 0)
        let index = try web.waitForPage(0, "index.html", timeoutSeconds: 30) { $0.contains("đã kết thúc") }
        #expect(index.contains("<a href=\"HN.html\">Hội nghị quán triệt Nghị quyết</a>"), "\(index.prefix(3000))")
        let final = try web.dumpDOM(web.url(0, "HN.html"))
        #expect(!final.contains("http-equiv=\"refresh\"") && final.contains(present1))
        // The district: the hall's final tally arrived, the other is missing.
        let district = try web.waitForPage(1, "HN-district.html", timeoutSeconds: 60) { $0.contains("Lần 1") }
        #expect(district.contains("<td>UBND xã Bình Tường</td><td><span class=\"miss-mark\">Chưa báo cáo</span></td>"), "\(district.prefix(3000))")
        // What README promises staff open, http://HUB:8080/, is the index (it was a 404: the
        // site's try_files looked for a file only); a folder inside is not listed, traversal is refused.
        let root = try web.get(1, "")
        #expect(root.status == 200 && root.body.contains("HN-district.html"), "\(root.headers)")
        #expect(try web.get(1, "", password: false).status == 401)
        try FileManager.default.createDirectory(atPath: hubReports + "/old", withIntermediateDirectories: true)
        try "x".write(toFile: hubReports + "/old/HN.csv", atomically: true, encoding: .utf8)
        #expect(try web.get(1, "old/").status == 403)
        #expect(try web.get(1, "../hub.keys").status == 400)
        let hubIndex = try web.dumpDOM(web.url(1, "index.html"))
        #expect(hubIndex.contains("<a href=\"HN-district.html\">"), "\(hubIndex.prefix(3000))")
        // The CSV is served as UTF-8 text, and the half-written files' names are refused.
        let csv = try web.get(1, "HN-district.csv")
        #expect(csv.headers.contains("Content-Type: text/csv; charset=utf-8") && csv.body.contains("UBND xã Bình Tường"), "\(csv.headers)")
        #expect(try web.get(1, "HN-district.xlsx").headers.contains("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        try "x".write(toFile: hubReports + "/.index.html.tmp-1-1", atomically: true, encoding: .utf8)
        #expect(try web.get(1, ".index.html.tmp-1-1").status == 403)
    }
}

/// The figures `ReportFiles` works to, as the tests may read them.
enum ReportFilesLimits {
    static let gap = 3.0
    static let reload = 10.0
}

/// nginx, run as this user with the shipped site once per folder, and headless Chromium.
final class ReportsWeb {
    static let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"].first { (path: String) in access(path, X_OK) == 0 }
    static var available: Bool { nginx != nil && Renderer.chromium != nil && access("/usr/bin/openssl", X_OK) == 0 }
    static let user = "bantuyengiao"
    static let password = "mat-khau-thu"

    let prefix: String
    var ports: [UInt16] = []
    private let process = Process()

    init(folders: [String], in directory: String) throws {
        guard Self.available else { throw HarnessError("nginx, chromium or openssl is missing under CI=true (.ci/run installs them)") }
        prefix = directory + "/nginx"
        for sub in ["", "/tmp", "/logs"] { try FileManager.default.createDirectory(atPath: prefix + sub, withIntermediateDirectories: true) }
        let hash = try Renderer.run("/usr/bin/openssl", ["passwd", "-6", "-salt", "attendd0", Self.password]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try "\(Self.user):\(hash)\n".write(toFile: prefix + "/htpasswd", atomically: true, encoding: .utf8)
        let site = try String(contentsOfFile: Self.siteFile, encoding: .utf8)
        var servers = ""
        for folder in folders {
            let port = try Self.freeLoopbackPort()
            ports.append(port)
            servers += site.replacingOccurrences(of: "    listen 8080;\n", with: "    listen 127.0.0.1:\(port);\n")
                .replacingOccurrences(of: "    listen [::]:8080;\n", with: "")
                .replacingOccurrences(of: "/var/lib/attendd-reports", with: folder)
                .replacingOccurrences(of: "/etc/nginx/attendd-reports.htpasswd", with: prefix + "/htpasswd")
        }
        let temps = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map { "\($0)_temp_path \(prefix)/tmp/\($0);" }.joined(separator: " ")
        let config = """
            worker_processes 1;
            daemon off;
            pid \(prefix)/nginx.pid;
            error_log \(prefix)/logs/error.log;
            events { worker_connections 64; }
            http {
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log off;
            \(temps)
            \(servers)
            }

            """
        try config.write(toFile: prefix + "/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.nginx!)
        process.arguments = ["-p", prefix, "-c", prefix + "/nginx.conf", "-e", prefix + "/logs/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Serving once every port accepts a connection (nginx binds them before it forks its worker).
        let deadline = Date().addingTimeInterval(15)
        while !ports.allSatisfy(Self.accepts) {
            guard process.isRunning, Date() < deadline else {
                throw HarnessError("nginx did not start: \((try? String(contentsOfFile: prefix + "/logs/error.log", encoding: .utf8)) ?? "")")
            }
            usleep(50_000)
        }
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGQUIT)
            process.waitUntilExit()
        }
    }

    func url(_ server: Int, _ file: String, password: Bool = true) -> String {
        "http://\(password ? "\(Self.user):\(Self.password)@" : "")127.0.0.1:\(ports[server])/\(file)"
    }

    /// The page as Chromium built it after loading (`--dump-dom`).
    func dumpDOM(_ url: String) throws -> String {
        let profile = prefix + "/chromium-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let result = try Renderer.run(Renderer.chromium!, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile)", "--dump-dom", url,
        ])
        return result.stdout
    }

    /// Loads `file` again until `condition` holds or `timeoutSeconds` passed; the last load.
    func waitForPage(_ server: Int, _ file: String, timeoutSeconds: Double, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        var page = try dumpDOM(url(server, file))
        while !condition(page) && Date() < deadline {
            usleep(200_000)
            page = try dumpDOM(url(server, file))
        }
        return page
    }

    /// The shipped site, beside this test in the repository.
    static var siteFile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/attendd-reports.nginx").path
    }

    /// One HTTP/1.0 request to server `server` on loopback: the status, the header lines and the body.
    func get(_ server: Int, _ path: String, password: Bool = true, method: String = "GET") throws -> (status: Int, headers: String, body: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = ports[server].bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw HarnessError("cannot connect to nginx") }
        let credentials = Data("\(Self.user):\(Self.password)".utf8).base64EncodedString()
        let request = "\(method) /\(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n"
            + (password ? "Authorization: Basic \(credentials)\r\n" : "") + (method == "PUT" ? "Content-Length: 0\r\n" : "") + "\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while reply.count < 16 << 20 {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            reply += buffer[0..<count]
        }
        let text = String(decoding: reply, as: UTF8.self)
        let (head, body) = text.range(of: "\r\n\r\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, "")
        let status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, head, body)
    }

    static func freeLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw HarnessError("cannot find a free loopback port") }
        return UInt16(bigEndian: address.sin_port)
    }

    static func accepts(_ port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
