import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// Ids holding the byte 0xA0 inside a letter (à, Ơ, Ạ, Ỡ) are served end to end: imported, found,
/// checked in over TCP with such a `term=`, and through `attendctl open`, `checkin` and `excuse`.
@Suite struct VietnameseIdentifierTests {
    @Test func idsWithTheByteA0AreServedEverywhere() throws {
        let daemon = try DaemonHarness()
        let opened = try daemon.attendctl(["open", "Hà-HN", "Hội nghị"])
        #expect(opened.status == 0, "\(opened)")
        let list = daemon.directory + "/moi.csv"
        try "Mã,Họ và tên,Đối tượng\nHà-001,Nguyễn Thị Hà,Đảng viên\nƠn-2,Lê Văn Ơn,Đảng viên\nẠ3,Trần Ạ,Đảng viên\nỠ4,Phạm Ỡ,Đảng viên\n"
            .write(toFile: list, atomically: true, encoding: .utf8)
        let imported = try daemon.attendctl(["invite", "import", list])
        #expect(imported.status == 0, "\(imported)")

        let client = try daemon.connect()
        let overTCP = try client.request("CHECKIN id=Hà-001 term=Ạ-cửa seq=1")
        #expect(overTCP.isOK, "\(overTCP)")
        #expect(overTCP["name"] == "Nguyễn Thị Hà")
        let manual = try daemon.attendctl(["checkin", "Ơn-2", "--term", "Ỡ-bàn"])
        #expect(manual.status == 0, "\(manual)")
        let excused = try daemon.attendctl(["excuse", "Ạ3", "Đi công tác"])
        #expect(excused.status == 0, "\(excused)")
        // Real white space is still refused, by name.
        let spaced = try client.request("CHECKIN id=\"Hà\u{00A0}001\" term=t seq=2")
        #expect(spaced["msg"] == "id must not be empty or contain spaces")
        daemon.stop()

        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'Hà-001' AND terminal = 'Ạ-cửa'") == 1)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'Ơn-2' AND terminal = 'Ỡ-bàn'") == 1)
    }
}
