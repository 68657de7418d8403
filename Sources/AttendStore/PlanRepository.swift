import AttendCore

/// A conference's plan: the `conference` row's date, grace and expected count, and its `part` rows.
public final class PlanRepository {
    private let load: Statement
    private let loadParts: Statement
    private let insertConference: Statement
    private let update: Statement
    private let deleteParts: Statement
    private let insertPart: Statement
    private let scheduled: Statement

    init(_ db: Database) throws(StoreError) {
        load = try db.prepare("SELECT id, title, date, grace_minutes, expected, auto_schedule, reflection_due FROM conference WHERE id = ?")
        scheduled = try db.prepare("SELECT id FROM conference WHERE auto_schedule = 1 AND closed_at IS NULL ORDER BY id")
        loadParts = try db.prepare("SELECT name, starts_at, ends_at FROM part WHERE conference = ? ORDER BY position")
        insertConference = try db.prepare(
            "INSERT INTO conference (id, title, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        update = try db.prepare(
            "UPDATE conference SET title = ?, date = ?, grace_minutes = ?, expected = ?, auto_schedule = ?, reflection_due = ? WHERE id = ?")
        deleteParts = try db.prepare("DELETE FROM part WHERE conference = ?")
        insertPart = try db.prepare("INSERT INTO part (conference, position, name, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)")
    }

    /// The plan of a conference, nil when it does not exist.
    public func plan(_ conference: String) throws(StoreError) -> ConferencePlan? {
        guard var plan = try load.rows([.text(conference)], { row in
            var plan = ConferencePlan(
                id: row.text(0), title: row.text(1), date: row.text(2), parts: [], graceMinutes: Int(row.int64(3)),
                expected: row.optionalInt64(4).map(Int.init))
            plan.autoSchedule = row.int64(5) == 1
            plan.reflectionDue = row.optionalText(6)
            return plan
        }).first else { return nil }
        plan.parts = try loadParts.rows([.text(conference)]) { row in
            ConferencePlan.Part(
                name: row.text(0), start: Timestamp(milliseconds: row.int64(1)), end: Timestamp(milliseconds: row.int64(2)))
        }
        return plan
    }

    /// Plans that follow their schedule and were not closed.
    public func scheduledPlans() throws(StoreError) -> [ConferencePlan] {
        var plans: [ConferencePlan] = []
        for id in try scheduled.rows([], { $0.text(0) }) {
            if let plan = try plan(id) { plans.append(plan) }
        }
        return plans
    }

    /// Stores a plan, creating the conference if new; its parts replace the old ones.
    public func save(_ plan: ConferencePlan, at: Timestamp) throws(StoreError) {
        try insertConference.run([.text(plan.id), .text(plan.title), .integer(at.milliseconds)])
        try update.run([
            .text(plan.title), .text(plan.date), .integer(Int64(plan.graceMinutes)), plan.expected.map { .integer(Int64($0)) },
            .integer(plan.autoSchedule ? 1 : 0), plan.reflectionDue.map { .text($0) }, .text(plan.id),
        ])
        try deleteParts.run([.text(plan.id)])
        for (position, part) in plan.parts.enumerated() {
            try insertPart.run([
                .text(plan.id), .integer(Int64(position)), .text(part.name), .integer(part.start.milliseconds),
                .integer(part.end.milliseconds),
            ])
        }
    }
}
