import AttendStore
import Foundation

/// Copies the write-ahead log into the database file once a second, on its own connection
/// and thread. With SQLite's automatic checkpoint the writer thread did this itself, and every
/// check-in queued behind it waited for the database file's fsync (5 ms at p99 here).
///
/// `@unchecked Sendable`: `store` is used only by the checkpointer thread; `stopping` is
/// guarded by `condition`.
final class Checkpointer: @unchecked Sendable {
    static let intervalSeconds = 1.0

    private let store: AttendanceStore
    private let logger: Logger
    private let condition = NSCondition()
    private var stopping = false
    private var stopped = false

    init(path: String, logger: Logger) throws(StoreError) {
        store = try AttendanceStore(path: path)
        self.logger = logger
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "attendd-checkpoint"
        thread.start()
    }

    /// Stops the thread after its current checkpoint, and waits for it.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while !stopped { condition.wait() }
        condition.unlock()
    }

    private func run() {
        var failing = false
        while true {
            condition.lock()
            if !stopping { _ = condition.wait(until: Date().addingTimeInterval(Checkpointer.intervalSeconds)) }
            let done = stopping
            condition.unlock()
            if done { break }
            do {
                try store.checkpoint()
                if failing { logger.info("checkpoint recovered") }
                failing = false
            } catch {
                if !failing { logger.warning("checkpoint failed", ["error": error.description]) }
                failing = true
            }
        }
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
