import AttendStore
import Foundation

/// Copies the write-ahead log into the database file once a second, on its own connection
/// and thread. With SQLite's automatic checkpoint the writer thread did this itself, and every
/// check-in queued behind it waited for the database file's fsync (5 ms at p99 here).
///
/// A bare connection: the writer has already opened, migrated and set up the database.
///
/// `@unchecked Sendable`: `database` and `failing` are used only by the checkpointer's thread.
final class Checkpointer: PeriodicPart, @unchecked Sendable {
    static let intervalSeconds = 1.0

    private let database: Database
    private let logger: Logger
    let thread = PeriodicThread(name: "attendd-ckpt")
    private var failing = false

    init(path: String, logger: Logger) throws(StoreError) {
        database = try Database(path: path)
        self.logger = logger
    }

    func start() {
        thread.start { [self] in
            checkpoint()
            return Checkpointer.intervalSeconds
        }
    }

    let partName = "checkpointer"

    /// Ends the thread after its current checkpoint.


    private func checkpoint() {
        do {
            try database.checkpoint()
            if failing { logger.info("checkpoint recovered") }
            failing = false
        } catch {
            if !failing { logger.warning("checkpoint failed", ["error": error.description]) }
            failing = true
        }
    }
}
