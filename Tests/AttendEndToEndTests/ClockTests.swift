import AttendCore
import AttendIO
import AttendDaemon
import AttendTestSupport
import Foundation
import Testing

/// Terminal clocks wrong by hours: live check-ins count when attendd receives them, whatever the
/// terminal's `at=` says; check-ins queued while the line was down count at their scan time
/// corrected by the terminal's offset, measured from its live check-ins.
@Suite struct ClockTests {
    static let hour: Int64 = 3_600_000

    @Test func terminalClocksHoursOffDoNotMoveCheckIns() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("CLK")
        let client = try daemon.connect()
        func at(_ offset: Int64) -> String { Timestamp(milliseconds: daemon.now().milliseconds + offset).vietnam }

        // Live: one terminal 5 h slow, one 3 h fast. Both count now; their `at` is kept beside.
        let slow = try client.request("CHECKIN id=A1 term=slow seq=1 at=\(at(-5 * Self.hour))")
        let fast = try client.request("CHECKIN id=B1 term=fast seq=1 at=\(at(3 * Self.hour))")
        #expect(slow.isOK && fast.isOK)
        #expect(slow["effective_at"] == nil)
        for reply in [slow, fast] {
            let received = try #require(Timestamp(rfc3339: reply["at"] ?? ""))
            #expect(abs(received.milliseconds - daemon.now().milliseconds) < 5_000, "\(reply)")
        }

        // Queued while the line was down, stamped by the same wrong clocks 10 and 20 minutes ago.
        let queuedSlow = try client.request("CHECKIN id=A2 term=slow seq=2 queued=1 at=\(at(-5 * Self.hour - 10 * 60_000))")
        let queuedFast = try client.request("CHECKIN id=B2 term=fast seq=2 queued=1 at=\(at(3 * Self.hour - 20 * 60_000))")
        #expect(queuedSlow.isOK && queuedFast.isOK)
        let now = daemon.now().milliseconds
        let slowEffective = try #require(Timestamp(rfc3339: queuedSlow["effective_at"] ?? ""))
        let fastEffective = try #require(Timestamp(rfc3339: queuedFast["effective_at"] ?? ""))
        #expect(abs(slowEffective.milliseconds - (now - 10 * 60_000)) < 5_000, "\(queuedSlow)")
        #expect(abs(fastEffective.milliseconds - (now - 20 * 60_000)) < 5_000, "\(queuedFast)")

        // A terminal never seen live has no known offset: a scan time 3 h ahead is refused as future.
        let unknown = try client.request("CHECKIN id=C1 term=other seq=1 queued=1 at=\(at(3 * Self.hour))")
        #expect(unknown.error == .invalid)
        #expect(unknown["msg"]?.contains("in the future") == true)
        #expect(daemon.stop() == 0)

        let rows = try StoredRows(path: daemon.databasePath)
        // Live rows: counted at the receive time; the terminal's clock kept beside it, hours off.
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate IN ('A1', 'B1') AND effective_at = received_at") == 2)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'A1' AND received_at - terminal_at BETWEEN 17990000 AND 18010000") == 1)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'B1' AND terminal_at - received_at BETWEEN 10790000 AND 10810000") == 1)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'C1'") == 0)
    }

    /// After a restart the offset is derived from the newest live check-in stored: a terminal
    /// draining its queue when attendd comes back sends queued scans before any live one.
    @Test func aRestartKeepsATerminalsClockOffset() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("CLK")
        func at(_ offset: Int64) -> String { Timestamp(milliseconds: daemon.now().milliseconds + offset).vietnam }
        #expect(try daemon.connect().request("CHECKIN id=A1 term=slow seq=1 at=\(at(-5 * Self.hour))").isOK)
        #expect(daemon.stop() == 0)
        try daemon.start()
        let queued = try daemon.connect().request("CHECKIN id=A2 term=slow seq=2 queued=1 at=\(at(-5 * Self.hour - 10 * 60_000))")
        #expect(queued.isOK, "\(queued)")
        let effective = try #require(Timestamp(rfc3339: queued["effective_at"] ?? ""))
        #expect(abs(effective.milliseconds - (daemon.now().milliseconds - 10 * 60_000)) < 5_000, "\(queued)")
    }

    /// `ATTENDD_TEST_CLOCK_START` (tests only) starts the daemon's wall clock there, running on
    /// at real speed: replies, the status file and attendctl read that clock.
    @Test func aTestCanStartTheDaemonsWallClock() throws {
        let start = "2026-11-23T23:58:00+07:00"
        let daemon = try DaemonHarness(environment: [Clock.testStartVariable: start])
        try daemon.openConference("NGAY")
        let reply = try daemon.connect().request("CHECKIN id=A1")
        let received = try #require(Timestamp(rfc3339: reply["at"] ?? ""))
        let begun = try #require(Timestamp(rfc3339: start))
        #expect(received >= begun && received.milliseconds - begun.milliseconds < 60_000, "\(reply)")
        let status = try daemon.waitForStatus { $0.conference?.checkins == 1 }
        #expect(status.conference?.openedAt.hasPrefix("2026-11-23T23:5") == true, "\(status)")
        #expect(daemon.stop() == 0)

        let bad = try DaemonHarness.run("attendd", ["--config", daemon.configPath, "--data", daemon.dataDirectory],
                                        environment: [Clock.testStartVariable: "23:58"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("ATTENDD_TEST_CLOCK_START=23:58 is not an RFC 3339 time"), "\(bad)")
    }
}
