/// The open conference's figures as check-ins arrive, for the status file: check-ins and
/// check-outs, invited delegates who arrived (per category), walk-ins.
///
/// Kept as check-ins arrive, so the status after each commit costs a few additions, not a walk
/// over the whole invited list.
public struct LiveFigures: Equatable, Sendable {
    /// The invited list, by delegate id.
    public private(set) var invited: [String: Delegate] = [:]
    /// Invited delegates who checked in at least once.
    public private(set) var arrived: Set<String> = []
    /// Delegates not invited who checked in.
    public private(set) var walkIns: Set<String> = []
    /// In the hall now: checked in and not checked out since. After a restart, everyone who
    /// checked in counts until their next check-out (the store keeps counts, not the order).
    public private(set) var inside: Set<String> = []
    public var checkins = 0
    public var checkouts = 0
    public private(set) var invitedByCategory: [DelegateCategory: Int] = [:]
    public private(set) var arrivedByCategory: [DelegateCategory: Int] = [:]

    /// Figures for an invited list (the first of two rows with one id is kept) and the counts
    /// stored so far; arrivals are added with `noteArrival`.
    public init(invited: [Delegate] = [], checkins: Int = 0, checkouts: Int = 0) {
        self.invited = Dictionary(invited.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        invitedByCategory = self.invited.values.reduce(into: [:]) { $0[$1.category, default: 0] += 1 }
        self.checkins = checkins
        self.checkouts = checkouts
    }

    /// A delegate checked in: arrived (counted in their category) or a walk-in.
    public mutating func noteArrival(_ delegate: String) {
        inside.insert(delegate)
        guard let invitee = invited[delegate] else {
            walkIns.insert(delegate)
            return
        }
        if arrived.insert(delegate).inserted { arrivedByCategory[invitee.category, default: 0] += 1 }
    }

    /// A check-in or check-out was stored: counted, and a check-in's delegate noted as arrived.
    public mutating func noteStored(_ direction: Direction, delegate: String) {
        if direction == .checkIn {
            checkins += 1
            noteArrival(delegate)
        } else {
            checkouts += 1
            inside.remove(delegate)
        }
    }

    /// The status file's view of the open conference: the counts, and per category with an
    /// invited delegate the rate of arrival against the category's target.
    public func status(conference id: String, title: String, openedAt: Timestamp) -> StatusSnapshot.ConferenceStatus {
        var status = StatusSnapshot.ConferenceStatus(
            id: id, title: title, openedAt: openedAt.vietnam, checkins: checkins, checkouts: checkouts)
        status.invited = invited.count
        status.arrived = arrived.count
        status.walkIns = walkIns.count
        status.present = inside.count
        status.categories = DelegateCategory.allCases.compactMap { category in
            guard let invited = invitedByCategory[category] else { return nil }
            var figures = Tally.Figures(belowTarget: false)
            figures.invited = invited
            figures.present = arrivedByCategory[category] ?? 0
            figures.finish(target: category.target)
            return .init(
                category: category.rawValue, invited: invited, arrived: figures.present, rate: figures.rate,
                target: figures.target, belowTarget: figures.belowTarget)
        }
        return status
    }
}
