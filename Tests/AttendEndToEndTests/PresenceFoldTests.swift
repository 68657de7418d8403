import AttendCore
import AttendStore
import AttendTestSupport
import Foundation
import Testing

/// The writer folds `presence` a little at a time (issue 23): between groups while nothing is
/// queued, so no group's acks wait for the whole fold that 16,384 check-ins made before.
@Suite struct PresenceFoldTests {
    @Test func anIdleWriterFoldsBetweenCheckIns() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN")
        let client = try daemon.connect()
        // One at a time, each acknowledged before the next is sent: the writer is idle between.
        let checkIns = max(320, 3 * CheckInRepository.idleFoldRows)
        for n in 1...checkIns {
            let reply = try client.request("CHECKIN id=A\(n % 300) term=t1 seq=\(n)", timeoutSeconds: 10)
            #expect(reply.isOK, "\(reply)")
        }
        let rows = try StoredRows(path: daemon.databasePath)
        func folded() throws -> Int { try rows.count("SELECT folded_through FROM presence_mark") }
        // The last fold may still be running after the last ack.
        let deadline = Date().addingTimeInterval(10)
        while try folded() < checkIns - CheckInRepository.idleFoldRows && Date() < deadline { usleep(10_000) }
        let mark = try folded()
        #expect(mark >= checkIns - CheckInRepository.idleFoldRows, "folded through \(mark) of \(checkIns)")
        // Folded or not, the figures are the check-ins'.
        let summary = try client.request("SUMMARY", timeoutSeconds: 10)
        #expect(summary["walk_ins"] == "300", "\(summary)")
        #expect(daemon.stop() == 0)
        let after = try StoredRows(path: daemon.databasePath)
        #expect(try after.count("SELECT sum(checkins) FROM presence") + (try after.count(
            "SELECT count(*) FROM checkin WHERE event > (SELECT folded_through FROM presence_mark)")) == checkIns)
    }
}
