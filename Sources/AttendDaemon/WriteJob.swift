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

/// A request for the writer: stored in the next group commit, answered after it.
struct WriteJob: Sendable {
    var command: Command
    /// Fields the reply starts with (`seq=`).
    var echo: [RequestLine.Field]
    /// The server's receive time: authoritative.
    var receivedAt: Timestamp
    /// The peer it came from, stored with check-ins.
    var source: String?
    var target: ReplyTarget
    /// The bytes that followed the line (an invited list).
    var payload: [UInt8]? = nil
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
    /// The newest line test of each target.
    var lineTests: [LineTestResult] = []
    /// On a hub: conferences with bridge points that have not reported in time.
    var missingReports: [StatusSnapshot.MissingReports]?
}
