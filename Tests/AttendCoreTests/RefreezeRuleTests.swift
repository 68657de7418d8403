import Testing

@testable import AttendCore

/// When a change sends a conference's tally to the district again, and which conferences a
/// line test run is for, with a fake `now` around midnight in Vietnam (UTC+7).
@Suite struct RefreezeRuleTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    static let lookBack: Int64 = 3 * 86_400_000

    @Test func afterTheCloseEveryChangeSendsTheFinalTallyAgain() {
        for change: RefreezeRule.Change in [.plan(hasExpectedCount: true), .plan(hasExpectedCount: false), .invitedList, .excuse, .void, .lineTest] {
            #expect(RefreezeRule.freeze(after: change, closed: true) == .final, "\(change)")
        }
        #expect(RefreezeRule.Freeze.final.isFinal)
        #expect(!RefreezeRule.Freeze.dayBefore.isFinal)
    }

    @Test func beforeTheCloseOnlyWhatTheDayBeforeFiguresShowIsSent() {
        #expect(RefreezeRule.freeze(after: .plan(hasExpectedCount: true), closed: false) == .dayBefore)
        #expect(RefreezeRule.freeze(after: .invitedList, closed: false) == .dayBefore)
        #expect(RefreezeRule.freeze(after: .lineTest, closed: false) == .dayBefore)
        #expect(RefreezeRule.freeze(after: .plan(hasExpectedCount: false), closed: false) == nil)
        #expect(RefreezeRule.freeze(after: .excuse, closed: false) == nil)
        #expect(RefreezeRule.freeze(after: .void, closed: false) == nil)
    }

    @Test func aLineTestIsForConferencesNotOverStartingWithinThreeDays() {
        let span = (start: Self.time("2026-11-26T07:30:00+07:00"), end: Self.time("2026-11-26T11:30:00+07:00"))
        func concerns(_ now: String) -> Bool {
            RefreezeRule.lineTestConcerns(span: span, at: Self.time(now), lookBackMilliseconds: Self.lookBack)
        }
        #expect(!concerns("2026-11-23T07:29:59+07:00"))  // more than three days ahead
        #expect(concerns("2026-11-23T07:30:00+07:00"))
        #expect(concerns("2026-11-26T11:29:59+07:00"))  // under way
        #expect(!concerns("2026-11-26T11:30:00+07:00"))  // over
        #expect(!RefreezeRule.lineTestConcerns(span: nil, at: Self.time("2026-11-24T08:00:00+07:00"), lookBackMilliseconds: Self.lookBack))
    }

    @Test func justBeforeAndAfterMidnightInVietnam() {
        // A conference ending at 23:59 local (16:59 UTC): a line test at 23:58 is for it, at 00:00 not.
        let span = (start: Self.time("2026-11-23T00:00:00+07:00"), end: Self.time("2026-11-23T23:59:00+07:00"))
        #expect(RefreezeRule.lineTestConcerns(span: span, at: Self.time("2026-11-23T16:58:00Z"), lookBackMilliseconds: Self.lookBack))
        #expect(!RefreezeRule.lineTestConcerns(span: span, at: Self.time("2026-11-24T00:00:00+07:00"), lookBackMilliseconds: Self.lookBack))
    }
}
