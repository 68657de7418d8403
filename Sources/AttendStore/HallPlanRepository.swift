import AttendCore

/// On a bridge point: the newest plan revision it received of a district conference.
public struct HallPlanRecord: Equatable, Sendable {
    public var conference: String
    public var revision: Int64
    public var outcome: PlanConfirmation.Outcome
    public var reason: String
    /// The conference is the district's here (a revision of it was applied).
    public var adopted: Bool
    public var withdrawn: Bool
    /// The hall's list size after it.
    public var size: Int
    public var receivedAt: Timestamp
    /// The hub has this outcome.
    public var confirmed: Bool

    public init(conference: String, revision: Int64, outcome: PlanConfirmation.Outcome, reason: String, adopted: Bool, withdrawn: Bool,
                size: Int, receivedAt: Timestamp, confirmed: Bool) {
        self.conference = conference
        self.revision = revision
        self.outcome = outcome
        self.reason = reason
        self.adopted = adopted
        self.withdrawn = withdrawn
        self.size = size
        self.receivedAt = receivedAt
        self.confirmed = confirmed
    }
}

/// The `hall_plan` table: what a bridge point did with the district's plans, and which of its
/// answers the hub still lacks (sent at the next poll, across restarts).
public final class HallPlanRepository {
    private let find: Statement
    private let list: Statement
    private let upsert: Statement
    private let markConfirmed: Statement

    init(_ db: Database) throws(StoreError) {
        let columns = "conference, revision, outcome, reason, adopted, withdrawn, size, received_at, confirmed"
        find = try db.prepare("SELECT \(columns) FROM hall_plan WHERE conference = ?")
        list = try db.prepare("SELECT \(columns) FROM hall_plan ORDER BY received_at, conference")
        upsert = try db.prepare("""
            INSERT INTO hall_plan (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)
            ON CONFLICT (conference) DO UPDATE SET revision = excluded.revision, outcome = excluded.outcome, reason = excluded.reason,
            adopted = excluded.adopted, withdrawn = excluded.withdrawn, size = excluded.size, received_at = excluded.received_at,
            confirmed = 0
            """)
        markConfirmed = try db.prepare("UPDATE hall_plan SET confirmed = 1 WHERE conference = ? AND revision = ?")
    }

    public func held(_ conference: String) throws(StoreError) -> HallPlanRecord? {
        try find.rows([.text(conference)], Self.read).first
    }

    public func all() throws(StoreError) -> [HallPlanRecord] {
        try list.rows([], Self.read)
    }

    public func record(_ record: HallPlanRecord) throws(StoreError) {
        try upsert.run([
            .text(record.conference), .integer(record.revision), .text(record.outcome.rawValue), .text(record.reason),
            .integer(record.adopted ? 1 : 0), .integer(record.withdrawn ? 1 : 0), .integer(Int64(record.size)),
            .integer(record.receivedAt.milliseconds),
        ])
    }

    /// The hub answered the confirmation of this revision.
    public func confirmed(conference: String, revision: Int64) throws(StoreError) {
        try markConfirmed.run([.text(conference), .integer(revision)])
    }

    private static func read(_ row: Statement) -> HallPlanRecord {
        HallPlanRecord(
            conference: row.text(0), revision: row.int64(1), outcome: PlanConfirmation.Outcome(rawValue: row.text(2)) ?? .refused,
            reason: row.text(3), adopted: row.int64(4) == 1, withdrawn: row.int64(5) == 1, size: Int(row.int64(6)),
            receivedAt: Timestamp(milliseconds: row.int64(7)), confirmed: row.int64(8) == 1)
    }
}
