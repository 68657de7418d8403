import AttendCore

/// A voided event: the check-in as stored, and who took it back, when and why.
public struct VoidRecord: Equatable, Sendable {
    public var checkin: CheckRecord
    public var reason: String
    /// The terminal that asked (`term=`), if any.
    public var terminal: String?
    /// From the local control socket (`attendctl void`).
    public var byControl: Bool
    /// The peer address it came from.
    public var source: String?
    public var voidedAt: Timestamp

    /// Who voided it, for the audit trail: `control` or the terminal's id.
    public var by: String { byControl ? "control" : terminal ?? "" }
}

/// The `void` table, and the `presence` counts a void takes back.
public final class VoidRepository {
    private let db: Database
    private let insert: Statement
    private let findOne: Statement
    private let listForConference: Statement
    private let listAll: Statement
    private let uncount: Statement
    private let checkins: CheckInRepository

    init(_ db: Database, checkins: CheckInRepository) throws(StoreError) {
        self.db = db
        self.checkins = checkins
        // CheckInRepository.columns, qualified: `read` below reads them in that order.
        let columns = """
            c.event, c.conference, c.delegate, c.direction, c.terminal, c.seq, c.method, c.received_at, c.terminal_at,
            c.source, coalesce(c.effective_at, c.received_at), c.origin
            """
        let select = "SELECT \(columns), v.reason, v.terminal, v.by_control, v.source, v.voided_at FROM void v JOIN checkin c ON c.event = v.event"
        insert = try db.prepare("""
            INSERT INTO void (event, reason, terminal, by_control, source, voided_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT DO NOTHING
            """)
        findOne = try db.prepare("\(select) WHERE v.event = ?")
        listForConference = try db.prepare("\(select) WHERE c.conference = ? ORDER BY v.event")
        listAll = try db.prepare("\(select) ORDER BY v.event")
        // The delegate's counts without the voided event, and the first check-in among those left.
        uncount = try db.prepare("""
            UPDATE presence SET
                checkins = checkins - (?3 = 'in'), checkouts = checkouts - (?3 = 'out'),
                first_in = (SELECT min(c.event) FROM checkin c
                            WHERE c.conference = ?1 AND c.delegate = ?2 AND c.direction = 'in'
                              AND NOT EXISTS (SELECT 1 FROM void v WHERE v.event = c.event))
            WHERE conference = ?1 AND delegate = ?2
            """)
    }

    /// Voids `record` (a stored check-in); false when it was voided before (nothing changes).
    public func void(
        _ record: CheckRecord, reason: String, terminal: String?, byControl: Bool, source: String?, at: Timestamp
    ) throws(StoreError) -> Bool {
        // `presence` must count the event before a void takes it back (`PresenceLedger`'s invariant).
        try checkins.foldPresence()
        try insert.run([
            .integer(record.event), .text(reason), terminal.map(SQLValue.text), .integer(byControl ? 1 : 0),
            source.map(SQLValue.text), .integer(at.milliseconds),
        ])
        guard db.changes == 1 else { return false }
        try uncount.run([.text(record.conference), .text(record.delegate), .text(record.direction.rawValue)])
        return true
    }

    /// The void of an event, if it was voided.
    public func find(event: Int64) throws(StoreError) -> VoidRecord? {
        try findOne.rows([.integer(event)], Self.read).first
    }

    /// The voids of a conference (nil: of every conference), in event order.
    public func all(conference: String?) throws(StoreError) -> [VoidRecord] {
        if let conference { return try listForConference.rows([.text(conference)], Self.read) }
        return try listAll.rows([], Self.read)
    }

    private static func read(_ row: Statement) -> VoidRecord {
        VoidRecord(
            checkin: CheckInRepository.read(row), reason: row.text(12), terminal: row.optionalText(13),
            byControl: row.int64(14) == 1, source: row.optionalText(15), voidedAt: Timestamp(milliseconds: row.int64(16)))
    }
}
