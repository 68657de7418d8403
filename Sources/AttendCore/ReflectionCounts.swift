import Foundation

/// Written reflections counted by grade: one conference's (a tally's `reflections.total` and per
/// category) or a member's, a unit's, a category's year (`YearReport.Counts.reflections`). The one
/// place a reflection's grade is counted, so the tally and the year never count it two ways.
public struct ReflectionCounts: Equatable, Sendable, Codable {
    /// Asked for: invited delegates of conferences that follow reflections.
    public var invited = 0
    /// Handed in, on time or late.
    public var submitted = 0
    public var passed = 0
    public var basicallyPassed = 0
    public var notPassed = 0
    /// Handed in, not graded yet.
    public var ungraded = 0
    /// Handed in after the due date (counted in `submitted` too).
    public var late = 0
    /// Not handed in by the due date (without one: not at all).
    public var missing = 0

    public init() {}

    /// Counts one delegate asked for a reflection, with theirs (nil: none handed in); `late`
    /// when it came after the due date (then it is also missing by that date).
    public mutating func add(_ reflection: Reflection?, late: Bool) {
        invited += 1
        guard let reflection else {
            missing += 1
            return
        }
        submitted += 1
        switch reflection.grade {
        case .passed: passed += 1
        case .basicallyPassed: basicallyPassed += 1
        case .notPassed: notPassed += 1
        case nil: ungraded += 1
        }
        if late {
            self.late += 1
            missing += 1
        }
    }

    /// Adds another group's counts.
    public mutating func add(_ other: ReflectionCounts) {
        invited += other.invited
        submitted += other.submitted
        passed += other.passed
        basicallyPassed += other.basicallyPassed
        notPassed += other.notPassed
        ungraded += other.ungraded
        late += other.late
        missing += other.missing
    }
}
