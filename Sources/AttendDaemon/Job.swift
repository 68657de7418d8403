import AttendCore

/// Where a reply goes once its request is committed.
enum ReplyTarget: Sendable {
    /// A slot in a TCP or control connection's reply queue (replies leave in request order).
    case stream(connection: UInt64, slot: UInt64)
    /// A UDP peer.
    case datagram(PeerAddress)
    /// Nobody: the daemon's own requests (the schedule).
    case none
}

/// A request on its way to the part that runs it, with what its reply needs.
struct Job<Work: Sendable>: Sendable {
    /// What to do: a `WriterTask` for the writer, a `Query` for the query reader, a `TallyPush`
    /// for the tally checker.
    var work: Work
    /// Fields the reply starts with (`seq=`).
    var echo: [RequestLine.Field]
    /// The server's receive time: authoritative.
    var receivedAt: Timestamp
    /// The peer it came from, stored with check-ins.
    var source: String?
    var target: ReplyTarget
    /// The bytes that followed the line (an invited list, a tally).
    var payload: [UInt8]? = nil

    /// The same request, reply and payload, for other work (a checked tally for the writer).
    func with<Other: Sendable>(_ work: Other) -> Job<Other> {
        Job<Other>(work: work, echo: echo, receivedAt: receivedAt, source: source, target: target, payload: payload)
    }
}

/// A job for the writer: stored in the next group commit, answered after it.
typealias WriteJob = Job<WriterTask>
/// A read for the query reader.
typealias QueryJob = Job<Query>
/// A `TALLY` with its payload, for the tally checker.
typealias TallyJob = Job<TallyPush>
/// A `LIVE` with its payload, for the tally checker's thread.
typealias LiveJob = Job<LivePush>

/// What the writer does: a decoded request, or one of the daemon's own jobs that no line decodes to.
enum WriterTask: Sendable {
    /// A request from a line (`VerbTable`).
    case request(WriteRequest)
    /// The daemon's clock asking to open or close conferences on their schedule.
    case followSchedule
    /// A finished line test's results, to store and report to the operator who asked.
    case recordLineTests([LineTestResult])
    /// A push the hub's tally checker accepted (`TallyPush.check`), with what the roll-up keeps
    /// of it; the writer only stores it.
    case checkedTally(TallyPush, TallySummary, YearReport.HallTally)
    /// The district has this revision.
    case markPushed(conference: String, revision: Int64)
    /// A district plan revision the plan poller fetched (`Writer.applyDistrictPlan`).
    case applyPlan(DistrictPlan)
    /// The hub has the hall's answer to this plan revision.
    case planConfirmed(conference: String, revision: Int64)
}

/// The writer's answer to one job.
struct WriteResult: Sendable {
    var target: ReplyTarget
    var reply: Reply
    /// The terminal the request came from, for its counts.
    var terminal: String?
    /// Set when a check-in or check-out was newly stored.
    var stored: Direction?
}

/// What the writer reports for the status file.
struct WriterStatus: Sendable {
    var commits = 0
    var stored = 0
    var lastCommitAt: Timestamp?
    var lastStorageError: (at: Timestamp, message: String)?
    /// The last commit failed: requests are being refused with `unavailable`.
    var storageFailing = false
    var conference: StatusSnapshot.ConferenceStatus?
    /// Incidents open now (all sources).
    var openIncidents: [Incident] = []
    /// The open conference's part starts and ends, for the live summaries at each.
    var partBoundaries: [Timestamp] = []
    /// The newest line test of each target.
    var lineTests: [LineTestResult] = []
    /// On a hub: conferences with bridge points that have not reported in time.
    var missingReports: [StatusSnapshot.MissingReports]?
    /// Plan requests and plans refused, by reason (`PlanRequestCheck.Refusal`).
    var planRefusals: [String: Int] = [:]
    /// On a hub: each bridge point's clock offset at its last poll, seconds.
    var planClockOffsets: [String: Double] = [:]
    /// Where the writer thread's time went since start.
    var time = WriterTime()
}

/// Where the loop's owners (the stream connections, the datagrams) hand on what they do not
/// answer themselves; the daemon, which holds the parts, carries it out.
protocol RequestSink: AnyObject {
    /// Queues a job for the writer's next group commit, behind those queued before it this turn.
    func submit(_ job: WriteJob)
    /// Hands a `TALLY` and its payload to the tally checker.
    func submitTally(_ job: TallyJob)
    /// Hands a `LIVE` and its payload to the tally checker's thread.
    func submitLive(_ job: LiveJob)
    /// Hands a query to the query reader, queued under its source.
    func submitQuery(_ job: QueryJob, source: QueryScheduler<QueryJob>.Source, connection: UInt64)
    /// Starts a line test of the `[probes]` targets whose results answer `job`.
    func beginLineTest(seconds: Int, job: Job<Void>)
    /// Re-reads the configuration (`RELOAD`); returns the problems, none when reloaded.
    func reload() -> [String]
}
