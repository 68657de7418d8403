import Foundation
import AttendCore

/// The `outbox` (tallies waiting for the district) and `received` (tallies a hub was sent).
public final class PushRepository {
    private let latestRevision: Statement
    private let insertOutbox: Statement
    private let pending: Statement
    private let markPushed: Statement
    private let insertReceived: Statement
    private let findReceived: Statement
    private let newestReceived: Statement
    private let newestSummary: Statement
    private let outboxAll: Statement
    private let allQueued: Statement
    private let waitingCount: Statement
    private let receivedSince: Statement
    private let newestFinalDated: Statement

    init(_ db: Database) throws(StoreError) {
        latestRevision = try db.prepare("SELECT coalesce(max(revision), 0) FROM outbox WHERE conference = ?")
        insertOutbox = try db.prepare("INSERT INTO outbox (conference, revision, payload, created_at) VALUES (?, ?, ?, ?)")
        // Only the newest revision of each conference is sent: an older one never goes over a newer.
        pending = try db.prepare("""
            SELECT conference, revision, payload FROM outbox o
            WHERE pushed_at IS NULL AND revision = (SELECT max(revision) FROM outbox WHERE conference = o.conference)
            ORDER BY created_at LIMIT 1
            """)
        markPushed = try db.prepare("UPDATE outbox SET pushed_at = ? WHERE conference = ? AND revision <= ? AND pushed_at IS NULL")
        insertReceived = try db.prepare(
            """
            INSERT INTO received (bridge, conference, revision, payload, received_at, summary, final)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """)
        findReceived = try db.prepare("SELECT payload FROM received WHERE bridge = ? AND conference = ? AND revision = ?")
        newestReceived = try db.prepare("""
            SELECT bridge, revision, payload FROM received r WHERE conference = ?
            AND revision = (SELECT max(revision) FROM received WHERE bridge = r.bridge AND conference = r.conference)
            ORDER BY bridge
            """)
        // The whole tally only where no summary was kept (received before migration 5).
        newestSummary = try db.prepare("""
            SELECT bridge, revision, summary, CASE WHEN summary IS NULL THEN payload END FROM received r WHERE conference = ?
            AND revision = (SELECT max(revision) FROM received WHERE bridge = r.bridge AND conference = r.conference)
            ORDER BY bridge
            """)
        receivedSince = try db.prepare("""
            SELECT conference, min(received_at), group_concat(DISTINCT bridge) FROM received WHERE final = 1
            GROUP BY conference HAVING min(received_at) >= ? ORDER BY 2
            """)
        // The year (issue 21): the date is read from the kept summary inside SQLite, so tallies
        // of other years are never handed to Swift; a row kept before summaries is always read.
        newestFinalDated = try db.prepare("""
            SELECT bridge, conference, payload FROM received r WHERE final = 1
            AND revision = (SELECT max(revision) FROM received WHERE bridge = r.bridge AND conference = r.conference AND final = 1)
            AND (summary IS NULL OR json_extract(CAST(summary AS TEXT), '$.conference.date') BETWEEN ? AND ?)
            ORDER BY conference, bridge
            """)
        waitingCount = try db.prepare("SELECT count(*) FROM outbox WHERE pushed_at IS NULL")
        allQueued = try db.prepare("SELECT payload FROM outbox WHERE conference = ? ORDER BY revision")
        outboxAll = try db.prepare("SELECT conference, revision, created_at, pushed_at FROM outbox ORDER BY created_at, revision")
    }

    /// Freezes a tally as the conference's next revision; returns the revision.
    @discardableResult
    public func enqueue(conference: String, payload: [UInt8], at: Timestamp) throws(StoreError) -> Int64 {
        let revision = (try latestRevision.rows([.text(conference)]) { $0.int64(0) }.first ?? 0) + 1
        try insertOutbox.run([.text(conference), .integer(revision), .blob(payload), .integer(at.milliseconds)])
        return revision
    }

    /// The next tally to push, if any: the newest revision of the oldest waiting conference.
    public func nextPending() throws(StoreError) -> (conference: String, revision: Int64, payload: [UInt8])? {
        try pending.rows([]) { ($0.text(0), $0.int64(1), $0.blob(2)) }.first
    }

    /// The district has this revision (and so needs no older one).
    public func pushed(conference: String, revision: Int64, at: Timestamp) throws(StoreError) {
        try markPushed.run([.integer(at.milliseconds), .text(conference), .integer(revision)])
    }

    /// Outbox entries the district does not have yet.
    public func waiting() throws(StoreError) -> Int {
        Int(try waitingCount.rows([]) { $0.int64(0) }.first ?? 0)
    }

    /// Every tally frozen for `conference`, pushed or not, oldest first (what the next report number follows).
    public func frozen(conference: String) throws(StoreError) -> [[UInt8]] {
        try allQueued.rows([.text(conference)]) { $0.blob(0) }
    }

    /// Every outbox entry: conference, revision, created, pushed.
    public func outbox() throws(StoreError) -> [(conference: String, revision: Int64, createdAt: Timestamp, pushedAt: Timestamp?)] {
        try outboxAll.rows([]) { ($0.text(0), $0.int64(1), Timestamp(milliseconds: $0.int64(2)), $0.optionalInt64(3).map(Timestamp.init)) }
    }

    /// Stores a received tally once, with its summary. Returns false when this exact revision
    /// was already here (a repeat); throws nothing for a repeat.
    public func receive(
        bridge: String, conference: String, revision: Int64, payload: [UInt8], summary: TallySummary, at: Timestamp
    ) throws(StoreError) -> Bool {
        try insertReceived.run([
            .text(bridge), .text(conference), .integer(revision), .blob(payload), .integer(at.milliseconds),
            .blob(summary.storedData()), .integer(summary.final ? 1 : 0),
        ])
        return findReceived.database.changes == 1
    }

    /// Conferences first reported since `since`: when the first tally came, and who reported.
    public func receivedConferences(since: Timestamp) throws(StoreError) -> [(conference: String, first: Timestamp, bridges: Set<String>)] {
        try receivedSince.rows([.integer(since.milliseconds)]) { row in
            (row.text(0), Timestamp(milliseconds: row.int64(1)), Set(row.text(2).split(separator: ",").map(String.init)))
        }
    }

    /// The newest tally each bridge point sent for a conference, whole.
    public func newest(conference: String) throws(StoreError) -> [(bridge: String, revision: Int64, payload: [UInt8])] {
        try newestReceived.rows([.text(conference)]) { ($0.text(0), $0.int64(1), $0.blob(2)) }
    }

    /// The newest final tally each bridge point sent of every conference dated `from` to `to`
    /// (YYYY-MM-DD, inclusive, by the kept summary), whole, by conference then bridge point. A
    /// tally kept without a summary is returned whatever its date: the caller reads its date.
    public func newestFinal(from: String, to: String) throws(StoreError) -> [(bridge: String, conference: String, payload: [UInt8])] {
        try newestFinalDated.rows([.text(from), .text(to)]) { ($0.text(0), $0.text(1), $0.blob(2)) }
    }

    /// The summary of the newest tally each bridge point sent for a conference. A tally stored
    /// before summaries were kept (or whose summary cannot be read) is decoded instead; one that
    /// no longer decodes is left out.
    public func newestSummaries(conference: String) throws(StoreError) -> [(bridge: String, revision: Int64, summary: TallySummary)] {
        try newestSummary.rows([.text(conference)]) { row in
            (row.text(0), row.int64(1), row.optionalBlob(2).flatMap(TallySummary.stored) ?? (try? Tally.decode(json: Data(row.blob(3)))).map(TallySummary.init))
        }.compactMap { entry in entry.2.map { (bridge: entry.0, revision: entry.1, summary: $0) } }
    }
}
