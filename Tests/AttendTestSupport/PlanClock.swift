import AttendCore

/// Plan parts and paper-sheet times taken from a daemon's clock, so an end-to-end test holds
/// whatever the time of day, across midnight Vietnam time too (CI runs the suite with every
/// daemon's clock starting at 23:58): a fixed part such as `00:00-23:59` has ended at 23:59:40
/// and `--at 00:05` is still ahead at 00:00:20.
///
/// A part is written with the date it starts on (`Cả ngày 2026-11-23 23:10-01:10`), so it may run
/// past midnight; `ConferencePlan.parseParts` reads an end before its start as the next day's.
public enum PlanClock {
    static let minuteMilliseconds: Int64 = 60_000

    /// The start of the minute `instant` falls in, moved by `minutes` whole minutes.
    public static func minute(of instant: Timestamp, plus minutes: Int = 0) -> Timestamp {
        let floored = instant.milliseconds - ((instant.milliseconds % minuteMilliseconds) + minuteMilliseconds) % minuteMilliseconds
        return Timestamp(milliseconds: floored + Int64(minutes) * minuteMilliseconds)
    }

    /// `YYYY-MM-DD` of `instant` in Vietnam.
    public static func day(_ instant: Timestamp) -> String { String(instant.vietnam.prefix(10)) }

    /// `HH:MM` of `instant` in Vietnam, as a paper sheet or `--at` gives it.
    public static func clockTime(_ instant: Timestamp) -> String { String(instant.vietnam.dropFirst(11).prefix(5)) }

    /// A part as `--parts` takes it: from `from` to `to` minutes after the minute `now` falls in
    /// (`from` < `to`, less than a day apart), named `name` when given.
    public static func part(_ name: String? = nil, at now: Timestamp, from: Int, to: Int) -> String {
        precondition(from < to && to - from < 24 * 60, "a part of \(from)...\(to) minutes does not fit in one day")
        let start = minute(of: now, plus: from)
        let end = minute(of: now, plus: to)
        let range = "\(day(start)) \(clockTime(start))-\(clockTime(end))"
        return name.map { "\($0) \(range)" } ?? range
    }
}

extension DaemonHarness {
    /// A part under way on this daemon's clock: it began `minutesAgo` minutes before the current
    /// minute and ends `minutesLeft` minutes after it, so a scan now falls in it (late by
    /// `minutesAgo` minutes or more) and no test runs past its end.
    public func partUnderWay(_ name: String? = nil, minutesAgo: Int = 60, minutesLeft: Int = 120) -> String {
        PlanClock.part(name, at: now(), from: -minutesAgo, to: minutesLeft)
    }

    /// A part that ended on this daemon's clock: from `minutesAgo` minutes before the current
    /// minute to `endedMinutesAgo` minutes before it.
    public func partEnded(_ name: String? = nil, minutesAgo: Int = 3, endedMinutesAgo: Int = 2) -> String {
        PlanClock.part(name, at: now(), from: -minutesAgo, to: -endedMinutesAgo)
    }
}
