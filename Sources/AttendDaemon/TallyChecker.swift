import AttendCore
import AttendIO
import Foundation

/// On a hub, checks each pushed tally (signature, decoding, sender) on a thread of its own and
/// hands the writer only what passed, with its summary: decoding a district's tally takes
/// milliseconds, and the writer's time belongs to commits.
///
/// `@unchecked Sendable`: its state is immutable after `init`; the work runs on `queue`'s one
/// thread, so pushes are stored in the order they arrived.
final class TallyChecker: BackgroundPart, @unchecked Sendable {
    private let queue = SerialWorker(name: "attendd-tally")
    private let keys: [String: BridgeKey]?
    private let writer: Writer
    private let logger: Logger

    init(keys: [String: BridgeKey]?, writer: Writer, logger: Logger) {
        self.keys = keys
        self.writer = writer
        self.logger = logger
    }

    /// Checks a `TALLY` job with its payload; a refusal is answered from here.
    func submit(_ job: TallyJob) {
        queue.async { [self] in
            let push = job.work
            switch push.check(payload: job.payload ?? [], keys: keys) {
            case .failure(let error):
                logger.warning("tally refused", ["bridge": push.bridge, "conf": push.conference, "rev": push.revision, "why": error.message])
                writer.post([WriteResult(target: job.target, reply: .error(error, echo: job.echo), terminal: nil, stored: nil)])
            case .success(let tally):
                writer.submit([job.with(WriterTask.checkedTally(push, TallySummary(tally), YearReport.HallTally(bridge: push.bridge, tally: tally)))])
                // The final tally is the report: the hall's live figures end here (never silent after).
                if tally.final ?? true, let liveBoard {
                    liveBoard.close(bridge: push.bridge, conference: push.conference)
                    onLiveKept?()
                }
            }
        }
    }

    /// The hub's live board (`LIVE`); nil on a bridge point.
    var liveBoard: LiveBoardStore?
    /// Called on this thread when a summary was kept (`SilenceWatcher.heard`: a flag and a
    /// wake-up). Set before any thread starts.
    var onLiveKept: (@Sendable () -> Void)?

    /// Checks a `LIVE` job with its payload and keeps the summary when it is the newest of its
    /// hall; answers from here either way. The writer is not involved.
    func submit(_ job: LiveJob) {
        queue.async { [self] in
            let push = job.work
            switch push.check(payload: job.payload ?? [], keys: keys, now: Clock.now()) {
            case .failure(let error):
                logger.warning("live summary refused", ["bridge": push.bridge, "conf": push.conference, "why": error.message])
                writer.post([WriteResult(target: job.target, reply: .error(error, echo: job.echo), terminal: nil, stored: nil)])
            case .success(let summary):
                let kept = liveBoard?.offer(summary, seq: push.seq, heardAt: Clock.now()) ?? false
                if kept { onLiveKept?() }
                let reply = Reply.ok(job.echo + [
                    .init("bridge", push.bridge), .init("conf", push.conference), .init("nonce", String(push.seq)), .init("new", kept ? "1" : "0"),
                ])
                writer.post([WriteResult(target: job.target, reply: reply, terminal: nil, stored: nil)])
            }
        }
    }

    let partName = "tally-checker"

    func start() { queue.start() }

    /// Ends the thread once every push handed over so far has reached the writer (the daemon
    /// reads no more, and the writer finishes only after this stopped).
    func requestStop() { queue.requestStop() }

    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool { queue.waitUntilStopped(timeoutMilliseconds: timeoutMilliseconds) }
}
