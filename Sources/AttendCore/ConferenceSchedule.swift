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
