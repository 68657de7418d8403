@testable import AttendCore
import Testing

/// The tally's rules, one edge case at a time, on a two-part day (07:30–11:30, 13:30–17:00).
@Suite struct TallyTests {
    let plan = ConferencePlan(
        id: "HN", title: "Hội nghị", date: "2026-11-23",
        parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: "2026-11-23"),
        graceMinutes: 10, expected: 5)

    func at(_ time: String, _ date: String = "2026-11-23") -> Timestamp {
        ConferencePlan.localTime(date, time)!
    }

    func member(_ id: String, _ category: DelegateCategory = .partyMember) -> Delegate {
        Delegate(id: id, fullName: "Người \(id)", unit: "Chi bộ 1", category: category)
    }

    func tally(_ invited: [Delegate], _ events: [(String, Direction, String)], excuses: [String: String] = [:]) -> Tally {
        TallyComputation.tally(
            plan: plan, invited: invited, excuses: excuses,
            events: events.map { AttendanceEvent(delegate: $0.0, direction: $0.1, at: at($0.2)) })
    }

    @Test func partsParseWithNamesDatesAndMidnight() throws {
        let parts = try ConferencePlan.parseParts("07:30-11:30, Tối 2026-11-24 22:00-01:00", date: "2026-11-23")
        #expect(parts.map(\.name) == ["Buổi 1", "Tối"])
        #expect(parts[0].start.vietnam.hasPrefix("2026-11-23T07:30:00"))
        #expect(parts[1].end.vietnam.hasPrefix("2026-11-25T01:00:00"))
        #expect(throws: ProtocolError.self) { try ConferencePlan.parseParts("07:30-11:30, 11:00-12:00", date: "2026-11-23") }
        #expect(throws: ProtocolError.self) { try ConferencePlan.parseParts("7h30", date: "2026-11-23") }
        #expect(throws: ProtocolError.self) { try ConferencePlan.parseParts("07:30-25:00", date: "2026-11-23") }
        #expect(throws: ProtocolError.self) { try ConferencePlan.parseParts("", date: "2026-11-23") }
        for (text, words) in [
            ("07:30-11:30, 11:00-12:00", "starts before part 1 ends"), ("7h30", "no HH:MM-HH:MM"),
            ("07:30-25:00", "not a valid date and HH:MM-HH:MM"), ("", "at least one"),
            ("Sáng 07:30-11:30 Chiều 13:30-17:00", "second time range 07:30-11:30; separate parts with commas"),
        ] {
            do {
                _ = try ConferencePlan.parseParts(text, date: "2026-11-23")
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.message.contains(words), "\(text): \(error.message)")
            }
        }
    }

    @Test func onTimeLateAbsentExcusedAndWalkIn() {
        let result = tally(
            [member("A"), member("B"), member("C"), member("D"), member("E", .official)],
            [("A", .checkIn, "07:20"), ("B", .checkIn, "07:55"), ("E", .checkIn, "07:35"), ("X", .checkIn, "08:00")],
            excuses: ["C": "Đi công tác"])
        #expect(result.total.invited == 5)
        #expect(result.total.present == 3)
        #expect(result.total.absentExcused == 1)
        #expect(result.total.absentUnexcused == 1)
        #expect(result.total.walkIns == 1)
        #expect(result.walkIns.map(\.id) == ["X"])
        #expect(result.absentees.map(\.id) == ["D", "C"])  // unexcused first
        #expect(result.absentees[1].reason == "Đi công tác")
        #expect(result.lateArrivals.map(\.id) == ["B"])
        #expect(result.lateArrivals[0].minutes == 25)
        #expect(result.parts[0].arrivedLate == 1)
        #expect(result.parts[0].presentAtStart == 2)  // A and E by 07:40
        let party = result.categories.first { $0.category == .partyMember }!.figures
        #expect(party.invited == 4)
        #expect(party.present == 2)
        #expect(party.rate == 50.0)
        #expect(party.target == 98.0)
        #expect(party.belowTarget)
        let officials = result.categories.first { $0.category == .official }!.figures
        #expect(officials.rate == 100.0)
        #expect(!officials.belowTarget)
        #expect(result.total.belowTarget)
        #expect(result.conference.expected == 5)
    }

    @Test func stillInsideAtTheEndIsPresentToTheEnd() {
        let result = tally([member("A")], [("A", .checkIn, "07:00")])
        #expect(result.parts.map(\.presentAtEnd) == [1, 1])
        #expect(result.earlyLeavers.isEmpty)
        #expect(result.curve.counts.allSatisfy { $0 == 1 })
    }

    @Test func leavingAtNoonAndReturningIsJudgedPerPart() {
        let result = tally([member("A")], [
            ("A", .checkIn, "07:25"), ("A", .checkOut, "11:00"), ("A", .checkIn, "13:50"), ("A", .checkOut, "16:55"),
        ])
        #expect(result.total.present == 1)
        #expect(result.earlyLeavers.map(\.part) == ["Sáng"])
        #expect(result.earlyLeavers[0].minutes == 30)
        #expect(result.lateArrivals.map(\.part) == ["Chiều"])
        #expect(result.lateArrivals[0].minutes == 20)
        #expect(result.parts[1].presentAtEnd == 1)  // 16:55 is within the grace before 17:00
        // The curve shows the lunch gap: 11:00–13:50 empty.
        let slot = { (time: String) in Int((at(time).milliseconds - at("07:30").milliseconds) / 300_000) }
        #expect(result.curve.counts[slot("10:55")] == 1)
        #expect(result.curve.counts[slot("12:00")] == 0)
        #expect(result.curve.counts[slot("14:00")] == 1)
    }

    @Test func thinningAfternoonShowsInTheCurve() {
        var events: [(String, Direction, String)] = []
        let people = (1...10).map { member("P\($0)") }
        for person in people { events.append((person.id, .checkIn, "07:20")) }
        for person in people.prefix(6) { events.append((person.id, .checkOut, "11:35")) }
        let result = tally(people, events)
        #expect(result.parts[0].presentAtStart == 10)
        #expect(result.parts[1].presentAtStart == 4)
        #expect(result.curve.counts.first == 10)
        #expect(result.curve.counts.last == 4)
        #expect(result.curve.counts.count == (17 * 60 - 7 * 60 - 30) / 5)
    }

    @Test func repeatedCheckInsChangeNothing() {
        let once = tally([member("A")], [("A", .checkIn, "07:20")])
        let thrice = tally([member("A")], [("A", .checkIn, "07:20"), ("A", .checkIn, "07:21"), ("A", .checkIn, "09:00")])
        #expect(once == thrice)
    }

    @Test func checkOutWithoutCheckInCountsFromThePartStart() {
        let result = tally([member("A")], [("A", .checkOut, "10:00")])
        #expect(result.total.present == 1)
        #expect(result.parts[0].presentAtStart == 1)
        #expect(result.lateArrivals.isEmpty)
        #expect(result.earlyLeavers.map(\.minutes) == [90])
        #expect(result.parts[1].present == 0)
    }

    @Test func eventsOutsideThePartsOnlyOpenOrCloseIntervals() {
        let result = tally([member("A"), member("B"), member("C")], [
            ("A", .checkIn, "06:00"),  // early: on time
            ("B", .checkIn, "17:30"),  // after the end: absent
            ("C", .checkIn, "12:00"),  // at lunch: on time for the afternoon, absent in the morning
        ])
        #expect(result.total.present == 2)
        #expect(result.absentees.map(\.id) == ["B"])
        #expect(result.parts[0].present == 1)
        #expect(result.parts[1].present == 2)
        #expect(result.lateArrivals.isEmpty)
    }

    @Test func anExcuseForSomeoneWhoCameIsIgnored() {
        let result = tally([member("A")], [("A", .checkIn, "07:00")], excuses: ["A": "ốm"])
        #expect(result.total.present == 1)
        #expect(result.total.absentExcused == 0)
        #expect(result.absentees.isEmpty)
    }

    @Test func aConferenceOverMidnight() throws {
        let night = ConferencePlan(
            id: "N", title: "Đêm", date: "2026-12-31",
            parts: try ConferencePlan.parseParts("22:00-02:00", date: "2026-12-31"), graceMinutes: 5)
        let result = TallyComputation.tally(
            plan: night, invited: [member("A"), member("B")], excuses: [:],
            events: [
                AttendanceEvent(delegate: "A", direction: .checkIn, at: at("21:50", "2026-12-31")),
                AttendanceEvent(delegate: "A", direction: .checkOut, at: at("01:00", "2027-01-01")),
                AttendanceEvent(delegate: "B", direction: .checkIn, at: at("00:30", "2027-01-01")),
            ])
        #expect(result.total.present == 2)
        #expect(result.earlyLeavers.map(\.id) == ["A"])
        #expect(result.earlyLeavers[0].minutes == 60)
        #expect(result.lateArrivals.map(\.minutes) == [150])
        #expect(result.curve.counts.count == 48)
    }

    @Test func ratesRoundToOneDecimalHalfUp() {
        var figures = Tally.Figures(belowTarget: false)
        figures.invited = 1000
        figures.present = 978
        figures.finish(target: 0.98)
        #expect(figures.rate == 97.8)
        #expect(figures.belowTarget)
        figures.invited = 3
        figures.present = 2
        figures.finish(target: 0.9)
        #expect(figures.rate == 66.7)
        figures.invited = 0
        figures.present = 0
        figures.finish(target: 0.9)
        #expect(figures.rate == nil)
        #expect(!figures.belowTarget)
    }

    @Test func nobodyInvitedAndNoEventsIsAnEmptyTally() {
        let result = tally([], [])
        #expect(result.total.invited == 0)
        #expect(result.categories.isEmpty)
        #expect(result.total.rate == nil)
    }

    @Test func theScheduleOpensAnHourEarlyAndClosesAfterTheGrace() {
        var auto = plan
        #expect(auto.scheduledAction(at: at("07:00"), isOpen: false) == nil)  // not automatic
        auto.autoSchedule = true
        #expect(auto.scheduledAction(at: at("06:29"), isOpen: false) == nil)
        #expect(auto.scheduledAction(at: at("06:30"), isOpen: false) == .open)
        #expect(auto.scheduledAction(at: at("16:59"), isOpen: false) == .open)
        #expect(auto.scheduledAction(at: at("17:00"), isOpen: false) == nil)
        #expect(auto.scheduledAction(at: at("12:00"), isOpen: true) == nil)
        #expect(auto.scheduledAction(at: at("17:09"), isOpen: true) == nil)
        #expect(auto.scheduledAction(at: at("17:10"), isOpen: true) == .close)
    }
}
