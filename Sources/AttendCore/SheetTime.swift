/// The time of a paper-sheet entry typed as `HH:MM` (`attendctl checkin ID --at 23:40`).
///
/// A sheet time belongs to the conference's day (its date in Asia/Ho_Chi_Minh), not to the day it
/// is typed: the evening's sheet entered after midnight is the evening's. A conference running
/// past midnight has sheet times on the next day too, so of the conference day's `HH:MM` and the
/// next day's, the latest that is not in the future is taken. Pure: `now` is given.
public enum SheetTime {
    /// How far ahead of `now` a time still counts as now (the daemon allows a minute too).
    static let slackMilliseconds: Int64 = 60_000
    static let dayMilliseconds: Int64 = 86_400_000

    /// `hhmm` on `conferenceDay` (`YYYY-MM-DD`) or the day after, the latest not after `now`;
    /// the conference day's when both are ahead (the daemon then names it as in the future).
    /// Without a conference day, yesterday's or today's (Vietnam time) likewise: a sheet time is
    /// never in the future. Nil when `hhmm` or the day is not readable.
    public static func resolve(_ hhmm: String, conferenceDay: String?, now: Timestamp) -> Timestamp? {
        let day = conferenceDay ?? String(now.vietnam.prefix(10))
        guard var first = ConferencePlan.localTime(day, hhmm) else { return nil }
        // Vietnam keeps no daylight saving time: a day is always 24 hours.
        if conferenceDay == nil { first.milliseconds -= dayMilliseconds }
        var next = first
        next.milliseconds += dayMilliseconds
        if next.milliseconds <= now.milliseconds + slackMilliseconds { return next }
        return first.milliseconds <= now.milliseconds + slackMilliseconds || conferenceDay != nil ? first : next
    }
}
