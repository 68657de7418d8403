import Testing

@testable import AttendCore

/// The terminal's corrections: the pick hint goes with the list, a stray list number asks
/// first, and F8 undoes the newest scan (off the queue, or `VOID` once acknowledged).
@Suite struct TerminalUndoTests {
    let at = Timestamp(rfc3339: "2026-11-23T07:45:00+07:00")!

    func typing(_ session: inout TerminalSession, _ text: String) -> [TerminalAction] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8)).flatMap { session.handle($0) }
    }

    /// A session that searched "nguyen van" and got two matches.
    func searched() -> TerminalSession {
        var session = TerminalSession(terminal: "t", canExcuse: false)
        _ = typing(&session, "Nguyễn văn\r")
        session.found(query: "nguyen van", reply: Reply(
            error: nil, fields: [.init("matches", "2")],
            payload: Array("A01\tNguyễn Văn An\tChi bộ 1\tparty_member\nA02\tNguyễn Văn Ba\tUBND xã\tofficial\n".utf8)))
        return session
    }

    /// A session with one scan of `id` on the queue (sequence 1).
    func scanned(_ id: String) -> TerminalSession {
        var session = TerminalSession(terminal: "t", canExcuse: false)
        var queue = OfflineQueue(firstSequence: 1)
        session.scanned(queue.add(direction: .checkIn, delegate: id, method: .card, at: at, conference: nil).entry, name: nil)
        return session
    }

    @Test func thePickHintGoesWithTheList() {
        var session = searched()
        #expect(session.message.contains("gõ số rồi Enter"))
        #expect(typing(&session, "1\r") == [.check(.checkIn, delegate: "A01", method: .manual, name: "Nguyễn Văn An")])
        #expect(session.matches.isEmpty)
        #expect(!session.message.contains("gõ số"))
        // Also when a card is scanned while the list is up.
        session = searched()
        #expect(typing(&session, "DV-0042\r") == [.check(.checkIn, delegate: "DV-0042", method: .card, name: nil)])
        #expect(!session.message.contains("gõ số"))
        let screen = TerminalScreen.render(session, width: 100, height: 30).map(\.text).joined(separator: "\n")
        #expect(!screen.contains("gõ số"))
    }

    @Test func aListNumberAfterTheListAsksBeforeItIsRecorded() {
        var session = searched()
        _ = typing(&session, "1\r")
        // Following the old hint again: "1" is not recorded as a walk-in at once.
        #expect(typing(&session, "1\r").isEmpty)
        #expect(session.prompt == .confirmNumber(id: "1"))
        #expect(session.message.contains("Enter lần nữa"))
        #expect(TerminalScreen.render(session, width: 100, height: 30).last?.text.contains("Ghi mã 1?") == true)
        // Esc: nothing recorded.
        _ = session.handle(.escape)
        #expect(session.prompt == .scan)
        // Something else typed instead is taken afresh.
        _ = typing(&session, "12\r")
        #expect(typing(&session, "DV-7\r") == [.check(.checkIn, delegate: "DV-7", method: .card, name: nil)])
        // The same digits again, or Enter alone, record them.
        _ = typing(&session, "12\r")
        #expect(typing(&session, "12\r") == [.check(.checkIn, delegate: "12", method: .card, name: nil)])
        // A real card number is long: no question.
        #expect(typing(&session, "1234\r") == [.check(.checkIn, delegate: "1234", method: .card, name: nil)])
    }

    @Test func f8TakesAPendingScanOffTheQueue() {
        var session = scanned("DV-1")
        #expect(session.handle(.function(8)).isEmpty)
        #expect(session.prompt == .undoReason(sequence: 1))
        #expect(typing(&session, "\r") == [.unqueue(sequence: 1)])
        session.unqueued(sequence: 1, removed: true)
        #expect(session.recent.first?.voided == true)
        #expect(session.banner?.voided == true)
        #expect(TerminalScreen.render(session, width: 100, height: 30).map(\.text).joined().contains("ĐÃ HUỶ"))
        // Nothing left to undo.
        _ = session.handle(.function(8))
        #expect(session.prompt == .scan)
        #expect(session.message == "Chưa có lượt quẹt nào để huỷ")
    }

    @Test func f8VoidsAnAcknowledgedScanWithTheReasonTyped() throws {
        var session = scanned("DV-1")
        session.answered(sequence: 1, direction: .checkIn, reply: try Reply.decode("OK seq=1 event=17 conf=HN id=DV-1 invited=0 first=1"))
        _ = session.handle(.function(8))
        #expect(typing(&session, "nhầm người\r") == [.void(event: 17, sequence: 1, reason: "nhầm người")])
        session.voidAnswered(sequence: 1, reply: try Reply.decode("ERR invalid msg=\"too late\""))
        #expect(session.recent.first?.voided == false)
        // The screen says it in Vietnamese, not attendd's English message.
        #expect(!session.message.contains("too late"))
        #expect(session.message.contains("quá thời hạn huỷ"))
        _ = session.handle(.function(8))
        #expect(typing(&session, "\r") == [.void(event: 17, sequence: 1, reason: TerminalSession.defaultUndoReason)])
        session.voidAnswered(sequence: 1, reply: try Reply.decode("OK event=17 new=1"))
        #expect(session.recent.first?.voided == true)
        // Esc at the reason undoes nothing.
        var other = scanned("DV-2")
        _ = other.handle(.function(8))
        _ = other.handle(.escape)
        #expect(other.prompt == .scan)
        #expect(typing(&other, "\r").isEmpty)
    }

    /// A delegate's card scanned while F8 asks for the reason is a check-in, not the reason: it
    /// is recorded, and nothing is voided until F8 again.
    @Test func aCardScannedAtTheReasonIsRecordedNotTakenAsTheReason() throws {
        var session = scanned("DV-1")
        session.answered(sequence: 1, direction: .checkIn, reply: try Reply.decode("OK seq=1 event=17 conf=HN id=DV-1 invited=0 first=1"))
        _ = session.handle(.function(8))
        #expect(typing(&session, "DV-0042\r") == [.check(.checkIn, delegate: "DV-0042", method: .card, name: nil)])
        #expect(session.prompt == .scan)
        #expect(session.message.contains("F8"))
        // A reason in words is still a reason.
        _ = session.handle(.function(8))
        #expect(typing(&session, "quẹt hộ\r") == [.void(event: 17, sequence: 1, reason: "quẹt hộ")])
    }

    /// Every refusal the terminal shows is in Vietnamese: no code falls through as English, and
    /// attendd's English `msg` never reaches the screen.
    @Test func refusalsAreShownInVietnamese() throws {
        for code in ErrorCode.allCases {
            let words = ScanOutcome.refusal(code.rawValue)
            #expect(words != code.rawValue && !words.contains("_"), "\(code) has no Vietnamese words")
        }
        var session = TerminalSession(terminal: "t", canExcuse: true)
        session.excuseAnswered(delegate: "DV-1", reason: "ốm", reply: try Reply.decode("ERR no_conference msg=\"no conference is open\""))
        #expect(session.message == "Không ghi được lý do vắng của DV-1: chưa mở hội nghị")
        session.found(query: "an", reply: try Reply.decode("ERR busy msg=\"too many queries waiting from this address\""))
        #expect(session.message == "Không tìm được: attendd đang bận; thử lại sau")
        session.incidentAnswered(start: true, kind: .audioLost, reply: try Reply.decode("ERR not_authorised msg=\"terminal t has no key\""))
        #expect(!session.message.contains("no key"))
    }
}
