import AttendCore

/// A check-in or check-out as stored.
public struct CheckRecord: Equatable, Sendable {
    /// The event number, unique in this database, increasing.
    public var event: Int64
    public var conference: String
    public var delegate: String
    public var direction: Direction
    public var terminal: String?
    public var sequence: Int64?
    public var method: CheckMethod?
    /// The server's receive time: authoritative.
    public var receivedAt: Timestamp
    /// The terminal's clock, as it sent it.
    public var terminalAt: Timestamp?
    public var source: String?
    /// When it counts for the tally (see `origin`).
    public var effectiveAt: Timestamp
    /// `live`, `queued` or `paper`.
    public var origin: String
}

/// What storing a check-in did.
public enum CheckOutcome: Equatable, Sendable {
    /// Stored now.
    case stored(CheckRecord)
    /// The same (terminal, seq) was stored before: this is that record.
    case duplicate(CheckRecord)
}

/// The `checkin` table.
public final class CheckInRepository {
    private let db: Database
    private let insert: Statement
    private let findBySequence: Statement
    private let listForConference: Statement
    private let countForConference: Statement
    private let earlierCheckIn: Statement
    private let listForDelegate: Statement
    private let checkedIn: Statement
    static let columns = """
        event, conference, delegate, direction, terminal, seq, method, received_at, terminal_at, source,
        coalesce(effective_at, received_at), origin
        """

    init(_ db: Database) throws(StoreError) {
        self.db = db
        let columns = CheckInRepository.columns
        insert = try db.prepare("""
            INSERT INTO checkin (conference, delegate, direction, terminal, seq, method, received_at, terminal_at, source,
                                 effective_at, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        earlierCheckIn = try db.prepare(
            "SELECT 1 FROM checkin WHERE conference = ? AND delegate = ? AND direction = 'in' AND event < ? LIMIT 1")
        checkedIn = try db.prepare("SELECT DISTINCT delegate FROM checkin WHERE conference = ? AND direction = 'in'")
        listForDelegate = try db.prepare("SELECT \(columns) FROM checkin WHERE delegate = ? ORDER BY event")
        findBySequence = try db.prepare(
            "SELECT \(columns) FROM checkin WHERE terminal = ? AND seq = ? AND terminal IS NOT NULL AND seq IS NOT NULL")
        listForConference = try db.prepare("SELECT \(columns) FROM checkin WHERE conference = ? ORDER BY event")
        countForConference = try db.prepare(
            "SELECT count(*) FILTER (WHERE direction = 'in'), count(*) FILTER (WHERE direction = 'out') FROM checkin WHERE conference = ?")
    }

    /// Stores a check-in unless its (terminal, seq) is already stored; then returns the stored one.
    /// `effectiveAt` defaults to `receivedAt`; `origin` is `live`, `queued` or `paper`.
    public func record(
        _ request: CheckRequest, conference: String, receivedAt: Timestamp, source: String?,
        effectiveAt: Timestamp? = nil, origin: String = "live"
    ) throws(StoreError) -> CheckOutcome {
        let effective = effectiveAt ?? receivedAt
        try insert.run([
            .text(conference), .text(request.delegate), .text(request.direction.rawValue),
            request.terminal.map(SQLValue.text), request.sequence.map(SQLValue.integer),
            request.method.map { .text($0.rawValue) }, .integer(receivedAt.milliseconds),
            request.terminalTime.map { .integer($0.milliseconds) }, source.map(SQLValue.text),
            .integer(effective.milliseconds), .text(origin),
        ])
        if db.changes == 1 {
            return .stored(CheckRecord(
                event: db.lastInsertRowID, conference: conference, delegate: request.delegate,
                direction: request.direction, terminal: request.terminal, sequence: request.sequence,
                method: request.method, receivedAt: receivedAt, terminalAt: request.terminalTime, source: source,
                effectiveAt: effective, origin: origin))
        }
        guard let terminal = request.terminal, let sequence = request.sequence,
              let existing = try findBySequence.rows([.text(terminal), .integer(sequence)], Self.read).first
        else { throw StoreError(code: 1, message: "check-in neither stored nor found") }
        return .duplicate(existing)
    }

    /// Whether the delegate checked in to the conference before event `event`.
    public func checkedInBefore(_ event: Int64, delegate: String, conference: String) throws(StoreError) -> Bool {
        try !earlierCheckIn.rows([.text(conference), .text(delegate), .integer(event)]) { _ in true }.isEmpty
    }

    /// Delegates who checked in to a conference at least once.
    public func checkedInDelegates(conference: String) throws(StoreError) -> [String] {
        try checkedIn.rows([.text(conference)]) { $0.text(0) }
    }

    /// Every check-in and check-out of a delegate, in any conference, in event order.
    public func all(delegate: String) throws(StoreError) -> [CheckRecord] {
        try listForDelegate.rows([.text(delegate)], Self.read)
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

    private static func read(_ row: Statement) -> CheckRecord {
        CheckRecord(
            event: row.int64(0), conference: row.text(1), delegate: row.text(2),
            direction: Direction(rawValue: row.text(3)) ?? .checkIn, terminal: row.optionalText(4),
            sequence: row.optionalInt64(5), method: row.optionalText(6).flatMap(CheckMethod.init),
            receivedAt: Timestamp(milliseconds: row.int64(7)), terminalAt: row.optionalInt64(8).map(Timestamp.init),
            source: row.optionalText(9), effectiveAt: Timestamp(milliseconds: row.int64(10)), origin: row.text(11))
    }
}
