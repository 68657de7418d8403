import AttendCore
import CSQLite

/// What storing a check-in did.
public enum CheckOutcome: Equatable, Sendable {
    /// Stored now; `repeated` when the delegate had checked in to this conference before.
    case stored(CheckRecord, repeated: Bool)
    /// The same (terminal, seq) was stored before: this is that record.
    case duplicate(CheckRecord)
}

/// The `checkin` table.
public final class CheckInRepository {
    private let db: Database
    private let insert: Statement
    private let insertWithReply: Statement
    private let findBySequence: Statement
    private let listForConference: Statement
    private let countForConference: Statement
    private let lastLiveOffset: Statement
    private let highestSeq: Statement
    private let firstInFolded: Statement
    private let firstIn: Statement
    private let conferencesOfDelegate: Statement
    private let listForDelegate: Statement
    private let checkedIn: Statement
    private let findByEvent: Statement
    private let voidedSince: Statement
    private let readReply: Statement
    private let writeReply: Statement
    /// The presence of the rows after the mark, and the folds (see `PresenceLedger`).
    private let ledger: PresenceLedger
    static let columns = """
        event, conference, delegate, direction, terminal, seq, method, received_at, terminal_at, source,
        coalesce(effective_at, received_at), origin
        """

    init(_ db: Database, presenceFoldRows: Int = PresenceLedger.foldRows) throws(StoreError) {
        self.db = db
        ledger = try PresenceLedger(db, foldRows: presenceFoldRows)
        let columns = CheckInRepository.columns
        // The rows after the mark, which each reader of `presence` adds (a rowid range, or the
        // conference index's (conference, rowid) range: at most `PresenceLedger.foldRows` rows).
        let afterMark = "event > \(PresenceLedger.mark)"
        insert = try db.prepare("""
            INSERT INTO checkin (conference, delegate, direction, terminal, seq, method, received_at, terminal_at, source,
                                 effective_at, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        // The event given, not chosen by SQLite: the one it would choose (no AUTOINCREMENT: the
        // largest rowid plus one; the writer is the only connection that inserts). The ledger
        // knows it without a query after the first.
        insertWithReply = try db.prepare("""
            INSERT INTO checkin (event, conference, delegate, direction, terminal, seq, method, received_at, terminal_at,
                                 source, effective_at, origin, reply)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        firstInFolded = try db.prepare("SELECT first_in FROM presence WHERE conference = ? AND delegate = ?")
        // The folded first check-in, else the first after the mark (never voided: a void folds first).
        firstIn = try db.prepare("""
            SELECT coalesce((SELECT first_in FROM presence WHERE conference = ?1 AND delegate = ?2),
                            (SELECT min(event) FROM checkin
                             WHERE \(afterMark) AND conference = ?1 AND delegate = ?2 AND direction = 'in'))
            """)
        conferencesOfDelegate = try db.prepare("""
            SELECT conference FROM presence WHERE delegate = ?1
            UNION SELECT conference FROM checkin WHERE \(afterMark) AND delegate = ?1
            """)
        checkedIn = try db.prepare("""
            SELECT delegate FROM presence WHERE conference = ?1 AND first_in IS NOT NULL
            UNION SELECT delegate FROM checkin WHERE \(afterMark) AND conference = ?1 AND direction = 'in'
            ORDER BY 1
            """)
        listForDelegate = try db.prepare(
            "SELECT \(columns) FROM checkin WHERE conference = ? AND delegate = ? ORDER BY event")
        findBySequence = try db.prepare(
            "SELECT \(columns) FROM checkin WHERE terminal = ? AND seq = ? AND terminal IS NOT NULL AND seq IS NOT NULL")
        readReply = try db.prepare("SELECT reply FROM checkin WHERE event = ?")
        writeReply = try db.prepare("UPDATE checkin SET reply = ? WHERE event = ?")
        listForConference = try db.prepare("SELECT \(columns) FROM checkin WHERE conference = ? ORDER BY event")
        findByEvent = try db.prepare("SELECT \(columns) FROM checkin WHERE event = ?")
        // An earlier check-in of the delegate voided only after event ?3 was received.
        voidedSince = try db.prepare("""
            SELECT 1 FROM checkin c JOIN void v ON v.event = c.event
            WHERE c.conference = ?1 AND c.delegate = ?2 AND c.direction = 'in' AND c.event < ?3
              AND v.voided_at > (SELECT received_at FROM checkin WHERE event = ?3)
            LIMIT 1
            """)
        // Walks the terminal's rows newest seq first on the (terminal, seq) index.
        lastLiveOffset = try db.prepare("""
            SELECT received_at - terminal_at FROM checkin
            WHERE terminal = ? AND seq IS NOT NULL AND origin = 'live' AND terminal_at IS NOT NULL
            ORDER BY seq DESC LIMIT 1
            """)
        highestSeq = try db.prepare("SELECT max(seq) FROM checkin WHERE terminal = ? AND seq IS NOT NULL")
        countForConference = try db.prepare("""
            SELECT (SELECT coalesce(sum(checkins), 0) FROM presence WHERE conference = ?1)
                     + (SELECT count(*) FROM checkin WHERE \(afterMark) AND conference = ?1 AND direction = 'in'),
                   (SELECT coalesce(sum(checkouts), 0) FROM presence WHERE conference = ?1)
                     + (SELECT count(*) FROM checkin WHERE \(afterMark) AND conference = ?1 AND direction = 'out')
            """)
    }

    /// Stores a check-in unless its (terminal, seq) is already stored; then returns the stored one.
    /// `effectiveAt` defaults to `receivedAt`.
    ///
    /// `reply`, when given, is asked for the reply to keep with the record about to be stored
    /// (what `keepReply` would store after; nil keeps none), so the row is written once with it:
    /// the ingest's hot path (one UPDATE of each new row less, see the README's benchmark).
    public func record(
        _ request: CheckRequest, conference: String, receivedAt: Timestamp, source: String?,
        effectiveAt: Timestamp? = nil, origin: CheckinOrigin = .live,
        reply: ((_ record: CheckRecord, _ repeated: Bool) -> String?)? = nil
    ) throws(StoreError) -> CheckOutcome {
        let effective = effectiveAt ?? receivedAt
        // Outside a transaction nobody revalidated the ledger for this statement.
        if sqlite3_get_autocommit(db.handle) != 0 { try ledger.revalidate() }
        if let reply {
            return try record(request, conference: conference, receivedAt: receivedAt, source: source, effective: effective,
                              origin: origin, reply: reply)
        }
        let repeated = try checkedInEarlier(conference: conference, delegate: request.delegate)
        try insert.run([
            .text(conference), .text(request.delegate), .text(request.direction.rawValue),
            request.terminal.map(SQLValue.text), request.sequence.map(SQLValue.integer),
            request.method.map { .text($0.rawValue) }, .integer(receivedAt.milliseconds),
            request.terminalTime.map { .integer($0.milliseconds) }, source.map(SQLValue.text),
            .integer(effective.milliseconds), .text(origin.rawValue),
        ])
        if db.changes == 1 {
            let event = db.lastInsertRowID
            try ledger.noteStored(event: event, conference: conference, delegate: request.delegate, direction: request.direction)
            return .stored(CheckRecord(
                event: event, conference: conference, delegate: request.delegate,
                direction: request.direction, terminal: request.terminal, sequence: request.sequence,
                method: request.method, receivedAt: receivedAt, terminalAt: request.terminalTime, source: source,
                effectiveAt: effective, origin: origin), repeated: repeated)
        }
        guard let terminal = request.terminal, let sequence = request.sequence,
              let existing = try findBySequence.rows([.text(terminal), .integer(sequence)], Self.read).first
        else { throw StoreError(code: 1, message: "check-in neither stored nor found") }
        return .duplicate(existing)
    }

    /// `record` with the reply written in the same INSERT. The event number and whether the
    /// delegate checked in before are known before the row is written: the event is the
    /// largest plus one (what SQLite would give it), and a delegate with a `first_in`, or with a
    /// check-in after the mark, checked in before any new event. The presence is counted by
    /// the ledger's next fold (two statements a check-in: the `first_in` seek and the INSERT).
    private func record(
        _ request: CheckRequest, conference: String, receivedAt: Timestamp, source: String?, effective: Timestamp,
        origin: CheckinOrigin, reply: (CheckRecord, Bool) -> String?
    ) throws(StoreError) -> CheckOutcome {
        let event = try ledger.nextEvent()
        let repeated = try checkedInEarlier(conference: conference, delegate: request.delegate)
        let record = CheckRecord(
            event: event, conference: conference, delegate: request.delegate, direction: request.direction,
            terminal: request.terminal, sequence: request.sequence, method: request.method, receivedAt: receivedAt,
            terminalAt: request.terminalTime, source: source, effectiveAt: effective, origin: origin)
        try insertWithReply.run([
            .integer(event), .text(conference), .text(request.delegate), .text(request.direction.rawValue),
            request.terminal.map(SQLValue.text), request.sequence.map(SQLValue.integer),
            request.method.map { .text($0.rawValue) }, .integer(receivedAt.milliseconds),
            request.terminalTime.map { .integer($0.milliseconds) }, source.map(SQLValue.text),
            .integer(effective.milliseconds), .text(origin.rawValue), reply(record, repeated).map(SQLValue.text),
        ])
        if db.changes == 1 {
            try ledger.noteStored(event: event, conference: conference, delegate: request.delegate, direction: request.direction)
            return .stored(record, repeated: repeated)
        }
        guard let terminal = request.terminal, let sequence = request.sequence,
              let existing = try findBySequence.rows([.text(terminal), .integer(sequence)], Self.read).first
        else { throw StoreError(code: 1, message: "check-in neither stored nor found") }
        return .duplicate(existing)
    }

    /// Whether a check-in of the delegate to the conference is stored (and not voided): the
    /// ledger's memory of the rows after the mark first, then one seek in `presence`.
    private func checkedInEarlier(conference: String, delegate: String) throws(StoreError) -> Bool {
        if try ledger.checkedInAfterMark(conference: conference, delegate: delegate) { return true }
        return (try firstInFolded.rows([.text(conference), .text(delegate)]) { $0.optionalInt64(0) }.first ?? nil) != nil
    }

    /// Check-ins after the mark that make the next one fold them (`PresenceLedger.foldRows`).
    public static var presenceFoldRows: Int { PresenceLedger.foldRows }

    /// Counts every check-in after the mark into `presence` now (a void does it first; the
    /// benchmark's schema decomposition too).
    public func foldPresence() throws(StoreError) { try ledger.foldNow() }

    /// Check-ins after the mark, when the writer knows it without a query (an idle writer folds
    /// them with `foldOldestPresence` when there are `PresenceLedger.idleFoldRows`); nil otherwise.
    public var presenceRowsAfterMark: Int? { ledger.rowsAfterMark }

    /// Counts the oldest `limit` check-ins after the mark into `presence` (all when fewer).
    public func foldOldestPresence(_ limit: Int) throws(StoreError) { try ledger.foldOldest(limit) }

    /// Rows `foldOldestPresence` folds at a time.
    public static var idleFoldRows: Int { PresenceLedger.idleFoldRows }

    /// Forgets what the writer kept of the rows after the mark: its transaction failed.
    func forgetPending() { ledger.forget() }

    /// Forgets it too when another connection wrote the database since (before a transaction).
    func revalidatePending() throws(StoreError) { try ledger.revalidate() }

    /// The check-in stored under (terminal, seq), in any conference, open or closed; nil when none.
    public func stored(terminal: String, sequence: Int64) throws(StoreError) -> CheckRecord? {
        try findBySequence.rows([.text(terminal), .integer(sequence)], Self.read).first
    }

    /// The reply fields kept with event `event` (see `keepReply`); nil for rows stored before they were kept.
    public func reply(event: Int64) throws(StoreError) -> String? {
        try readReply.rows([.integer(event)]) { $0.optionalText(0) }.first ?? nil
    }

    /// Keeps the reply fields of a check-in just stored, in the same transaction, for its retries.
    public func keepReply(_ fields: String, event: Int64) throws(StoreError) {
        try writeReply.run([.text(fields), .integer(event)])
    }

    /// The check-in or check-out with this event number.
    public func find(event: Int64) throws(StoreError) -> CheckRecord? {
        try findByEvent.rows([.integer(event)], Self.read).first
    }

    /// Whether the delegate had checked in to the conference before event `event` when it was
    /// stored: what its reply said (`first=`), so a retry gets it again. A check-in voided after
    /// `event` was received still counts; one voided before it does not.
    public func checkedInBefore(_ event: Int64, delegate: String, conference: String) throws(StoreError) -> Bool {
        let first = try firstIn.rows([.text(conference), .text(delegate)]) { $0.optionalInt64(0) }.first ?? nil
        if let first, first < event { return true }
        return !(try voidedSince.rows([.text(conference), .text(delegate), .integer(event)]) { _ in true }).isEmpty
    }

    /// Delegates who checked in to a conference at least once.
    public func checkedInDelegates(conference: String) throws(StoreError) -> [String] {
        try checkedIn.rows([.text(conference)]) { $0.text(0) }
    }

    /// Every check-in and check-out of a delegate, in any conference, in event order.
    public func all(delegate: String) throws(StoreError) -> [CheckRecord] {
        var records: [CheckRecord] = []
        for conference in try conferencesOfDelegate.rows([.text(delegate)], { $0.text(0) }) {
            records += try listForDelegate.rows([.text(conference), .text(delegate)], Self.read)
        }
        return records.sorted { $0.event < $1.event }
    }

    /// Every check-in and check-out of a conference, in event order.
    public func all(conference: String) throws(StoreError) -> [CheckRecord] {
        try listForConference.rows([.text(conference)], Self.read)
    }

    /// How many check-ins and check-outs a conference has.
    public func counts(conference: String) throws(StoreError) -> (checkins: Int, checkouts: Int) {
        let row = try countForConference.rows([.text(conference)]) { (Int($0.int64(0)), Int($0.int64(1))) }
        return row.first ?? (0, 0)
    }

    static func read(_ row: Statement) -> CheckRecord {
        CheckRecord(
            event: row.int64(0), conference: row.text(1), delegate: row.text(2),
            direction: Direction(rawValue: row.text(3)) ?? .checkIn, terminal: row.optionalText(4),
            sequence: row.optionalInt64(5), method: row.optionalText(6).flatMap(CheckMethod.init),
            receivedAt: Timestamp(milliseconds: row.int64(7)), terminalAt: row.optionalInt64(8).map(Timestamp.init),
            source: row.optionalText(9), effectiveAt: Timestamp(milliseconds: row.int64(10)),
            origin: CheckinOrigin(rawValue: row.text(11)) ?? .live)
    }

    /// The terminal's clock offset (server minus terminal, ms) at its newest live check-in that
    /// carried `at=`; nil when it never sent one. What corrects its queued check-ins.
    public func lastClockOffset(terminal: String) throws(StoreError) -> Int64? {
        try lastLiveOffset.rows([.text(terminal)]) { $0.int64(0) }.first
    }

    /// The highest sequence number stored from a terminal (one seek on its (terminal, seq) index).
    public func highestSequence(terminal: String) throws(StoreError) -> Int64? {
        try highestSeq.rows([.text(terminal)]) { $0.optionalInt64(0) }.first ?? nil
    }
}
