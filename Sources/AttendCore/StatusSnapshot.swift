/// What the daemon reports about itself, written to the status file once a second at most
/// and read back by `attendctl status`. Times are RFC 3339 in Vietnam's local time.
public struct StatusSnapshot: Codable, Equatable, Sendable {
    public var version: String
    public var pid: Int32
    public var startedAt: String
    /// When this snapshot was written: a file that stops changing shows a hung daemon.
    public var updatedAt: String
    public var state: DaemonState
    public var listeners: [Listener]
    /// The open conference, nil when none is open.
    public var conference: ConferenceStatus?
    /// Requests received, by verb (`CHECKIN`, `PING`, ...; `other` for unknown verbs).
    public var requests: [String: Int]
    /// Error replies sent, by code (`malformed`, `too_long`, ...).
    public var errors: [String: Int]
    public var connections: ConnectionStatus
    public var database: DatabaseStatus
    /// The last storage error, kept after the storage recovers.
    public var lastStorageError: StorageError?
    /// Terminals seen since start, with their last-seen time: a silent one is unplugged.
    public var terminals: [TerminalStatus]
    /// Incidents open now (sound, picture or line lost).
    public var incidents: [IncidentStatus]? = nil
    /// Each probe target's last check.
    public var probes: [ProbeStatus]? = nil
    /// The newest day-before line test of each target; a failed one is marked `passed: false`.
    public var lineTests: [LineTestResult]? = nil
    /// The push of tallies to the district, when configured.
    public var push: PushStatus? = nil
    /// On a hub: conferences of the last 7 days whose bridge points have not all reported,
    /// once `report_delay` has passed since the first closed tally came.
    public var missingReports: [MissingReports]? = nil
    /// On a hub: the conferences its halls are live in (`LIVE`), at most `LiveStatus.maxConferences`.
    public var live: [LiveStatus]? = nil
    /// UDP datagrams read, replies dropped, and the kernel's drops.
    public var datagrams: DatagramStatus? = nil
    /// With `[events] spool`: events written, coalesced, dropped and failed since start.
    public var events: EventSpoolStatus? = nil
    /// Requests from terminals the registry did not track (not admitted, or no slot free).
    public var untrackedTerminals: Int? = nil
    /// Terminals that never had anything stored, dropped from `terminals` to make room.
    public var evictedTerminals: Int? = nil
    /// On a bridge point with `[push] to`: its polls of the district's plans.
    public var planPoll: PlanPollStatus? = nil
    /// Plan requests (on a hub) and plans (on a bridge point) refused since start, by reason.
    public var planRefusals: [String: Int]? = nil
    /// On a hub: each bridge point's clock offset at its last poll (hub minus it, seconds).
    public var planClockOffsets: [String: Double]? = nil
    /// On a hub: `[push] clock_offset_limit`, beyond which an offset is flagged.
    public var planClockOffsetLimit: Int? = nil
    /// The writer thread's time by activity and its groups' durations since start.
    public var writer: WriterTime? = nil

    public struct MissingReports: Codable, Equatable, Sendable {
        public var conference: String
        public var reported: Int
        /// The missing bridge points, by name.
        public var missing: [String]
        public init(conference: String, reported: Int, missing: [String]) {
            self.conference = conference
            self.reported = reported
            self.missing = missing
        }
    }

    public struct PushStatus: Codable, Equatable, Sendable {
        public var to: String
        public var bridge: String
        /// Outbox entries the district does not have yet.
        public var waiting: Int
        public var lastSuccess: String?
        public var lastError: String?
        /// Push attempts that failed since start (nil in files written before it was counted).
        public var failures: Int?
        public init(to: String, bridge: String, waiting: Int, lastSuccess: String?, lastError: String?, failures: Int? = nil) {
            self.to = to
            self.bridge = bridge
            self.waiting = waiting
            self.lastSuccess = lastSuccess
            self.lastError = lastError
            self.failures = failures
        }
    }

    public struct IncidentStatus: Codable, Equatable, Sendable {
        public var id: Int64
        public var kind: String
        public var source: String
        public var by: String?
        public var startedAt: String
        public var note: String
        public init(id: Int64, kind: String, source: String, by: String?, startedAt: String, note: String) {
            self.id = id
            self.kind = kind
            self.source = source
            self.by = by
            self.startedAt = startedAt
            self.note = note
        }
    }

    public struct ProbeStatus: Codable, Equatable, Sendable {
        public var name: String
        /// `203.0.113.5:443 tcp`.
        public var target: String
        /// `ok`, `degraded`, `down`, or `unknown` before the first check.
        public var state: String
        public var lastRttMs: Double?
        /// Failed checks among the recent ones, in percent.
        public var lossPercent: Double?
        public var lastCheckedAt: String?
        public var lastError: String?
        public init(
            name: String, target: String, state: String, lastRttMs: Double?, lossPercent: Double?, lastCheckedAt: String?,
            lastError: String?
        ) {
            self.name = name
            self.target = target
            self.state = state
            self.lastRttMs = lastRttMs
            self.lossPercent = lossPercent
            self.lastCheckedAt = lastCheckedAt
            self.lastError = lastError
        }
    }

    public struct Listener: Codable, Equatable, Sendable {
        /// `tcp`, `udp` or `unix`.
        public var proto: String
        public var address: String
        public init(proto: String, address: String) {
            self.proto = proto
            self.address = address
        }
    }

    public struct ConferenceStatus: Codable, Equatable, Sendable {
        public var id: String
        public var title: String
        public var openedAt: String
        public var checkins: Int
        public var checkouts: Int
        /// Invited delegates, and how many of them have arrived (checked in at least once).
        public var invited: Int?
        public var arrived: Int?
        /// Walk-ins: checked in without being on the invited list.
        public var walkIns: Int?
        /// In the hall now: checked in and not checked out since.
        public var present: Int?
        /// Live figures per category, so a hall below target is seen while people can still be called.
        public var categories: [LiveCategory]?

        public struct LiveCategory: Codable, Equatable, Sendable {
            public var category: String
            public var invited: Int
            public var arrived: Int
            /// Arrived / invited in percent, one decimal.
            public var rate: Double?
            public var target: Double?
            public var belowTarget: Bool
            public init(category: String, invited: Int, arrived: Int, rate: Double?, target: Double?, belowTarget: Bool) {
                self.category = category
                self.invited = invited
                self.arrived = arrived
                self.rate = rate
                self.target = target
                self.belowTarget = belowTarget
            }
        }

        public init(id: String, title: String, openedAt: String, checkins: Int, checkouts: Int) {
            self.id = id
            self.title = title
            self.openedAt = openedAt
            self.checkins = checkins
            self.checkouts = checkouts
        }
    }

    public struct ConnectionStatus: Codable, Equatable, Sendable {
        /// TCP connections open now (terminals; the control socket is not counted).
        public var open: Int
        public var accepted: Int
        /// Refused because `max_connections` was reached.
        public var refused: Int
        /// Closed after `idle_timeout` of silence.
        public var idleClosed: Int
        /// Closed to keep the input budget: to make room for a new connection at
        /// `max_connections`, past `max_connection_buffer` or `max_input_buffer`, or a payload
        /// past `payload_timeout`.
        public var shed: Int
        public init(open: Int = 0, accepted: Int = 0, refused: Int = 0, idleClosed: Int = 0, shed: Int = 0) {
            self.open = open
            self.accepted = accepted
            self.refused = refused
            self.idleClosed = idleClosed
            self.shed = shed
        }
    }

    public struct DatabaseStatus: Codable, Equatable, Sendable {
        public var path: String
        /// The database file plus its write-ahead log.
        public var sizeBytes: Int64
        public var lastCommitAt: String?
        public var commits: Int
        /// Check-ins and check-outs stored since start (retries not counted twice).
        public var stored: Int
        public init(path: String, sizeBytes: Int64 = 0, lastCommitAt: String? = nil, commits: Int = 0, stored: Int = 0) {
            self.path = path
            self.sizeBytes = sizeBytes
            self.lastCommitAt = lastCommitAt
            self.commits = commits
            self.stored = stored
        }
    }

    public struct StorageError: Codable, Equatable, Sendable {
        public var at: String
        public var message: String
        public init(at: String, message: String) {
            self.at = at
            self.message = message
        }
    }

    public struct TerminalStatus: Codable, Equatable, Sendable {
        public var id: String
        /// Vietnam time; empty for an allowed or keyed terminal not heard from since start.
        public var lastSeen: String
        public var checkins: Int
        public var checkouts: Int
        public var errors: Int
        public init(id: String, lastSeen: String, checkins: Int = 0, checkouts: Int = 0, errors: Int = 0) {
            self.id = id
            self.lastSeen = lastSeen
            self.checkins = checkins
            self.checkouts = checkouts
            self.errors = errors
        }
    }

    public init(
        version: String, pid: Int32, startedAt: String, updatedAt: String, state: DaemonState,
        listeners: [Listener], conference: ConferenceStatus?, requests: [String: Int], errors: [String: Int],
        connections: ConnectionStatus, database: DatabaseStatus, lastStorageError: StorageError?,
        terminals: [TerminalStatus]
    ) {
        self.version = version
        self.pid = pid
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.state = state
        self.listeners = listeners
        self.conference = conference
        self.requests = requests
        self.errors = errors
        self.connections = connections
        self.database = database
        self.lastStorageError = lastStorageError
        self.terminals = terminals
    }
}
