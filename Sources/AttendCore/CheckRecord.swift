/// A check-in or check-out as stored (`CheckInRepository`), and what the check-in rules
/// (`CheckInRule`) derive its reply from.
public struct CheckRecord: Equatable, Sendable {
    /// The event number, unique in this database, increasing.
    public var event: Int64
    public var conference: String
    public var delegate: String
    public var direction: Direction
    public var terminal: String?
    public var sequence: Int64?
    public var method: CheckMethod?
    /// The server's receive time: authoritative.
    public var receivedAt: Timestamp
    /// The terminal's clock, as it sent it.
    public var terminalAt: Timestamp?
    public var source: String?
    /// When it counts for the tally (see `origin`).
    public var effectiveAt: Timestamp
    public var origin: CheckinOrigin

    public init(
        event: Int64, conference: String, delegate: String, direction: Direction, terminal: String? = nil, sequence: Int64? = nil,
        method: CheckMethod? = nil, receivedAt: Timestamp, terminalAt: Timestamp? = nil, source: String? = nil,
        effectiveAt: Timestamp, origin: CheckinOrigin
    ) {
        self.event = event
        self.conference = conference
        self.delegate = delegate
        self.direction = direction
        self.terminal = terminal
        self.sequence = sequence
        self.method = method
        self.receivedAt = receivedAt
        self.terminalAt = terminalAt
        self.source = source
        self.effectiveAt = effectiveAt
        self.origin = origin
    }
}
