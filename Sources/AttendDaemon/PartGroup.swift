/// Owns the daemon's background parts: starts them in the order given (a part before those
/// that hand it work) and stops them in the reverse order, each asked to stop and then waited
/// for with a deadline before the next, so a part never loses the work of one stopped after it.
///
/// A part that does not stop in time is logged and stays in the group, but costs its deadline
/// once: a later `stop` only looks whether it has ended since, and logs it as left running if
/// not, so the worst-case stop is the sum of the parts' deadlines, each counted once. After
/// `stop()` with no boundary, every part has been waited for.
///
/// Used from the event-loop thread only.
final class PartGroup {
    /// How long a stop waits for one part unless the part says otherwise.
    static let defaultStopTimeoutMilliseconds: Int64 = 5_000

    private let parts: [any BackgroundPart]
    private let logger: Logger
    /// Parts started and not yet seen stopped, in start order.
    private var running: [any BackgroundPart] = []
    /// Parts already waited for up to their deadline in vain: never waited for again.
    private var late: Set<ObjectIdentifier> = []

    /// `parts` in start order.
    init(_ parts: [any BackgroundPart], logger: Logger) {
        self.parts = parts
        self.logger = logger
    }

    /// The names of the parts started and not yet seen stopped, in start order.
    var runningNames: [String] { running.map(\.partName) }

    /// Starts every part, in order.
    func start() {
        for part in parts where !running.contains(where: { $0 === part }) {
            part.start()
            running.append(part)
        }
    }

    /// Asks `part` to stop now without waiting for it; it is waited for in its turn. For a part
    /// whose stop must begin with others' (the writer's drain) but must not hold them up.
    func requestStop(_ part: any BackgroundPart) {
        part.requestStop()
    }

    /// Stops, last started first, the running parts started after `boundary` (every running
    /// part when nil): each is asked to stop, then waited for up to its deadline before the
    /// next. A part already late is not waited for again. Returns the names of those that did
    /// not stop (in time, or since), each logged as a warning.
    @discardableResult
    func stop(after boundary: (any BackgroundPart)? = nil) -> [String] {
        var notStopped: [String] = []
        let after = boundary.map { boundary in
            guard let index = parts.firstIndex(where: { $0 === boundary }) else { preconditionFailure("\(boundary.partName) is not in the group") }
            return index
        } ?? -1
        for index in running.indices.reversed() {
            let part = running[index]
            guard let order = parts.firstIndex(where: { $0 === part }), order > after else { continue }
            part.requestStop()
            let wasLate = late.contains(ObjectIdentifier(part))
            if part.waitUntilStopped(timeoutMilliseconds: wasLate ? 0 : part.stopTimeoutMilliseconds) {
                running.remove(at: index)
                late.remove(ObjectIdentifier(part))
                logger.debug("part stopped", ["part": part.partName])
            } else if wasLate {
                notStopped.append(part.partName)
                logger.warning("part left running", ["part": part.partName])
            } else {
                notStopped.append(part.partName)
                late.insert(ObjectIdentifier(part))
                logger.warning("part did not stop in time", ["part": part.partName, "waited_ms": part.stopTimeoutMilliseconds])
            }
        }
        return notStopped
    }
}

extension PartGroup {
    /// The daemon's background parts, in the order they start; they stop in the reverse order.
    ///
    /// A part starts before those that hand it work, so stopping in reverse stops each one only
    /// once nothing more can reach it. The status reporter writes the last status and the
    /// checkpointer copies the writer's log: both outlive the writer. The report reader answers
    /// through the writer's mailbox and the writer wakes the pusher: both go on through the
    /// writer's drain. The tally checker, the prober and the line tests submit to the writer:
    /// they stop before it is asked to finish, so their work is committed; so does the plan
    /// poller (the plans it fetched). The report files read the database only and are told of
    /// commits by the writer: they start before it and stop after it; so does the event spool, which
    /// the writer hands its events.
    static func daemonParts(
        status: StatusReporter, checkpointer: Checkpointer, queryReader: QueryReader, pusher: Pusher?, writer: Writer,
        tallyChecker: TallyChecker, prober: Prober?, lineTester: LineTester, planPoller: PlanPoller? = nil, livePusher: LivePusher? = nil,
        reportFiles: ReportFiles? = nil, eventSpool: EventSpool? = nil, silenceWatcher: SilenceWatcher? = nil, logger: Logger
    ) -> PartGroup {
        // The silence watcher hands work to the report files and the spool only: it starts after them.
        let parts: [(any BackgroundPart)?] = [
            status, checkpointer, queryReader, reportFiles, eventSpool, silenceWatcher, pusher, writer, tallyChecker, prober, lineTester,
            planPoller, livePusher,
        ]
        return PartGroup(parts.compactMap { $0 }, logger: logger)
    }
}
