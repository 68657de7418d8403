import Foundation

/// A district's view of one conference, from the newest tally of each of its bridge points.
///
/// Rules:
/// - Expected bridge points are those in the hub's keys file. One whose newest tally is final
///   (sent when its conference closed) has reported; one that sent only its day-before
///   figures has announced; every bridge point without a final tally is missing.
/// - The expected delegates add up every bridge point's confirmed count, announced or
///   reported, so a district can give its expected total before the conference starts.
/// - Totals per category add up the reported bridge points' figures; rates are recomputed
///   from the sums (one decimal, against 98% for party members and 90% for the others).
/// - Attended elsewhere: a delegate absent at one bridge point who was a walk-in at another of
///   the district counts as present (at the other point), not as absent at one and a walk-in at
///   the other. The bridge points' own tallies are left as they are.
/// - The district curve adds the bridge points' curves slot by slot, aligned on their start time.
public struct DistrictRollup: Equatable, Sendable, Codable {
    public var conference: String
    /// Bridge points the hub knows (its keys file).
    public var expected: Int
    /// The sum of the bridge points' confirmed counts; nil when none gave one.
    public var expectedDelegates: Int?
    /// Bridge points with a final tally, by id.
    public var reported: [BridgeFigures]
    /// Bridge points that sent only their day-before figures, by id.
    public var announced: [BridgeFigures]
    /// Names of the bridge points without a final tally.
    public var missing: [String]
    public var total: Tally.Figures
    public var categories: [Tally.CategoryFigures]
    /// Delegates counted present because they came to another bridge point than their own.
    public var attendedElsewhere: [Elsewhere]
    public var curve: Tally.PresenceCurve?
    /// The day-before board, for a conference this hub published (nil otherwise, and absent
    /// from the JSON): per bridge point the revision applied and when, its list, the planned
    /// and confirmed counts, its newest line test and its clock offset.
    public var plan: PlanBoard? = nil
    /// The live view while the conference is open at its halls (`DistrictLive`); nil, and
    /// absent from the JSON, when no hall sent a summary of it since the hub started.
    public var live: DistrictLive? = nil
    /// The reported bridge points' written reflections added up (`DistrictReflections`); nil,
    /// and absent from the JSON, when none of their tallies carries any.
    public var reflections: DistrictReflections? = nil

    public struct BridgeFigures: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        /// The wire revision, for machines (the CSV).
        public var revision: Int64
        /// The report's number as the bridge point gave it (`Tally.report`), for people.
        public var report: Int?
        public var expected: Int?
        public var invited: Int
        public var present: Int
        public var rate: Double?
        public var late: Int
        public var leftEarly: Int
        public var outageMinutes: Double
        public var lineTests: [TallySummary.LineTestVerdict]

        /// Passed when every target's newest line test passed; nil when none was run.
        public var lineTestPassed: Bool? { lineTests.isEmpty ? nil : lineTests.allSatisfy(\.passed) }
    }

    public struct Elsewhere: Equatable, Sendable, Codable {
        public var id: String
        public var invitedAt: String
        public var cameTo: String
    }

    /// The roll-up from whole tallies (decoded for the occasion).
    public static func compute(
        conference: String, bridges: [BridgeKey], tallies: [(bridge: String, revision: Int64, tally: Tally)]
    ) -> DistrictRollup {
        compute(conference: conference, bridges: bridges, summaries: tallies.map { ($0.bridge, $0.revision, TallySummary($0.tally)) })
    }

    /// The roll-up from the summaries a hub stores beside each tally it receives.
    public static func compute(
        conference: String, bridges: [BridgeKey], summaries: [(bridge: String, revision: Int64, summary: TallySummary)]
    ) -> DistrictRollup {
        let names = Dictionary(bridges.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let finals = summaries.filter(\.summary.final)
        var walkInAt: [String: String] = [:]
        for entry in finals { for walkIn in entry.summary.walkIns { walkInAt[walkIn.id] = walkInAt[walkIn.id] ?? entry.bridge } }
        var elsewhere: [Elsewhere] = []
        var byCategory: [DelegateCategory: Tally.Figures] = [:]
        var total = Tally.Figures()
        for entry in finals {
            for figures in entry.summary.categories {
                var sum = byCategory[figures.category] ?? Tally.Figures()
                sum.add(figures.figures)
                byCategory[figures.category] = sum
            }
            total.add(entry.summary.total)
            for absentee in entry.summary.absentees {
                guard let other = walkInAt[absentee.id], other != entry.bridge else { continue }
                elsewhere.append(Elsewhere(id: absentee.id, invitedAt: entry.bridge, cameTo: other))
                var figures = byCategory[absentee.category] ?? Tally.Figures()
                figures.moveToPresent(excused: absentee.excused)
                byCategory[absentee.category] = figures
                total.moveToPresent(excused: absentee.excused)
                total.walkIns -= 1
            }
        }
        let categories = Tally.Figures.finish(byCategory, total: &total)
        let figures = summaries.map { entry in
            BridgeFigures(
                id: entry.bridge, name: names[entry.bridge] ?? entry.bridge, revision: entry.revision,
                report: entry.summary.report, expected: entry.summary.expected, invited: entry.summary.total.invited,
                present: entry.summary.final ? entry.summary.total.present : 0,
                rate: entry.summary.final ? entry.summary.total.rate : nil,
                late: entry.summary.late, leftEarly: entry.summary.leftEarly, outageMinutes: entry.summary.outageMinutes,
                lineTests: entry.summary.lineTests)
        }.sorted { $0.id < $1.id }
        let finalIDs = Set(finals.map(\.bridge))
        let expectedCounts = summaries.compactMap(\.summary.expected)
        var rollup = DistrictRollup(
            conference: conference, expected: bridges.count,
            expectedDelegates: expectedCounts.isEmpty ? nil : expectedCounts.reduce(0, +),
            reported: figures.filter { finalIDs.contains($0.id) }, announced: figures.filter { !finalIDs.contains($0.id) },
            missing: bridges.filter { !finalIDs.contains($0.id) }.map(\.name),
            total: total, categories: categories, attendedElsewhere: elsewhere.sorted { $0.id < $1.id },
            curve: sumOfCurves(finals.map(\.summary.curve)))
        rollup.reflections = DistrictReflections.compute(
            finals.sorted { $0.bridge < $1.bridge }.map { (names[$0.bridge] ?? $0.bridge, $0.summary.reflections) })
        return rollup
    }

    /// Adds curves slot by slot, each placed by its start time on the earliest one's slots.
    static func sumOfCurves(_ curves: [Tally.PresenceCurve]) -> Tally.PresenceCurve? {
        let placed = curves.compactMap { curve in Timestamp(rfc3339: curve.start).map { (curve, $0) } }
        guard let origin = placed.map(\.1).min(), let slotMinutes = placed.first?.0.slotMinutes else { return nil }
        let slot = Int64(slotMinutes) * 60_000
        var counts: [Int] = []
        for (curve, start) in placed where curve.slotMinutes == slotMinutes {
            let offset = Int((start.milliseconds - origin.milliseconds) / slot)
            if counts.count < offset + curve.counts.count { counts += Array(repeating: 0, count: offset + curve.counts.count - counts.count) }
            for (index, count) in curve.counts.enumerated() { counts[offset + index] += count }
        }
        return Tally.PresenceCurve(slotMinutes: slotMinutes, start: origin.vietnam, counts: counts)
    }
}

extension Tally.Figures {
    /// Adds another set of counts (rates are recomputed by `finish`).
    mutating func add(_ other: Tally.Figures) {
        invited += other.invited
        present += other.present
        absentExcused += other.absentExcused
        absentUnexcused += other.absentUnexcused
        walkIns += other.walkIns
    }

    /// One absentee turns out to have come, to another bridge point.
    mutating func moveToPresent(excused: Bool) {
        present += 1
        if excused { absentExcused -= 1 } else { absentUnexcused -= 1 }
    }
}
