import AttendCore
import AttendIO
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Work under way when SIGTERM comes does not hold the stop up: a line test's asker is answered
/// at once, a push waiting on a silent hub is cut short (and sent again after the restart), and
/// the stop ends well within its grace period with no part thread left.
@Suite struct StopUnderWayTests {
    static let key = String(repeating: "c3", count: 32)

    /// The operator who asked for a line test hears why it ended, instead of a reset connection
    /// 10 s later when the stop's grace period runs out.
    @Test func aLineTestUnderWayIsAnsweredAtOnceAndTheStopEndsSoon() throws {
        let (closed, _) = try listenOnLoopback(port: 0)
        close(closed)  // a port nothing listens on: the probes fail fast
        let daemon = try DaemonHarness(extraConfig: """
            [log]
            level = debug
            [probes]
            targets = gw 127.0.0.1:\(closed) tcp
            interval = 1

            """)
        let control = try daemon.control()
        try control.send("LINETEST seconds=30 seq=7")
        let deadline = Date().addingTimeInterval(10)
        while !PartLifeCycleTests.threads(of: daemon).contains("attendd-ltest") && Date() < deadline { usleep(20_000) }
        #expect(PartLifeCycleTests.threads(of: daemon).contains("attendd-ltest"))

        let began = Date()
        daemon.signal(SIGTERM)
        let text = try #require(try control.readLine(timeoutSeconds: 15), "no reply to the line test")
        let reply = try Reply.decode(text)
        #expect(reply.error == .unavailable, "\(text)")
        #expect(reply["seq"] == "7", "\(text)")
        #expect(reply["msg"]?.contains("the line test was cut short: attendd is stopping; nothing stored") == true, "\(text)")
        #expect(daemon.stop() == 0)
        let took = Date().timeIntervalSince(began)
        #expect(took < 3, "the stop took \(took) s")
        let log = daemon.log
        #expect(!log.contains("replies unsent"), "\(log)")
        #expect(log.contains("part threads left count=0 names=\"\""))
        #expect(try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM linetest") == 0)
    }

    /// A hub that accepts and never replies: the stop shuts the push's socket, so it costs no
    /// deadline (let alone two); the tally stays in the outbox and goes again after the restart.
    @Test func aPushUnderWayIsCutShortAndRetriedAfterTheRestart() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        _ = try DistrictPushTests.writeKeys(keys, "bridge.keys", "xa-a \(Self.key)\n")
        let hub = try FakeHub(port: 0, behaviour: .silent)
        defer { hub.stop() }
        let bridge = try DaemonHarness(extraConfig: "[log]\nlevel = debug\n"
            + DistrictPushTests.pushConfig(to: hub.port, bridge: "xa-a", keysFile: keys + "/bridge.keys") + "timeout = 60\n")
        try DistrictPushTests.holdConference("HN", at: bridge, checkIns: 1)
        // The plan poller's poll at start and the push, each waiting for its reply.
        let deadline = Date().addingTimeInterval(30)
        while hub.connections < 2 && Date() < deadline { usleep(20_000) }
        #expect(hub.connections == 2)

        let began = Date()
        #expect(bridge.stop() == 0)
        let took = Date().timeIntervalSince(began)
        #expect(took < 1.5, "the stop took \(took) s")
        let log = bridge.log
        #expect(!log.contains("did not stop in time"), "\(log)")
        #expect(log.contains("push cut short: attendd is stopping"), "\(log)")
        #expect(log.contains("part threads left count=0 names=\"\""), "\(log)")
        #expect(try StoredRows(path: bridge.databasePath).count("SELECT count(*) FROM outbox WHERE pushed_at IS NULL") == 1)

        try bridge.start()
        let again = Date().addingTimeInterval(30)
        while hub.connections < 4 && Date() < again { usleep(20_000) }
        #expect(hub.connections == 4, "the push was not sent again after the restart (nor the poll)")
        #expect(bridge.stop() == 0)
    }

    /// A moved wall clock is said once in attendd's log, with where it starts from.
    @Test func attenddWarnsOnceThatATestMovedItsWallClock() throws {
        let daemon = try DaemonHarness(environment: [Clock.testStartVariable: "2026-11-23T23:58:00+07:00"])
        #expect(daemon.stop() == 0)
        let warnings = daemon.log.split(separator: "\n").filter { $0.contains("wall clock moved for a test") }
        #expect(warnings.count == 1, "\(daemon.log)")
        #expect(warnings.first?.contains("from=2026-11-23T23:58:00") == true, "\(warnings)")
    }

    /// attendctl refuses a malformed ATTENDD_TEST_CLOCK_START as attendd does, not ignores it.
    @Test func attendctlRefusesAMalformedTestClock() throws {
        let bad = try DaemonHarness.run("attendctl", ["status"], environment: [Clock.testStartVariable: "23:58"])
        #expect(bad.status == 2, "\(bad)")
        #expect(bad.stderr.contains("attendctl: ATTENDD_TEST_CLOCK_START=23:58 is not an RFC 3339 time"), "\(bad)")
    }
}
