import AttendTestSupport
import Foundation
import Glibc
import Testing

/// After SIGTERM every background part has stopped before attendd exits: each is logged
/// stopped at debug level, and the kernel lists no part thread left (`/proc/self/task`),
/// which fails whatever the group believes if a part's thread is still running.
@Suite struct PartLifeCycleTests {
    static let key = String(repeating: "c3", count: 32)

    @Test func sigtermStopsEveryPartInReverseOrderAndLeavesNoThread() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        _ = try DistrictPushTests.writeKeys(keys, "bridge.keys", "xa-a \(Self.key)\n")
        let hub = try FakeHub(port: 0, behaviour: .silent)
        defer { hub.stop() }
        let (closed, _) = try listenOnLoopback(port: 0)
        close(closed)  // a port nothing listens on: the probes fail fast
        let daemon = try DaemonHarness(extraConfig: """
            [log]
            level = debug
            [probes]
            targets = gw 127.0.0.1:\(closed) tcp
            interval = 1
            [push]
            to = 127.0.0.1:\(hub.port)
            bridge_id = xa-a
            keys_file = \(keys)/bridge.keys

            """)
        // A line test under way when the stop comes; its asker has gone, so nothing is owed.
        do {
            let control = try daemon.control()
            try control.send("LINETEST seconds=30")
            let deadline = Date().addingTimeInterval(10)
            while !Self.threads(of: daemon).contains("attendd-ltest") && Date() < deadline { usleep(20_000) }
        }
        #expect(Self.threads(of: daemon).contains("attendd-ltest"))
        #expect(daemon.stop() == 0)
        let log = daemon.log
        let stopped = log.split(separator: "\n").compactMap { line in
            line.range(of: "part stopped part=").map { String(line[$0.upperBound...]) }
        }
        #expect(stopped == [
            "live-pusher", "plan-poller", "line-tests", "prober", "tally-checker", "writer", "pusher", "query-reader", "checkpointer", "status-reporter",
        ])
        #expect(!log.contains("did not stop in time"))
        #expect(log.contains("part threads left count=0 names=\"\""))
    }

    /// The names of the daemon's threads, as the kernel shows them.
    static func threads(of daemon: DaemonHarness) -> [String] {
        guard let pid = daemon.process?.processIdentifier else { return [] }
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.compactMap { try? String(contentsOfFile: "/proc/\(pid)/task/\($0)/comm", encoding: .utf8) }
            .map { $0.trimmingCharacters(in: .newlines) }
    }
}
