import AttendCore
import Foundation
import Testing

@testable import AttendStore

/// A fresh directory under the system temporary directory; the test removes it with `remove()`.
private struct TemporaryDirectory {
    let path: String

    init() throws {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("attendd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// A file path inside the directory.
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}

private let t0 = Timestamp(milliseconds: 1_795_394_700_000)  // 2026-11-23T07:45:00+07:00

private func at(_ seconds: Int64) -> Timestamp { Timestamp(milliseconds: t0.milliseconds + seconds * 1000) }

/// A check-in request with the fields most tests vary.
private func request(
    _ delegate: String, _ direction: Direction = .checkIn, term: String? = nil, seq: Int64? = nil
) -> CheckRequest {
    CheckRequest(direction: direction, delegate: delegate, terminal: term, sequence: seq)
}

/// The record an outcome holds, whichever it is.
private func record(_ outcome: CheckOutcome) -> CheckRecord {
    switch outcome {
    case .stored(let record, _), .duplicate(let record): return record
    }
}

/// A store in a fresh directory with one conference open.
private func openStore(_ directory: TemporaryDirectory, conference: String? = "hn-2026") throws -> AttendanceStore {
    let store = try AttendanceStore(path: directory.file("attend.db"))
    if let conference { _ = try store.conferences.open(id: conference, title: "Đại hội", at: t0) }
    return store
}

@Suite struct StoreTests {
    // MARK: Schema and connection

    @Test func migrationsSetUserVersionAndReopeningIsANoOp() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("attend.db")
        do {
            let store = try AttendanceStore(path: path)
            #expect(try store.database.scalar("PRAGMA user_version") == Int64(Schema.migrations.count))
            _ = try store.conferences.open(id: "c", title: nil, at: t0)
            _ = try store.checkins.record(request("1", term: "g", seq: 1), conference: "c", receivedAt: t0, source: nil)
        }
        let schemaBefore = try schema(path)
        do {
            let store = try AttendanceStore(path: path)
            #expect(try store.database.scalar("PRAGMA user_version") == Int64(Schema.migrations.count))
            #expect(try store.conferences.all().map(\.id) == ["c"])
            #expect(try store.checkins.all(conference: "c").count == 1)
        }
        #expect(try schema(path) == schemaBefore)
        #expect(schemaBefore.contains { $0.contains("CREATE TABLE checkin") })
    }

    /// The schema's SQL, as SQLite keeps it.
    private func schema(_ path: String) throws -> [String] {
        let database = try Database(path: path)
        return try database.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").rows { $0.text(0) }
    }

    @Test func newerSchemaIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("attend.db")
        _ = try AttendanceStore(path: path)
        try Database(path: path).execute("PRAGMA user_version = 99")
        let error = try #require(throws: StoreError.self) { try AttendanceStore(path: path) }
        #expect(error.message.contains("99"))
        #expect(error.message.contains("newer"))
    }

    @Test func connectionIsWALWithFullSync() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        #expect(try store.database.prepare("PRAGMA journal_mode").rows { $0.text(0) } == ["wal"])
        #expect(try store.database.scalar("PRAGMA synchronous") == 2)
        #expect(try store.database.scalar("PRAGMA foreign_keys") == 1)
        #expect(FileManager.default.fileExists(atPath: directory.file("attend.db-wal")))
    }

    @Test func integrityCheckIsOK() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        for n in 0..<50 {
            _ = try store.checkins.record(request("d\(n)", term: "g", seq: Int64(n)), conference: "hn-2026", receivedAt: at(Int64(n)), source: nil)
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func fileThatIsNotADatabaseIsRefusedClearly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("attend.db")
        let junk = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try junk.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try AttendanceStore(path: path) }
        #expect(error.code & 0xFF == 26)  // SQLITE_NOTADB
        #expect(error.message.contains("not a database"))
        #expect(error.description.contains("not a database"))
        #expect(!error.isStorageFailure)
        // Nothing was written over the junk.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }

    @Test func directoryThatDoesNotExistIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("missing/attend.db")
        let error = try #require(throws: StoreError.self) { try AttendanceStore(path: path) }
        #expect(error.message.contains(path))
        #expect(error.isStorageFailure)
    }

    // MARK: Conferences

    @Test func openCreatesAConference() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory, conference: nil)
        let record = try store.conferences.open(id: "hn-2026", title: "Đại hội XIV", at: t0)
        #expect(record == ConferenceRecord(id: "hn-2026", title: "Đại hội XIV", createdAt: t0, openedAt: t0, closedAt: nil))
        #expect(record.isOpen)
        #expect(try store.conferences.find("hn-2026") == record)
        #expect(try store.conferences.find("other") == nil)
    }

    @Test func titleDefaultsToTheId() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory, conference: nil)
        #expect(try store.conferences.open(id: "c1", title: nil, at: t0).title == "c1")
    }

    @Test func closeAndReopen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory, conference: nil)
        _ = try store.conferences.open(id: "c", title: "First title", at: t0)
        try store.conferences.close(id: "c", at: at(60))
        let closed = try #require(try store.conferences.find("c"))
        #expect(closed.closedAt == at(60))
        #expect(!closed.isOpen)
        #expect(try store.conferences.openOnes().isEmpty)

        // Reopening keeps the creation time and the title unless a new one is given.
        let reopened = try store.conferences.open(id: "c", title: nil, at: at(120))
        #expect(reopened == ConferenceRecord(id: "c", title: "First title", createdAt: t0, openedAt: at(120), closedAt: nil))
        let renamed = try store.conferences.open(id: "c", title: "Second title", at: at(180))
        #expect(renamed.title == "Second title")
        #expect(renamed.createdAt == t0)
        #expect(try store.conferences.all().count == 1)
    }

    @Test func allAndOpenOnes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory, conference: nil)
        _ = try store.conferences.open(id: "b", title: nil, at: at(1))
        _ = try store.conferences.open(id: "a", title: nil, at: at(2))
        _ = try store.conferences.open(id: "c", title: nil, at: at(3))
        try store.conferences.close(id: "a", at: at(4))
        _ = try store.conferences.open(id: "b", title: nil, at: at(5))  // opened again: now newest

        #expect(try store.conferences.all().map(\.id) == ["b", "a", "c"])  // by creation
        #expect(try store.conferences.openOnes().map(\.id) == ["c", "b"])  // by opening
    }

    // MARK: Check-ins

    @Test func checkInIsStoredWithAllFields() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        let full = CheckRequest(
            direction: .checkIn, delegate: "Nguyễn-01", terminal: "Cổng-1", sequence: 9_007_199_254_740_993,
            conference: "hn-2026", method: .qr, terminalTime: Timestamp(milliseconds: t0.milliseconds - 1_500))
        let outcome = try store.checkins.record(full, conference: "hn-2026", receivedAt: t0, source: "192.0.2.7:5123")
        guard case .stored(let stored, repeated: false) = outcome else {
            Issue.record("expected .stored, got \(outcome)")
            return
        }
        #expect(stored == CheckRecord(
            event: stored.event, conference: "hn-2026", delegate: "Nguyễn-01", direction: .checkIn,
            terminal: "Cổng-1", sequence: 9_007_199_254_740_993, method: .qr, receivedAt: t0,
            terminalAt: Timestamp(milliseconds: t0.milliseconds - 1_500), source: "192.0.2.7:5123",
            effectiveAt: t0, origin: .live))
        #expect(try store.checkins.all(conference: "hn-2026") == [stored])
    }

    @Test func checkInWithOnlyAnIdIsStoredWithNulls() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        let stored = record(try store.checkins.record(request("42", .checkOut), conference: "hn-2026", receivedAt: t0, source: nil))
        let read = try store.checkins.all(conference: "hn-2026")
        #expect(read == [stored])
        #expect(read.first?.terminal == nil)
        #expect(read.first?.sequence == nil)
        #expect(read.first?.method == nil)
        #expect(read.first?.terminalAt == nil)
        #expect(read.first?.source == nil)
        #expect(read.first?.direction == .checkOut)
    }

    @Test func eventsIncreaseAndListsKeepTheirOrder() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        _ = try store.conferences.open(id: "other", title: nil, at: t0)
        var events: [Int64] = []
        for n in 0..<10 {
            let conference = n % 3 == 0 ? "other" : "hn-2026"
            events.append(record(try store.checkins.record(request("d\(n)"), conference: conference, receivedAt: at(Int64(n)), source: nil)).event)
        }
        #expect(events == events.sorted())
        #expect(Set(events).count == 10)
        #expect(try store.checkins.all(conference: "hn-2026").map(\.delegate) == ["d1", "d2", "d4", "d5", "d7", "d8"])
        #expect(try store.checkins.all(conference: "other").map(\.delegate) == ["d0", "d3", "d6", "d9"])
    }

    @Test func repeatedTerminalAndSeqIsADuplicate() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        let first = try store.checkins.record(
            CheckRequest(direction: .checkIn, delegate: "42", terminal: "g1", sequence: 7, method: .card),
            conference: "hn-2026", receivedAt: t0, source: "a")
        guard case .stored(let original, _) = first else {
            Issue.record("expected .stored, got \(first)")
            return
        }
        // The retry arrives later, even with other fields: the first record stands.
        let again = try store.checkins.record(
            CheckRequest(direction: .checkOut, delegate: "43", terminal: "g1", sequence: 7, method: .qr),
            conference: "hn-2026", receivedAt: at(30), source: "b")
        #expect(again == .duplicate(original))
        #expect(try store.checkins.all(conference: "hn-2026") == [original])
        #expect(try store.checkins.counts(conference: "hn-2026") == (checkins: 1, checkouts: 0))

        // The same seq from another terminal, or the next seq, is new.
        #expect(record(try store.checkins.record(request("42", term: "g2", seq: 7), conference: "hn-2026", receivedAt: at(31), source: nil)).event != original.event)
        #expect(record(try store.checkins.record(request("42", term: "g1", seq: 8), conference: "hn-2026", receivedAt: at(32), source: nil)).event != original.event)
        #expect(try store.checkins.all(conference: "hn-2026").count == 3)
    }

    @Test func duplicateAfterReopeningTheStore() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let original: CheckRecord
        do {
            let store = try openStore(directory)
            original = record(try store.checkins.record(request("42", term: "g1", seq: 1), conference: "hn-2026", receivedAt: t0, source: nil))
        }
        let store = try AttendanceStore(path: directory.file("attend.db"))
        #expect(try store.checkins.record(request("42", term: "g1", seq: 1), conference: "hn-2026", receivedAt: at(5), source: nil) == .duplicate(original))
    }

    @Test(arguments: [(nil, nil), ("g1", nil), (nil, 5)] as [(String?, Int64?)])
    func rowsWithoutTerminalAndSeqAreNeverDeduplicated(_ term: String?, _ seq: Int64?) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        for n in 0..<3 {
            let outcome = try store.checkins.record(request("42", term: term, seq: seq), conference: "hn-2026", receivedAt: at(Int64(n)), source: nil)
            guard case .stored = outcome else {
                Issue.record("expected .stored, got \(outcome)")
                return
            }
        }
        #expect(try store.checkins.all(conference: "hn-2026").count == 3)
    }

    @Test func counts() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        _ = try store.conferences.open(id: "other", title: nil, at: t0)
        #expect(try store.checkins.counts(conference: "hn-2026") == (checkins: 0, checkouts: 0))
        for n in 0..<5 { _ = try store.checkins.record(request("d\(n)", .checkIn), conference: "hn-2026", receivedAt: t0, source: nil) }
        for n in 0..<2 { _ = try store.checkins.record(request("d\(n)", .checkOut), conference: "hn-2026", receivedAt: t0, source: nil) }
        _ = try store.checkins.record(request("x", .checkIn), conference: "other", receivedAt: t0, source: nil)
        #expect(try store.checkins.counts(conference: "hn-2026") == (checkins: 5, checkouts: 2))
        #expect(try store.checkins.counts(conference: "other") == (checkins: 1, checkouts: 0))
        #expect(try store.checkins.counts(conference: "nowhere") == (checkins: 0, checkouts: 0))
    }

    @Test func checkInForAnUnknownConferenceIsRefused() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        #expect(throws: StoreError.self) {
            try store.checkins.record(request("42"), conference: "nowhere", receivedAt: t0, source: nil)
        }
        #expect(try store.checkins.all(conference: "nowhere").isEmpty)
    }

    // MARK: Transactions

    @Test func transactionCommitsWhenItReturns() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        let stored = try store.transaction { () throws(StoreError) -> Int in
            for n in 0..<10 {
                _ = try store.checkins.record(request("d\(n)", term: "g", seq: Int64(n)), conference: "hn-2026", receivedAt: t0, source: nil)
            }
            return 10
        }
        #expect(stored == 10)
        #expect(try store.checkins.all(conference: "hn-2026").count == 10)
    }

    @Test func transactionThatThrowsStoresNothing() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        #expect(throws: StoreError.self) {
            try store.transaction { () throws(StoreError) in
                _ = try store.conferences.open(id: "new", title: nil, at: t0)
                for n in 0..<5 {
                    _ = try store.checkins.record(request("d\(n)", term: "g", seq: Int64(n)), conference: "hn-2026", receivedAt: t0, source: nil)
                }
                throw StoreError(code: 1, message: "stop")
            }
        }
        #expect(try store.checkins.all(conference: "hn-2026").isEmpty)
        #expect(try store.conferences.find("new") == nil)
        // The connection is usable afterwards and the rolled-back seqs are free again.
        let outcome = try store.checkins.record(request("d0", term: "g", seq: 0), conference: "hn-2026", receivedAt: t0, source: nil)
        guard case .stored = outcome else {
            Issue.record("expected .stored, got \(outcome)")
            return
        }
        #expect(try store.database.scalar("SELECT count(*) FROM checkin") == 1)
    }

    @Test func committedCheckInsAreSeenByAnotherConnection() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try openStore(directory)
        _ = try store.checkins.record(request("42"), conference: "hn-2026", receivedAt: t0, source: nil)
        let reader = try Database(path: directory.file("attend.db"), readOnly: true)
        #expect(try reader.scalar("SELECT count(*) FROM checkin") == 1)
    }
}

/// The presence table: first arrivals and counts, kept by the same statement as the insert.
@Suite struct PresenceTests {
    @Test func aSecondCheckInIsRepeatedAndCountsAddUp() throws {
        let directory = NSTemporaryDirectory() + "attendd-presence-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try AttendanceStore(path: directory + "/p.db")
        let now = Timestamp(milliseconds: 1_795_400_000_000)
        _ = try store.conferences.open(id: "C", title: "C", at: now)
        func check(_ id: String, _ direction: Direction) throws -> CheckOutcome {
            try store.checkins.record(CheckRequest(direction: direction, delegate: id), conference: "C", receivedAt: now, source: nil)
        }
        guard case .stored(_, let firstRepeated) = try check("A", .checkOut) else { Issue.record("not stored"); return }
        #expect(!firstRepeated)  // a check-out is not an arrival
        guard case .stored(let arrival, let second) = try check("A", .checkIn) else { Issue.record("not stored"); return }
        #expect(!second)
        guard case .stored(let again, let third) = try check("A", .checkIn) else { Issue.record("not stored"); return }
        #expect(third)
        #expect(try !store.checkins.checkedInBefore(arrival.event, delegate: "A", conference: "C"))
        #expect(try store.checkins.checkedInBefore(again.event, delegate: "A", conference: "C"))
        _ = try check("B", .checkIn)
        let counts = try store.checkins.counts(conference: "C")
        #expect(counts.checkins == 3)
        #expect(counts.checkouts == 1)
        #expect(Set(try store.checkins.checkedInDelegates(conference: "C")) == ["A", "B"])
        #expect(try store.checkins.all(delegate: "A").count == 3)
    }
}
