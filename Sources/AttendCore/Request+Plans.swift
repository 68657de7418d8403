import Foundation

/// The district's plans on the wire: what a hub's operator publishes (`PUBLISH`, `PLANLIST`,
/// `WITHDRAW`, `PLANS`) and what its bridge points ask and confirm (`PLANPOLL`, `PLANACK`).
extension Request {
    /// The largest district list `PLANLIST` may announce: the bridge point's own limit.
    public static let maxPlanListBytes = maxInviteBytes
}

/// Which bridge points take part in a published conference.
public enum BridgeSelection: Equatable, Sendable {
    /// Every line of the hub's keys file, as it is when each poll comes.
    case all
    case only([String])

    /// `all`, or ids separated by commas.
    public init(_ text: String) throws(ProtocolError) {
        if text == "all" {
            self = .all
            return
        }
        let ids = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty && $0.utf8.count <= Request.maxIdentifierBytes && !$0.contains(" ") }) else {
            throw ProtocolError(.invalid, "bridges must be all or bridge point ids separated by commas, got \(text)")
        }
        guard Set(ids).count == ids.count else { throw ProtocolError(.invalid, "bridges names a bridge point twice: \(text)") }
        self = .only(ids)
    }

    /// As stored and sent: `all` or the ids joined by commas.
    public var text: String {
        switch self {
        case .all: return "all"
        case .only(let ids): return ids.joined(separator: ",")
        }
    }

    public func includes(_ bridge: String) -> Bool {
        switch self {
        case .all: return true
        case .only(let ids): return ids.contains(bridge)
        }
    }
}

/// A `PUBLISH` request: the district defines or changes a conference; absent fields keep the
/// published ones. Each accepted change is the plan's next revision.
public struct PlanPublication: Equatable, Sendable {
    public var conference: String
    public var title: String?
    public var date: String?
    public var parts: String?
    public var graceMinutes: Int?
    public var autoSchedule: Bool?
    public var bridges: BridgeSelection?
    /// `reflection_due=YYYY-MM-DD`: the day the halls' reflections are due; empty removes it,
    /// absent keeps the published one.
    public var reflectionDue: String? = nil

    public init(conference: String, title: String? = nil, date: String? = nil, parts: String? = nil, graceMinutes: Int? = nil,
                autoSchedule: Bool? = nil, bridges: BridgeSelection? = nil) {
        self.conference = conference
        self.title = title
        self.date = date
        self.parts = parts
        self.graceMinutes = graceMinutes
        self.autoSchedule = autoSchedule
        self.bridges = bridges
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        let change = try PlanChange(line)
        guard change.expected == nil else {
            throw ProtocolError(.invalid, "expected is per bridge point: give it with the list (expected=ID=N,...)")
        }
        conference = change.conference
        title = change.title
        date = change.date
        parts = change.parts
        graceMinutes = change.graceMinutes
        autoSchedule = change.autoSchedule
        reflectionDue = change.reflectionDue
        bridges = try line["bridges"].map { text throws(ProtocolError) in try BridgeSelection(text) }
    }

    /// The published plan after this change (a new one needs a date and parts), checked as a
    /// bridge point's `DEFINE` is: the parts against the date, no overlap.
    public func applied(to published: ConferencePlan?) throws(ProtocolError) -> ConferencePlan {
        guard published != nil || (date != nil && parts != nil) else {
            throw ProtocolError(.invalid, "a new district conference needs date= and parts=")
        }
        var change = PlanChange(conference: conference)
        change.title = title
        change.date = date
        change.parts = parts
        change.graceMinutes = graceMinutes
        change.reflectionDue = reflectionDue
        var base = published
        if base == nil {
            base = ConferencePlan(id: conference, title: title ?? conference, date: "", parts: [])
            base?.autoSchedule = false
        }
        var plan = try change.applied(to: base)
        plan.autoSchedule = autoSchedule ?? published?.autoSchedule ?? true
        return plan
    }
}

extension PlanChange {
    /// An empty change of `conference` (fields set one by one).
    public init(conference: String) {
        self.conference = conference
    }
}

/// Planned counts per bridge point: `ID=N,ID=N`.
public enum ExpectedCounts {
    public static func parse(_ text: String) throws(ProtocolError) -> [String: Int] {
        var counts: [String: Int] = [:]
        for item in text.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, let count = Int(pair[1]), (0...1_000_000).contains(count) else {
                throw ProtocolError(.invalid, "expected must be ID=N for each bridge point, got \(item)")
            }
            guard counts[pair[0]] == nil else { throw ProtocolError(.invalid, "expected gives \(pair[0]) twice") }
            counts[pair[0]] = count
        }
        return counts
    }

    public static func text(_ counts: [String: Int]) -> String {
        counts.keys.sorted().map { "\($0)=\(counts[$0]!)" }.joined(separator: ",")
    }
}
