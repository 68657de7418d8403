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
    private let keepYear: Statement
    private let yearDated: Statement
    private let unkeptYear: Statement

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
        // A later final revision replaces the kept one; an older one arriving late never does.
        keepYear = try db.prepare("""
            INSERT INTO received_year (bridge, conference, revision, date, body) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (bridge, conference) DO UPDATE SET revision = excluded.revision, date = excluded.date, body = excluded.body
            WHERE excluded.revision > received_year.revision
            """)
        yearDated = try db.prepare(
            "SELECT bridge, conference, body FROM received_year WHERE date BETWEEN ? AND ? ORDER BY conference, bridge")
        unkeptYear = try db.prepare("""
            SELECT bridge, conference, revision, payload FROM received r WHERE final = 1
            AND revision = (SELECT max(revision) FROM received WHERE bridge = r.bridge AND conference = r.conference AND final = 1)
            AND NOT EXISTS (SELECT 1 FROM received_year y WHERE y.bridge = r.bridge AND y.conference = r.conference AND y.revision >= r.revision)
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
    /// A final tally's `year` (what the year reads of it) is kept too, replacing an older revision's.
    public func receive(
        bridge: String, conference: String, revision: Int64, payload: [UInt8], summary: TallySummary, year: YearReport.HallTally?,
        at: Timestamp
    ) throws(StoreError) -> Bool {
        try insertReceived.run([
            .text(bridge), .text(conference), .integer(revision), .blob(payload), .integer(at.milliseconds),
            .blob(summary.storedData()), .integer(summary.final ? 1 : 0),
        ])
        guard findReceived.database.changes == 1 else { return false }
        if summary.final, let year { try keep(year: year, conference: conference, revision: revision) }
        return true
    }

    private func keep(year: YearReport.HallTally, conference: String, revision: Int64) throws(StoreError) {
        try keepYear.run([.text(year.bridge), .text(conference), .integer(revision), .text(year.conference.date), .blob(year.storedBytes())])
    }

    /// What the year reads of each bridge point's newest final tally of every conference dated
    /// `from` to `to` (YYYY-MM-DD, inclusive), by conference then bridge point: the kept bytes
    /// (`YearReport.HallTally.stored`), found by the date index, so other years cost nothing.
    public func yearRows(from: String, to: String) throws(StoreError) -> [(bridge: String, conference: String, body: [UInt8])] {
        try yearDated.rows([.text(from), .text(to)]) { ($0.text(0), $0.text(1), $0.blob(2)) }
    }

    /// Keeps the year's rows of final tallies received before they were kept (migration 11):
    /// each newest final tally without one is decoded once; one that no longer decodes stays
    /// out, as the year leaves it out. Returns how many were kept. Nothing to do on a bridge point.
    @discardableResult
    public func fillYearRows() throws(StoreError) -> Int {
        let unkept = try unkeptYear.rows([]) { ($0.text(0), $0.text(1), $0.int64(2), $0.blob(3)) }
        var kept = 0
        for (bridge, conference, revision, payload) in unkept {
            guard let year = YearReport.HallTally.decode(bridge: bridge, json: payload) else { continue }
            try keep(year: year, conference: conference, revision: revision)
            kept += 1
        }
        return kept
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

    /// The summary of the newest tally each bridge point sent for a conference. A tally stored
    /// before summaries were kept (or whose summary cannot be read) is decoded instead; one that
    /// no longer decodes is left out.
    public func newestSummaries(conference: String) throws(StoreError) -> [(bridge: String, revision: Int64, summary: TallySummary)] {
        try newestSummary.rows([.text(conference)]) { row in
            (row.text(0), row.int64(1), row.optionalBlob(2).flatMap(TallySummary.stored) ?? (try? Tally.decode(json: Data(row.blob(3)))).map(TallySummary.init))
        }.compactMap { entry in entry.2.map { (bridge: entry.0, revision: entry.1, summary: $0) } }
    }
}
