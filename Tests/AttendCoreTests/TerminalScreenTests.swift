import Testing

@testable import AttendCore

@Suite struct TerminalScreenTests {
    let at = Timestamp(rfc3339: "2026-11-23T07:45:00+07:00")!

    func session(outcome: String?) throws -> TerminalSession {
        var session = TerminalSession(terminal: "hall-1", canExcuse: false)
        session.link = .online
        session.summarised(try Reply.decode("OK conf=HN-11 title=\"Hội nghị quán triệt Nghị quyết\" invited=324 arrived=12 walk_ins=1"))
        var queue = OfflineQueue(firstSequence: 1)
        let entry = queue.add(direction: .checkIn, delegate: "DV-0042", method: .card, at: at, conference: "HN-11").entry
        session.scanned(entry, name: nil)
        if let outcome { session.answered(sequence: 1, direction: .checkIn, reply: try Reply.decode(outcome)) }
        return session
    }

    @Test(arguments: [(80, 24), (132, 40), (200, 50)])
    func everyLineFillsTheWidthAndTheScreenItsHeight(width: Int, height: Int) throws {
        let lines = TerminalScreen.render(try session(outcome: "OK seq=1 id=DV-0042 name=\"Nguyễn Văn Đạt\" invited=1 first=1"), width: width, height: height)
        #expect(lines.count == height)
        for line in lines { #expect(TerminalText.width(line.text) == width, "\(line.text)") }
        let text = lines.map(\.text).joined(separator: "\n")
        #expect(text.contains("N G U Y Ễ N   V Ă N   Đ Ạ T"))
        #expect(text.contains("Đ Ú N G   G I Ờ"))
        #expect(text.contains("Có mặt 13/324"))  // 12 from SUMMARY, 1 counted on
        #expect(text.contains("HỘI NGHỊ HN-11"))
        #expect(lines.last?.text.hasPrefix(" VÀO › ") == true)
        #expect(lines.contains { $0.tone == .good })
    }

    @Test func walkInsAndPendingScansStandOut() throws {
        let walkIn = TerminalScreen.render(try session(outcome: "OK seq=1 id=DV-0042 invited=0 first=1"), width: 80, height: 24)
        #expect(walkIn.contains { $0.text.contains("N G O À I   D A N H   S Á C H") && $0.tone == .bad })

        var offline = try session(outcome: nil)
        offline.link = .offline(ProbeFailure.refused.text(.vietnamese))
        offline.pendingCount = 1
        let lines = TerminalScreen.render(offline, width: 80, height: 24)
        #expect(lines[0].text.contains("MẤT KẾT NỐI"))
        #expect(lines[1].text.contains("CHỜ GỬI 1"))
        #expect(lines.contains { $0.text.contains("lượt #1 lưu trên máy") })
        #expect(lines.contains { $0.text.contains("DV-0042") && $0.text.contains("CHỜ GỬI") && $0.tone == .warning })
        #expect(lines[21].text.contains("Không nối được attendd (bị từ chối kết nối)"))
    }

    @Test func matchesShowTheUnitBesideTheName() throws {
        var session = try session(outcome: nil)
        session.found(query: "nguyen van an", reply: Reply(error: nil, fields: [.init("matches", "2"), .init("bytes", "1")],
            payload: Array("A01\tNguyễn Văn An\tChi bộ 1\tparty_member\nA07\tNguyễn Văn An\tChi bộ Thôn 3\tparty_member\n".utf8)))
        let lines = TerminalScreen.render(session, width: 80, height: 24).map(\.text)
        let rows = lines.filter { $0.contains("Nguyễn Văn An") }
        #expect(rows.count == 2)
        #expect(rows[0].contains(" 1 ") && rows[0].contains("Chi bộ 1") && rows[0].contains("A01"))
        #expect(rows[1].contains(" 2 ") && rows[1].contains("Chi bộ Thôn 3") && rows[1].contains("A07"))
    }

    @Test func aLongListSaysHowManyItCannotShow() throws {
        var session = try session(outcome: nil)
        let body = (1...20).map { "D\($0)\tNguyễn Văn An\tChi bộ \($0)\tparty_member\n" }.joined()
        session.found(query: "nguyen", reply: Reply(error: nil, fields: [.init("matches", "20")], payload: Array(body.utf8)))
        let lines = TerminalScreen.render(session, width: 80, height: 24)
        #expect(lines.filter { $0.text.contains("Nguyễn Văn An") }.count == 9)
        #expect(lines.contains { $0.text.contains("… và 11 người nữa") })
        #expect(lines.count == 24)
    }

    @Test func aShortScreenKeepsThePrompt() throws {
        let lines = TerminalScreen.render(try session(outcome: nil), width: 80, height: 8)
        #expect(lines.count == 8)
        #expect(lines[0].text.contains("ĐIỂM DANH"))
        #expect(lines[7].text.hasPrefix(" VÀO › "))
    }

    @Test func theCursorSitsAfterTheInput() {
        var session = TerminalSession(terminal: "t", canExcuse: false)
        _ = session.handle(.text("Văn"))
        // " VÀO › Văn": the cursor goes on the column after the n.
        #expect(TerminalScreen.cursorColumn(session, width: 80) == 11)
    }
}
