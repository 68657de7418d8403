import Testing

@testable import AttendCore

/// The schedule's open and close with a fake `now`, across midnight in Vietnam (UTC+7).
@Suite struct ConferenceScheduleTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    /// An automatic conference: 07:30-11:30 on 2026-11-24, grace 10 minutes.
    static var morning: ConferencePlan {
        var plan = ConferencePlan(
            id: "HN", title: "", date: "2026-11-24",
            parts: [.init(name: "Sáng", start: time("2026-11-24T07:30:00+07:00"), end: time("2026-11-24T11:30:00+07:00"))])
        plan.autoSchedule = true
        return plan
    }

    /// An automatic evening conference ending at midnight local time (17:00 UTC).
    static var evening: ConferencePlan {
        var plan = ConferencePlan(
            id: "TOI", title: "", date: "2026-11-23",
            parts: [.init(name: "Tối", start: time("2026-11-23T19:00:00+07:00"), end: time("2026-11-24T00:00:00+07:00"))],
            graceMinutes: 5)
        plan.autoSchedule = true
        return plan
    }

    @Test func itOpensAnHourBeforeTheFirstPartUntilTheLastEnds() {
        let plans = [Self.morning]
        #expect(ConferenceSchedule.conferenceToOpen(among: plans, at: Self.time("2026-11-24T06:29:59+07:00")) == nil)
        #expect(ConferenceSchedule.conferenceToOpen(among: plans, at: Self.time("2026-11-24T06:30:00+07:00"))?.id == "HN")
        #expect(ConferenceSchedule.conferenceToOpen(among: plans, at: Self.time("2026-11-24T11:29:59+07:00"))?.id == "HN")
        #expect(ConferenceSchedule.conferenceToOpen(among: plans, at: Self.time("2026-11-24T11:30:00+07:00")) == nil)
        // The first due of several; one opened by hand only is never opened on its own.
        var manual = Self.morning
        manual.id = "TAY"
        manual.autoSchedule = false
        #expect(ConferenceSchedule.conferenceToOpen(among: [manual, Self.evening, Self.morning], at: Self.time("2026-11-24T07:00:00+07:00"))?.id
            == "HN")
    }

    @Test func itClosesWhenTheLastPartEndedAndTheGracePassed() {
        #expect(!ConferenceSchedule.closesOpenConference(plan: Self.morning, at: Self.time("2026-11-24T11:39:59+07:00")))
        #expect(ConferenceSchedule.closesOpenConference(plan: Self.morning, at: Self.time("2026-11-24T11:40:00+07:00")))
        // Opened by hand, or without a plan: left open.
        var manual = Self.morning
        manual.autoSchedule = false
        #expect(!ConferenceSchedule.closesOpenConference(plan: manual, at: Self.time("2026-11-25T00:00:00+07:00")))
        #expect(!ConferenceSchedule.closesOpenConference(plan: nil, at: Self.time("2026-11-25T00:00:00+07:00")))
    }

    @Test func justBeforeAndAfterMidnightInVietnam() {
        // The morning conference opens on its own day only: not at 23:58 the evening before.
        #expect(ConferenceSchedule.conferenceToOpen(among: [Self.morning], at: Self.time("2026-11-23T16:58:00Z")) == nil)
        // The evening one is still due at 23:58, stays open past midnight through its grace, then closes.
        #expect(ConferenceSchedule.conferenceToOpen(among: [Self.evening], at: Self.time("2026-11-23T23:58:00+07:00"))?.id == "TOI")
        #expect(ConferenceSchedule.conferenceToOpen(among: [Self.evening], at: Self.time("2026-11-24T00:00:00+07:00")) == nil)
        #expect(!ConferenceSchedule.closesOpenConference(plan: Self.evening, at: Self.time("2026-11-24T00:04:59+07:00")))
        #expect(ConferenceSchedule.closesOpenConference(plan: Self.evening, at: Self.time("2026-11-23T17:05:00Z")))
    }
}
