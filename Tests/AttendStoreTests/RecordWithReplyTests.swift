import AttendCore
import Foundation
import Testing

@testable import AttendStore

/// `CheckInRepository.record(..., reply:)`, the ingest's path that writes the kept reply in the
/// row's own INSERT, gives what `record` followed by `keepReply` gave: the same outcomes, event
/// numbers, rows, kept replies and presence, also around duplicates, check-outs and voids.
@Suite struct RecordWithReplyTests {
    /// One step of the script: a check-in or check-out, or a void of the n-th stored event.
    enum Step {
        case check(String, Direction, term: String?, seq: Int64?)
        case void(Int)
    }

    static let script: [Step] = [
        .check("A", .checkOut, term: "g1", seq: 1), .check("A", .checkIn, term: "g1", seq: 2),
        .check("A", .checkIn, term: "g1", seq: 3), .check("B", .checkIn, term: "g2", seq: 1),
        .check("A", .checkIn, term: "g1", seq: 2),  // a retry: the stored one comes back
        .check("B", .checkOut, term: nil, seq: nil), .void(1), .check("A", .checkIn, term: "g1", seq: 4),
        .void(3), .check("B", .checkIn, term: "g2", seq: 2), .check("C", .checkIn, term: "g2", seq: 1),  // reused seq
        .check("Ư", .checkIn, term: "g3", seq: 9),
    ]

    /// Runs the script; `withReply` picks the new path, else the old one with `keepReply` after.
    static func run(withReply: Bool, in path: String) throws -> (outcomes: [CheckOutcome], store: AttendanceStore) {
        let store = try AttendanceStore(path: path)
        let now = Timestamp(milliseconds: 1_795_400_000_000)
        _ = try store.conferences.open(id: "C", title: "C", at: now)
        var outcomes: [CheckOutcome] = []
        var stored: [CheckRecord] = []
        for (n, step) in script.enumerated() {
            let at = Timestamp(milliseconds: now.milliseconds + Int64(n) * 1000)
            switch step {
            case .void(let index):
                _ = try store.voids.void(stored[index], reason: "nhầm", terminal: nil, byControl: true, source: nil, at: at)
            case .check(let delegate, let direction, let term, let seq):
                let request = CheckRequest(direction: direction, delegate: delegate, terminal: term, sequence: seq)
                let kept = { (record: CheckRecord, repeated: Bool) -> String? in
                    record.terminal == nil ? nil : "event=\(record.event) id=\(record.delegate) first=\(repeated ? 0 : 1)"
                }
                let outcome: CheckOutcome
                if withReply {
                    outcome = try store.checkins.record(request, conference: "C", receivedAt: at, source: "10.0.0.1:1", reply: kept)
                } else {
                    outcome = try store.checkins.record(request, conference: "C", receivedAt: at, source: "10.0.0.1:1")
                    if case .stored(let record, let repeated) = outcome, let text = kept(record, repeated) {
                        try store.checkins.keepReply(text, event: record.event)
                    }
                }
                if case .stored(let record, _) = outcome { stored.append(record) }
                outcomes.append(outcome)
            }
        }
        return (outcomes, store)
    }

    @Test func theReplyInTheInsertStoresWhatTheUpdateAfterDid() throws {
        let directory = NSTemporaryDirectory() + "attendd-reply-insert-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = try Self.run(withReply: false, in: directory + "/old.db")
        let new = try Self.run(withReply: true, in: directory + "/new.db")
        #expect(new.outcomes == old.outcomes)
        #expect(new.outcomes.count(where: { if case .duplicate = $0 { true } else { false } }) == 2)
        let rows = try new.store.checkins.all(conference: "C")
        #expect(rows == (try old.store.checkins.all(conference: "C")))
        #expect(rows.map(\.event) == Array(1...Int64(rows.count)))
        for row in rows {
            #expect(try new.store.checkins.reply(event: row.event) == (try old.store.checkins.reply(event: row.event)))
            #expect(try new.store.checkins.checkedInBefore(row.event, delegate: row.delegate, conference: "C")
                == (try old.store.checkins.checkedInBefore(row.event, delegate: row.delegate, conference: "C")))
        }
        #expect(try new.store.checkins.reply(event: 3) == "event=3 id=A first=0")
        let newCounts = try new.store.checkins.counts(conference: "C"), oldCounts = try old.store.checkins.counts(conference: "C")
        #expect(newCounts.checkins == oldCounts.checkins && newCounts.checkouts == oldCounts.checkouts)
        #expect(newCounts.checkins == 4 && newCounts.checkouts == 2)
        #expect(Set(try new.store.checkins.checkedInDelegates(conference: "C"))
            == Set(try old.store.checkins.checkedInDelegates(conference: "C")))
        #expect(try Self.presence(new.store) == (try Self.presence(old.store)))
    }

    /// Every presence row as text.
    static func presence(_ store: AttendanceStore) throws -> [String] {
        try store.database.prepare("""
            SELECT conference || ',' || delegate || ',' || coalesce(first_in, '-') || ',' || checkins || ',' || checkouts
            FROM presence ORDER BY conference, delegate
            """).rows { $0.text(0) }
    }
}
