/// The daemon's state as the status file gives it (`"state"`), with the same text.
///
/// A state this version does not know (a newer daemon's, or a hand-edited file) is kept as
/// written (`other`), so `attendctl status` still prints the file instead of refusing it.
public enum DaemonState: Equatable, Codable, Sendable {
    /// Serving.
    case ready
    /// A SIGTERM or SIGINT came: finishing what was received, taking nothing new.
    case stopping
    /// The last snapshot of a daemon that finished; `attendctl status` exits 1 on it.
    case stopped
    /// The database refuses writes: check-ins are answered `ERR unavailable` until it recovers.
    case storageError
    /// A state this version does not know, as written.
    case other(String)

    /// The states this daemon writes.
    public static let allCases: [DaemonState] = [.ready, .stopping, .stopped, .storageError]

    /// The status file's text.
    public var rawValue: String {
        switch self {
        case .ready: "ready"
        case .stopping: "stopping"
        case .stopped: "stopped"
        case .storageError: "storage_error"
        case .other(let text): text
        }
    }

    public init(rawValue: String) {
        self = DaemonState.allCases.first { $0.rawValue == rawValue } ?? .other(rawValue)
    }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
