import AttendCore
import AttendDaemon
import AttendIO
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `below_target` at a real bridge point: a conference opened seven seconds before its morning
/// part ends (after one schedule check, before the next), one party member of four present, writes the event once the schedule check sees
/// the part over, naming the part and the category with its rate. The daemon's wall clock starts
/// at 08:59:50 on a fixed day, so the part's end comes within seconds whatever the time of day.
@Suite struct BelowTargetEventTests {
    @Test func aPartEndingBelowTargetSoonAfterTheOpeningIsAnEvent() throws {
        let spool = NSTemporaryDirectory() + "attendd-events-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: spool) }
        let hall = try DaemonHarness(
            extraConfig: "[events]\nspool = \(spool)\n", environment: [Clock.testStartVariable: "2026-12-02T08:59:50+07:00"])
        try "Mã,Họ và tên,Đơn vị,Đối tượng\nA1,Nguyễn Văn An,Chi bộ 1,Đảng viên\nA2,Trần Văn Bình,Chi bộ 1,Đảng viên\n"
            .appending("A3,Lê Thị Cúc,Chi bộ 2,Đảng viên\nA4,Phạm Văn Dũng,Chi bộ 2,Đảng viên\nB1,Hoàng Thị Em,UBND xã,Công chức\n")
            .write(toFile: hall.directory + "/moi.csv", atomically: true, encoding: .utf8)
        let define = try hall.attendctl(["define", "HN", "--title", "Hội nghị", "--date", "2026-12-02", "--parts", "Sáng 08:00-09:00, Chiều 13:30-17:00"])
        #expect(define.status == 0, "\(define)")
        #expect(try hall.attendctl(["invite", "import", hall.directory + "/moi.csv", "--conf", "HN"]).status == 0)
        // Opened after the first schedule check (at the daemon's start) and before the next one,
        // which comes after the part's end: the part is still seen to end.
        let terminal = try hall.connect()
        var time = ""
        while time < "2026-12-02T08:59:53" {
            usleep(50_000)
            time = try terminal.request("PING")["time"] ?? ""
        }
        #expect(time < "2026-12-02T08:59:59", "the set-up took too long to open before the part's end: \(time)")
        #expect(try hall.attendctl(["open", "HN"]).status == 0)
        for (seq, id) in ["A1", "B1"].enumerated() { #expect(try hall.connect().request("CHECKIN id=\(id) term=t seq=\(seq + 1)").isOK) }

        let event = ReportFilesTests.waitForFile(spool + "/below_target-HN+local.event") { !$0.isEmpty }
        #expect(event.contains("ATTEND_EVENT=\"below_target\""), "\(event)")
        #expect(event.contains("ATTEND_CONFERENCE=\"HN\""), "\(event)")
        #expect(event.contains("ATTEND_DETAIL=\"Sáng: Đảng viên 25,0%\""), "\(event)")
        #expect(event.contains("ATTEND_AT_LOCAL=\"2026-12-02T09:00:"), "\(event)")
        #expect(!event.contains("Công chức"), "a category at its target is not named: \(event)")
        #expect(hall.stop() == 0)
    }
}
