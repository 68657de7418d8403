import Testing

@testable import AttendCore

@Suite struct TerminalSessionTests {
    let at = Timestamp(rfc3339: "2026-11-23T07:45:00+07:00")!

    func typing(_ session: inout TerminalSession, _ text: String) -> [TerminalAction] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8)).flatMap { session.handle($0) }
    }

    func reply(_ text: String) throws -> Reply { try Reply.decode(text) }

    @Test func aScannedIdChecksInAndTheReplySaysHow() throws {
        var session = TerminalSession(terminal: "hall-1", canExcuse: false)
        #expect(typing(&session, "DV-0042\r") == [.check(.checkIn, delegate: "DV-0042", method: .card, name: nil)])
        var queue = OfflineQueue(firstSequence: 1)
        let entry = queue.add(direction: .checkIn, delegate: "DV-0042", method: .card, at: at, conference: nil).entry
        session.scanned(entry, name: nil)
        #expect(session.banner?.outcome == .pending)
        session.answered(sequence: 1, direction: .checkIn, reply: try reply("OK seq=1 event=1 conf=HN id=DV-0042 at=2026-11-23T07:45:00.100+07:00 name=\"Nguyễn Văn An\" invited=1 first=1 late=12 part=Sáng"))
        #expect(session.banner?.name == "Nguyễn Văn An")
        #expect(session.banner?.outcome == .late(minutes: 12, part: "Sáng"))
        #expect(session.banner?.outcome.headline == "ĐẾN MUỘN 12 phút")
        #expect(session.recent.count == 1)
    }

    @Test(arguments: [
        ("OK seq=1 id=X invited=1 first=1", Direction.checkIn, ScanOutcome.onTime, "ĐÚNG GIỜ"),
        ("OK seq=1 id=X invited=1 first=0", .checkIn, .repeated, "ĐÃ ĐIỂM DANH"),
        ("OK seq=1 id=X invited=0 first=1", .checkIn, .walkIn, "NGOÀI DANH SÁCH"),
        ("OK seq=1 id=X invited=1", .checkOut, .checkedOut, "ĐÃ RA VỀ"),
        ("ERR no_conference seq=1 msg=\"no conference is open\"", .checkIn,
         .refused(code: "no_conference", message: "no conference is open"), "KHÔNG GHI ĐƯỢC: chưa mở hội nghị"),
    ])
    func outcomes(text: String, direction: Direction, outcome: ScanOutcome, headline: String) throws {
        let read = ScanOutcome(reply: try reply(text), direction: direction)
        #expect(read == outcome)
        #expect(read.headline == headline)
    }

    @Test func aNameWithoutDiacriticsListsMatchesAndANumberPicksOne() throws {
        var session = TerminalSession(terminal: "t", canExcuse: false)
        #expect(typing(&session, "Nguyễn văn\r") == [.find("nguyen van")])
        let found = Reply(error: nil, fields: [.init("conf", "HN"), .init("matches", "2"), .init("bytes", "0")],
                          payload: Array("A01\tNguyễn Văn An\tChi bộ 1\tparty_member\nA02\tNguyễn Văn An\tUBND xã\tofficial\n".utf8))
        session.found(query: "nguyen van", reply: found)
        #expect(session.matches.map(\.unit) == ["Chi bộ 1", "UBND xã"])
        // A number beyond the list is not a pick: it asks, and Enter again records it as an id.
        #expect(typing(&session, "3\r").isEmpty)
        #expect(typing(&session, "\r") == [.check(.checkIn, delegate: "3", method: .card, name: nil)])
        session.found(query: "nguyen van", reply: found)
        #expect(typing(&session, "2\r") == [.check(.checkIn, delegate: "A02", method: .manual, name: "Nguyễn Văn An")])
        #expect(session.matches.isEmpty)
        // Escape drops the list; `#` forces an id, `?` a name search.
        session.found(query: "nguyen van", reply: found)
        _ = session.handle(.escape)
        #expect(session.matches.isEmpty)
        #expect(typing(&session, "#ABC\r") == [.check(.checkIn, delegate: "ABC", method: .card, name: nil)])
        #expect(typing(&session, "?Lê 2\r") == [.find("le 2")])
        #expect(typing(&session, "a\"b1\r").isEmpty)
        #expect(session.message.hasPrefix("Mã không hợp lệ"))
    }

    @Test func functionKeysReportIncidentsAndSwitchModes() throws {
        var session = TerminalSession(terminal: "t", canExcuse: false)
        #expect(session.handle(.function(1)) == [.incident(start: true, kind: .audioLost)])
        #expect(session.handle(.function(4)) == [.incident(start: false, kind: .videoLost)])
        #expect(session.handle(.function(5)) == [.incident(start: true, kind: .lineDown)])
        session.incidentAnswered(start: true, kind: .lineDown, reply: try reply("OK incident=3 kind=line_down started_at=2026-11-23T08:10:00.000+07:00 new=1"))
        #expect(session.message == "Đã báo sự cố: đường truyền MẤT lúc 08:10")
        #expect(session.handle(.function(9)).isEmpty)
        #expect(session.direction == .checkOut)
        #expect(typing(&session, "A01\r") == [.check(.checkOut, delegate: "A01", method: .card, name: nil)])
        #expect(session.handle(.control("c")) == [.quit])
    }

    @Test func excusesOnlyOnTheControlSocket() {
        var remote = TerminalSession(terminal: "t", canExcuse: false)
        #expect(remote.handle(.function(10)).isEmpty)
        #expect(remote.prompt == .scan)
        #expect(remote.message.contains("attendctl excuse"))

        var local = TerminalSession(terminal: "t", canExcuse: true)
        _ = local.handle(.function(10))
        #expect(typing(&local, "C03\r").isEmpty)
        #expect(local.prompt == .excuseReason(id: "C03"))
        #expect(typing(&local, "Đi công tác\r") == [.excuse(delegate: "C03", reason: "Đi công tác")])
        #expect(local.prompt == .scan)
    }

    @Test func restoredScansArePendingAndFiguresCountOn() throws {
        var session = TerminalSession(terminal: "t", canExcuse: false)
        var queue = OfflineQueue(firstSequence: 10)
        let entries = (0..<3).map { queue.add(direction: .checkIn, delegate: "D\($0)", method: .card, at: at, conference: nil).entry }
        session.restored(entries)
        #expect(session.recent.map(\.id) == ["D2", "D1", "D0"])
        #expect(session.recent.allSatisfy { $0.outcome == .pending })
        session.summarised(try reply("OK conf=HN title=\"Hội nghị\" invited=300 arrived=10 walk_ins=0"))
        session.answered(sequence: 10, direction: .checkIn, reply: try reply("OK seq=10 id=D0 invited=0 first=1"))
        session.answered(sequence: 11, direction: .checkIn, reply: try reply("OK seq=11 id=D1 invited=1 first=1"))
        #expect(session.figures?.arrived == 11)
        #expect(session.figures?.walkIns == 1)
        #expect(session.recent.last?.outcome == .walkIn)
        #expect(session.message.hasPrefix("Đã gửi lượt chờ: D1"))
        session.summarised(try reply("ERR no_conference msg=\"no conference is open\""))
        #expect(session.figures == nil)
    }
}
