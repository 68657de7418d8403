import Testing

@testable import AttendCore

@Suite struct OfflineQueueTests {
    let at = Timestamp(rfc3339: "2026-11-23T07:45:00+07:00")!

    @Test func addFinishAndReplay() throws {
        var queue = OfflineQueue(firstSequence: 100)
        var file = queue.compacted()
        let first = queue.add(direction: .checkIn, delegate: "A01", method: .card, at: at, conference: "HN")
        let second = queue.add(direction: .checkOut, delegate: "Nguyễn-1", method: .manual, at: at, conference: nil)
        file += first.record + second.record
        #expect(first.entry.sequence == 100)
        #expect(second.entry.sequence == 101)
        let done = queue.finish(sequence: 100)
        file += try #require(done)
        #expect(queue.finish(sequence: 100) == nil)

        let replayed = try OfflineQueue(contents: file, file: "q", firstSequence: 0)
        #expect(replayed == queue)
        #expect(replayed.pending.map(\.delegate) == ["Nguyễn-1"])
        #expect(replayed.nextSequence == 102)
        // A later start never goes back, and never below the clock it is given.
        #expect(try OfflineQueue(contents: file, file: "q", firstSequence: 5_000).nextSequence == 5_000)
    }

    @Test func aTornLastLineIsIgnoredAndNumbersAreNeverReused() throws {
        var queue = OfflineQueue(firstSequence: 7)
        var file = queue.add(direction: .checkIn, delegate: "A01", method: .card, at: at, conference: nil).record
        file += queue.finish(sequence: 7)!
        let torn = queue.add(direction: .checkIn, delegate: "B02", method: .card, at: at, conference: nil).record
        file += torn.dropLast(5)
        let replayed = try OfflineQueue(contents: file, file: "q", firstSequence: 0)
        #expect(replayed.pending.isEmpty)
        #expect(replayed.nextSequence == 8)
        // Compacted: only the next number and what is pending.
        var pending = OfflineQueue(firstSequence: 1)
        _ = pending.add(direction: .checkIn, delegate: "C03", method: .qr, at: at, conference: "HN")
        _ = pending.add(direction: .checkIn, delegate: "D04", method: .qr, at: at, conference: "HN")
        _ = pending.finish(sequence: 1)
        let text = String(decoding: pending.compacted(), as: UTF8.self)
        #expect(text == "NEXT seq=3\nADD seq=2 dir=in id=D04 method=qr at=2026-11-23T07:45:00.000+07:00 conf=HN\n")
        #expect(try OfflineQueue(contents: pending.compacted(), file: "q", firstSequence: 0) == pending)
    }

    @Test(arguments: [
        ("ADD seq=x dir=in id=A method=card at=2026-11-23T07:45:00+07:00\n", "q:1: seq must be a whole number"),
        ("NEXT seq=1\nADD seq=1 dir=up id=A method=card at=2026-11-23T07:45:00+07:00\n", "q:2: dir must be in or out"),
        ("ADD seq=1 dir=in id=A method=card at=yesterday\n", "q:1: at is not an RFC 3339 time"),
        ("ADD seq=1 dir=in method=card at=2026-11-23T07:45:00+07:00\n", "q:1: id is missing"),
        ("SEND seq=1\n", "q:1: unknown record SEND (NEXT, ADD or DONE)"),
        ("ADD seq=1 dir=in id=A method=pigeon at=2026-11-23T07:45:00+07:00\n", "q:1: method is not one of card, qr, manual, face"),
        ("ADD seq=1 dir=in id=A method=card at=2026-11-23T07:45:00+07:00\nADD seq=1 dir=in id=B method=card at=2026-11-23T07:45:00+07:00\n",
         "q:2: seq 1 is added twice"),
    ])
    func malformedRecordsAreNamedByLine(text: String, message: String) {
        #expect(throws: QueueFileError.self) { try OfflineQueue(contents: Array(text.utf8), file: "q", firstSequence: 0) }
        do {
            _ = try OfflineQueue(contents: Array(text.utf8), file: "q", firstSequence: 0)
        } catch {
            #expect(error.description == message)
        }
    }

    /// A torn or corrupted file must not replay an id with U+FFFD in it: bad UTF-8 is named.
    @Test func bytesThatAreNotUTF8AreRefusedWithTheirLine() {
        let text = Array("NEXT seq=1\nADD seq=1 dir=in id=A".utf8) + [0xC3, 0x28] + Array(" method=card at=2026-11-23T07:45:00+07:00\n".utf8)
        do {
            _ = try OfflineQueue(contents: text, file: "q", firstSequence: 0)
            Issue.record("accepted bad UTF-8")
        } catch {
            #expect(error.description.hasPrefix("q:2: "), "\(error)")
            #expect(error.description.contains("UTF-8"), "\(error)")
        }
    }

    @Test func theRequestLineSaysQueuedOnlyWhenItWas() throws {
        var queue = OfflineQueue(firstSequence: 42)
        let entry = queue.add(direction: .checkOut, delegate: "A01", method: .card, at: at, conference: "HN").entry
        let live = String(decoding: LineEncoder.encode(OfflineQueue.request(for: entry, terminal: "hall-1", queued: false)), as: UTF8.self)
        #expect(live == "CHECKOUT id=A01 term=hall-1 seq=42 method=card at=2026-11-23T07:45:00.000+07:00 conf=HN\n")
        let queued = OfflineQueue.request(for: entry, terminal: "hall-1", queued: true)
        #expect(queued["queued"] == "1")
        var expected = CheckRequest(direction: .checkOut, delegate: "A01", terminal: "hall-1", sequence: 42, conference: "HN",
                                    method: .card, terminalTime: at)
        expected.queued = true
        let command = try Request(queued)
        #expect(command == .write(.check(expected)))
    }
}
