import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `attendctl backup` aimed at the live database under every name that leads to it is refused
/// before anything is written; the daemon goes on acknowledging, restarts, and keeps every
/// check-in it acknowledged.
@Suite struct BackupOntoLiveTests {
    @Test func aBackupOntoTheLiveDatabaseIsRefusedAndDestroysNothing() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("LV")
        let data = daemon.dataDirectory
        let client = try daemon.connect()
        var acknowledged: [Int64] = []
        func checkIn() throws {
            let seq = Int64(acknowledged.count + 1)
            let reply = try client.request("CHECKIN id=lv-\(seq) term=live seq=\(seq)")
            #expect(reply.isOK, "\(reply)")
            if reply.isOK { acknowledged.append(seq) }
        }
        try checkIn()

        // Other names for the live files: links, a folder link, `..`, relative names.
        let symlink = daemon.directory + "/link.db"
        #expect(Glibc.symlink(daemon.databasePath, symlink) == 0)
        let hardLink = daemon.directory + "/hard.db"
        #expect(Glibc.link(daemon.databasePath, hardLink) == 0)
        let folderLink = daemon.directory + "/datalink"
        #expect(Glibc.symlink(data, folderLink) == 0)
        let targets: [(path: String, folder: String?)] = [
            (daemon.databasePath, nil), ("attendd.db", data), ("./attendd.db", data),
            ("attendd.db-wal", data), ("attendd.db-shm", data), ("attendd.db-journal", data),
            (symlink, nil), (hardLink, nil), (folderLink + "/attendd.db", nil), (data + "/../data/attendd.db", nil),
            ("../././attendd.db-wal", data + "/run"),
        ]
        for target in targets {
            let result = try daemon.attendctl(["backup", target.path], in: target.folder)
            #expect(result.status == 1, "backup \(target.path) in \(target.folder ?? "."): \(result.stdout)")
            #expect(result.stderr.contains("is the live database"), "\(target.path): \(result.stderr)")
            #expect(!result.stdout.contains("integrity ok"))
            try checkIn()
        }
        let folder = try daemon.attendctl(["backup", data])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("is a folder"), "\(folder.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data + ".partial"))
        try checkIn()

        // A restart works, and every acknowledged check-in is there.
        #expect(daemon.stop() == 0)
        try daemon.start()
        let again = try daemon.connect()
        #expect(try again.request("CHECKIN id=after-restart").isOK)
        #expect(daemon.stop() == 0)
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.integrityCheck() == "ok")
        let stored = try rows.sequences()["live"] ?? []
        #expect(acknowledged.count == targets.count + 2)
        #expect(Set(stored) == Set(acknowledged), "stored \(stored.sorted()), acknowledged \(acknowledged)")

        // A real backup beside it still works.
        try daemon.start()
        let good = try daemon.attendctl(["backup", daemon.directory + "/good.db"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("integrity ok"))
        #expect(daemon.stop() == 0)
    }
}
