import AttendCore
import AttendTestSupport
import Testing

/// The parts the end-to-end tests plan from a daemon's clock hold at any time of day: read back
/// as the daemon reads `--parts`, they contain (or have ended before) the instant they were made
/// at, just before midnight Vietnam time, just after it, and at noon.
@Suite struct PlanClockTests {
    static let nearMidnight = ["2026-11-23T23:59:40.250+07:00", "2026-11-24T00:00:20.900+07:00", "2026-11-24T12:00:00.000+07:00"]

    func instant(_ text: String) throws -> Timestamp { try #require(Timestamp(rfc3339: text)) }

    @Test(arguments: nearMidnight) func aPartUnderWayContainsNowWithItsMargins(_ text: String) throws {
        let now = try instant(text)
        let written = PlanClock.part("Cả ngày", at: now, from: -60, to: 120)
        let parts = try ConferencePlan.parseParts(written, date: PlanClock.day(now))
        #expect(parts.count == 1)
        let part = try #require(parts.first)
        #expect(part.name == "Cả ngày")
        #expect(part.start.milliseconds == PlanClock.minute(of: now).milliseconds - 60 * 60_000, "\(written)")
        #expect(part.end.milliseconds == PlanClock.minute(of: now).milliseconds + 120 * 60_000, "\(written)")
        #expect(part.start <= now && now < part.end)
    }

    @Test(arguments: nearMidnight) func anEndedPartEndedBeforeNow(_ text: String) throws {
        let now = try instant(text)
        let written = PlanClock.part(at: now, from: -3, to: -2)
        let part = try #require(try ConferencePlan.parseParts(written, date: PlanClock.day(now)).first)
        #expect(part.end.milliseconds == PlanClock.minute(of: now).milliseconds - 2 * 60_000, "\(written)")
        #expect(part.end.milliseconds - part.start.milliseconds == 60_000)
        #expect(part.name == "Buổi 1")
    }

    @Test func aMinuteAndItsClockTimeAreVietnams() throws {
        let now = try instant("2026-11-23T16:59:40.250Z")  // 23:59:40 in Vietnam
        #expect(PlanClock.minute(of: now).vietnam == "2026-11-23T23:59:00.000+07:00")
        #expect(PlanClock.minute(of: now, plus: 1).vietnam == "2026-11-24T00:00:00.000+07:00")
        #expect(PlanClock.clockTime(PlanClock.minute(of: now, plus: 5)) == "00:04")
        #expect(PlanClock.day(PlanClock.minute(of: now, plus: 5)) == "2026-11-24")
        #expect(PlanClock.part(at: now, from: -1, to: 1) == "2026-11-23 23:58-00:00")
    }

    /// A paper sheet's `HH:MM` taken as the current minute resolves to that minute, on either side
    /// of midnight, whether the conference opened on the same day or the day before.
    @Test func theCurrentMinuteIsASheetTimeOfNow() throws {
        for (text, conferenceDay) in [("2026-11-24T00:00:20.900+07:00", "2026-11-23"), ("2026-11-24T00:00:20.900+07:00", "2026-11-24"),
                                      ("2026-11-23T23:59:40.250+07:00", "2026-11-23")] {
            let now = try instant(text)
            let sheet = PlanClock.minute(of: now)
            let resolved = SheetTime.resolve(PlanClock.clockTime(sheet), conferenceDay: conferenceDay, now: now)
            #expect(resolved == sheet, "\(text) on \(conferenceDay)")
            #expect(SheetTime.resolve(PlanClock.clockTime(sheet), conferenceDay: nil, now: now) == sheet, "\(text)")
        }
    }
}
