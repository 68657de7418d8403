import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Testing

/// The disk fills: requests get `unavailable`, nothing unstored is acknowledged, and ingest
/// resumes by itself when space returns.
///
/// A full disk is made with the daemon's file-size limit (`prlimit --fsize`, util-linux): every
/// write past the first byte of any file then fails with EFBIG, as writes fail with ENOSPC on
/// a full filesystem, and SQLite reports both as a failed write. It needs no mount privileges.
@Suite struct StorageFailureTests {
    @Test func aFullDiskRefusesRequestsAndIngestResumesByItself() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("FULL")
        let client = try daemon.connect()
        #expect(try client.request("CHECKIN id=before term=t seq=1").isOK)
        let pid = try #require(daemon.process?.processIdentifier)

        // The soft limit only, so it can be raised again without privileges.
        #expect(try Self.prlimit(pid, fileSize: "1:") == 0)
        var acknowledged: [Int64] = [1]
        var refused = 0
        for seq in Int64(2)...20 {
            let reply = try client.request("CHECKIN id=D\(seq) term=t seq=\(seq)")
            if reply.isOK { acknowledged.append(seq) } else {
                #expect(reply.error == .unavailable)
                #expect(reply["msg"]?.contains("retry later") == true)
                refused += 1
            }
        }
        #expect(refused == 19)

        #expect(try Self.prlimit(pid, fileSize: "unlimited:") == 0)
        // The terminal retries the refused ones; the daemon takes them without a restart.
        for seq in Int64(2)...20 {
            let reply = try client.request("CHECKIN id=D\(seq) term=t seq=\(seq)")
            #expect(reply.isOK)
            acknowledged.append(seq)
        }
        let status = try daemon.waitForStatus { $0.database.stored == 20 && $0.state == .ready }
        #expect(status.lastStorageError != nil)
        #expect(status.errors["unavailable"] == 19)
        // The log file could not grow while the limit held either; the recovery is logged.
        #expect(daemon.log.contains("storage recovered"))

        #expect(daemon.stop() == 0)
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.integrityCheck() == "ok")
        #expect(Set(try rows.sequences()["t"] ?? []) == Set(acknowledged))
    }

    static func prlimit(_ pid: Int32, fileSize: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/prlimit")
        process.arguments = ["--pid", String(pid), "--fsize=\(fileSize)"]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
