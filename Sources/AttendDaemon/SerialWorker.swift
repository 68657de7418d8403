import Foundation

/// A thread of its own that runs the jobs given to it one at a time, in the order given: the
/// report reader's, the tally checker's and the status reporter's. The same style as the
/// writer and the periodic threads (a `Thread` and an `NSCondition`), so every background
/// part is a named thread that a stop ends and waits for, and none hides in a shared pool.
///
/// `@unchecked Sendable`: `jobs` and the flags are guarded by `condition`.
final class SerialWorker: @unchecked Sendable {
    private let name: String
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var started = false
    private var stopping = false
    private var ended = false

    /// `name` is the thread's (`attendd-...`, at most 15 bytes).
    init(name: String) { self.name = name }

    /// Starts the thread; jobs given before run then.
    func start() {
        condition.lock()
        started = true
        condition.unlock()
        PartThreads.start(named: name) { [self] in run() }
    }

    /// Runs `job` after those given before it; true when queued. Once the thread has ended, a
    /// job is dropped and this is false.
    @discardableResult
    func async(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !ended else { return false }
        jobs.append(job)
        condition.broadcast()
        return true
    }

    /// Ends the thread once the jobs given so far have run.
    func requestStop() {
        condition.broadcast { stopping = true }
    }

    /// Waits at most `timeoutMilliseconds` for the thread to end; true when it has, or was never started.
    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return condition.wait(until: { !started || ended }, timeoutMilliseconds: timeoutMilliseconds)
    }

    private func run() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty {
                ended = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            condition.unlock()
            for job in batch { job() }
        }
    }
}
