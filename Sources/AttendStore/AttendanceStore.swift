/// The daemon's database: one write connection, in WAL mode with `synchronous=FULL`.
///
/// `FULL` syncs the write-ahead log at every commit, so a committed check-in survives a
/// power cut, not only a crash; group commit keeps that fast. Used from one thread only.
public final class AttendanceStore: @unchecked Sendable {
    public let database: Database
    public let conferences: ConferenceRepository
    public let checkins: CheckInRepository

    /// Opens or creates the database and brings its schema up to date.
    public init(path: String) throws(StoreError) {
        database = try Database(path: path)
        let mode = try database.prepare("PRAGMA journal_mode = WAL").rows { $0.text(0) }.first ?? ""
        guard mode == "wal" else {
            throw StoreError(code: 1, message: "\(path): cannot switch to WAL mode (journal_mode is \(mode))")
        }
        try database.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        try Schema.migrate(database)
        conferences = try ConferenceRepository(database)
        checkins = try CheckInRepository(database)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction (one fsync for all of it).
    public func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try database.transaction(body)
    }

    /// `PRAGMA integrity_check`: "ok" for a sound database.
    public func integrityCheck() throws(StoreError) -> String {
        try database.prepare("PRAGMA integrity_check").rows { $0.text(0) }.joined(separator: "\n")
    }
}
