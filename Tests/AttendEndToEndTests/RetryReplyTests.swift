import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// A retry of a stored (term, seq) gets the reply the first attempt got, byte for byte, whatever
/// changed since: the invited list imported again, the conference closed, the daemon restarted.
@Suite struct RetryReplyTests {
    @Test func aRetryGetsItsOriginalReplyAfterAReimportACloseAndARestart() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN")
        let list = daemon.directory + "/moi.csv"
        try "Mã,Họ và tên,Đối tượng\nA01,Nguyễn Văn An,Đảng viên\n".write(toFile: list, atomically: true, encoding: .utf8)
        #expect(try daemon.attendctl(["invite", "import", list]).status == 0)

        let client = try daemon.connect()
        let line = "CHECKIN id=A01 term=t1 seq=41"
        let first = try client.request(line)
        #expect(first.isOK, "\(first)")
        #expect(first["name"] == "Nguyễn Văn An")
        #expect(first["invited"] == "1")
        let original = first.encoded()
        #expect(try client.request(line).encoded() == original)

        // The list again, without A01: the retry still names the delegate and says invited.
        try "Mã,Họ và tên,Đối tượng\nB02,Trần Thị Bình,Đảng viên\n".write(toFile: list, atomically: true, encoding: .utf8)
        let reimported = try daemon.attendctl(["invite", "import", list])
        #expect(reimported.status == 0, "\(reimported)")
        #expect(try client.request(line).encoded() == original)

        // Closed: the retry is not refused as no_conference (the terminal would file it for paper entry).
        #expect(try daemon.attendctl(["close"]).status == 0)
        #expect(try client.request(line).encoded() == original)
        // Another request under the same (term, seq) is still refused by name.
        #expect(try client.request("CHECKIN id=B02 term=t1 seq=41").error == .seqReused)
        // A new (term, seq) with no conference open is refused as before.
        #expect(try client.request("CHECKIN id=A01 term=t1 seq=42").error == .noConference)

        #expect(daemon.stop() == 0)
        try daemon.start()
        #expect(try daemon.connect().request(line).encoded() == original)
        daemon.stop()
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin") == 1)
    }
}
