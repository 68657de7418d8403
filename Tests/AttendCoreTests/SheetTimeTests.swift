import Testing

@testable import AttendCore

/// `--at HH:MM` around midnight: the sheet's time is on the conference's day, never in the future.
@Suite struct SheetTimeTests {
    func at(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    func resolve(_ hhmm: String, _ day: String?, now: String) -> String? {
        SheetTime.resolve(hhmm, conferenceDay: day, now: at(now)).map { String($0.vietnam.prefix(16)) }
    }

    @Test func theEveningsSheetTypedAfterMidnightIsTheEvenings() {
        let now = "2026-11-24T00:20:00+07:00"
        #expect(resolve("23:40", "2026-11-23", now: now) == "2026-11-23T23:40")
        #expect(resolve("07:30", "2026-11-23", now: now) == "2026-11-23T07:30")
        // Past midnight, a time after it is the conference's night.
        #expect(resolve("00:10", "2026-11-23", now: now) == "2026-11-24T00:10")
        // Typed the same evening: the same day.
        #expect(resolve("23:40", "2026-11-23", now: "2026-11-23T23:50:00+07:00") == "2026-11-23T23:40")
        // The day after, in the morning, for the evening before.
        #expect(resolve("19:05", "2026-11-23", now: "2026-11-24T08:00:00+07:00") == "2026-11-23T19:05")
    }

    @Test func aTimeAheadOfNowStaysOnTheConferencesDay() {
        // The daemon then refuses it as in the future, by name.
        #expect(resolve("23:40", "2026-11-23", now: "2026-11-23T20:00:00+07:00") == "2026-11-23T23:40")
        // Within the minute the daemon allows, it is now.
        #expect(resolve("20:01", "2026-11-23", now: "2026-11-23T20:00:30+07:00") == "2026-11-23T20:01")
    }

    @Test func withoutAConferenceDayTheLatestPastOneIsTaken() {
        #expect(resolve("23:40", nil, now: "2026-11-24T00:20:00+07:00") == "2026-11-23T23:40")
        #expect(resolve("00:10", nil, now: "2026-11-24T00:20:00+07:00") == "2026-11-24T00:10")
        // 23:30 UTC is 06:30 the next day in Vietnam: the day is Vietnam's.
        #expect(resolve("06:30", nil, now: "2026-11-23T23:30:00Z") == "2026-11-24T06:30")
    }

    @Test func unreadableTimesAreNil() {
        #expect(resolve("24:00", "2026-11-23", now: "2026-11-23T20:00:00+07:00") == nil)
        #expect(resolve("7h30", nil, now: "2026-11-23T20:00:00+07:00") == nil)
        #expect(resolve("07:30", "2026-02-30", now: "2026-11-23T20:00:00+07:00") == nil)
    }
}
