/// A `VOID event=N reason=TEXT` request: take a mistaken check-in (or check-out) back. The
/// event stays stored, marked with who voided it, when and why; every count ignores it.
public struct VoidRequest: Equatable, Sendable {
    /// The event number from the check-in's reply (`event=`).
    public var event: Int64
    /// Why it is voided: required, it goes into the audit trail.
    public var reason: String
    /// The terminal asking (`term=`); from the network it must be the one that made the event.
    public var terminal: String?
    /// Set by the router for the local control socket: any event, any time.
    public var byControl = false

    public init(event: Int64, reason: String, terminal: String? = nil, byControl: Bool = false) {
        self.event = event
        self.reason = reason
        self.terminal = terminal
        self.byControl = byControl
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        guard let text = line["event"] else { throw ProtocolError(.invalid, "event is required (the event= of the check-in to void)") }
        guard let event = Int64(text), event > 0, text.utf8.allSatisfy(\.isASCIIDigit) else {
            throw ProtocolError(.invalid, "event must be a whole number from 1, got \(text)")
        }
        let reason = try RequestFields.text("reason", line, maxBytes: Request.maxTitleBytes) ?? ""
        guard !NameFolding.collapsingWhitespace(reason).isEmpty else {
            throw ProtocolError(.invalid, "reason is required (why event \(event) is voided)")
        }
        self.init(event: event, reason: NameFolding.collapsingWhitespace(reason), terminal: try RequestFields.identifier("term", line, required: false))
    }
}

/// Who may void which event, and until when: the rule the writer applies to each `VOID`.
public enum VoidRule {
    /// The event to be voided, as stored.
    public struct Target: Equatable, Sendable {
        public var event: Int64
        /// The terminal that made it (nil: sent without `term=`).
        public var terminal: String?
        /// When attendd received it: the time limit runs from here.
        public var receivedAt: Timestamp

        public init(event: Int64, terminal: String?, receivedAt: Timestamp) {
            self.event = event
            self.terminal = terminal
            self.receivedAt = receivedAt
        }
    }

    /// What to do with a `VOID`.
    public enum Decision: Equatable, Sendable {
        /// Void it now.
        case void
        /// Voided before: answer as then, with `new=0`.
        case repeated
        case refuse(ProtocolError)
    }

    /// Decides a `VOID` of `target` (nil: no such event), `alreadyVoided` when it is, at `now`,
    /// with terminals allowed `limitMinutes` after the event. The control socket may void any
    /// event at any time; a terminal only its own events, within the limit. A repeat of a void
    /// is answered as the first one was, even past the limit.
    public static func decide(
        _ request: VoidRequest, target: Target?, alreadyVoided: Bool, now: Timestamp, limitMinutes: Int
    ) -> Decision {
        guard let target else { return .refuse(ProtocolError(.invalid, "event \(request.event) is unknown: no check-in has that number")) }
        if !request.byControl {
            guard let terminal = request.terminal, target.terminal == terminal else {
                let maker = target.terminal.map { "terminal \($0)" } ?? "a sender without term="
                return .refuse(ProtocolError(
                    .notAuthorised, "event \(request.event) was made by \(maker), not \(request.terminal ?? "this sender"); void it with attendctl void"))
            }
        }
        if alreadyVoided { return .repeated }
        if !request.byControl, now.milliseconds - target.receivedAt.milliseconds > Int64(limitMinutes) * 60_000 {
            return .refuse(ProtocolError(
                .invalid, "event \(request.event) is older than [terminals] void_minutes (\(limitMinutes) minutes); void it with attendctl void"))
        }
        return .void
    }
}
