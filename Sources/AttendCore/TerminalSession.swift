/// The operator's check-in terminal as a state machine: keys and attendd's replies go in,
/// actions for the program to carry out come out, and the state is what the screen shows.
///
/// Pure: the program (`attendctl terminal`) reads the keys, keeps the queue file, talks to
/// attendd and draws; every decision about what a key or a reply means is made here.
public struct TerminalSession: Sendable {
    /// Whether a scan checks delegates in or out.
    public enum Prompt: Equatable, Sendable {
        /// A scanned or typed id, or part of a name.
        case scan
        /// Recording an excuse: the absent delegate's id.
        case excuseID
        /// Recording an excuse: the reason for this delegate.
        case excuseReason(id: String)
        /// A short run of digits that picked nothing: Enter again records it as an id, anything
        /// else is taken afresh (a list number typed after the list went away is not a card).
        case confirmNumber(id: String)
        /// F8: the reason for undoing the scan with this sequence number (Enter alone: "quẹt nhầm").
        case undoReason(sequence: Int64)
    }

    /// One delegate found by name.
    public struct Match: Equatable, Sendable {
        public var id: String
        public var name: String
        public var unit: String
    }

    /// One check-in shown in the list of recent ones.
    public struct Recent: Equatable, Sendable {
        public var sequence: Int64
        public var at: Timestamp
        public var direction: Direction
        public var id: String
        public var name: String?
        public var outcome: ScanOutcome
        /// attendd's event number, from its reply; what F8 voids.
        public var event: Int64? = nil
        /// Undone with F8: voided in attendd, or taken off the queue before it was sent.
        public var voided = false
    }

    /// The open conference and its figures, from `SUMMARY` (counted on between refreshes).
    public struct Figures: Equatable, Sendable {
        public var conference: String
        public var title: String
        public var invited: Int?
        public var arrived: Int?
        public var walkIns: Int?
    }

    /// The link to attendd.
    public enum Link: Equatable, Sendable {
        case connecting
        case online
        case offline(String)
    }

    /// The terminal id sent as `term=`.
    public let terminal: String
    /// Excuses are an admin verb: only on the local control socket.
    public let canExcuse: Bool
    public internal(set) var direction: Direction = .checkIn
    public internal(set) var prompt: Prompt = .scan
    public internal(set) var input = ""
    public internal(set) var matches: [Match] = []
    /// The result of the newest scan, shown large.
    public internal(set) var banner: Recent?
    /// Newest first, at most `recentLimit`.
    public internal(set) var recent: [Recent] = []
    /// A line for the operator: what happened to the last key or reply.
    public internal(set) var message = ""
    public var link: Link = .connecting
    public var figures: Figures?
    /// Scans on the terminal's disk waiting for attendd.
    public var pendingCount = 0

    static let recentLimit = 50

    /// The operator's message `key` in the terminal's language (`TerminalScreen.language`),
    /// its `{n}` filled with `arguments`.
    static func text(_ key: MessageKey, _ arguments: String...) -> String {
        TerminalScreen.language.text(key, arguments: arguments)
    }

    public init(terminal: String, canExcuse: Bool) {
        self.terminal = terminal
        self.canExcuse = canExcuse
    }

    /// The incident each function key reports: F1/F2 sound, F3/F4 picture, F5/F6 the line.
    public static let incidentKeys: [Int: (start: Bool, kind: IncidentKind)] = [
        1: (true, .audioLost), 2: (false, .audioLost), 3: (true, .videoLost), 4: (false, .videoLost),
        5: (true, .lineDown), 6: (false, .lineDown),
    ]
}

/// What the program must do for the session.
public enum TerminalAction: Equatable, Sendable {
    /// Give the scan a sequence number, put it on disk, then send it (`name` when picked by name).
    case check(Direction, delegate: String, method: CheckMethod, name: String?)
    /// `FIND q=...`.
    case find(String)
    /// `INCIDENT action=start|end kind=...`.
    case incident(start: Bool, kind: IncidentKind)
    /// `EXCUSE id=... reason=...` (control socket only).
    case excuse(delegate: String, reason: String)
    /// F8 on a scan still in the queue file: take it off (`finish` it unsent), then call `unqueued`.
    case unqueue(sequence: Int64)
    /// F8 on an acknowledged scan: `VOID event=... reason=... term=...`, then call `voidAnswered`.
    case void(event: Int64, sequence: Int64, reason: String)
    case quit
}
