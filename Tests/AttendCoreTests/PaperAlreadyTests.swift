import Foundation
import Testing

@testable import AttendCore

/// Who a typed sheet leaves out as checked in already: those inside during its part, not anyone
/// who checked in at some time of the day.
@Suite struct PaperAlreadyTests {
    static let day = "2026-11-23"
    static let plan: ConferencePlan = {
        var plan = ConferencePlan(id: "hn1", title: "Hội nghị", date: day, parts: [])
        plan.parts = try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: day)
        return plan
    }()
    static func at(_ hhmm: String) -> Timestamp { ConferencePlan.localTime(day, hhmm)! }
    static let events = [
        // D1: scanned in the morning, out at noon; signed the afternoon's sheet.
        AttendanceEvent(delegate: "D1", direction: .checkIn, at: at("07:40")),
        AttendanceEvent(delegate: "D1", direction: .checkOut, at: at("11:30")),
        // D2: the terminals were down in the morning (signed the morning's sheet); scanned at 13:35.
        AttendanceEvent(delegate: "D2", direction: .checkIn, at: at("13:35")),
        // D3: scanned in the morning and never out: inside all day.
        AttendanceEvent(delegate: "D3", direction: .checkIn, at: at("07:25")),
        // D4: scanned in the afternoon, then voided: not inside at all.
        AttendanceEvent(delegate: "D4", direction: .checkIn, at: at("13:40"), voided: true),
    ]

    @Test func alreadyMeansInsideDuringTheSheetsPart() {
        #expect(PaperBatch.alreadyPresent(events: Self.events, plan: Self.plan, part: "Sáng") == ["D1", "D3"])
        #expect(PaperBatch.alreadyPresent(events: Self.events, plan: Self.plan, part: "Chiều") == ["D2", "D3"])
        // Without a part, or a part the plan no longer has: whoever has a check-in not voided.
        #expect(PaperBatch.alreadyPresent(events: Self.events, plan: Self.plan, part: "") == ["D1", "D2", "D3"])
        #expect(PaperBatch.alreadyPresent(events: Self.events, plan: nil, part: "Sáng") == ["D1", "D2", "D3"])
    }

    /// The afternoon's sheet of D1 (left at noon) stores D1's afternoon, so the tally has them there.
    @Test func theAfternoonSheetOfOneWhoLeftAtNoonCountsInTheAfternoon() throws {
        let invited = (1...4).map { Delegate(id: "D\($0)", fullName: "Lê Văn \($0)", unit: "Chi bộ 1", category: .partyMember) }
        let sheet = SignInSheet(code: "K7M2Q", conference: "hn1", title: "Hội nghị", date: Self.day, part: Self.plan.parts[1],
                                invited: invited, blank: 0, printedAt: Self.at("07:00"))
        let row = { (id: String) in sheet.rows.first { $0.id == id }!.number }
        let batch = try PaperBatch.plan(
            sheet: sheet, numbers: "\(row("D1")) \(row("D2"))", at: "13:30", batch: nil, plan: Self.plan,
            checkedIn: PaperBatch.alreadyPresent(events: Self.events, plan: Self.plan, part: sheet.part),
            invited: Dictionary(uniqueKeysWithValues: invited.map { ($0.id, $0) }), now: Self.at("18:00")).get()
        #expect(batch.checkIns.map(\.id) == ["D1"])
        #expect(batch.already.map(\.id) == ["D2"])
        var events = Self.events
        events += batch.checkIns.map { AttendanceEvent(delegate: $0.id, direction: .checkIn, at: Timestamp(rfc3339: $0.at)!) }
        let tally = TallyComputation.tally(plan: Self.plan, invited: invited, excuses: [:], events: events, incidents: [], closedAt: nil)
        #expect(tally.parts.map(\.present) == [2, 3])
    }
}
