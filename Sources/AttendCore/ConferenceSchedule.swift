/// The schedule's open and close: what the periodic schedule check does at `now` for
/// conferences planned with `--auto` (`ConferencePlan.scheduledAction` says when each one is due).
public enum ConferenceSchedule {
    /// Whether the open conference, planned as `plan`, is due to close at `now`: its last part
    /// ended and the grace period passed. A conference opened by hand or without a plan stays open.
    public static func closesOpenConference(plan: ConferencePlan?, at now: Timestamp) -> Bool {
        plan?.scheduledAction(at: now, isOpen: true) == .close
    }

    /// With none open: the first of the scheduled `plans` due to open at `now` (from an hour
    /// before its first part until its last part ends); nil when none is.
    public static func conferenceToOpen(among plans: [ConferencePlan], at now: Timestamp) -> ConferencePlan? {
        plans.first { $0.scheduledAction(at: now, isOpen: false) == .open }
    }
}

extension ConferencePlan {
    /// How long before the first part an automatic conference opens (check-in starts early).
    public static let autoOpenLeadMinutes: Int64 = 60

    /// What the schedule asks for at `now`: open from an hour before the first part until the
    /// last part ends; close once the last part ended and the grace period passed.
    public func scheduledAction(at now: Timestamp, isOpen: Bool) -> ScheduledAction? {
        guard autoSchedule, let span else { return nil }
        let grace = Int64(graceMinutes) * 60_000
        if isOpen {
            return now.milliseconds >= span.end.milliseconds + grace ? .close : nil
        }
        let opensAt = span.start.milliseconds - Self.autoOpenLeadMinutes * 60_000
        return now.milliseconds >= opensAt && now < span.end ? .open : nil
    }

    /// What the schedule asks of a conference.
    public enum ScheduledAction: Equatable, Sendable {
        case open, close
    }
}
