@testable import AttendCore
import Testing

/// A conference closed before its planned end: the close ends the day. On the two-part day of
/// `TallyTests` (07:30–11:30, 13:30–17:00), closed at 11:00 or at 14:30.
@Suite struct TallyCloseTests {
    let plan = ConferencePlan(
        id: "HN", title: "Hội nghị", date: "2026-11-23",
        parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: "2026-11-23"),
        graceMinutes: 10)

    func at(_ time: String) -> Timestamp { ConferencePlan.localTime("2026-11-23", time)! }

    func tally(closedAt close: String?, _ events: [(String, Direction, String)], incidents: [Incident] = []) -> Tally {
        TallyComputation.tally(
            plan: plan, invited: ["P1", "P2", "P3"].map { Delegate(id: $0, fullName: "Người \($0)", category: .partyMember) },
            excuses: [:], events: events.map { AttendanceEvent(delegate: $0.0, direction: $0.1, at: at($0.2)) },
            incidents: incidents, closedAt: close.map(at))
    }

    /// Closed at 11:00: the afternoon had not begun and is dropped; the morning ends at 11:00, so
    /// whoever was still inside stayed to its end and nobody is absent from the afternoon.
    @Test func aCloseBeforeAPartBeganDropsIt() {
        let events: [(String, Direction, String)] = [("P1", .checkIn, "07:20"), ("P2", .checkIn, "07:25"), ("P2", .checkOut, "10:30")]
        let closed = tally(closedAt: "11:00", events)
        #expect(closed.parts.map(\.name) == ["Sáng"])
        #expect(closed.conference.parts.map(\.end) == [at("11:00").vietnam])
        #expect(closed.total.present == 2)
        #expect(closed.parts[0].presentAtEnd == 1)  // P1, at 10:50
        #expect(closed.earlyLeavers.map(\.id) == ["P2"])  // 30 minutes before the close
        #expect(closed.earlyLeavers.map(\.minutes) == [30])
        // The curve stops at the close: 07:30–11:00 is 42 slots of 5 minutes, the last with P1 alone.
        #expect(closed.curve.counts.count == 42)
        #expect(closed.curve.counts.last == 1)
        // Without a close (or closed after the planned end), the plan is the day.
        #expect(tally(closedAt: nil, events).parts.count == 2)
        #expect(tally(closedAt: nil, events).curve.counts.count == 114)
        #expect(tally(closedAt: "18:00", events) == tally(closedAt: nil, events))
    }

    /// Closed at 14:30 during the afternoon: a check-in after the close is not counted, and
    /// someone inside is present to the close, not to 17:00.
    @Test func timeAfterTheCloseIsNotCounted() {
        let closed = tally(closedAt: "14:30", [("P1", .checkIn, "13:20"), ("P2", .checkIn, "15:00")])
        #expect(closed.parts.map(\.name) == ["Sáng", "Chiều"])
        #expect(closed.total.present == 1)
        #expect(closed.absentees.map(\.id) == ["P2", "P3"])
        #expect(closed.parts[1].presentAtEnd == 1)
        #expect(closed.earlyLeavers.isEmpty)
        #expect(closed.curve.counts.count == 84)  // 07:30–14:30
    }

    /// A line down open at an 11:00 close runs to the close: 60 minutes, not the rest of the day.
    @Test func anOpenIncidentEndsAtTheClose() throws {
        let down = Incident(id: 1, kind: .lineDown, source: .probe, sourceName: "tinh", start: at("10:00"), end: nil,
                            note: "", closedByConferenceEnd: false)
        let closed = tally(closedAt: "11:00", [("P1", .checkIn, "07:20")], incidents: [down])
        let entry = try #require(closed.incidents?.entries.first)
        #expect(entry.end == at("11:00").vietnam)
        #expect(entry.minutes == 60)
        #expect(entry.closedByConferenceEnd)
        #expect(closed.incidents?.outageMinutes == 60)
        #expect(closed.incidents?.entries.first?.peopleMinutesLost == 60)
        let open = tally(closedAt: nil, [("P1", .checkIn, "07:20")], incidents: [down])
        #expect(open.incidents?.outageMinutes == 300)  // 10:00–11:30 and 13:30–17:00
    }
}

/// The close and a day that did not happen: a conference closed before its first part began, and
/// one opened without parts (`attendctl open` alone, as the README's first check-in does).
@Suite struct TallyNoPartsTests {
    let invited = ["P1", "P2", "P3"].map { Delegate(id: $0, fullName: "Người \($0)", category: .partyMember) }
    func at(_ time: String) -> Timestamp { ConferencePlan.localTime("2026-11-23", time)! }
    func events(_ list: [(String, Direction, String)]) -> [AttendanceEvent] {
        list.map { AttendanceEvent(delegate: $0.0, direction: $0.1, at: at($0.2)) }
    }

    /// Closed at 07:00, before the 07:30 morning began: no part took place, so nobody is absent
    /// (a yearly evaluation must not carry an absence from a conference that was not held) and
    /// there is no rate to fall below the target.
    @Test func aCloseBeforeAnyPartBeganCountsNobodyAbsent() {
        let plan = ConferencePlan(
            id: "HN", title: "Hội nghị", date: "2026-11-23",
            parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: "2026-11-23"))
        let tally = TallyComputation.tally(
            plan: plan, invited: invited, excuses: ["P3": "ốm"], events: events([("P1", .checkIn, "06:50")]),
            closedAt: at("07:00"))
        #expect(tally.parts.isEmpty)
        #expect(tally.total.invited == 3)
        #expect(tally.total.present == 0)
        #expect(tally.total.absentExcused == 0)
        #expect(tally.total.absentUnexcused == 0)
        #expect(tally.absentees.isEmpty)
        #expect(tally.total.rate == nil)
        #expect(!tally.total.belowTarget)
        #expect(tally.categories.allSatisfy { $0.figures.rate == nil && !$0.figures.belowTarget })
        // The printed report says why nobody is counted, not "0/3 ... đạt —".
        let html = tally.htmlReport(generatedAt: at("07:05"))
        #expect(html.contains("Hội nghị kết thúc trước khi buổi đầu tiên bắt đầu: không ai bị tính vắng."), "\(html)")
        #expect(!html.contains("đạt <b>—</b>"))
        #expect(tally.htmlReport(language: .english, generatedAt: at("07:05"))
            .contains("The conference closed before its first part began: nobody is counted absent."))
    }

    /// Opened without parts and closed: whoever checked in before the close came; the others are
    /// absent, excused or not. (It counted everyone absent, the ones who came too: with no part,
    /// nobody was ever "inside during a part".)
    @Test func aConferenceWithoutPartsCountsWhoCheckedIn() {
        let plan = ConferencePlan(id: "HN", title: "Hội nghị", date: "", parts: [])
        let tally = TallyComputation.tally(
            plan: plan, invited: invited, excuses: ["P3": "ốm"],
            events: events([("P1", .checkIn, "08:00"), ("P2", .checkOut, "09:00"), ("P3", .checkIn, "10:05"), ("W1", .checkIn, "08:10")]),
            closedAt: at("10:00"))
        #expect(tally.total.present == 2)  // P1, and P2 who only scanned out
        #expect(tally.total.absentExcused == 1)  // P3 came after the close
        #expect(tally.absentees.map(\.id) == ["P3"])
        #expect(tally.total.walkIns == 1)
        #expect(tally.total.rate == 66.7)
        // While it is still open, every check-in so far counts.
        let open = TallyComputation.tally(
            plan: plan, invited: invited, excuses: [:], events: events([("P1", .checkIn, "08:00"), ("P3", .checkIn, "10:05")]))
        #expect(open.total.present == 2)
        #expect(open.absentees.map(\.id) == ["P2"])
    }
}
