/// When a change to what a conference's tally shows sends the tally to the district again, as
/// its next revision, on a bridge point that pushes: final once the conference has closed (a
/// correction), the day-before figures before that when the change shows in them.
public enum RefreezeRule {
    /// A change that can alter a conference's tally.
    public enum Change: Equatable, Sendable {
        /// DEFINE: a new or changed plan; `hasExpectedCount` when it gives the expected number.
        case plan(hasExpectedCount: Bool)
        /// An invited list imported.
        case invitedList
        /// An excuse recorded or withdrawn.
        case excuse
        /// A check-in voided.
        case void
        /// Check-ins typed from a signed paper sheet (`PAPER`).
        case paperEntry
        /// A line test run for the conference.
        case lineTest
        /// Reflections recorded or withdrawn (`REFLECT`).
        case reflection
    }

    /// Which tally is frozen.
    public enum Freeze: Equatable, Sendable {
        /// The closed conference's tally (its `final` flag set).
        case final
        /// The figures sent the day before: expected count, invited list, line test.
        case dayBefore

        public var isFinal: Bool { self == .final }
    }

    /// Whether `change` shows in the day-before figures, so it is sent before the close too.
    public static func showsBeforeClose(_ change: Change) -> Bool {
        switch change {
        case .plan(let hasExpectedCount): hasExpectedCount
        case .invitedList, .lineTest: true
        case .excuse, .void, .paperEntry, .reflection: false
        }
    }

    /// What `change` freezes for a conference closed or not; nil when nothing is sent again.
    public static func freeze(after change: Change, closed: Bool) -> Freeze? {
        if closed { return .final }
        return showsBeforeClose(change) ? .dayBefore : nil
    }

    /// Whether a line test run at `now` is for a conference planned over `span`: not over, and
    /// starting within the line test's look-back (`lookBackMilliseconds`, three days). Only
    /// conferences not yet closed are asked about (a closed one's tally is final).
    public static func lineTestConcerns(
        span: (start: Timestamp, end: Timestamp)?, at now: Timestamp, lookBackMilliseconds: Int64
    ) -> Bool {
        guard let span else { return false }
        return span.end > now && span.start.milliseconds - now.milliseconds <= lookBackMilliseconds
    }
}
