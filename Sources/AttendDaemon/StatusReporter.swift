import AttendCore
import AttendIO
import Foundation

/// Writes the JSON status file and the Prometheus textfile off the event loop.
///
/// Each write is atomic for readers (temp file, rename) but not synced: the files describe the
/// running daemon, live in `runtime_dir` (a tmpfs under systemd) and are rewritten at start, and
/// on a disk their two fsyncs a file a second were journal commits the writer's commit waited
/// behind (issue 23). Done on a thread of its own so a slow disk never stalls the loop; a write
/// still in progress makes the next one wait for the following tick rather than pile up.
///
/// `@unchecked Sendable`: `writing` and `lastFailure` are guarded by `lock`; `lastContent` and
/// `lastWrite` are used only by the event-loop thread, which calls `submit`.
final class StatusReporter: BackgroundPart, @unchecked Sendable {
    private let queue = SerialWorker(name: "attendd-status")
    private let logger: Logger
    private let lock = NSLock()
    private var writing = false
    private var lastFailure: String?
    /// The last snapshot written, with `updatedAt` cleared, and when (monotonic ms).
    private var lastContent: StatusSnapshot?
    private var lastWrite: Int64 = 0

    /// A status file is rewritten at least this often, so its age shows the daemon is alive.
    static let heartbeatMilliseconds: Int64 = 10_000

    init(logger: Logger) { self.logger = logger }

    /// Writes `snapshot` when it changed, when the last write is 10 s old, or when `force`d.
    func submit(_ snapshot: StatusSnapshot, jsonPath: String, prometheusPath: String?, force: Bool) {
        let now = Clock.monotonicMilliseconds()
        var content = snapshot
        content.updatedAt = ""
        guard force || content != lastContent || now - lastWrite >= StatusReporter.heartbeatMilliseconds else { return }
        lock.lock()
        if writing && !force {
            lock.unlock()
            return
        }
        writing = true
        lock.unlock()
        lastContent = content
        lastWrite = now
        queue.async { [self] in
            // The textfile first: whoever sees a state in the JSON file (a test, an admin's
            // script) finds it in the textfile too. A textfile that cannot be written does not
            // keep the JSON file from its update; the JSON file's failure is the one named.
            var textfileFailure: String?
            if let prometheusPath {
                do {
                    try AtomicFile.write(Data(snapshot.prometheusText().utf8), to: prometheusPath, mode: 0o644, durable: false)
                } catch {
                    textfileFailure = "\(error)"
                }
            }
            do {
                try AtomicFile.write(snapshot.jsonData(), to: jsonPath, mode: 0o644, durable: false)
                note(failure: textfileFailure)
            } catch {
                note(failure: "\(error)")
            }
        }
    }

    let partName = "status-reporter"

    func start() { queue.start() }

    /// Ends the thread once the writes queued are done; the daemon's last (state `stopped`)
    /// is queued before this.
    func requestStop() { queue.requestStop() }

    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool { queue.waitUntilStopped(timeoutMilliseconds: timeoutMilliseconds) }

    private func note(failure: String?) {
        lock.lock()
        writing = false
        let previous = lastFailure
        lastFailure = failure
        lock.unlock()
        if let failure, failure != previous {
            logger.warning("cannot write the status file", ["error": failure])
        }
    }
}
