import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Testing

/// The terminal's corrections through a pseudo-terminal against a real attendd: the pick hint
/// goes with the list, a stray list number asks first, F8 voids the newest scan.
@Suite struct TerminalUndoEndToEndTests {
    static let f8 = "\u{1B}[19~"

    @Test func aStrayListNumberAsksAndF8VoidsTheLastScan() throws {
        let daemon = try TerminalTests().daemonWithConference()
        let screen = try TerminalTests().terminal(daemon, ["--data", daemon.dataDirectory], term: "t8")
        try screen.waitFor("Có mặt 0/4")
        screen.type("nguyen van an\r")
        try screen.waitFor(" 2  Nguyễn Văn An")
        screen.type("1\r")
        try screen.waitFor("Mã A01")
        _ = try screen.waitFor("the pick hint gone") { !$0.text.contains("gõ số rồi Enter") }
        // Following the old hint again asks instead of recording a walk-in "1".
        screen.type("1\r")
        try screen.waitFor("Enter lần nữa để ghi mã 1")
        screen.type("A02\r")
        try screen.waitFor("Mã A02")
        try screen.waitFor("Có mặt 2/4")

        screen.type(Self.f8)
        try screen.waitFor("Huỷ lượt của A02? Gõ lý do")
        screen.type("nhầm người\r")
        try screen.waitFor("Đã huỷ lượt của A02")
        try screen.waitFor(TerminalText.spaced("ĐÃ HUỶ LƯỢT NÀY", fitting: 76))
        try screen.waitFor("Có mặt 1/4")  // the next SUMMARY leaves the voided one out
        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)
        #expect(daemon.stop() == 0)

        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE terminal = 't8'") == 2)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = '1'") == 0)
        #expect(try rows.count("""
            SELECT count(*) FROM void JOIN checkin USING (event)
            WHERE delegate = 'A02' AND void.terminal = 't8' AND by_control = 1 AND reason = 'nhầm người'
            """) == 1)
    }

    @Test func f8TakesAScanWaitingOnDiskOffTheQueueSoItIsNeverSent() throws {
        let daemon = try TerminalTests().daemonWithConference()
        try daemon.pinPort()
        let queuePath = daemon.directory + "/t9.queue"
        let screen = try TerminalTests().terminal(daemon, ["--host", "127.0.0.1", "--port", String(daemon.port)], term: "t9")
        try screen.waitFor("● ĐÃ KẾT NỐI")
        daemon.stop()
        screen.type("B02\r")
        try screen.waitFor("CHỜ GỬI 1")
        screen.type(Self.f8)
        try screen.waitFor("Huỷ lượt của B02? Gõ lý do")
        screen.type("\r")
        try screen.waitFor("Đã bỏ lượt chờ gửi của B02")
        let queue = try OfflineQueue(contents: [UInt8](FileManager.default.contents(atPath: queuePath) ?? Data()), file: queuePath, firstSequence: 0)
        #expect(queue.pending.isEmpty)

        // attendd returns; a scan after it is stored, the undone one never is (the queue drains in order).
        try daemon.start()
        try screen.waitFor("● ĐÃ KẾT NỐI")
        screen.type("C03\r")
        try screen.waitFor("Mã C03")
        try screen.waitFor("Có mặt 1/4")
        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)
        #expect(daemon.stop() == 0)
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'C03'") == 1)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'B02'") == 0)
    }
}
