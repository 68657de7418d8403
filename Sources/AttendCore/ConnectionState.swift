/// The life of one TCP or control-socket connection, as rules the event loop carries out.
///
/// Pure: every method takes what happened and the monotonic time in milliseconds, and returns
/// what to do (keep, close and why; which epoll interests to arm). The daemon owns the socket
/// and the byte buffers; this owns the phase, the clocks and the decisions, so a connection
/// can never be left registered for nothing while the kernel reports a hang-up every turn.
public struct ConnectionState: Equatable, Sendable {
    /// The limits the rules apply, from `[limits]`.
    public struct Limits: Equatable, Sendable {
        /// `idle_timeout`: silence allowed with nothing owed to the peer.
        public var idleMilliseconds: Int64
        /// `payload_timeout`: from the line announcing a payload to its last byte.
        public var payloadMilliseconds: Int64
        /// `max_pipeline`: unanswered requests before reading pauses.
        public var maxPipeline: Int
        /// Unsent reply bytes before reading pauses (the peer must read its replies).
        public var maxUnsentBytes: Int

        public init(idleMilliseconds: Int64, payloadMilliseconds: Int64, maxPipeline: Int, maxUnsentBytes: Int = 256 * 1024) {
            self.idleMilliseconds = idleMilliseconds
            self.payloadMilliseconds = payloadMilliseconds
            self.maxPipeline = maxPipeline
            self.maxUnsentBytes = maxUnsentBytes
        }
    }

    /// Where the connection stands.
    public enum Phase: Equatable, Sendable {
        /// Reading request lines.
        case lines
        /// A line announced a payload at `since` (collected, or discarded after a refusal).
        case payload(since: Int64)
        /// The peer finished sending (EOF) or the daemon is stopping: answer, then close.
        case finishing
    }

    /// Why a connection is closed, as counted in the status (`closed_<reason>`).
    public enum CloseReason: String, Equatable, Sendable {
        /// Silent for `idle_timeout` with nothing owed.
        case idle
        /// A payload did not arrive whole within `payload_timeout`.
        case payloadTimeout = "payload_timeout"
        /// The peer ended its side in the middle of a payload: the request can never complete.
        case payloadCutShort = "payload_cut_short"
        /// The peer hung up or reset: nothing more can be sent to it.
        case hangUp = "hang_up"
        /// Every reply was sent after the peer finished.
        case finished
        /// The connection asked for more memory than its budget, or was shed for the global one.
        case overBudget = "over_budget"
        /// At `max_connections`, closed to make room for a new connection.
        case displaced
    }

    /// What the event loop does next.
    public enum Action: Equatable, Sendable {
        case keep
        case close(CloseReason)
    }

    /// Which events the loop waits for on the socket.
    public struct Interest: Equatable, Sendable {
        public var read: Bool
        public var write: Bool

        public init(read: Bool, write: Bool) {
            self.read = read
            self.write = write
        }
    }

    /// What the connection owes its peer now.
    public struct Owed: Equatable, Sendable {
        /// Requests read whose reply has not been sent yet.
        public var unanswered: Int
        /// Reply bytes queued but not yet taken by the socket.
        public var unsentBytes: Int
        /// A payload it sent is still queued for checking or storage: one at a time per
        /// connection, so queued payloads are bounded by the connections, not by the peers' speed.
        public var payloadQueued: Bool

        public init(unanswered: Int, unsentBytes: Int, payloadQueued: Bool = false) {
            self.unanswered = unanswered
            self.unsentBytes = unsentBytes
            self.payloadQueued = payloadQueued
        }

        public static let nothing = Owed(unanswered: 0, unsentBytes: 0)
    }

    public private(set) var phase: Phase = .lines
    /// Monotonic time of the last byte received or sent.
    public private(set) var lastActivity: Int64

    public init(now: Int64) { lastActivity = now }

    /// Bytes arrived from the peer.
    public mutating func received(now: Int64) { lastActivity = now }

    /// The socket took reply bytes.
    public mutating func sent(now: Int64) { lastActivity = now }

    /// A line announced a payload (to collect or to discard); its deadline starts now.
    public mutating func payloadAnnounced(now: Int64) {
        if phase != .finishing { phase = .payload(since: now) }
    }

    /// The last byte of the payload arrived (or was dropped).
    public mutating func payloadEnded() {
        if case .payload = phase { phase = .lines }
    }

    /// The peer sent EOF. A payload still owed can never arrive: close now. Otherwise answer
    /// what was asked and close after.
    public mutating func peerFinished() -> Action {
        if case .payload = phase { return .close(.payloadCutShort) }
        phase = .finishing
        return .keep
    }

    /// The daemon is stopping: no more reading, answer what was read.
    public mutating func stop() {
        phase = .finishing
    }

    /// epoll said EPOLLHUP or EPOLLERR. Those cannot be masked: a connection kept open after
    /// them would be reported every turn for nothing, so it closes (after the caller read
    /// what was already received; the writer still stores those requests).
    public func hungUp() -> Action { .close(.hangUp) }

    /// Reads while there is room for more requests; writes while output waits.
    public func interest(_ owed: Owed, limits: Limits) -> Interest {
        let room = owed.unanswered < limits.maxPipeline && owed.unsentBytes < limits.maxUnsentBytes && !owed.payloadQueued
        return Interest(read: phase != .finishing && room, write: owed.unsentBytes > 0)
    }

    /// The rules that need no event: a finished connection closes once everything is sent, a
    /// payload past its deadline closes, a connection silent for the idle timeout with no reply
    /// owed closes (waiting for a payload owes nothing: it is idle like any other).
    public func check(now: Int64, owed: Owed, limits: Limits) -> Action {
        if phase == .finishing && owed.unanswered == 0 && owed.unsentBytes == 0 { return .close(.finished) }
        if case .payload(let since) = phase, now - since > limits.payloadMilliseconds { return .close(.payloadTimeout) }
        if now - lastActivity > limits.idleMilliseconds && owed.unanswered == 0 { return .close(.idle) }
        return .keep
    }
}
