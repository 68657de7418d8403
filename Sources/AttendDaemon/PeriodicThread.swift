import AttendIO
import Foundation

/// A thread that runs a job again and again, pausing between runs, until stopped: the
/// checkpointer, the prober and the pusher. The job returns how long to pause next. Its owner
/// is a `BackgroundPart` and hands on `requestStop` and `waitUntilStopped`.
///
/// `@unchecked Sendable`: its flags are guarded by `condition`.
final class PeriodicThread: @unchecked Sendable {
    private let name: String
    private let condition = NSCondition()
    private var started = false
    private var stopping = false
    private var stopped = false
    private var poked = false

    init(name: String) { self.name = name }

    /// Starts the thread; `job` runs at once, then after each pause it returns (seconds).
    func start(_ job: @escaping @Sendable () -> Double) {
        condition.lock()
        started = true
        condition.unlock()
        PartThreads.start(named: name) { [self] in
            while true {
                let pause = job()
                // NSCondition's deadline is wall-clock time: with one long wait, a system clock
                // stepped back an hour would stretch a 1 s retry to an hour. Wait in slices of at
                // most a second instead, until the pause has passed on the monotonic clock.
                let end = Clock.monotonicMilliseconds() + Int64(pause * 1000)
                condition.lock()
                while !stopping && !poked {
                    let left = end - Clock.monotonicMilliseconds()
                    if left <= 0 { break }
                    _ = condition.wait(until: Date().addingTimeInterval(Double(min(left, 1000)) / 1000))
                }
                poked = false
                let done = stopping
                condition.unlock()
                if done { break }
            }
            condition.broadcast { stopped = true }
        }
    }

    /// Ends the current pause now.
    func poke() {
        condition.broadcast { poked = true }
    }

    /// Asks the thread to end after its current run, without waiting for it.
    func requestStop() {
        condition.broadcast { stopping = true }
    }

    /// Waits at most `timeoutMilliseconds` for the thread to end (after `requestStop`); true
    /// when it has, or was never started.
    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return condition.wait(until: { !started || stopped }, timeoutMilliseconds: timeoutMilliseconds)
    }
}

/// A background part whose work is one `PeriodicThread`: stopping the part is stopping its
/// thread (a part that must also cut a socket short gives its own `requestStop`).
protocol PeriodicPart: BackgroundPart {
    var thread: PeriodicThread { get }
}

extension PeriodicPart {
    func requestStop() { thread.requestStop() }

    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool { thread.waitUntilStopped(timeoutMilliseconds: timeoutMilliseconds) }

    /// Runs the next round at once instead of after the pause.
    func poke() { thread.poke() }
}
