import AttendCore
import Foundation
import Testing

@testable import AttendStore

/// `presence` written in folds (`PresenceLedger`): whatever the fold size, every reader of
/// presence, on the writer's connection and on a read-only one, answers what the check-ins
/// themselves say (the recount below, the migration's own query), and a failed transaction, a
/// reopen (a crash) and a database from before the folds lose and double nothing.
@Suite struct PresenceLedgerTests {
    let t0 = Timestamp(milliseconds: 1_795_394_700_000)  // 2026-11-23T07:45:00+07:00

    /// A seeded day: 600 check-ins and check-outs of 40 delegates in two conferences, every
    /// 37th event voided after it, every 50th a retry of an earlier (term, seq); in one
    /// transaction (one fsync), as the writer's groups are.
    /// `oldestEvery`: every that many steps, the oldest `oldest` rows after the mark are folded
    /// (as an idle or busy writer does between and in groups).
    func runDay(_ store: AttendanceStore, oldest: Int = 0, oldestEvery: Int = 0) throws(StoreError) -> [CheckOutcome] {
        try store.transaction { () throws(StoreError) in try runSteps(store, oldest: oldest, oldestEvery: oldestEvery) }
    }

    private func runSteps(_ store: AttendanceStore, oldest: Int, oldestEvery: Int) throws(StoreError) -> [CheckOutcome] {
        var random: UInt64 = 7
        var stored: [CheckRecord] = []
        var outcomes: [CheckOutcome] = []
        for n in 1...600 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let delegate = "DV-\((random >> 33) % 40)"
            let conference = (random >> 20) % 3 == 0 ? "HP" : "HN"
            let direction: Direction = (random >> 40) % 4 == 0 ? .checkOut : .checkIn
            let sequence = n % 50 == 0 ? Int64(n / 2) : Int64(n)
            let request = CheckRequest(direction: direction, delegate: delegate, terminal: "g1", sequence: sequence)
            let at = Timestamp(milliseconds: t0.milliseconds + Int64(n) * 1000)
            let outcome = try store.checkins.record(
                request, conference: conference, receivedAt: at, source: "10.0.0.1:1",
                reply: { record, repeated in "event=\(record.event) first=\(repeated ? 0 : 1)" })
            if case .stored(let record, _) = outcome { stored.append(record) }
            outcomes.append(outcome)
            if n % 37 == 0, let victim = stored.dropLast().last {
                _ = try store.voids.void(victim, reason: "nhầm", terminal: nil, byControl: true, source: nil, at: at)
            }
            if oldestEvery > 0 && n % oldestEvery == 0 { try store.checkins.foldOldestPresence(oldest) }
        }
        return outcomes
    }

    /// What every presence reader answers, as text.
    func readers(_ store: AttendanceStore) throws -> [String] {
        var answers: [String] = []
        for conference in ["HN", "HP"] {
            let counts = try store.checkins.counts(conference: conference)
            answers.append("\(conference) \(counts.checkins)/\(counts.checkouts) \(try store.checkins.checkedInDelegates(conference: conference))")
            for record in try store.checkins.all(conference: conference) {
                answers.append("\(record.event) \(try store.checkins.checkedInBefore(record.event, delegate: record.delegate, conference: conference))")
            }
        }
        for k in 0..<40 { answers.append("DV-\(k): \(try store.checkins.all(delegate: "DV-\(k)").map(\.event))") }
        return answers
    }

    /// `presence` recounted from the check-ins not voided (migration 2's query).
    static func recount(_ store: AttendanceStore) throws -> [String] {
        try store.database.prepare("""
            SELECT conference || ',' || delegate || ',' || coalesce(min(CASE WHEN direction = 'in' THEN event END), '-')
                   || ',' || count(*) FILTER (WHERE direction = 'in') || ',' || count(*) FILTER (WHERE direction = 'out')
            FROM checkin c WHERE NOT EXISTS (SELECT 1 FROM void v WHERE v.event = c.event)
            GROUP BY conference, delegate HAVING count(*) > 0 ORDER BY conference, delegate
            """).rows { $0.text(0) }
    }

    func withStores<T>(_ body: (String) throws -> T) throws -> T {
        let directory = NSTemporaryDirectory() + "attendd-ledger-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    func opened(_ path: String, foldRows: Int? = nil) throws -> AttendanceStore {
        let store = try AttendanceStore(path: path, presenceFoldRows: foldRows)
        for id in ["HN", "HP"] where try store.conferences.find(id) == nil {
            _ = try store.conferences.open(id: id, title: id, at: t0)
        }
        return store
    }

    @Test func everyFoldSizeAnswersWhatEachCheckInsUpsertAnswered() throws {
        try withStores { directory in
            // Fold after every row: what the per-row upsert of presence stored.
            let reference = try opened(directory + "/one.db", foldRows: 1)
            let outcomes = try runDay(reference)
            let expected = try readers(reference)
            #expect(try Self.recount(reference) == (try RecordWithReplyTests.presence(reference)))
            for foldRows in [7, 256, PresenceLedger.foldRows] {
                let path = directory + "/fold\(foldRows).db"
                let store = try opened(path, foldRows: foldRows)
                #expect(try runDay(store) == outcomes, "fold size \(foldRows)")
                #expect(try readers(store) == expected, "fold size \(foldRows)")
                let reader = try AttendanceStore(path: path, readOnly: true)
                #expect(try readers(reader) == expected, "read-only, fold size \(foldRows)")
                try store.checkins.foldPresence()
                #expect(try RecordWithReplyTests.presence(store) == (try Self.recount(store)), "fold size \(foldRows)")
                #expect(try readers(reader) == expected, "read-only after the fold, fold size \(foldRows)")
            }
        }
    }

    /// The oldest rows folded a few at a time between the check-ins (the writer's idle and busy
    /// folds): the same replies (`first=` included) and the same answers from every reader, and the
    /// mark where the fold sizes put it.
    @Test func foldingTheOldestAFewAtATimeAnswersTheSame() throws {
        try withStores { directory in
            let reference = try opened(directory + "/one.db", foldRows: 1)
            let outcomes = try runDay(reference)
            let expected = try readers(reference)
            for (oldest, every) in [(1, 1), (3, 5), (128, 200), (50, 7)] {
                let path = directory + "/oldest\(oldest)x\(every).db"
                let store = try opened(path, foldRows: 256)
                #expect(try runDay(store, oldest: oldest, oldestEvery: every) == outcomes, "\(oldest) every \(every)")
                #expect(try readers(store) == expected, "\(oldest) every \(every)")
                let reader = try AttendanceStore(path: path, readOnly: true)
                #expect(try readers(reader) == expected, "read-only, \(oldest) every \(every)")
                #expect(try store.database.scalar("SELECT count(*) FROM checkin WHERE event > \(PresenceLedger.mark)")
                    == Int64(try #require(store.checkins.presenceRowsAfterMark)), "\(oldest) every \(every)")
                try store.checkins.foldPresence()
                #expect(try RecordWithReplyTests.presence(store) == (try Self.recount(store)), "\(oldest) every \(every)")
            }
            // Fewer rows after the mark than asked for: all of them, and the mark at the last.
            let store = try opened(directory + "/few.db", foldRows: 1_000)
            _ = try runDay(store)
            try store.checkins.foldOldestPresence(100_000)
            #expect(store.checkins.presenceRowsAfterMark == 0)
            #expect(try store.database.scalar("SELECT folded_through FROM presence_mark") == (try store.database.scalar("SELECT max(event) FROM checkin")))
            #expect(try RecordWithReplyTests.presence(store) == (try Self.recount(store)))
        }
    }

    @Test func aFailedTransactionAndAReopenLoseAndDoubleNothing() throws {
        try withStores { directory in
            let path = directory + "/a.db"
            var store = try opened(path, foldRows: 1_000)
            func check(_ delegate: String, seq: Int64) throws(StoreError) -> CheckOutcome {
                try store.checkins.record(
                    CheckRequest(direction: .checkIn, delegate: delegate, terminal: "g1", sequence: seq), conference: "HN",
                    receivedAt: t0, source: nil, reply: { record, repeated in "event=\(record.event) first=\(repeated ? 0 : 1)" })
            }
            _ = try check("A", seq: 1)
            // A group that fails after storing B: nothing of it stays, in the rows or the ledger.
            #expect(throws: StoreError.self) {
                try store.transaction { () throws(StoreError) in
                    _ = try check("B", seq: 2)
                    throw StoreError(code: 1, message: "the disk said no")
                }
            }
            guard case .stored(let b, let repeated) = try check("B", seq: 2) else { Issue.record("B not stored"); return }
            #expect(b.event == 2 && !repeated)
            #expect(try store.checkins.counts(conference: "HN").checkins == 2)
            // Reopened without a fold (as after kill -9): the rows after the mark still count.
            store = try opened(path, foldRows: 1_000)
            #expect(try store.checkins.counts(conference: "HN").checkins == 2)
            #expect(try store.checkins.checkedInDelegates(conference: "HN") == ["A", "B"])
            guard case .stored(let again, let second) = try check("A", seq: 3) else { Issue.record("A not stored"); return }
            #expect(again.event == 3 && second)
            try store.checkins.foldPresence()
            #expect(try RecordWithReplyTests.presence(store) == ["HN,A,1,2,0", "HN,B,2,1,0"])
            #expect(try store.checkins.counts(conference: "HN").checkins == 3)
        }
    }

    @Test func aDatabaseFromBeforeTheFoldsKeepsItsCounts() throws {
        try withStores { directory in
            let path = directory + "/old.db"
            do {
                // Schema 10 with presence written per check-in, as attendd did before.
                let db = try Database(path: path)
                for version in 0..<10 { try db.execute(Schema.migrations[version]) }
                try db.execute("""
                    PRAGMA user_version = 10;
                    INSERT INTO conference (id, title, created_at) VALUES ('HN', 'HN', 0);
                    INSERT INTO checkin (conference, delegate, direction, received_at) VALUES
                        ('HN', 'A', 'in', 1), ('HN', 'A', 'out', 2), ('HN', 'B', 'in', 3);
                    INSERT INTO presence VALUES ('HN', 'A', 1, 1, 1), ('HN', 'B', 3, 1, 0);
                    """)
            }
            let store = try opened(path)
            #expect(try store.database.scalar("SELECT folded_through FROM presence_mark") == 3)
            let counts = try store.checkins.counts(conference: "HN")
            #expect(counts.checkins == 2 && counts.checkouts == 1)
            guard case .stored(_, let repeated) = try store.checkins.record(
                CheckRequest(direction: .checkIn, delegate: "B"), conference: "HN", receivedAt: t0, source: nil)
            else { Issue.record("not stored"); return }
            #expect(repeated)
            #expect(try store.checkins.counts(conference: "HN").checkins == 3)
        }
    }
}
