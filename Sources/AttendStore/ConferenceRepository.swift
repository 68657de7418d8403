import AttendCore

/// A conference as stored.
public struct ConferenceRecord: Equatable, Sendable {
    public var id: String
    public var title: String
    public var createdAt: Timestamp
    public var openedAt: Timestamp?
    public var closedAt: Timestamp?

    /// Open: opened and not closed since.
    public var isOpen: Bool { openedAt != nil && closedAt == nil }
}

/// The `conference` table.
public final class ConferenceRepository {
    private let find: Statement
    private let insert: Statement
    private let open: Statement
    private let close: Statement
    private let listOpen: Statement
    private let list: Statement
    private let lastClosed: Statement

    init(_ db: Database) throws(StoreError) {
        let columns = "id, title, created_at, opened_at, closed_at"
        find = try db.prepare("SELECT \(columns) FROM conference WHERE id = ?")
        insert = try db.prepare("INSERT INTO conference (id, title, created_at) VALUES (?, ?, ?)")
        open = try db.prepare("UPDATE conference SET opened_at = ?, closed_at = NULL, title = coalesce(?, title) WHERE id = ?")
        close = try db.prepare("UPDATE conference SET closed_at = ? WHERE id = ?")
        listOpen = try db.prepare(
            "SELECT \(columns) FROM conference WHERE opened_at IS NOT NULL AND closed_at IS NULL ORDER BY opened_at")
        list = try db.prepare("SELECT \(columns) FROM conference ORDER BY created_at")
        lastClosed = try db.prepare("SELECT \(columns) FROM conference WHERE closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT 1")
    }

    public func find(_ id: String) throws(StoreError) -> ConferenceRecord? {
        try find.rows([.text(id)], Self.read).first
    }

    /// Conferences that are open now, oldest first.
    public func openOnes() throws(StoreError) -> [ConferenceRecord] {
        try listOpen.rows([], Self.read)
    }

    /// The conference closed most recently.
    public func lastClosedOne() throws(StoreError) -> ConferenceRecord? {
        try lastClosed.rows([], Self.read).first
    }

    public func all() throws(StoreError) -> [ConferenceRecord] {
        try list.rows([], Self.read)
    }

    /// Creates the conference if it is new, then marks it open (again) at `at`.
    public func open(id: String, title: String?, at: Timestamp) throws(StoreError) -> ConferenceRecord {
        if try find(id) == nil {
            try insert.run([.text(id), .text(title ?? id), .integer(at.milliseconds)])
        }
        try open.run([.integer(at.milliseconds), title.map(SQLValue.text), .text(id)])
        return try find(id)!
    }

    /// Marks the conference closed at `at`.
    public func close(id: String, at: Timestamp) throws(StoreError) {
        try close.run([.integer(at.milliseconds), .text(id)])
    }

    private static func read(_ row: Statement) -> ConferenceRecord {
        ConferenceRecord(
            id: row.text(0), title: row.text(1), createdAt: Timestamp(milliseconds: row.int64(2)),
            openedAt: row.optionalInt64(3).map(Timestamp.init), closedAt: row.optionalInt64(4).map(Timestamp.init))
    }
}
