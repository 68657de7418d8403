import AttendCore

/// The `invited` and `excuse` tables: who is expected at a conference, and why some are not.
public final class InvitedRepository {
    private let deleteAll: Statement
    private let insert: Statement
    private let list: Statement
    private let listFolded: Statement
    private let find: Statement
    private let countAll: Statement
    private let conferencesOf: Statement
    private let upsertExcuse: Statement
    private let deleteExcuse: Statement
    private let listExcuses: Statement

    init(_ db: Database) throws(StoreError) {
        deleteAll = try db.prepare("DELETE FROM invited WHERE conference = ?")
        insert = try db.prepare(
            "INSERT INTO invited (conference, delegate, name, name_folded, unit, category) VALUES (?, ?, ?, ?, ?, ?)")
        list = try db.prepare("SELECT delegate, name, unit, category FROM invited WHERE conference = ? ORDER BY rowid")
        listFolded = try db.prepare(
            "SELECT delegate, name, unit, category, name_folded FROM invited WHERE conference = ? ORDER BY rowid")
        find = try db.prepare("SELECT delegate, name, unit, category FROM invited WHERE conference = ? AND delegate = ?")
        countAll = try db.prepare("SELECT count(*) FROM invited WHERE conference = ?")
        conferencesOf = try db.prepare("SELECT conference FROM invited WHERE delegate = ?")
        upsertExcuse = try db.prepare("""
            INSERT INTO excuse (conference, delegate, reason, recorded_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (conference, delegate) DO UPDATE SET reason = excluded.reason, recorded_at = excluded.recorded_at
            """)
        deleteExcuse = try db.prepare("DELETE FROM excuse WHERE conference = ? AND delegate = ?")
        listExcuses = try db.prepare("SELECT delegate, reason FROM excuse WHERE conference = ?")
    }

    /// Replaces the invited list of a conference (call inside a transaction: all or nothing).
    public func replace(conference: String, with delegates: [Delegate]) throws(StoreError) {
        try deleteAll.run([.text(conference)])
        for delegate in delegates {
            try insert.run([
                .text(conference), .text(delegate.id), .text(delegate.fullName), .text(NameFolding.fold(delegate.fullName)),
                .text(delegate.unit), .text(delegate.category.rawValue),
            ])
        }
    }

    /// How many are invited, without loading the list.
    public func count(conference: String) throws(StoreError) -> Int {
        Int(try countAll.rows([.text(conference)]) { $0.int64(0) }.first ?? 0)
    }

    public func all(conference: String) throws(StoreError) -> [Delegate] {
        try list.rows([.text(conference)], Self.read)
    }

    /// The list with each name as folded at import, for FIND's index.
    public func allFolded(conference: String) throws(StoreError) -> [(delegate: Delegate, folded: String)] {
        try listFolded.rows([.text(conference)]) { (Self.read($0), $0.text(4)) }
    }

    public func find(_ delegate: String, conference: String) throws(StoreError) -> Delegate? {
        try find.rows([.text(conference), .text(delegate)], Self.read).first
    }

    /// The conferences a delegate was invited to.
    public func conferences(of delegate: String) throws(StoreError) -> [String] {
        try conferencesOf.rows([.text(delegate)]) { $0.text(0) }
    }

    /// Records an excuse; an empty reason withdraws it.
    public func excuse(_ delegate: String, conference: String, reason: String, at: Timestamp) throws(StoreError) {
        if reason.isEmpty {
            try deleteExcuse.run([.text(conference), .text(delegate)])
        } else {
            try upsertExcuse.run([.text(conference), .text(delegate), .text(reason), .integer(at.milliseconds)])
        }
    }

    /// Excuse reasons by delegate.
    public func excuses(conference: String) throws(StoreError) -> [String: String] {
        Dictionary(try listExcuses.rows([.text(conference)]) { ($0.text(0), $0.text(1)) }, uniquingKeysWith: { a, _ in a })
    }

    private static func read(_ row: Statement) -> Delegate {
        Delegate(
            id: row.text(0), fullName: row.text(1), unit: row.text(2),
            category: DelegateCategory(rawValue: row.text(3)) ?? .guest)
    }
}
