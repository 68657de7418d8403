/// Whether a delegate arrives or leaves.
public enum Direction: String, Sendable, Codable {
    case checkIn = "in"
    case checkOut = "out"
}

/// How the terminal identified the delegate.
public enum CheckMethod: String, CaseIterable, Sendable, Codable {
    case card, qr, manual, face
}

/// A `CHECKIN` or `CHECKOUT` request, validated.
public struct CheckRequest: Equatable, Sendable {
    public var direction: Direction
    /// The delegate id (card or member number).
    public var delegate: String
    /// The terminal id, when the terminal sends one.
    public var terminal: String?
    /// The terminal's sequence number; with `terminal`, it makes retries idempotent.
    public var sequence: Int64?
    /// The conference named by `conf=`, or nil for the open one.
    public var conference: String?
    public var method: CheckMethod?
    /// The terminal's clock when it scanned, kept beside the server's receive time.
    public var terminalTime: Timestamp?

    public init(
        direction: Direction, delegate: String, terminal: String? = nil, sequence: Int64? = nil,
        conference: String? = nil, method: CheckMethod? = nil, terminalTime: Timestamp? = nil
    ) {
        self.direction = direction
        self.delegate = delegate
        self.terminal = terminal
        self.sequence = sequence
        self.conference = conference
        self.method = method
        self.terminalTime = terminalTime
    }
}

/// A request with its meaning: what the daemon is asked to do.
public enum Command: Equatable, Sendable {
    case ping
    case check(CheckRequest)
    /// Admin: open a conference, creating it if new. Control socket only.
    case openConference(id: String, title: String?)
    /// Admin: close a conference (nil: the open one). Control socket only.
    case closeConference(id: String?)
    /// Admin: re-read the configuration, as SIGHUP does. Control socket only.
    case reload

    /// Verbs only the local control socket may use.
    public var isAdmin: Bool {
        switch self {
        case .openConference, .closeConference, .reload: return true
        case .ping, .check: return false
        }
    }

    /// The longest id, terminal or conference the protocol accepts, in bytes.
    public static let maxIdentifierBytes = 64
    /// The longest title, in bytes.
    public static let maxTitleBytes = 512

    /// Gives a decoded line its meaning, or says which field is wrong.
    public init(_ line: RequestLine) throws(ProtocolError) {
        switch line.verb {
        case "PING":
            self = .ping
        case "CHECKIN":
            self = .check(try Command.checkRequest(.checkIn, line))
        case "CHECKOUT":
            self = .check(try Command.checkRequest(.checkOut, line))
        case "OPEN":
            self = .openConference(
                id: try Command.identifier("conf", line, required: true)!,
                title: try Command.text("title", line, maxBytes: Command.maxTitleBytes))
        case "CLOSE":
            self = .closeConference(id: try Command.identifier("conf", line, required: false))
        case "RELOAD":
            self = .reload
        default:
            throw ProtocolError(.unknownVerb, "unknown verb \(line.verb)")
        }
    }

    private static func checkRequest(_ direction: Direction, _ line: RequestLine) throws(ProtocolError) -> CheckRequest {
        let terminal = try identifier("term", line, required: false)
        var sequence: Int64?
        if let text = line["seq"] {
            guard let value = Int64(text), value >= 0, text.utf8.allSatisfy(\.isASCIIDigit) else {
                throw ProtocolError(.invalid, "seq must be a whole number from 0, got \(text)")
            }
            guard terminal != nil else { throw ProtocolError(.invalid, "seq needs term (sequence numbers are per terminal)") }
            sequence = value
        }
        var method: CheckMethod?
        if let text = line["method"] {
            guard let value = CheckMethod(rawValue: text) else {
                throw ProtocolError(.invalid, "method must be card, qr, manual or face, got \(text)")
            }
            method = value
        }
        var terminalTime: Timestamp?
        if let text = line["at"] {
            guard let value = Timestamp(rfc3339: text) else {
                throw ProtocolError(.invalid, "at must be an RFC 3339 time like 2026-11-23T07:45:00+07:00, got \(text)")
            }
            terminalTime = value
        }
        return CheckRequest(
            direction: direction, delegate: try identifier("id", line, required: true)!, terminal: terminal,
            sequence: sequence, conference: try identifier("conf", line, required: false), method: method,
            terminalTime: terminalTime)
    }

    private static func identifier(_ key: String, _ line: RequestLine, required: Bool) throws(ProtocolError) -> String? {
        guard let value = try text(key, line, maxBytes: maxIdentifierBytes) else {
            if required { throw ProtocolError(.invalid, "\(key) is required") }
            return nil
        }
        guard !value.isEmpty, !value.contains(where: { $0.isWhitespace }) else {
            throw ProtocolError(.invalid, "\(key) must not be empty or contain spaces")
        }
        return value
    }

    private static func text(_ key: String, _ line: RequestLine, maxBytes: Int) throws(ProtocolError) -> String? {
        guard let value = line[key] else { return nil }
        guard value.utf8.count <= maxBytes else {
            throw ProtocolError(.invalid, "\(key) is longer than \(maxBytes) bytes")
        }
        return value
    }
}
