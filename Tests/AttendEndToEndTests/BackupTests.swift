import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `attendctl backup FILE` under pipelined load, then the documented restore (stop, copy, start):
/// every check-in acknowledged before the backup began is in the restored daemon.
@Suite struct BackupTests {
    @Test func backupUnderLoadRestoresEveryAcknowledgedCheckIn() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("BK")
        let acks = Acknowledgements()
        let group = DispatchGroup()
        for index in 0..<4 {
            let port = daemon.port
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                CrashTests.pipeline(port: port, terminal: "b\(index)", from: 1, count: 200_000, into: acks)
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while acks.total < 3_000 && Date() < deadline { usleep(5_000) }
        let before = acks.byTerminal
        let backupFile = daemon.directory + "/backup.db"
        let result = try daemon.attendctl(["backup", backupFile])
        let after = acks.total
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("integrity ok"), "\(result.stdout)")
        // Ingest goes on after the copy (on a loaded machine a commit may take a while: poll).
        let growing = Date().addingTimeInterval(10)
        while acks.total <= after && Date() < growing { usleep(10_000) }
        #expect(acks.total > after)
        #expect(daemon.stop() == 0)
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(!FileManager.default.fileExists(atPath: backupFile + ".partial"))

        // Restore into another daemon's data folder: stop it, copy the backup in, start it.
        let restored = try DaemonHarness()
        #expect(restored.stop() == 0)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: restored.databasePath + suffix) }
        try FileManager.default.copyItem(atPath: backupFile, toPath: restored.databasePath)
        try restored.start()
        // The conference was open in the backup, so it is open after the restore.
        #expect(try restored.connect().request("CHECKIN id=after-restore").isOK)
        #expect(restored.stop() == 0)

        let rows = try StoredRows(path: restored.databasePath)
        #expect(try rows.integrityCheck() == "ok")
        let stored = try rows.sequences()
        var counted = 0
        for (terminal, acknowledged) in before {
            let kept = stored[terminal] ?? []
            #expect(kept.count == Set(kept).count, "a check-in of \(terminal) stored twice")
            let missing = acknowledged.subtracting(kept)
            #expect(missing.isEmpty, "\(missing.count) check-ins of \(terminal) acknowledged before the backup are not in it")
            counted += acknowledged.count
        }
        #expect(counted >= 3_000)
        // And nothing the backup holds was invented: it is a subset of what the live daemon stored.
        let live = try StoredRows(path: daemon.databasePath).sequences()
        for (terminal, kept) in stored where terminal.hasPrefix("b") {
            #expect(Set(kept).isSubset(of: Set(live[terminal] ?? [])))
        }
    }

    @Test func aBackupNeedsADatabaseAndAWritableDestination() throws {
        let folder = NSTemporaryDirectory() + "attendd-nodb-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let missing = try DaemonHarness.run("attendctl", ["--data", folder, "backup", folder + "/b.db"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no database at"))

        let daemon = try DaemonHarness()
        let unwritable = try daemon.attendctl(["backup", "/proc/attendd-backup.db"])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.hasPrefix("attendctl: "))
        #expect(try daemon.attendctl(["backup"]).status == 2)
    }
}
