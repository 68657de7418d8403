import AttendStore
import Foundation

/// Copies the write-ahead log into the database file once a second, on its own connection
/// and thread. With SQLite's automatic checkpoint the writer thread did this itself, and every
/// check-in queued behind it waited for the database file's fsync (5 ms at p99 here).
///
/// A bare connection: the writer has already opened, migrated and set up the database.
///
/// Under steady writes a PASSIVE checkpoint from this thread never catches up: the writer
/// commits frames while it copies, so the log is never wholly copied when the writer begins
/// its next transaction and SQLite never restarts it from its start. The log then grew without
/// end (106 MB after the latency benchmark's runs, 5 s each) and every commit appended to it, so
/// every fsync of the writer also wrote the log's inode (its size changed): a second synchronous
/// write on this disk's ext4 without a journal, a journal commit queued behind every other
/// file's on a journalled one. So after a round that copied a thousand frames or more, this
/// thread asks the writer (`onCopied`) to copy the few frames committed since on its own
/// connection, between two groups: nothing is committed meanwhile, the log is then wholly
/// copied, and the writer's next transaction restarts it and overwrites its first blocks.
///
/// `@unchecked Sendable`: `database` and `failing` are used only by the checkpointer's thread;
/// `onCopied` is set before `start()`.
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

    /// Called on this thread after a round that copied at least `catchUpFrames` frames
    /// (`Writer.requestCatchUp`).
    var onCopied: (@Sendable () -> Void)?
    /// The log's frames (pages) that make a catch-up worth its fsync on the writer's path:
    /// SQLite's own automatic checkpoint threshold. Under light traffic a round copies fewer,
    /// finds the log wholly copied between two commits, and the log restarts by itself; only
    /// under steady writes does it grow past this, and only then is the writer asked (with a
    /// catch-up at every round, a check-in in the flood test waited 1.1 s once for the catch-up's
    /// fsync on a loaded disk).
    static let catchUpFrames = 1_000

    let partName = "checkpointer"

    private func checkpoint() {
        do {
            let frames = try database.checkpoint()
            if frames.copied >= Checkpointer.catchUpFrames { onCopied?() }
            if failing { logger.info("checkpoint recovered") }
            failing = false
        } catch {
            if !failing { logger.warning("checkpoint failed", ["error": error.description]) }
            failing = true
        }
    }
}
