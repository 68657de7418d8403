import AttendCore
import Foundation

/// The `incident` and `linetest` tables.
public final class IncidentRepository {
    private let findOpen: Statement
    private let insert: Statement
    private let endOne: Statement
    private let openOnes: Statement
    private let overlapping: Statement
    private let find: Statement
    private let insertLineTest: Statement
    private let newestLineTests: Statement
    private let newestLineTestsBetween: Statement

    init(_ db: Database) throws(StoreError) {
        let columns = "id, kind, source, source_name, started_at, ended_at, note"
        findOpen = try db.prepare(
            "SELECT \(columns) FROM incident WHERE ended_at IS NULL AND kind = ? AND source = ? AND source_name = ?")
        insert = try db.prepare("INSERT INTO incident (kind, source, source_name, started_at, note) VALUES (?, ?, ?, ?, ?)")
        endOne = try db.prepare("UPDATE incident SET ended_at = ? WHERE id = ?")
        openOnes = try db.prepare("SELECT \(columns) FROM incident WHERE ended_at IS NULL ORDER BY id")
        overlapping = try db.prepare(
            "SELECT \(columns) FROM incident WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at, id")
        find = try db.prepare("SELECT \(columns) FROM incident WHERE id = ?")
        insertLineTest = try db.prepare("INSERT INTO linetest (target, started_at, passed, result) VALUES (?, ?, ?, ?)")
        newestLineTests = try db.prepare("""
            SELECT result FROM linetest WHERE id IN (SELECT max(id) FROM linetest GROUP BY target) ORDER BY target
            """)
        newestLineTestsBetween = try db.prepare("""
            SELECT result FROM linetest WHERE id IN
            (SELECT max(id) FROM linetest WHERE started_at >= ? AND started_at < ? GROUP BY target) ORDER BY target
            """)
    }

    /// Starts an incident, or returns the one of the same kind and source already open.
    public func start(
        _ kind: IncidentKind, source: IncidentSource, sourceName: String, at: Timestamp, note: String
    ) throws(StoreError) -> (incident: Incident, isNew: Bool) {
        if let open = try findOpen.rows([.text(kind.rawValue), .text(source.rawValue), .text(sourceName)], Self.read).first {
            return (open, false)
        }
        try insert.run([.text(kind.rawValue), .text(source.rawValue), .text(sourceName), .integer(at.milliseconds), .text(note)])
        let id = find.database.lastInsertRowID
        return (try find.rows([.integer(id)], Self.read).first!, true)
    }

    /// Ends the open incidents of a kind: those of one source, or with `anySource`, all of them
    /// (an operator can end what a terminal started). Returns the ended ones.
    public func end(
        _ kind: IncidentKind, source: IncidentSource, sourceName: String, anySource: Bool, at: Timestamp
    ) throws(StoreError) -> [Incident] {
        let open = try openOnes.rows([], Self.read).filter {
            $0.kind == kind && (anySource || ($0.source == source && ($0.sourceName ?? "") == sourceName))
        }
        for incident in open { try endOne.run([.integer(max(at.milliseconds, incident.start.milliseconds)), .integer(incident.id)]) }
        return open.map {
            var ended = $0
            ended.end = Timestamp(milliseconds: max(at.milliseconds, $0.start.milliseconds))
            return ended
        }
    }

    /// Incidents open now.
    public func open() throws(StoreError) -> [Incident] {
        try openOnes.rows([], Self.read)
    }

    /// Incidents that overlap `[start, end)`.
    public func overlapping(from start: Timestamp, to end: Timestamp) throws(StoreError) -> [Incident] {
        try overlapping.rows([.integer(end.milliseconds), .integer(start.milliseconds)], Self.read)
    }

    /// Stores a line test's result.
    public func record(_ result: LineTestResult, startedAt: Timestamp) throws(StoreError) {
        let json = (try? JSONEncoder().encode(result)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        try insertLineTest.run([.text(result.target), .integer(startedAt.milliseconds), .integer(result.passed ? 1 : 0), .text(json)])
    }

    /// The newest line test of each target.
    public func latestLineTests() throws(StoreError) -> [LineTestResult] {
        try newestLineTests.rows([]) { $0.text(0) }.compactMap { try? JSONDecoder().decode(LineTestResult.self, from: Data($0.utf8)) }
    }

    /// The newest line test of each target started in `[from, to)`.
    public func latestLineTests(from: Timestamp, to: Timestamp) throws(StoreError) -> [LineTestResult] {
        try newestLineTestsBetween.rows([.integer(from.milliseconds), .integer(to.milliseconds)]) { $0.text(0) }
            .compactMap { try? JSONDecoder().decode(LineTestResult.self, from: Data($0.utf8)) }
    }

    private static func read(_ row: Statement) -> Incident {
        let name = row.text(3)
        return Incident(
            id: row.int64(0), kind: IncidentKind(rawValue: row.text(1)) ?? .degraded,
            source: IncidentSource(rawValue: row.text(2)) ?? .operator, sourceName: name.isEmpty ? nil : name,
            start: Timestamp(milliseconds: row.int64(4)), end: row.optionalInt64(5).map(Timestamp.init), note: row.text(6),
            closedByConferenceEnd: false)
    }
}
