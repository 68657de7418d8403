import AttendCore
import AttendIO
import Foundation

/// On a hub: notices the halls whose live summaries stopped. Silence is the absence of
/// messages, so no message can tell of it: this part's thread sleeps until the earliest time a
/// live hall would turn silent (`LiveSilenceWatch.nextCheck`), then writes a `hall_silent`
/// event for each hall that did (once per silence) and asks the report files for a round, so
/// `index.html`'s silent column and the district page show it. A summary that arrives pokes it
/// (`heard()`), as the due times move; the report files are told at once.
///
/// Never on the writer's thread and never waits for it: it reads the live board's snapshot
/// (a lock held for a copy) and posts to the spool's queue.
///
/// `@unchecked Sendable`: `watch` is used only by the part's thread.
final class SilenceWatcher: PeriodicPart, @unchecked Sendable {
    /// The longest sleep with no hall live: a summary's arrival ends it.
    static let idleSeconds = 3600.0

    let partName = "silence-watcher"
    let thread = PeriodicThread(name: "attendd-silence")
    private let board: LiveBoardStore
    private let names: [String: String]
    private let eventSpool: EventSpool?
    private let reportFiles: ReportFiles?
    private let logger: Logger
    private var watch = LiveSilenceWatch()

    init(board: LiveBoardStore, bridges: [BridgeKey], eventSpool: EventSpool?, reportFiles: ReportFiles?, logger: Logger) {
        self.board = board
        names = Dictionary(bridges.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        self.eventSpool = eventSpool
        self.reportFiles = reportFiles
        self.logger = logger
    }

    func start() {
        thread.start { [self] in step() }
    }

    /// A summary was kept: the page changes now, and the next silence is due later.
    func heard() {
        reportFiles?.changed()
        poke()
    }

    private func step() -> Double {
        let now = Clock.now()
        let (silenced, next) = watch.step(board: board.snapshot, at: now)
        if !silenced.isEmpty {
            for silence in silenced {
                logger.warning("hall silent", ["bridge": silence.hall, "conf": silence.conference, "last_heard": silence.lastHeard.vietnam])
            }
            eventSpool?.post(silenced.map { $0.event(hallName: names[$0.hall], at: now) })
            reportFiles?.changed()
        }
        guard let next else { return Self.idleSeconds }
        return min(Self.idleSeconds, max(0.05, Double(next.milliseconds - Clock.now().milliseconds) / 1000))
    }
}
