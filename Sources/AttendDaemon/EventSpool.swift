import AttendCore
import AttendIO
import Foundation

/// Writes `HallEvent`s into `[events] spool`, one small file each (`HallEvent.fileName`,
/// `environmentFile`), atomically, for the shipped `attendd-events.path` unit to hand to the
/// admin's command (README "Telling people").
///
/// The writer hands events over after a commit (`post`: a lock and an append, never a wait);
/// this part's own thread writes them. Bounded twice: at most `pendingLimit` events wait for
/// the thread (more are dropped), and at most `spoolLimit` files wait in the folder
/// (`EventSpoolRule`: a new one beyond is dropped, one of the same name replaces its file).
/// Every drop and failure is counted (`attendd_events_dropped_total`,
/// `attendd_events_failed_total`) and the first of a run logged.
///
/// `@unchecked Sendable`: `pending` and the counts are guarded by `lock`.
final class EventSpool: BackgroundPart, @unchecked Sendable {
    static let pendingLimit = 1024
    static let spoolLimit = 256
    /// Readable by the `attendd-event@` units' group (the folder's mode decides who).
    static let fileMode: mode_t = 0o640

    let partName = "event-spool"
    let directory: String
    private let worker = SerialWorker(name: "attendd-events")
    private let logger: Logger
    private let lock = NSLock()
    private var pending: [HallEvent] = []
    private var scheduled = false
    private(set) var counts = Counts()
    private var dropLogged = false
    private var failLogged = false

    struct Counts: Equatable, Sendable {
        var written = 0
        var coalesced = 0
        var dropped = 0
        var failed = 0
    }

    init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    func start() { worker.start() }
    func requestStop() { worker.requestStop() }
    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool { worker.waitUntilStopped(timeoutMilliseconds: timeoutMilliseconds) }

    var snapshot: Counts {
        lock.lock()
        defer { lock.unlock() }
        return counts
    }

    /// Queues `events` for the spool thread; past `pendingLimit` they are dropped and counted.
    func post(_ events: [HallEvent]) {
        guard !events.isEmpty else { return }
        lock.lock()
        let room = max(0, Self.pendingLimit - pending.count)
        pending.append(contentsOf: events.prefix(room))
        let dropped = events.count - min(room, events.count)
        counts.dropped += dropped
        let wake = !scheduled
        scheduled = true
        lock.unlock()
        if dropped > 0 { noteDrop("\(dropped) events: more than \(Self.pendingLimit) waiting") }
        if wake, !worker.async({ [self] in drain() }) {
            lock.lock()
            scheduled = false
            lock.unlock()
        }
    }

    private func drain() {
        lock.lock()
        let events = pending
        pending.removeAll()
        scheduled = false
        lock.unlock()
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var waiting = Set((try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".event") } ?? [])
        var written = 0, coalesced = 0, dropped = 0, failed = 0
        for event in events {
            let name = event.fileName
            let admission = EventSpoolRule.admit(name, waiting: waiting, limit: Self.spoolLimit)
            if admission == .dropFull {
                dropped += 1
                noteDrop("\(event.kind.rawValue) \(event.conference) \(event.hall): the spool holds \(Self.spoolLimit) events")
                continue
            }
            do {
                try AtomicFile.write(Data(event.environmentFile().utf8), to: directory + "/" + name, mode: Self.fileMode)
                waiting.insert(name)
                if admission == .replace { coalesced += 1 } else { written += 1 }
            } catch {
                failed += 1
                if !failLogged { logger.warning("cannot write an event into the spool", ["dir": directory, "error": "\(error)"]) }
                failLogged = true
            }
        }
        lock.lock()
        counts.written += written
        counts.coalesced += coalesced
        counts.dropped += dropped
        counts.failed += failed
        lock.unlock()
    }

    private func noteDrop(_ what: String) {
        lock.lock()
        let first = !dropLogged
        dropLogged = true
        lock.unlock()
        if first { logger.warning("event dropped", ["what": what, "dir": directory]) }
    }
}
