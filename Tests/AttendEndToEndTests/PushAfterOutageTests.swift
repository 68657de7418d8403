import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Three closed tallies wait while the hub is down; once it is back, the bridge point's next poll
/// gets through and brings the pushes forward: every tally is stored at the hub within 60 s of its
/// return. (How the schedule behaves after minutes or days down is `PushRetryScheduleTests`, on a
/// fake clock; this is the daemons' wiring of it, with an outage of some seconds.)
@Suite struct PushAfterOutageTests {
    @Test func everyClosedTallyIsStoredWithinAMinuteOfTheHubsReturn() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try DistrictPushTests.writeKeys(keys, "hub.keys", "xa-a \(DistrictPushTests.keyA) UBND xã A\n")
        let hub = try DistrictPushTests.downHub(keysFile: hubKeys)
        let bridge = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: hub.port, bridge: "xa-a", keysFile: try DistrictPushTests.writeKeys(keys, "a.keys", "xa-a \(DistrictPushTests.keyA)\n"))
            + "poll = 1\ntimeout = 2\n")
        let conferences = ["HN-A", "HN-B", "HN-C"]
        for id in conferences { try DistrictPushTests.holdConference(id, at: bridge, checkIns: id == "HN-A" ? 1 : 0) }
        // Down long enough for the backoff to have grown past the poll interval (1 + 2 + 4 s).
        let failing = try bridge.waitForStatus(timeoutSeconds: 60) { ($0.push?.failures ?? 0) >= 4 && $0.push?.waiting == 3 }
        #expect(failing.push?.lastSuccess == nil)

        try hub.start()
        let back = Date()
        for id in conferences {
            let rollup = try DistrictPushTests.rollup(hub, id) { !$0.reported.isEmpty }
            #expect(rollup.reported.map(\.id) == ["xa-a"], "\(id)")
            #expect(rollup.total.walkIns == (id == "HN-A" ? 1 : 0), "\(id)")
        }
        let late = Date().timeIntervalSince(back)
        #expect(late < 60, "the last closed tally was stored \(late) s after the hub came back")
        print("PushAfterOutageTests: all three tallies stored \(String(format: "%.1f", late)) s after the hub's return")
        _ = try bridge.waitForStatus { $0.push?.waiting == 0 && $0.push?.lastError == nil }
        #expect(bridge.stop() == 0)
        #expect(hub.stop() == 0)
    }
}
