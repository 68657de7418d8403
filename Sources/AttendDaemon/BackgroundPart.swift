import AttendIO
import Foundation
import Glibc

/// A part of the daemon that works off the event loop on a thread of its own (the line tests:
/// one a test): the writer, the checkpointer, the report reader, the tally checker, the
/// prober, the line tests, the pusher and the status reporter. Every one is started and
/// stopped the same way, by the daemon's `PartGroup`.
///
/// Stopping has two halves so that an owner can ask several parts at once and then wait for
/// each with a deadline: `requestStop` returns at once, `waitUntilStopped` blocks.
protocol BackgroundPart: AnyObject, Sendable {
    /// Names the part in the log (`part stopped part=writer`).
    var partName: String { get }
    /// How long a stop waits for this part before it is logged as not stopped in time.
    var stopTimeoutMilliseconds: Int64 { get }
    /// Starts the part's work. Called once, from the event-loop thread, before the loop serves.
    func start()
    /// Asks the part to end its work; returns without waiting. Calling it again does nothing more.
    func requestStop()
    /// Waits at most `timeoutMilliseconds` for the part to have ended; true when it has. A part
    /// that was never started counts as stopped.
    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool
}

extension BackgroundPart {
    var stopTimeoutMilliseconds: Int64 { PartGroup.defaultStopTimeoutMilliseconds }
}

extension NSCondition {
    /// Changes what the waiters wait on, under the lock, and wakes them all.
    func broadcast(after change: () -> Void) {
        lock()
        change()
        broadcast()
        unlock()
    }

    /// Waits, with the lock held, until `done()` is true or `timeoutMilliseconds` passed on the
    /// monotonic clock; returns `done()`. NSCondition's deadline is wall-clock time, which a
    /// stepped system clock would stretch, so it waits in slices of at most a second.
    func wait(until done: () -> Bool, timeoutMilliseconds: Int64) -> Bool {
        let end = Clock.monotonicMilliseconds() + timeoutMilliseconds
        while !done() {
            let left = end - Clock.monotonicMilliseconds()
            if left <= 0 { return false }
            _ = wait(until: Date().addingTimeInterval(Double(min(left, 1000)) / 1000))
        }
        return true
    }
}

/// The threads of the background parts, by the name the kernel shows (`top -H`, `/proc`).
enum PartThreads {
    /// What every part thread's name starts with (the main thread is plain `attendd`).
    static let prefix = "attendd-"

    /// Starts `body` on a new thread named `name`, at most 15 bytes (the kernel's limit).
    /// Foundation's `Thread.name` does not reach the kernel on Linux; this sets both.
    static func start(named name: String, _ body: @escaping @Sendable () -> Void) {
        precondition(name.utf8.count <= 15 && name.hasPrefix(prefix), "a part thread's name is attendd-... in 15 bytes")
        let thread = Thread {
            nameThisThread(name)
            body()
        }
        thread.name = name
        thread.start()
    }

    /// Gives the calling thread its name in the kernel, through `/proc/thread-self/comm`
    /// (`pthread_setname_np` needs `_GNU_SOURCE`, which Glibc's module does not define).
    private static func nameThisThread(_ name: String) {
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = Array(name.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    /// At debug level, logs the part threads still running (`part threads left count=0`), what
    /// a test checks after a stop: no part's thread outlives the run, whatever the group believes.
    static func logThoseLeft(_ logger: Logger) {
        guard logger.level <= .debug else { return }
        let left = runningAfterExits()
        logger.debug("part threads left", ["count": left.count, "names": left.joined(separator: ",")])
    }

    /// The part threads still running once those whose work has ended have left the kernel's
    /// list: a thread seen stopped has returned from its body and takes a moment more to exit
    /// (waits at most `settleMilliseconds`).
    static func runningAfterExits(settleMilliseconds: Int64 = 1_000) -> [String] {
        let end = Clock.monotonicMilliseconds() + settleMilliseconds
        var left = running()
        while !left.isEmpty && Clock.monotonicMilliseconds() < end {
            usleep(10_000)
            left = running()
        }
        return left
    }

    /// The part threads of this process still running, by name (from `/proc/self/task`).
    static func running() -> [String] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            guard let name = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8) else { return nil }
            let trimmed = name.trimmingCharacters(in: .newlines)
            return trimmed.hasPrefix(prefix) ? trimmed : nil
        }.sorted()
    }
}
