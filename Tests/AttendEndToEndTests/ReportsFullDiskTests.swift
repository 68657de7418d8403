import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Small tmpfs mounts for a full disk on demand.
enum Tmpfs {
    /// Runs `mount`/`umount` with `arguments`; whether it succeeded.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/" + tool)
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let canMount: Bool = {
        let directory = NSTemporaryDirectory() + "attendd-mount-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        guard (try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil,
              run("mount", ["-t", "tmpfs", "-o", "size=16k", "tmpfs", directory]) else { return false }
        return run("umount", [directory])
    }()
}

/// `[daemon] reports_dir` on a full disk: a real bridge point writing into a 16 KiB tmpfs. The
/// failure is logged once, check-ins are acknowledged all along, no temporary file or torn file
/// stays behind, and once there is room again the files are written and that is logged too.
@Suite(.enabled(if: Tmpfs.canMount || underCI, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"))
struct ReportsFullDiskTests {
    /// Every line of the daemon's log with `text`, once it has some (30 s at most).
    static func waitForLog(_ daemon: DaemonHarness, _ text: String) -> [Substring] {
        let deadline = Date().addingTimeInterval(30)
        var lines = daemon.log.split(separator: "\n").filter { $0.contains(text) }
        while lines.isEmpty && Date() < deadline {
            usleep(100_000)
            lines = daemon.log.split(separator: "\n").filter { $0.contains(text) }
        }
        return lines
    }

    @Test func aFullReportsFolderIsLoggedOnceNeverTornAndWrittenAgainWhenThereIsRoom() throws {
        let reports = NSTemporaryDirectory() + "attendd-full-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
        #expect(Tmpfs.run("mount", ["-t", "tmpfs", "-o", "size=16k,mode=0755", "tmpfs", reports]))
        defer {
            Tmpfs.run("umount", [reports])
            try? FileManager.default.removeItem(atPath: reports)
        }
        let hall = try DaemonHarness(extraConfig: "[daemon]\nreports_dir = \(reports)\n")
        try hall.openConference("HN")
        let terminal = try hall.connect()
        for seq in 1...20 { #expect(try terminal.request("CHECKIN id=D\(seq) term=t seq=\(seq)").isOK) }

        let failed = Self.waitForLog(hall, "cannot write the report files")
        #expect(failed.count == 1, "\(hall.log)")
        #expect(failed.first?.contains("No space left on device") == true, "\(failed)")
        // Rounds go on failing every 3 s while check-ins are acknowledged; the warning is not repeated.
        for seq in 21...60 { #expect(try terminal.request("CHECKIN id=D\(seq) term=t seq=\(seq)").isOK) }
        _ = try hall.waitForStatus { $0.conference?.checkins ?? 0 >= 60 }
        #expect(Self.waitForLog(hall, "cannot write the report files").count == 1)
        // Only whole files: no temporary left, and every page written ends as a page ends.
        for name in try FileManager.default.contentsOfDirectory(atPath: reports) {
            #expect(!name.hasPrefix("."), "a temporary file stayed: \(name)")
            if name.hasSuffix(".html") { #expect(ReportFilesTests.read(reports + "/" + name).hasSuffix("</html>\n"), "\(name) is torn") }
        }

        // Room again: the next round writes everything, says so, and the page has every check-in.
        #expect(Tmpfs.run("mount", ["-o", "remount,size=4m", reports]))
        #expect(try terminal.request("CHECKIN id=D61 term=t seq=61").isOK)
        #expect(Self.waitForLog(hall, "report files written again").count == 1, "\(hall.log)")
        let page = ReportFilesTests.waitForFile(reports + "/HN.html") { $0.contains("D61") }
        #expect(page.contains("D61"))
        #expect(FileManager.default.fileExists(atPath: reports + "/HN.xlsx"))
        #expect(ReportFilesTests.read(reports + "/index.html").contains("HN"))
        #expect(hall.stop() == 0)
    }
}
