/// What a bridge point does with a plan revision from its district hub. Pure: the writer
/// gives it the hall's state of that conference and carries the decision out in one
/// transaction.
///
/// The rules, as a hall meets them:
/// - A plan meant for another bridge point is refused (never applied nor confirmed); so is a
///   revision not newer than the one the hall holds (a replay, or an old answer).
/// - A conference the hall defined by hand with the same id is adopted (it becomes the
///   district's) if it was never opened; once opened, the plan is refused and the refusal
///   confirmed, so both ends show it. The hall can rename its own conference.
/// - A revision that arrives after the hall closed the district's conference is kept as
///   received, not applied, and confirmed so: the tally already frozen stays what it was.
/// - Otherwise it is applied: title, date, parts, grace, schedule and the hall's rows replace
///   what the hall had; what the hall added stays (walk-ins, excuses, paper entries,
///   incidents), and a delegate removed after checking in stays as a walk-in. A withdrawn plan
///   (conference cancelled, or the hall taken out of it) stops opening by itself.
/// - The list of a district conference is the district's: a local `invite import` is refused.
public enum PlanAdoptionRule {
    /// The hall's state of the plan's conference.
    public struct Hall: Equatable, Sendable {
        /// The newest revision received from the district, nil when none was.
        public var heldRevision: Int64?
        /// The conference is the district's here (a revision was applied).
        public var adopted: Bool
        /// A conference with that id exists here.
        public var exists: Bool
        public var everOpened: Bool
        public var closed: Bool

        public init(heldRevision: Int64? = nil, adopted: Bool = false, exists: Bool = false, everOpened: Bool = false, closed: Bool = false) {
            self.heldRevision = heldRevision
            self.adopted = adopted
            self.exists = exists
            self.everOpened = everOpened
            self.closed = closed
        }
    }

    public enum Decision: Equatable, Sendable {
        /// Apply it (adopting a hand-defined conference if there is one), then confirm `applied`.
        case apply
        /// Keep the revision as received without applying it; confirm `received` with the reason.
        case receive(String)
        /// Do not apply it; confirm `refused` with the reason.
        case refuse(String)
        /// Neither apply nor confirm: it is not for this hall or not newer; counted.
        case ignore(PlanRequestCheck.Refusal, String)
    }

    public static func decide(_ plan: DistrictPlan, bridge: String, hall: Hall) -> Decision {
        guard plan.bridge == bridge else {
            return .ignore(.misaddressed, "plan \(plan.conference) rev \(plan.revision) is meant for \(plan.bridge), not \(bridge)")
        }
        if let held = hall.heldRevision, plan.revision <= held {
            return .ignore(.older, "plan \(plan.conference) rev \(plan.revision) is not newer than rev \(held), held here")
        }
        if hall.exists && !hall.adopted && hall.everOpened {
            return .refuse("conference \(plan.conference) was defined here by hand and already opened")
        }
        if hall.adopted && hall.closed {
            return .receive("conference \(plan.conference) was closed here: its tally stays as frozen")
        }
        return .apply
    }

    /// The refusal of a local `invite import` into a district conference, or nil.
    public static func localInviteRefusal(conference: String, adopted: Bool) -> ProtocolError? {
        guard adopted else { return nil }
        return ProtocolError(.invalid, "conference \(conference) is the district's: its list comes from the district's plan, not a local import")
    }
}
