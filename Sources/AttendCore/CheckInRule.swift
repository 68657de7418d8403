/// The rules of one check-in, apart from storing it: which conference takes it, when it counts
/// (the effective time, with the clock-offset correction of queued scans), what its reply says
/// (lateness included), and whether a second request under the same (term, seq) is a retry.
///
/// Pure: built from the writer's view of the open conference; the writer passes the request,
/// what the store holds and the receive time, and stores what this decides.
public struct CheckInRule: Sendable {
    /// The open conference's id; nil when none is open.
    public var openConference: String?
    /// The open conference's plan, when it has one.
    public var plan: ConferencePlan?
    /// The open conference's invited list, by delegate id.
    public var invited: [String: Delegate]

    public init(openConference: String?, plan: ConferencePlan?, invited: [String: Delegate]) {
        self.openConference = openConference
        self.plan = plan
        self.invited = invited
    }

    /// The conference that takes `request` (the open one), or why none does. (A retry of a
    /// stored (term, seq) is answered as first even then: the writer looks for one before refusing.)
    public func conference(taking request: CheckRequest) -> Result<String, ProtocolError> {
        guard let open = openConference else { return .failure(ProtocolError(.noConference, "no conference is open")) }
        if let named = request.conference, named != open {
            return .failure(ProtocolError(.noConference, "conference \(named) is not open (open: \(open))"))
        }
        return .success(open)
    }

    /// The terminal whose clock offset `effectiveTime` needs for `request`: a queued scan with a
    /// scan time from a named terminal; nil for any other (no offset is looked up).
    public static func terminalToCorrect(_ request: CheckRequest) -> String? {
        guard request.queued, request.terminalTime != nil else { return nil }
        return request.terminal
    }

    /// When a check-in counts: `receivedAt` for live ones; the scan time, corrected by the
    /// terminal's clock offset (server minus terminal, ms) when one is known, for queued ones;
    /// the sheet's time for paper ones. More than a minute in the future, or outside the
    /// conference's plan, is refused.
    public func effectiveTime(
        of request: CheckRequest, receivedAt: Timestamp, clockOffset: Int64?
    ) -> Result<Timestamp, ProtocolError> {
        guard request.queued || request.paper, let scanned = request.terminalTime else { return .success(receivedAt) }
        var effective = scanned
        if request.queued, request.terminal != nil, let clockOffset { effective.milliseconds += clockOffset }
        if effective.milliseconds > receivedAt.milliseconds + Self.futureToleranceMilliseconds {
            return .failure(ProtocolError(.invalid, "at \(effective.vietnam) is in the future"))
        }
        if let plan, !plan.admits(effective) {
            return .failure(ProtocolError(.invalid, "at \(effective.vietnam) is outside conference \(plan.id)"))
        }
        return .success(effective)
    }

    /// How far ahead of the receive time a corrected scan time may be (clocks drift a little).
    public static let futureToleranceMilliseconds: Int64 = 60_000

    /// The clock offset a stored check-in measures: a live one from a named terminal that sent
    /// its clock (`at=`) gives server minus terminal; any other gives none.
    public static func measuredOffset(_ entry: CheckRecord) -> (terminal: String, milliseconds: Int64)? {
        guard entry.origin == .live, let terminal = entry.terminal, let at = entry.terminalAt else { return nil }
        return (terminal, entry.receivedAt.milliseconds - at.milliseconds)
    }

    /// The reply fields of a stored check-in (after the echo): who it was, whether invited,
    /// whether the first arrival, and how late. Derived from the stored entry, so a retry gets
    /// the same ones. `repeated`: the delegate had checked in to this conference before.
    public func replyFields(of entry: CheckRecord, repeated: Bool) -> [RequestLine.Field] {
        Self.derivedReplyFields(of: entry) + fieldsAfterDerived(of: entry, repeated: repeated)
    }

    /// A newly stored check-in's reply fields after `echo`, and the narrow form its row keeps
    /// for retries (nil without a (term, seq)), each built once: the writer's path for every
    /// check-in, so the reply is one array, not three joined.
    public func reply(
        of entry: CheckRecord, repeated: Bool, after echo: [RequestLine.Field] = []
    ) -> (fields: [RequestLine.Field], kept: String?) {
        let rest = fieldsAfterDerived(of: entry, repeated: repeated)
        var fields: [RequestLine.Field] = []
        fields.reserveCapacity(echo.count + 5 + rest.count)
        fields.append(contentsOf: echo)
        Self.appendDerivedReplyFields(of: entry, to: &fields)
        fields.append(contentsOf: rest)
        return (fields, Self.keepsReply(entry) ? Self.keptReply(rest) : nil)
    }

    /// The reply fields after those the row gives back (`derivedReplyFields`): never empty, as
    /// `invited` is always there, so a narrow kept reply never reads as a whole one.
    func fieldsAfterDerived(of entry: CheckRecord, repeated: Bool) -> [RequestLine.Field] {
        var fields: [RequestLine.Field] = []
        fields.reserveCapacity(5)
        let delegate = invited[entry.delegate]
        if let delegate { fields.append(.init("name", delegate.fullName)) }
        fields.append(.init("invited", delegate == nil ? "0" : "1"))
        if entry.direction == .checkIn {
            fields.append(.init("first", repeated ? "0" : "1"))
            if !repeated, let late = plan?.lateness(at: entry.effectiveAt) {
                fields.append(.init("late", String(late.minutes)))
                fields.append(.init("part", late.part))
            }
        }
        return fields
    }

    /// Whether `request`, sent under the (term, seq) of `entry`, is a retry of it (the same
    /// delegate and direction) rather than another request reusing the number.
    public static func isRetry(_ request: CheckRequest, of entry: CheckRecord) -> Bool {
        entry.delegate == request.delegate && entry.direction == request.direction
    }

    /// The refusal of a request that reuses the (term, seq) of `entry` for something else.
    public static func sequenceReused(by entry: CheckRecord) -> ProtocolError {
        let verb = entry.direction == .checkIn ? "CHECKIN" : "CHECKOUT"
        return ProtocolError(.seqReused, "term \(entry.terminal ?? "") seq \(entry.sequence ?? 0) was used for \(verb) id=\(entry.delegate)")
    }

    /// Whether a stored check-in keeps its reply for retries: it came with a (term, seq).
    public static func keepsReply(_ entry: CheckRecord) -> Bool { entry.terminal != nil && entry.sequence != nil }

    /// The reply fields as kept in the store: the `OK` line's text after `OK `.
    public static func keptReply(_ fields: [RequestLine.Field]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(48)
        LineEncoder.appendFields(fields, to: &bytes)
        return String(decoding: bytes.dropFirst(), as: UTF8.self)
    }

    /// The fields of a kept reply; nil when it no longer decodes.
    public static func fields(ofKeptReply kept: String) -> [RequestLine.Field]? {
        (try? LineDecoder.decode(Array(("OK " + kept).utf8)))?.fields
    }
}
