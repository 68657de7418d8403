import AttendCore
import Foundation

/// A conference as the hub published it, at its newest revision.
public struct PublishedPlan: Equatable, Sendable {
    /// Title, date, parts, grace and schedule (no expected count: that is per hall).
    public var plan: ConferencePlan
    public var revision: Int64
    public var bridges: BridgeSelection
    public var withdrawn: Bool
    public var changedAt: Timestamp

    public init(plan: ConferencePlan, revision: Int64, bridges: BridgeSelection, withdrawn: Bool = false, changedAt: Timestamp) {
        self.plan = plan
        self.revision = revision
        self.bridges = bridges
        self.withdrawn = withdrawn
        self.changedAt = changedAt
    }
}

/// What a bridge point last confirmed of a conference, as the hub keeps it.
public struct StoredConfirmation: Equatable, Sendable {
    public var revision: Int64
    public var outcome: PlanConfirmation.Outcome
    public var reason: String
    public var size: Int
    public var at: Timestamp
}

/// A bridge point's last poll, as the hub keeps it.
public struct PlanPeer: Equatable, Sendable {
    public var bridge: String
    public var lastSeq: Int64
    public var polledAt: Timestamp?
    /// The hub's clock minus the bridge point's, ms.
    public var clockOffsetMilliseconds: Int64?
}

/// On a hub: the `district_plan`, `district_invited`, `district_expected`, `plan_confirmation`
/// and `plan_peer` tables.
public final class DistrictPlanRepository {
    private let load: Statement
    private let loadAll: Statement
    private let upsert: Statement
    private let rowsOf: Statement
    private let allRows: Statement
    private let deleteRows: Statement
    private let deleteBridgeRows: Statement
    private let insertRow: Statement
    private let counts: Statement
    private let setPlanned: Statement
    private let setConfirmed: Statement
    private let expectedOf: Statement
    private let upsertConfirmation: Statement
    private let confirmationsOf: Statement
    private let peerOf: Statement
    private let upsertPeer: Statement
    private let allPeers: Statement

    init(_ db: Database) throws(StoreError) {
        let columns = "conference, revision, title, date, parts, grace_minutes, auto_schedule, bridges, withdrawn, changed_at, reflection_due"
        load = try db.prepare("SELECT \(columns) FROM district_plan WHERE conference = ?")
        loadAll = try db.prepare("SELECT \(columns) FROM district_plan ORDER BY changed_at, conference")
        upsert = try db.prepare("""
            INSERT INTO district_plan (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (conference) DO UPDATE SET revision = excluded.revision, title = excluded.title, date = excluded.date,
            parts = excluded.parts, grace_minutes = excluded.grace_minutes, auto_schedule = excluded.auto_schedule,
            bridges = excluded.bridges, withdrawn = excluded.withdrawn, changed_at = excluded.changed_at,
            reflection_due = excluded.reflection_due
            """)
        rowsOf = try db.prepare(
            "SELECT delegate, name, unit, category FROM district_invited WHERE conference = ? AND bridge = ? ORDER BY rowid")
        allRows = try db.prepare("SELECT bridge, delegate, name, unit, category FROM district_invited WHERE conference = ? ORDER BY rowid")
        deleteRows = try db.prepare("DELETE FROM district_invited WHERE conference = ?")
        deleteBridgeRows = try db.prepare("DELETE FROM district_invited WHERE conference = ? AND bridge = ?")
        insertRow = try db.prepare(
            "INSERT INTO district_invited (conference, bridge, delegate, name, unit, category) VALUES (?, ?, ?, ?, ?, ?)")
        counts = try db.prepare("SELECT bridge, count(*) FROM district_invited WHERE conference = ? GROUP BY bridge")
        setPlanned = try db.prepare("""
            INSERT INTO district_expected (conference, bridge, planned) VALUES (?, ?, ?)
            ON CONFLICT (conference, bridge) DO UPDATE SET planned = excluded.planned
            """)
        setConfirmed = try db.prepare("""
            INSERT INTO district_expected (conference, bridge, confirmed) VALUES (?, ?, ?)
            ON CONFLICT (conference, bridge) DO UPDATE SET confirmed = excluded.confirmed
            """)
        expectedOf = try db.prepare("SELECT bridge, planned, confirmed FROM district_expected WHERE conference = ?")
        upsertConfirmation = try db.prepare("""
            INSERT INTO plan_confirmation (bridge, conference, revision, outcome, reason, size, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (bridge, conference) DO UPDATE SET revision = excluded.revision, outcome = excluded.outcome,
            reason = excluded.reason, size = excluded.size, confirmed_at = excluded.confirmed_at
            """)
        confirmationsOf = try db.prepare(
            "SELECT bridge, revision, outcome, reason, size, confirmed_at FROM plan_confirmation WHERE conference = ?")
        peerOf = try db.prepare("SELECT bridge, last_seq, polled_at, clock_offset_ms FROM plan_peer WHERE bridge = ?")
        upsertPeer = try db.prepare("""
            INSERT INTO plan_peer (bridge, last_seq, polled_at, clock_offset_ms) VALUES (?, ?, ?, ?)
            ON CONFLICT (bridge) DO UPDATE SET last_seq = excluded.last_seq,
            polled_at = coalesce(excluded.polled_at, polled_at), clock_offset_ms = coalesce(excluded.clock_offset_ms, clock_offset_ms)
            """)
        allPeers = try db.prepare("SELECT bridge, last_seq, polled_at, clock_offset_ms FROM plan_peer ORDER BY bridge")
    }

    public func published(_ conference: String) throws(StoreError) -> PublishedPlan? {
        try load.rows([.text(conference)], Self.read).first
    }

    /// Every published conference, least recently changed first.
    public func allPublished() throws(StoreError) -> [PublishedPlan] {
        try loadAll.rows([], Self.read)
    }

    public func save(_ published: PublishedPlan) throws(StoreError) {
        let parts = (try? JSONEncoder().encode(published.plan.parts)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        try upsert.run([
            .text(published.plan.id), .integer(published.revision), .text(published.plan.title), .text(published.plan.date), .text(parts),
            .integer(Int64(published.plan.graceMinutes)), .integer(published.plan.autoSchedule ? 1 : 0), .text(published.bridges.text),
            .integer(published.withdrawn ? 1 : 0), .integer(published.changedAt.milliseconds),
            published.plan.reflectionDue.map { .text($0) },
        ])
    }

    /// One hall's rows, in list order.
    public func rows(conference: String, bridge: String) throws(StoreError) -> [Delegate] {
        try rowsOf.rows([.text(conference), .text(bridge)]) { row in
            Delegate(id: row.text(0), fullName: row.text(1), unit: row.text(2), category: DelegateCategory(rawValue: row.text(3)) ?? .guest)
        }
    }

    /// The whole list by bridge point.
    public func allRows(conference: String) throws(StoreError) -> [String: [Delegate]] {
        var rows: [String: [Delegate]] = [:]
        for (bridge, delegate) in try allRows.rows([.text(conference)], { row in
            (row.text(0), Delegate(id: row.text(1), fullName: row.text(2), unit: row.text(3), category: DelegateCategory(rawValue: row.text(4)) ?? .guest))
        }) { rows[bridge, default: []].append(delegate) }
        return rows
    }

    /// Replaces the rows of the halls in `rows` (every hall when `onlyThese` is false).
    public func replaceRows(conference: String, with rows: [String: [Delegate]], onlyThese: Bool) throws(StoreError) {
        if onlyThese {
            for bridge in rows.keys { try deleteBridgeRows.run([.text(conference), .text(bridge)]) }
        } else {
            try deleteRows.run([.text(conference)])
        }
        for bridge in rows.keys.sorted() {
            for delegate in rows[bridge]! {
                try insertRow.run([
                    .text(conference), .text(bridge), .text(delegate.id), .text(delegate.fullName), .text(delegate.unit),
                    .text(delegate.category.rawValue),
                ])
            }
        }
    }

    /// List sizes by bridge point.
    public func rowCounts(conference: String) throws(StoreError) -> [String: Int] {
        Dictionary(try counts.rows([.text(conference)]) { ($0.text(0), Int($0.int64(1))) }, uniquingKeysWith: { a, _ in a })
    }

    public func setPlanned(conference: String, bridge: String, count: Int) throws(StoreError) {
        try setPlanned.run([.text(conference), .text(bridge), .integer(Int64(count))])
    }

    public func setConfirmed(conference: String, bridge: String, count: Int?) throws(StoreError) {
        try setConfirmed.run([.text(conference), .text(bridge), count.map { .integer(Int64($0)) }])
    }

    /// The planned and confirmed counts by bridge point.
    public func expected(conference: String) throws(StoreError) -> [String: (planned: Int?, confirmed: Int?)] {
        var result: [String: (planned: Int?, confirmed: Int?)] = [:]
        for (bridge, planned, confirmed) in try expectedOf.rows([.text(conference)], {
            ($0.text(0), $0.optionalInt64(1).map(Int.init), $0.optionalInt64(2).map(Int.init))
        }) { result[bridge] = (planned, confirmed) }
        return result
    }

    public func confirm(_ confirmation: PlanConfirmation, at: Timestamp) throws(StoreError) {
        try upsertConfirmation.run([
            .text(confirmation.bridge), .text(confirmation.conference), .integer(confirmation.revision), .text(confirmation.outcome.rawValue),
            .text(confirmation.reason), .integer(Int64(confirmation.size)), .integer(at.milliseconds),
        ])
    }

    /// What each bridge point last confirmed of a conference.
    public func confirmations(conference: String) throws(StoreError) -> [String: StoredConfirmation] {
        var result: [String: StoredConfirmation] = [:]
        for (bridge, confirmation) in try confirmationsOf.rows([.text(conference)], { row in
            (row.text(0), StoredConfirmation(
                revision: row.int64(1), outcome: PlanConfirmation.Outcome(rawValue: row.text(2)) ?? .refused, reason: row.text(3),
                size: Int(row.int64(4)), at: Timestamp(milliseconds: row.int64(5))))
        }) { result[bridge] = confirmation }
        return result
    }

    public func peer(_ bridge: String) throws(StoreError) -> PlanPeer? {
        try peerOf.rows([.text(bridge)], Self.readPeer).first
    }

    public func peers() throws(StoreError) -> [PlanPeer] {
        try allPeers.rows([], Self.readPeer)
    }

    /// Notes a request taken from `bridge`: its seq, and for a poll when and the clock offset.
    public func notePeer(_ bridge: String, seq: Int64, polledAt: Timestamp?, offsetMilliseconds: Int64?) throws(StoreError) {
        try upsertPeer.run([.text(bridge), .integer(seq), polledAt.map { .integer($0.milliseconds) }, offsetMilliseconds.map { .integer($0) }])
    }

    private static func read(_ row: Statement) -> PublishedPlan {
        let parts = (try? JSONDecoder().decode([ConferencePlan.Part].self, from: Data(row.text(4).utf8))) ?? []
        var plan = ConferencePlan(id: row.text(0), title: row.text(2), date: row.text(3), parts: parts, graceMinutes: Int(row.int64(5)))
        plan.autoSchedule = row.int64(6) == 1
        plan.reflectionDue = row.optionalText(10)
        return PublishedPlan(
            plan: plan, revision: row.int64(1), bridges: (try? BridgeSelection(row.text(7))) ?? .all, withdrawn: row.int64(8) == 1,
            changedAt: Timestamp(milliseconds: row.int64(9)))
    }

    private static func readPeer(_ row: Statement) -> PlanPeer {
        PlanPeer(bridge: row.text(0), lastSeq: row.int64(1), polledAt: row.optionalInt64(2).map(Timestamp.init), clockOffsetMilliseconds: row.optionalInt64(3))
    }
}
