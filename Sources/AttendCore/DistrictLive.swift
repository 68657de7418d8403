/// The district's live view of one open conference, from its halls' newest summaries
/// (`LiveBoard`) at the hub's `now`: per hall present now / invited / rate, the categories below
/// target, the incidents open, whether it is silent and when it was last heard; the district's
/// totals and its curve so far. What `attendctl district CONF` shows under "Trực tiếp" and the
/// JSON's `live`; the reports area takes it as a value from `compute`.
///
/// A silent hall keeps its last figures in the totals (the best the district knows), and is
/// named among the silent ones with the time it was last heard.
public struct DistrictLive: Equatable, Sendable, Codable {
    /// Points of the district curve, at most (as a hall's).
    public static let curvePoints = LiveSummary.maxCurvePoints

    public struct Hall: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        public var present: Int
        public var arrived: Int
        public var invited: Int
        public var rate: Double?
        public var belowTarget: [String]
        public var incidents: [LiveSummary.OpenIncident]
        public var silent: Bool
        /// When the hub got its newest summary (Vietnam time).
        public var lastHeard: String
        public var intervalSeconds: Int
    }

    /// The hub's clock when the view was made.
    public var at: String
    public var halls: [Hall]
    public var present: Int
    public var arrived: Int
    public var invited: Int
    public var rate: Double?
    /// Per category, the halls' figures added up, the rate recomputed against its target.
    public var categories: [StatusSnapshot.ConferenceStatus.LiveCategory]
    /// Names of the silent halls.
    public var silent: [String]
    /// Halls with an incident open.
    public var incidentHalls: Int
    public var walkIns: Int
    /// Present in the whole district over time: each hall's newest point at or before each time.
    public var curve: [LiveSummary.Point]

    /// The view of `conference`; nil when no hall sent a summary of it. Halls are named from
    /// `bridges` (the keys file), in its order.
    public static func compute(conference: String, board: LiveBoard, bridges: [BridgeKey], at now: Timestamp) -> DistrictLive? {
        let entries = board.summaries(of: conference)
        guard !entries.isEmpty else { return nil }
        let order = Dictionary(bridges.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let names = Dictionary(bridges.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let ids = entries.keys.sorted { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) }
        var halls: [Hall] = []
        var invitedBy: [String: Int] = [:], arrivedBy: [String: Int] = [:]
        for id in ids {
            let entry = entries[id]!
            let summary = entry.summary
            halls.append(Hall(
                id: id, name: names[id] ?? id, present: summary.present, arrived: summary.arrived, invited: summary.invited,
                rate: summary.rate, belowTarget: summary.belowTarget, incidents: summary.incidents,
                silent: LiveSilenceRule.isSilent(heardAt: entry.heardAt, intervalSeconds: summary.intervalSeconds, at: now),
                lastHeard: entry.heardAt.vietnam, intervalSeconds: summary.intervalSeconds))
            for category in summary.categories {
                invitedBy[category.category, default: 0] += category.invited
                arrivedBy[category.category, default: 0] += category.arrived
            }
        }
        let invited = halls.reduce(0) { $0 + $1.invited }
        let arrived = halls.reduce(0) { $0 + $1.arrived }
        let categories: [StatusSnapshot.ConferenceStatus.LiveCategory] = DelegateCategory.allCases.compactMap { category in
            guard let invited = invitedBy[category.rawValue] else { return nil }
            var figures = Tally.Figures(belowTarget: false)
            figures.invited = invited
            figures.present = arrivedBy[category.rawValue] ?? 0
            figures.finish(target: category.target)
            return .init(category: category.rawValue, invited: invited, arrived: figures.present, rate: figures.rate,
                         target: figures.target, belowTarget: figures.belowTarget)
        }
        return DistrictLive(
            at: now.vietnam, halls: halls, present: halls.reduce(0) { $0 + $1.present }, arrived: arrived, invited: invited,
            rate: invited > 0 ? (Double(arrived) * 1000 / Double(invited)).rounded() / 10 : nil, categories: categories,
            silent: halls.filter(\.silent).map(\.name), incidentHalls: halls.filter { !$0.incidents.isEmpty }.count,
            walkIns: ids.reduce(0) { $0 + entries[$1]!.summary.walkIns },
            curve: districtCurve(ids.map { entries[$0]!.summary.curve }))
    }

    /// The halls' curves added up at up to `curvePoints` times, evenly from the earliest point to
    /// the newest (a hall's newest point counts on until a newer one: a silent hall's last figure).
    static func districtCurve(_ curves: [[LiveSummary.Point]]) -> [LiveSummary.Point] {
        // In time order: a hall whose clock was set back sends its points out of order, and the
        // walk below (and the first and last) needs them sorted.
        let parsed = curves.map { curve in
            curve.compactMap { point in Timestamp(rfc3339: point.at).map { ($0.milliseconds, point.present) } }.sorted { $0.0 < $1.0 }
        }
        guard let first = parsed.compactMap(\.first?.0).min() else { return [] }
        let last = max(first, parsed.compactMap(\.last?.0).max() ?? first)
        let steps = last == first ? 1 : curvePoints
        var points: [LiveSummary.Point] = []
        var cursors = [Int](repeating: -1, count: parsed.count)
        for step in 0..<steps {
            let time = steps == 1 ? last : first + (last - first) * Int64(step) / Int64(steps - 1)
            var sum = 0
            for (index, curve) in parsed.enumerated() {
                while cursors[index] + 1 < curve.count && curve[cursors[index] + 1].0 <= time { cursors[index] += 1 }
                if cursors[index] >= 0 { sum += curve[cursors[index]].1 }
            }
            points.append(.init(at: Timestamp(milliseconds: time).vietnam, present: sum))
        }
        return points
    }

    /// The district's total as one summary, for a hub that pushes upward (`[push]` to a
    /// province): the province sees the district as one hall. Incidents: the first
    /// `LiveSummary.maxIncidents` of the halls'.
    public func summary(bridge: String, conference: String, title: String, at now: Timestamp, intervalSeconds: Int) -> LiveSummary {
        LiveSummary(
            bridge: bridge, conference: conference, title: title, at: now, intervalSeconds: intervalSeconds, invited: invited,
            arrived: arrived, present: present, walkIns: walkIns, categories: categories, curve: curve,
            incidents: Array(halls.flatMap(\.incidents).prefix(LiveSummary.maxIncidents)))
    }
}
