extension StatusSnapshot {
    /// A bridge point's polls of its hub for the district's plans.
    public struct PlanPollStatus: Codable, Equatable, Sendable {
        public var from: String
        /// `[push] poll`, seconds.
        public var every: Int
        public var lastPoll: String?
        public var lastError: String?
        /// Polls that failed since start.
        public var failures = 0
        /// Plan revisions fetched since start.
        public var plansFetched = 0
        /// Answers refused (bad signature, not to this poll, malformed plans).
        public var refusedAnswers = 0
        /// The hub's clock minus this box's at the last poll, seconds.
        public var clockOffsetSeconds: Double?
        /// `[push] clock_offset_limit`.
        public var clockOffsetLimit: Int?
        /// District conferences whose newest revision the hall did not apply: `HN-11 rev 5 received: why`.
        public var notApplied: [String]?

        public init(from: String, every: Int) {
            self.from = from
            self.every = every
        }

        /// The offset is beyond the limit.
        public var clockOffsetBeyond: Bool {
            guard let offset = clockOffsetSeconds, let limit = clockOffsetLimit else { return false }
            return abs(offset) > Double(limit)
        }
    }

    /// Bridge points whose clock, at their last poll, was beyond the limit, by id.
    public var planClockOffsetsBeyond: [String: Double] {
        guard let limit = planClockOffsetLimit else { return [:] }
        return (planClockOffsets ?? [:]).filter { abs($0.value) > Double(limit) }
    }

    /// The plan families: polls, refusals and clock offsets at both ends.
    func planFamilies(_ out: inout PrometheusWriter) {
        if let poll = planPoll {
            out.family("attendd_plan_poll_failures_total", .counter, "Polls of the hub for the district's plans that failed.",
                       [([:], String(poll.failures))])
            out.family("attendd_plan_fetched_total", .counter, "District plan revisions fetched from the hub.",
                       [([:], String(poll.plansFetched))])
            out.family("attendd_plan_answers_refused_total", .counter, "Hub answers refused (signature, not to this poll, malformed).",
                       [([:], String(poll.refusedAnswers))])
            out.family("attendd_plan_not_applied", .gauge, "District conferences whose newest plan revision this hall did not apply.",
                       [([:], String(poll.notApplied?.count ?? 0))])
            if let offset = poll.clockOffsetSeconds {
                out.family("attendd_clock_offset_seconds", .gauge, "The hub's clock minus this box's, at the last plan poll.",
                           [([:], String(offset))])
                out.family("attendd_clock_offset_beyond_limit", .gauge, "1 while the clock offset is beyond [push] clock_offset_limit.",
                           [([:], poll.clockOffsetBeyond ? "1" : "0")])
            }
        }
        out.family("attendd_plan_refused_total", .counter, "Plan requests or plans refused, by reason (forged, replayed, unknown, misaddressed, older).",
                   (planRefusals ?? [:]).map { (["reason": $0.key], String($0.value)) })
        out.family("attendd_hub_bridge_clock_offset_seconds", .gauge, "On a hub: each bridge point's clock offset at its last plan poll (hub minus it).",
                   (planClockOffsets ?? [:]).map { (["bridge": $0.key], String($0.value)) })
    }

    /// The status text's plan lines.
    func planLines(_ row: (String, String) -> Void) {
        if let poll = planPoll {
            let offset = poll.clockOffsetSeconds.map { ", clock offset \($0) s" + (poll.clockOffsetBeyond ? " BEYOND \(poll.clockOffsetLimit ?? 0) s" : "") } ?? ""
            row("Plans", "from \(poll.from) every \(poll.every) s: \(poll.plansFetched) fetched"
                + (poll.lastPoll.map { ", last poll \(StatusTextFormat.time($0))" } ?? "") + offset
                + (poll.lastError.map { ", LAST ERROR: \($0)" } ?? ""))
            for entry in poll.notApplied ?? [] { row("Plan", "NOT APPLIED \(entry)") }
        }
        if let refusals = planRefusals, !refusals.isEmpty {
            row("Plans refused", refusals.keys.sorted().map { "\($0) \(refusals[$0]!)" }.joined(separator: ", "))
        }
        for (bridge, offset) in planClockOffsetsBeyond.sorted(by: { $0.key < $1.key }) {
            row("Clock", "\(bridge) is \(offset) s off the hub's clock (limit \(planClockOffsetLimit ?? 0) s)")
        }
    }
}
