import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `attendctl`, `attendd -n`, start-up errors, reload and stop, run as an admin would.
@Suite struct ControlToolTests {
    @Test func attendctlOpensChecksInShowsStatusAndCloses() throws {
        let daemon = try DaemonHarness()
        #expect(try daemon.attendctl(["ping"]).status == 0)
        let opened = try daemon.attendctl(["open", "HN-11", "Hội nghị quán triệt Nghị quyết"])
        #expect(opened.status == 0)
        #expect(opened.stdout.contains("conf=HN-11"))
        let second = try daemon.attendctl(["open", "OTHER"])
        #expect(second.status == 1)
        #expect(second.stdout.contains("close it first"))
        let manual = try daemon.attendctl(["checkin", "Đ-042"])
        #expect(manual.status == 0)
        #expect(manual.stdout.contains("id=Đ-042"))
        _ = try daemon.waitForStatus { $0.conference?.checkins == 1 }
        let status = try daemon.attendctl(["status"])
        #expect(status.status == 0)
        #expect(status.stdout.contains("HN-11"))
        #expect(!status.stdout.contains("STALE"))
        let json = try daemon.attendctl(["status", "--json"])
        #expect(json.stdout.contains("\"updated_at\""))
        let closed = try daemon.attendctl(["close"])
        #expect(closed.status == 0)
        #expect(closed.stdout.contains("checkins=1"))
        #expect(try daemon.attendctl(["close"]).status == 1)
        #expect(try daemon.attendctl(["frobnicate"]).status == 2)
    }

    @Test func statusSaysWhenTheDaemonIsGone() throws {
        let daemon = try DaemonHarness()
        #expect(daemon.stop() == 0)
        let stopped = try daemon.attendctl(["status"])
        #expect(stopped.status == 1)
        #expect(try daemon.attendctl(["ping"]).stderr.contains("cannot reach attendd"))
        try FileManager.default.removeItem(atPath: daemon.statusPath)
        let missing = try daemon.attendctl(["status"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no status file"))
    }

    @Test func checkModeReportsEveryConfigErrorWithItsLine() throws {
        let good = try DaemonHarness.run("attendd", ["-n", "--config", Self.exampleConfig])
        #expect(good.status == 0)
        let directory = NSTemporaryDirectory() + "attendd-conf-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/bad.conf"
        try "[listen]\nport = 99999\n\n[limits]\nmax_line_bytes = lots\n".write(toFile: path, atomically: true, encoding: .utf8)
        let bad = try DaemonHarness.run("attendd", ["-n", "--config", path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.conf:2:"))
        #expect(bad.stderr.contains("bad.conf:5:"))
        // The daemon itself refuses to start on it, with the same messages.
        let start = try DaemonHarness.run("attendd", ["--config", path, "--data", directory + "/data"])
        #expect(start.status == 1)
        #expect(start.stderr.contains("bad.conf:2:"))
        #expect(try DaemonHarness.run("attendd", ["--version"]).stdout == "attendd \(attenddVersion)\n")
        // attendctl says the same one version, without a config or a daemon.
        let tool = try DaemonHarness.run("attendctl", ["--version"])
        #expect(tool.status == 0)
        #expect(tool.stdout == "attendctl \(attenddVersion)\n")
        #expect(try DaemonHarness.run("attendd", ["--bogus"]).status == 2)
    }

    @Test func reloadAppliesAGoodFileAndKeepsTheOldOneOnABadFile() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("R")
        let client = try daemon.connect()
        #expect(try client.request("CHECKIN id=1 term=x").isOK)

        // Good file: the allow list takes effect without a restart.
        let original = try String(contentsOfFile: daemon.configPath, encoding: .utf8)
        try (original + "\n[terminals]\nallow = gate\n").write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        #expect(try daemon.control().request("RELOAD").isOK)
        #expect(try client.request("CHECKIN id=1 term=x").error == .notAuthorised)

        // Bad file via SIGHUP: logged with its line, old settings kept, still serving.
        try (original + "\n[terminals]\nallow = gate\nbogus = 1\n").write(toFile: daemon.configPath, atomically: true, encoding: .utf8)
        daemon.signal(SIGHUP)
        let deadline = Date().addingTimeInterval(5)
        while !daemon.log.contains("configuration not reloaded") && Date() < deadline { usleep(50_000) }
        #expect(daemon.log.contains("attendd.conf:"))
        #expect(try client.request("CHECKIN id=2 term=gate").isOK)
        #expect(try client.request("CHECKIN id=2 term=x").error == .notAuthorised)
    }

    @Test func aSecondDaemonOnTheSameDataRefusesToStart() throws {
        let daemon = try DaemonHarness()
        let second = try DaemonHarness.run("attendd", ["--config", daemon.configPath, "--data", daemon.dataDirectory])
        #expect(second.status == 1)
        #expect(second.stderr.contains("another attendd"))
        #expect(try daemon.connect().request("PING").isOK)
    }

    @Test func sigtermAnswersWhatWasReadCommitsAndExitsZero() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("T")
        let client = try daemon.connect()
        var batch = ""
        for seq in 1...5000 { batch += "CHECKIN id=D\(seq) term=t seq=\(seq)\n" }
        try client.send(bytes: Array(batch.utf8))
        // Once the daemon is ingesting (first reply in), stop it with the pipeline full.
        let first = try Reply.decode(try #require(try client.readLine()))
        #expect(first.isOK)
        daemon.signal(SIGTERM)
        var acknowledged: [Int64] = [1]
        // Replies to what was read arrive; the rest of the pipeline is cut off (a reset is fine).
        while let line = try? client.readLine(timeoutSeconds: 15) {
            let reply = try Reply.decode(line)
            if reply.isOK, let seq = reply["seq"].flatMap(Int64.init) { acknowledged.append(seq) }
        }
        #expect(daemon.stop() == 0)
        let stored = try StoredRows(path: daemon.databasePath).sequences()["t"] ?? []
        #expect(!acknowledged.isEmpty)
        #expect(Set(acknowledged).isSubset(of: Set(stored)))
        #expect(daemon.log.contains("stopped"))
    }

    /// `attendctl linetest` tells a script how the test went: any failed target is exit 1.
    @Test func linetestExitsOneWhenATargetFailed() throws {
        let up = try LoopbackTCPServer()
        // A port that was free a moment ago: nothing listens there, so every check is refused.
        let (fd, closedPort) = try listenOnLoopback(port: 0)
        close(fd)
        let daemon = try DaemonHarness(extraConfig: """
            [probes]
            targets = district 127.0.0.1:\(up.port) tcp, bridge 127.0.0.1:\(closedPort) tcp
            interval = 1
            timeout_ms = 400
            """)
        let failed = try daemon.attendctl(["linetest", "--seconds", "2"])
        #expect(failed.stdout.contains("bridge\tFAILED"), "\(failed)")
        #expect(failed.stdout.contains("district\tPASSED"), "\(failed)")
        #expect(failed.status == 1, "one target failed, yet exit \(failed.status)")

        let passing = try DaemonHarness(extraConfig: """
            [probes]
            targets = district 127.0.0.1:\(up.port) tcp
            interval = 1
            timeout_ms = 400
            """)
        let passed = try passing.attendctl(["linetest", "--seconds", "2"])
        #expect(passed.stdout.contains("district\tPASSED"), "\(passed)")
        #expect(passed.status == 0, "\(passed)")
    }

    static var exampleConfig: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config/attendd.conf").path
    }
}
