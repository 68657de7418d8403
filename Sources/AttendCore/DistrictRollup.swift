import Foundation

/// A district's view of one conference, from the newest tally of each of its bridge points.
///
/// Rules:
/// - Expected bridge points are those in the hub's keys file; those without a tally are missing.
/// - Totals per category add up the bridge points' figures; rates are recomputed from the sums
///   (one decimal, against 98% for party members and 90% for the others).
/// - Attended elsewhere: a delegate absent at one bridge point who was a walk-in at another of
///   the district counts as present (at the other point), not as absent at one and a walk-in at
///   the other. The bridge points' own tallies are left as they are.
/// - The district curve adds the bridge points' curves slot by slot, aligned on their start time.
public struct DistrictRollup: Equatable, Sendable, Codable {
    public var conference: String
    public var expected: Int
    public var reported: [BridgeFigures]
    public var missing: [String]
    public var total: Tally.Figures
    public var categories: [Tally.CategoryFigures]
    /// Delegates counted present because they came to another bridge point than their own.
    public var attendedElsewhere: [Elsewhere]
    public var curve: Tally.PresenceCurve?

    public struct BridgeFigures: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        public var revision: Int64
        public var invited: Int
        public var present: Int
        public var rate: Double?
        public var late: Int
        public var leftEarly: Int
        public var outageMinutes: Double
    }

    public struct Elsewhere: Equatable, Sendable, Codable {
        public var id: String
        public var invitedAt: String
        public var cameTo: String
    }

    public static func compute(
        conference: String, bridges: [BridgeKey], tallies: [(bridge: String, revision: Int64, tally: Tally)]
    ) -> DistrictRollup {
        let names = Dictionary(bridges.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var walkInAt: [String: String] = [:]
        for entry in tallies { for walkIn in entry.tally.walkIns { walkInAt[walkIn.id] = walkInAt[walkIn.id] ?? entry.bridge } }
        var elsewhere: [Elsewhere] = []
        var byCategory: [DelegateCategory: Tally.Figures] = [:]
        var total = Tally.Figures()
        for entry in tallies {
            for figures in entry.tally.categories {
                var sum = byCategory[figures.category] ?? Tally.Figures()
                sum.add(figures.figures)
                byCategory[figures.category] = sum
            }
            total.add(entry.tally.total)
            for absentee in entry.tally.absentees {
                guard let other = walkInAt[absentee.id], other != entry.bridge else { continue }
                elsewhere.append(Elsewhere(id: absentee.id, invitedAt: entry.bridge, cameTo: other))
                var figures = byCategory[absentee.category] ?? Tally.Figures()
                figures.moveToPresent(excused: absentee.excused)
                byCategory[absentee.category] = figures
                total.moveToPresent(excused: absentee.excused)
                total.walkIns -= 1
            }
        }
        total.finish(target: nil)
        let categories = DelegateCategory.allCases.compactMap { category -> Tally.CategoryFigures? in
            guard var figures = byCategory[category] else { return nil }
            figures.finish(target: category.target)
            return Tally.CategoryFigures(category: category, figures: figures)
        }
        total.belowTarget = categories.contains { $0.figures.belowTarget }
        let reported = tallies.map { entry in
            BridgeFigures(
                id: entry.bridge, name: names[entry.bridge] ?? entry.bridge, revision: entry.revision,
                invited: entry.tally.total.invited, present: entry.tally.total.present, rate: entry.tally.total.rate,
                late: entry.tally.lateArrivals.count, leftEarly: entry.tally.earlyLeavers.count,
                outageMinutes: entry.tally.incidents?.outageMinutes ?? 0)
        }.sorted { $0.id < $1.id }
        let reportedIDs = Set(tallies.map(\.bridge))
        return DistrictRollup(
            conference: conference, expected: bridges.count, reported: reported,
            missing: bridges.filter { !reportedIDs.contains($0.id) }.map(\.name),
            total: total, categories: categories, attendedElsewhere: elsewhere.sorted { $0.id < $1.id },
            curve: sumOfCurves(tallies.map(\.tally.curve)))
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

    /// A plain-text table for a person.
    public func textReport() -> String {
        var lines = ["District roll-up of \(conference): \(reported.count) of \(expected) bridge points reported"]
        let rate = total.rate.map { String(format: "%.1f%%", $0) } ?? "-"
        lines.append("Invited \(total.invited), present \(total.present) (\(rate)), absent excused \(total.absentExcused), unexcused \(total.absentUnexcused), walk-ins \(total.walkIns)")
        for category in categories {
            let figures = category.figures
            lines.append("  \(category.category.rawValue): \(figures.present)/\(figures.invited) = "
                + (figures.rate.map { String(format: "%.1f%%", $0) } ?? "-")
                + (figures.target.map { String(format: ", target %.0f%%", $0) } ?? "") + (figures.belowTarget ? "  BELOW TARGET" : ""))
        }
        lines.append("")
        for bridge in reported {
            lines.append("\(bridge.id)\t\(bridge.name)\trev \(bridge.revision)\t\(bridge.invited)\t\(bridge.present)\t"
                + (bridge.rate.map { String(format: "%.1f%%", $0) } ?? "-") + "\tlate \(bridge.late)\tleft early \(bridge.leftEarly)\t"
                + String(format: "%.0f min", bridge.outageMinutes))
        }
        for name in missing { lines.append("MISSING\t\(name)") }
        for person in attendedElsewhere { lines.append("ELSEWHERE\t\(person.id)\tinvited at \(person.invitedAt), came to \(person.cameTo)") }
        return lines.joined(separator: "\n") + "\n"
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
