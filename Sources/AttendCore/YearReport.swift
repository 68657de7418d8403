import Foundation

/// Each member's year for the evaluation (`attendctl year`): per delegate, per unit (chi bộ) and
/// per category, across the conferences held in a span of days, with the written reflections.
///
/// On a bridge point a delegate is keyed by their id (the hall's own). Units are compared after
/// folding case, spacing and NFC (not diacritics: `Chi bộ 1` and `Chi bo 1` stay apart, as a
/// person may mean two units), and a unit written more than one way lists its spellings.
public struct YearReport: Equatable, Sendable, Codable {
    public var from: String
    public var to: String
    /// The conferences counted, oldest first.
    public var conferences: [ConferenceInfo]
    /// Sorted by unit (as first named), then name, the official order.
    public var delegates: [DelegateYear]
    public var units: [UnitYear]
    public var categories: [CategoryYear]
    public var total: Counts
    /// The members needing attention by `AttentionRules` (`[year]` keys).
    public var attention: [Attention] = []
    /// On a hub: the halls' tallies left out because they carry no present ids (older attendd).
    public var partial: [PartialHall] = []
    /// On a hub: the halls counted whose tally carries reflection figures but not each
    /// delegate's (older attendd); their delegates' reflections are not counted.
    public var partialReflections: [PartialHall] = []

    public struct ConferenceInfo: Equatable, Sendable, Codable {
        public var id: String
        public var title: String
        public var date: String

        public init(id: String, title: String, date: String) {
            self.id = id
            self.title = title
            self.date = date
        }
    }

    /// What one conference contributes: its invited list, who was absent (and whether excused),
    /// who came late or left early, and the reflections recorded when it follows them.
    public struct ConferenceInput: Sendable {
        public var info: ConferenceInfo
        public var invited: [Delegate]
        public var absent: [String: Bool]
        public var late: Set<String>
        public var leftEarly: Set<String>
        /// nil when the conference does not follow reflections (no due date, none recorded).
        public var reflections: [String: Reflection]?
        /// Invited delegates whose reflection cannot be known (on a hub: their hall's tally
        /// carries no `handed_in`): neither asked for nor missing, never "not submitted".
        public var reflectionsUnknown: Set<String> = []

        /// The input of a conference from its tally, its list and its reflections.
        public init(tally: Tally, invited: [Delegate], reflections: [Reflection]) {
            info = ConferenceInfo(id: tally.conference.id, title: tally.conference.title, date: tally.conference.date)
            self.invited = invited
            absent = Dictionary(tally.absentees.map { ($0.id, $0.excused) }, uniquingKeysWith: { a, _ in a })
            late = Set(tally.lateArrivals.map(\.id))
            leftEarly = Set(tally.earlyLeavers.map(\.id))
            self.reflections = tally.reflections == nil
                ? nil : Dictionary(reflections.map { ($0.delegate, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Totals of a delegate, a unit, a category or everyone.
    public struct Counts: Equatable, Sendable, Codable {
        public var invited = 0
        public var present = 0
        /// Of those present: came late to or left early from some part.
        public var late = 0
        public var leftEarly = 0
        public var absentExcused = 0
        public var absentUnexcused = 0
        /// Present / invited in percent, to one decimal; nil with no invitation.
        public var rate: Double?
        /// The target in percent (98 party members, 90 others; a unit's is its invitations' mix).
        public var target: Double?
        public var belowTarget = false
        /// Reflections asked for (`invited`: conferences that follow them), handed in, their
        /// grades, and those not handed in (`missing`), counted as a tally counts them.
        public var reflections = ReflectionCounts()

        public init() {}

        /// Reflections asked for.
        public var reflectionsDue: Int { reflections.invited }
        public var reflectionsSubmitted: Int { reflections.submitted }
        public var passed: Int { reflections.passed }
        public var basicallyPassed: Int { reflections.basicallyPassed }
        public var notPassed: Int { reflections.notPassed }

        mutating func add(_ other: Counts) {
            invited += other.invited
            present += other.present
            late += other.late
            leftEarly += other.leftEarly
            absentExcused += other.absentExcused
            absentUnexcused += other.absentUnexcused
            reflections.add(other.reflections)
        }

        /// Sets the rate, and the target given as the sum of each invitation's target fraction.
        mutating func finish(targetSum: Double) {
            var figures = Tally.Figures()
            figures.invited = invited
            figures.present = present
            figures.finish(target: invited == 0 || targetSum == 0 ? nil : targetSum / Double(invited))
            rate = figures.rate
            target = figures.target.map { ($0 * 10).rounded() / 10 }
            belowTarget = figures.belowTarget
        }
    }

    public struct DelegateYear: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        public var unit: String
        public var category: DelegateCategory
        public var counts: Counts
    }

    public struct UnitYear: Equatable, Sendable, Codable {
        /// The spelling most used (the first met among equals).
        public var unit: String
        /// Every spelling met, when there is more than one; empty otherwise.
        public var spellings: [String]
        public var counts: Counts
    }

    public struct CategoryYear: Equatable, Sendable, Codable {
        public var category: DelegateCategory
        public var counts: Counts
    }

    /// The key two spellings of one unit share: NFC, lower case, inner whitespace as one space.
    public static func unitKey(_ unit: String) -> String {
        NameFolding.collapsingWhitespace(unit.precomposedStringWithCanonicalMapping).lowercased()
    }

    /// The year of `conferences` (dated `from` to `to`, inclusive), keeping only delegates of
    /// `unit` (compared by `unitKey`) and of `category` when given.
    public static func compute(
        conferences all: [ConferenceInput], from: String, to: String, unit: String? = nil, category: DelegateCategory? = nil,
        rules: AttentionRules = AttentionRules()
    ) -> YearReport {
        let conferences = all.filter { $0.info.date >= from && $0.info.date <= to }
            .sorted { ($0.info.date, $0.info.id) < ($1.info.date, $1.info.id) }
        // Each delegate at a position: one hash per invitation (510,000 on a hub's year), rows
        // changed in place.
        var position: [String: Int] = [:]
        var rows: [DelegateYear] = []
        var weights: [Double] = []
        var trailList: [Trail] = []
        for conference in conferences {
            for delegate in conference.invited {
                let at: Int
                if let known = position[delegate.id] {
                    at = known
                } else {
                    at = rows.count
                    position[delegate.id] = at
                    rows.append(DelegateYear(id: delegate.id, name: delegate.fullName, unit: delegate.unit, category: delegate.category, counts: Counts()))
                    weights.append(0)
                    trailList.append(Trail())
                }
                var counts = Counts()
                counts.invited = 1
                if let excused = conference.absent[delegate.id] {
                    if excused { counts.absentExcused = 1 } else { counts.absentUnexcused = 1 }
                    trailList[at].absent.append(conference.info.id)
                    if !excused { trailList[at].unexcused.append(conference.info.id) }
                } else {
                    counts.present = 1
                    if conference.late.contains(delegate.id) { counts.late = 1 }
                    if conference.leftEarly.contains(delegate.id) { counts.leftEarly = 1 }
                }
                if let reflections = conference.reflections, !conference.reflectionsUnknown.contains(delegate.id) {
                    let reflection = reflections[delegate.id]
                    counts.reflections.add(reflection, late: false)
                    // Handed in, not graded yet: not "missing" for the attention rule.
                    if reflection == nil || reflection?.grade != nil {
                        trailList[at].reflections.append((conference.info.id, reflection?.grade))
                    }
                }
                // The newest conference's name, unit and category stand for the delegate.
                rows[at].name = delegate.fullName
                rows[at].unit = delegate.unit
                rows[at].category = delegate.category
                rows[at].counts.add(counts)
                weights[at] += delegate.category.target ?? 0
            }
        }
        let targetSums = Dictionary(uniqueKeysWithValues: zip(rows.map(\.id), weights))
        let trails = Dictionary(uniqueKeysWithValues: zip(rows.map(\.id), trailList))
        var delegates = rows.filter { row in
            (unit.map { unitKey(row.unit) == unitKey($0) } ?? true) && (category.map { row.category == $0 } ?? true)
        }
        for index in delegates.indices { delegates[index].counts.finish(targetSum: targetSums[delegates[index].id] ?? 0) }

        // Units: by key, the most used spelling shown, every spelling listed when they differ.
        var unitOrder: [String] = []
        var unitCounts: [String: Counts] = [:]
        var unitTargets: [String: Double] = [:]
        var spellingUses: [String: [String: Int]] = [:]
        var spellingOrder: [String: [String]] = [:]
        var categoryCounts: [DelegateCategory: Counts] = [:]
        var categoryTargets: [DelegateCategory: Double] = [:]
        var total = Counts()
        var totalTarget = 0.0
        for row in delegates {
            let key = unitKey(row.unit)
            if unitCounts[key] == nil { unitOrder.append(key) }
            unitCounts[key, default: Counts()].add(row.counts)
            let weight = (targetSums[row.id] ?? 0)
            unitTargets[key, default: 0] += weight
            if spellingUses[key]?[row.unit] == nil { spellingOrder[key, default: []].append(row.unit) }
            spellingUses[key, default: [:]][row.unit, default: 0] += row.counts.invited
            categoryCounts[row.category, default: Counts()].add(row.counts)
            categoryTargets[row.category, default: 0] += weight
            total.add(row.counts)
            totalTarget += weight
        }
        let units = unitOrder.map { key -> UnitYear in
            let spellings = spellingOrder[key] ?? []
            let uses = spellingUses[key] ?? [:]
            let shown = spellings.max { (uses[$0] ?? 0) < (uses[$1] ?? 0) || ((uses[$0] ?? 0) == (uses[$1] ?? 0) && spellings.firstIndex(of: $0)! > spellings.firstIndex(of: $1)!) } ?? ""
            var counts = unitCounts[key]!
            counts.finish(targetSum: unitTargets[key] ?? 0)
            return UnitYear(unit: shown, spellings: spellings.count > 1 ? spellings : [], counts: counts)
        }
        let categories = DelegateCategory.allCases.compactMap { category -> CategoryYear? in
            guard var counts = categoryCounts[category] else { return nil }
            counts.finish(targetSum: categoryTargets[category] ?? 0)
            return CategoryYear(category: category, counts: counts)
        }
        total.finish(targetSum: totalTarget)
        var unitRank: [String: Int] = [:]
        for row in delegates { unitRank[row.unit] = unitOrder.firstIndex(of: unitKey(row.unit)) ?? Int.max }
        let sorted = VietnameseOrder.sorted(delegates, name: \.name, id: \.id, unit: \.unit, unitOrder: unitRank)
        return YearReport(
            from: from, to: to, conferences: conferences.map(\.info), delegates: sorted, units: units, categories: categories, total: total,
            attention: attention(sorted, trails: trails, rules: rules))
    }
}
