import Foundation

/// The year's JSON keys written in snake case by the types themselves, so `jsonData` needs no
/// key conversion (`JSONEncoder.keyEncodingStrategy = .convertToSnakeCase` converted every key
/// of every delegate: half of the encoding of a district's year). Only the types with a key of
/// more than one word need this; decoding stays synthesized (camel case, or snake case through
/// `.convertFromSnakeCase`, as before).
extension YearReport {
    private enum JSONKeys: String, CodingKey {
        case from, to, conferences, delegates, units, categories, total, attention, partial
        case partialReflections = "partial_reflections"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(conferences, forKey: .conferences)
        try container.encode(delegates, forKey: .delegates)
        try container.encode(units, forKey: .units)
        try container.encode(categories, forKey: .categories)
        try container.encode(total, forKey: .total)
        try container.encode(attention, forKey: .attention)
        try container.encode(partial, forKey: .partial)
        try container.encode(partialReflections, forKey: .partialReflections)
    }
}

extension YearReport.Counts {
    private enum JSONKeys: String, CodingKey {
        case invited, present, late, rate, target, reflections
        case leftEarly = "left_early", absentExcused = "absent_excused", absentUnexcused = "absent_unexcused"
        case belowTarget = "below_target"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        try container.encode(invited, forKey: .invited)
        try container.encode(present, forKey: .present)
        try container.encode(late, forKey: .late)
        try container.encode(leftEarly, forKey: .leftEarly)
        try container.encode(absentExcused, forKey: .absentExcused)
        try container.encode(absentUnexcused, forKey: .absentUnexcused)
        try container.encodeIfPresent(rate, forKey: .rate)
        try container.encodeIfPresent(target, forKey: .target)
        try container.encode(belowTarget, forKey: .belowTarget)
        try container.encode(YearReflectionCounts(counts: reflections), forKey: .reflections)
    }
}

/// A year's reflection counts with snake-case keys. `ReflectionCounts` itself keeps its
/// synthesized coding: a hub stores it inside tally summaries coded without any key strategy.
private struct YearReflectionCounts: Encodable {
    var counts: ReflectionCounts

    private enum JSONKeys: String, CodingKey {
        case invited, submitted, passed, ungraded, late, missing
        case basicallyPassed = "basically_passed", notPassed = "not_passed"
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: JSONKeys.self)
        try container.encode(counts.invited, forKey: .invited)
        try container.encode(counts.submitted, forKey: .submitted)
        try container.encode(counts.passed, forKey: .passed)
        try container.encode(counts.basicallyPassed, forKey: .basicallyPassed)
        try container.encode(counts.notPassed, forKey: .notPassed)
        try container.encode(counts.ungraded, forKey: .ungraded)
        try container.encode(counts.late, forKey: .late)
        try container.encode(counts.missing, forKey: .missing)
    }
}
