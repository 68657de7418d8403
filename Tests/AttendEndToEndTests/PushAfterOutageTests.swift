import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Three closed tallies wait while the hub is down; once it is back, every tally is stored at the
/// hub within 60 s of its return. (How the schedule behaves after days down is
/// `PushRetryScheduleTests`, on a fake clock; these are the daemons' wiring of it.)
@Suite struct PushAfterOutageTests {
    /// Seconds the long outage keeps the hub down, from `ATTENDD_LONG_OUTAGE`: `.ci/run` runs this
    /// test once on its own with 240 (the three passes of the end-to-end suite would triple it).
    static let longOutageSeconds = ProcessInfo.processInfo.environment["ATTENDD_LONG_OUTAGE"].flatMap(Double.init)

    /// Some seconds down with polls every second: the next poll that gets through brings the
    /// waiting pushes forward.
    @Test func everyClosedTallyIsStoredWithinAMinuteOfTheHubsReturn() throws {
        // Down long enough for the backoff to have grown past the poll interval (1 + 2 + 4 s).
        try Self.outage(push: "poll = 1\ntimeout = 2\n") { ($0.push?.failures ?? 0) >= 4 }
    }

    /// Minutes down with the default poll (60 s) and timeout: the retries, at their 30 s cap by then,
    /// reach the hub within 60 s of its return on their own.
    @Test(.enabled(if: longOutageSeconds != nil, "set ATTENDD_LONG_OUTAGE=SECONDS to run it (.ci/run does, with 240)"))
    func minutesDownWithTheDefaultScheduleStillWithinAMinute() throws {
        let seconds = try #require(Self.longOutageSeconds)
        let downSince = Date()
        try Self.outage(push: "", waitDown: seconds + 60) { _ in Date().timeIntervalSince(downSince) >= seconds }
    }

    /// Holds three conferences at a bridge point while its hub is down until `down` holds of the
    /// bridge's status, starts the hub, and expects every tally stored within 60 s.
    static func outage(push extra: String, waitDown: Double = 60, until down: (StatusSnapshot) -> Bool) throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try DistrictPushTests.writeKeys(keys, "hub.keys", "xa-a \(DistrictPushTests.keyA) UBND xã A\n")
        let hub = try DistrictPushTests.downHub(keysFile: hubKeys)
        let bridge = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: hub.port, bridge: "xa-a", keysFile: try DistrictPushTests.writeKeys(keys, "a.keys", "xa-a \(DistrictPushTests.keyA)\n"))
            + extra)
        let conferences = ["HN-A", "HN-B", "HN-C"]
        for id in conferences { try DistrictPushTests.holdConference(id, at: bridge, checkIns: id == "HN-A" ? 1 : 0) }
        let failing = try bridge.waitForStatus(timeoutSeconds: waitDown) { $0.push?.waiting == 3 && down($0) }
        #expect(failing.push?.waiting == 3 && down(failing), "the hub's outage did not last as the test needs")
        #expect(failing.push?.lastSuccess == nil)
        let failures = failing.push?.failures ?? 0

        try hub.start()
        let back = Date()
        for id in conferences {
            let rollup = try DistrictPushTests.rollup(hub, id) { !$0.reported.isEmpty }
            #expect(rollup.reported.map(\.id) == ["xa-a"], "\(id)")
            #expect(rollup.total.walkIns == (id == "HN-A" ? 1 : 0), "\(id)")
        }
        let late = Date().timeIntervalSince(back)
        #expect(late < 60, "the last closed tally was stored \(late) s after the hub came back")
        print("PushAfterOutageTests: \(failures) failed attempts while down; all three tallies stored \(String(format: "%.1f", late)) s after the hub's return")
        _ = try bridge.waitForStatus { $0.push?.waiting == 0 && $0.push?.lastError == nil }
        #expect(bridge.stop() == 0)
        #expect(hub.stop() == 0)
    }
}
