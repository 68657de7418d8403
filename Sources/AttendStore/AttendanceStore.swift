import AttendCore
import CSQLite

/// The daemon's database with its repositories: the writer's connection (WAL mode,
/// `synchronous=FULL`), or a read-only one for reports and the pusher.
///
/// `FULL` syncs the write-ahead log at every commit, so a committed check-in survives a
/// power cut, not only a crash; group commit keeps that fast. Each instance is used from one
/// thread only.
public final class AttendanceStore: @unchecked Sendable {
    public let database: Database
    public let conferences: ConferenceRepository
    public let checkins: CheckInRepository
    public let plans: PlanRepository
    public let invited: InvitedRepository
    public let incidents: IncidentRepository
    public let push: PushRepository
    public let voids: VoidRepository
    public let sheets: SheetRepository
    /// On a hub: the district's published plans.
    public let districtPlans: DistrictPlanRepository
    /// On a bridge point: the district's plans it received.
    public let hallPlans: HallPlanRepository
    /// The written reflections handed in (issue 21).
    public let reflections: ReflectionRepository

    /// Opens or creates the database and brings its schema up to date. `readOnly` opens an
    /// existing database for reports, beside the writer's connection. `autoCheckpoint: false`
    /// leaves copying the log into the database to someone else (the daemon's checkpointer
    /// thread), so the writer never waits for it. `presenceFoldRows` is for tests: how many
    /// check-ins after the mark make `presence` count them (nil: `PresenceLedger.foldRows`).
    public init(
        path: String, readOnly: Bool = false, autoCheckpoint: Bool = true, presenceFoldRows: Int? = nil
    ) throws(StoreError) {
        database = try Database(path: path, readOnly: readOnly)
        if !readOnly { try Self.prepareForWriting(database, path: path) }
        if !autoCheckpoint { try database.execute("PRAGMA wal_autocheckpoint = 0") }
        conferences = try ConferenceRepository(database)
        checkins = try CheckInRepository(database, presenceFoldRows: presenceFoldRows ?? PresenceLedger.foldRows)
        plans = try PlanRepository(database)
        invited = try InvitedRepository(database)
        incidents = try IncidentRepository(database)
        push = try PushRepository(database)
        voids = try VoidRepository(database, checkins: checkins)
        sheets = try SheetRepository(database)
        districtPlans = try DistrictPlanRepository(database)
        hallPlans = try HallPlanRepository(database)
        reflections = try ReflectionRepository(database)
        // A hub's tallies received before the year's rows were kept (migration 11) get theirs once.
        if !readOnly { _ = try database.transaction { () throws(StoreError) in try push.fillYearRows() } }
    }

    private static func prepareForWriting(_ database: Database, path: String) throws(StoreError) {
        let mode = try database.prepare("PRAGMA journal_mode = WAL").rows { $0.text(0) }.first ?? ""
        guard mode == "wal" else {
            throw StoreError(code: 1, message: "\(path): cannot switch to WAL mode (journal_mode is \(mode))")
        }
        try database.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        try Schema.migrate(database)
        // A file SQLite could open only for reading, or whose write lock another process holds,
        // must stop start-up with a clear error, not refuse every check-in later.
        if sqlite3_db_readonly(database.handle, "main") == 1 {
            throw StoreError(code: SQLITE_READONLY, message: "\(path) is read-only (file mode, owner or filesystem); attendd must be able to write it")
        }
        do {
            try database.execute("BEGIN IMMEDIATE; COMMIT;")
        } catch {
            throw StoreError(code: error.code, message: "\(path): cannot take the write lock (\(error.message)); is another program writing it?")
        }
    }

    /// The tally of a conference as of now, from what is stored; nil when it does not exist.
    public func tally(conference: String) throws(StoreError) -> Tally? {
        guard let plan = try plans.plan(conference) else { return nil }
        let voided = Set(try voids.all(conference: conference).map(\.checkin.event))
        let events = try checkins.all(conference: conference).map {
            AttendanceEvent(delegate: $0.delegate, direction: $0.direction, at: $0.effectiveAt, voided: voided.contains($0.event))
        }
        let overlapping = try plan.span.map { span throws(StoreError) in try incidents.overlapping(from: span.start, to: span.end) } ?? []
        let invitedList = try invited.all(conference: conference)
        var tally = TallyComputation.tally(
            plan: plan, invited: invitedList, excuses: try invited.excuses(conference: conference),
            events: events, incidents: overlapping, closedAt: try conferences.find(conference)?.closedAt)
        if let span = plan.span {
            let tests = try incidents.latestLineTests(
                from: Timestamp(milliseconds: span.start.milliseconds - Self.lineTestLookBack), to: span.end)
            tally.lineTests = tests.isEmpty ? nil : tests
        }
        tally.reflections = Tally.ReflectionFigures.compute(
            invited: invitedList, reflections: try reflections.all(conference: conference), due: plan.reflectionDue)
        return tally
    }

    /// How long before a conference's first part its line test may have been run: the day
    /// before, with a weekend between.
    public static let lineTestLookBack: Int64 = 3 * 86_400_000

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction (one fsync for all of it). When it
    /// fails, what the check-ins' ledger kept of it is forgotten with it.
    public func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        do {
            return try database.transaction { () throws(StoreError) in
                try checkins.revalidatePending()
                return try body()
            }
        } catch {
            checkins.forgetPending()
            throw error
        }
    }

    /// Copies committed log frames into the database file without blocking the writer
    /// (`wal_checkpoint(PASSIVE)`); returns the frames in the log and those copied.
    @discardableResult
    public func checkpoint() throws(StoreError) -> (logged: Int, copied: Int) { try database.checkpoint() }

    /// `PRAGMA integrity_check`: "ok" for a sound database.
    public func integrityCheck() throws(StoreError) -> String {
        try database.prepare("PRAGMA integrity_check").rows { $0.text(0) }.joined(separator: "\n")
    }
}
