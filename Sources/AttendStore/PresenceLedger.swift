import AttendCore

/// The `presence` table is written in folds, not once per check-in (issue 23): it holds the
/// counts of every check-in up to its mark (`presence_mark.folded_through`), and the rows after
/// the mark are added by each reader (`CheckInRepository`'s queries). A fold counts the rows
/// after the mark into `presence` with one `INSERT ... SELECT ... GROUP BY` and moves the mark,
/// in the transaction that stored them, so every reader on every connection sees the same
/// figures as when each check-in upserted its row, and a crash loses nothing (the rows are
/// the truth; the mark says how far they were counted).
///
/// The writer's instance also keeps, for its hot path, the next event number and which
/// (conference, delegate) pairs checked in after the mark: a check-in's `first=` then costs no
/// query on the rows after the mark. Both are forgotten when a transaction fails, or another
/// connection changed the database (`PRAGMA data_version`, asked once a transaction), and read
/// again at the next use.
///
/// A writer with nothing queued folds the oldest rows a few at a time (`foldOldest`, issue 23):
/// a whole fold of 16,384 check-ins of 10,000 delegates takes tens of milliseconds, and every ack
/// of a group that met it waited for it. At hall rates the rows are then folded between groups,
/// and a whole fold happens only when the writer is never idle.
///
/// Invariant the voids rely on: a void folds first, so an event after the mark is never voided.
final class PresenceLedger {
    /// Rows after the mark that make the next check-in fold them: bounds what a reader adds
    /// (at most this many rows, read by rowid range) and what the writer keeps in memory (at
    /// most this many pairs). With 500 delegates a fold writes at most 500 presence rows for
    /// 16,384 check-ins; with the benchmark's 10,000, about 8,000.
    static let foldRows = 16_384

    /// Rows after the mark that fold them (`foldRows` but in tests).
    let foldRows: Int

    /// Rows after the mark that make an idle writer fold them. A fold of 32 takes, fsync
    /// included, about 0.35 ms with a hall's 500 delegates and 0.6 ms with the benchmark's 10,000
    /// drawn at random; 128 took 0.6 and 1.9 ms, 256 about twice that. A check-in arriving
    /// meanwhile waits that long at most.
    static let idleFoldRows = 32

    struct Key: Hashable {
        var conference: String
        var delegate: String
    }

    /// What the writer knows of the rows after the mark; nil until read, and after a failure.
    private struct Pending {
        var nextEvent: Int64
        /// The pairs that checked in after the mark, and those of rows folded by `foldOldest`
        /// since the last whole fold (each of them did check in: a void folds everything first).
        var checkedIn: Set<Key>
        var rows: Int
    }

    private let db: Database
    private let loadNextEvent: Statement
    private let loadCheckedIn: Statement
    private let countRows: Statement
    private let fold: Statement
    private let moveMark: Statement
    private let oldestBound: Statement
    private let foldThrough: Statement
    private let moveMarkTo: Statement
    private let dataVersion: Statement
    private var pending: Pending?
    /// `PRAGMA data_version` when `pending` was last known true: it changes only when another
    /// connection commits.
    private var knownVersion: Int64?

    /// The mark as a subquery, for the readers' SQL.
    static let mark = "(SELECT folded_through FROM presence_mark)"

    init(_ db: Database, foldRows: Int = PresenceLedger.foldRows) throws(StoreError) {
        precondition(foldRows > 0, "a fold needs at least one row")
        self.db = db
        self.foldRows = foldRows
        loadNextEvent = try db.prepare("SELECT coalesce(max(event), 0) + 1 FROM checkin")
        loadCheckedIn = try db.prepare(
            "SELECT DISTINCT conference, delegate FROM checkin WHERE event > \(Self.mark) AND direction = 'in'")
        countRows = try db.prepare("SELECT count(*) FROM checkin WHERE event > \(Self.mark)")
        // A SELECT with ON CONFLICT needs its WHERE (SQLite's parsing rule for upserts).
        fold = try db.prepare("""
            INSERT INTO presence (conference, delegate, first_in, checkins, checkouts)
            SELECT conference, delegate, min(CASE WHEN direction = 'in' THEN event END),
                   count(*) FILTER (WHERE direction = 'in'), count(*) FILTER (WHERE direction = 'out')
            FROM checkin WHERE event > \(Self.mark) GROUP BY conference, delegate
            ON CONFLICT (conference, delegate) DO UPDATE SET first_in = coalesce(first_in, excluded.first_in),
                checkins = checkins + excluded.checkins, checkouts = checkouts + excluded.checkouts
            """)
        dataVersion = try db.prepare("PRAGMA data_version")
        moveMark = try db.prepare("UPDATE presence_mark SET folded_through = (SELECT coalesce(max(event), 0) FROM checkin)")
        // The n-th row after the mark (OFFSET n - 1), the last that `foldOldest(n)` counts.
        oldestBound = try db.prepare("SELECT event FROM checkin WHERE event > \(Self.mark) ORDER BY event LIMIT 1 OFFSET ?")
        foldThrough = try db.prepare("""
            INSERT INTO presence (conference, delegate, first_in, checkins, checkouts)
            SELECT conference, delegate, min(CASE WHEN direction = 'in' THEN event END),
                   count(*) FILTER (WHERE direction = 'in'), count(*) FILTER (WHERE direction = 'out')
            FROM checkin WHERE event > \(Self.mark) AND event <= ?1 GROUP BY conference, delegate
            ON CONFLICT (conference, delegate) DO UPDATE SET first_in = coalesce(first_in, excluded.first_in),
                checkins = checkins + excluded.checkins, checkouts = checkouts + excluded.checkouts
            """)
        moveMarkTo = try db.prepare("UPDATE presence_mark SET folded_through = ?")
    }

    /// Reads `pending` when it is not known; it is then changed only in place (`pending!`),
    /// never copied out (a copy would copy its set at the next insert).
    private func load() throws(StoreError) {
        if pending != nil { return }
        let next = try loadNextEvent.rows { $0.int64(0) }.first ?? 1
        let keys = try loadCheckedIn.rows { Key(conference: $0.text(0), delegate: $0.text(1)) }
        let rows = try countRows.rows { Int($0.int64(0)) }.first ?? 0
        pending = Pending(nextEvent: next, checkedIn: Set(keys), rows: rows)
    }

    /// The event number the next stored check-in gets (the largest plus one, as SQLite would).
    func nextEvent() throws(StoreError) -> Int64 {
        try load()
        return pending!.nextEvent
    }

    /// Whether the delegate checked in to the conference after the mark, or in rows an idle fold
    /// counted since the last whole fold (not voided: see the invariant).
    func checkedInAfterMark(conference: String, delegate: String) throws(StoreError) -> Bool {
        try load()
        return pending!.checkedIn.contains(Key(conference: conference, delegate: delegate))
    }

    /// Notes a check-in just stored; folds when `foldRows` rows are after the mark, or the pairs
    /// kept (which `foldOldest` does not empty) reach as many.
    func noteStored(event: Int64, conference: String, delegate: String, direction: Direction) throws(StoreError) {
        try load()
        pending!.nextEvent = max(pending!.nextEvent, event + 1)
        pending!.rows += 1
        if direction == .checkIn { pending!.checkedIn.insert(Key(conference: conference, delegate: delegate)) }
        if pending!.rows >= foldRows || pending!.checkedIn.count >= foldRows { try foldNow() }
    }

    /// Rows after the mark, when the writer knows it without a query; nil otherwise.
    var rowsAfterMark: Int? { pending?.rows }

    /// Counts the oldest `limit` rows after the mark (all of them when fewer) into `presence`
    /// and moves the mark past them, inside a savepoint: an idle writer's fold (`idleFoldRows`).
    func foldOldest(_ limit: Int) throws(StoreError) {
        precondition(limit > 0, "a fold needs at least one row")
        guard let bound = try oldestBound.rows([.integer(Int64(limit - 1))], { $0.int64(0) }).first else {
            return try foldNow()
        }
        try inSavepoint { () throws(StoreError) in
            try foldThrough.run([.integer(bound)])
            try moveMarkTo.run([.integer(bound)])
        }
        // The pairs stay: each of them checked in, and the whole fold that empties them comes
        // at `foldRows` rows or as many pairs.
        if pending != nil { pending!.rows = max(0, pending!.rows - limit) }
    }

    /// Counts every row after the mark into `presence` and moves the mark past them, inside a
    /// savepoint (so it is one step whether or not a transaction is open).
    func foldNow() throws(StoreError) {
        try inSavepoint { () throws(StoreError) in
            try fold.run()
            try moveMark.run()
        }
        if pending != nil {
            pending!.checkedIn.removeAll(keepingCapacity: true)
            pending!.rows = 0
        }
    }

    /// A fold's statements as one step whether or not a transaction is open; on a failure
    /// nothing of them stays, and neither does what the writer kept.
    private func inSavepoint(_ body: () throws(StoreError) -> Void) throws(StoreError) {
        do {
            try db.execute("SAVEPOINT presence_fold")
            try body()
            try db.execute("RELEASE presence_fold")
        } catch {
            try? db.execute("ROLLBACK TO presence_fold")
            try? db.execute("RELEASE presence_fold")
            pending = nil
            throw error
        }
    }

    /// Drops what the writer kept: the transaction it was true in failed.
    func forget() { pending = nil }

    /// Drops what the writer kept when another connection committed since: run before each
    /// transaction, and before each check-in stored outside one.
    func revalidate() throws(StoreError) {
        let version = try dataVersion.rows { $0.int64(0) }.first ?? 0
        if version != knownVersion {
            pending = nil
            knownVersion = version
        }
    }
}
