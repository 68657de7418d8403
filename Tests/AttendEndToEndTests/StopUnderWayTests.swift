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
}
