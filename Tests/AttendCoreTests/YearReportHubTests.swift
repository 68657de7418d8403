import Foundation
import Testing

@testable import AttendCore

/// Issue 21 on a hub: the year from the halls' tallies, each member counted once where they were.
@Suite struct YearReportHubTests {
    static let an = Delegate(id: "A1", fullName: "Nguyễn Văn An", unit: "Chi bộ 1", category: .partyMember)
    static let binh = Delegate(id: "A2", fullName: "Trần Thị Bình", unit: "Chi bộ 1", category: .partyMember)
    static let cuong = Delegate(id: "B1", fullName: "Lê Văn Cường", unit: "Chi bộ 2", category: .partyMember)

    /// A hall's final tally of `conference`: `invited`, those of `came` present, `walkIns` walked in.
    /// The same hall read back from its tally's bytes, as the hub reads it.
    @Test func aHallReadFromItsBytesIsTheHallMadeFromItsTally() throws {
        let made = Self.hall("xa-a", "HN", invited: [Self.an, Self.binh], came: ["A1"], walkIns: ["B1"])
        var tally = TallyComputation.tally(plan: ConferencePlan(id: "HN", title: "Hội nghị HN", date: "2026-03-02", parts: []),
                                           invited: [Self.an, Self.binh], excuses: [:], events: [])
        tally.absentees = made.absentees
        tally.present = made.present
        tally.total.present = 1
        tally.walkIns = [Tally.WalkIn(id: "B1", firstSeen: "2026-03-02T08:00:00+07:00")]
        let read = try #require(YearReport.HallTally.decode(bridge: "xa-a", json: Array(tally.jsonData())))
        #expect(read.present == ["A1"] && read.walkIns == ["B1"] && read.absentees.map(\.id) == ["A2"])
        #expect(read.conference == YearReport.ConferenceInfo(id: "HN", title: "Hội nghị HN", date: "2026-03-02") && read.final)
        #expect(YearReport.HallTally.decode(bridge: "xa-a", json: Array("{not json".utf8)) == nil)
    }

    static func hall(
        _ bridge: String, _ conference: String, invited: [Delegate], came: Set<String>, excused: [String: String] = [:],
        walkIns: [String] = [], date: String = "2026-03-02"
    ) -> YearReport.HallTally {
        let plan = ConferencePlan(id: conference, title: "Hội nghị \(conference)", date: date, parts: [])
        var tally = TallyComputation.tally(plan: plan, invited: invited, excuses: excused, events: [])
        tally.absentees = tally.absentees.filter { !came.contains($0.id) }
        tally.present = invited.map(\.id).filter(came.contains).sorted()
        tally.walkIns = walkIns.map { Tally.WalkIn(id: $0, firstSeen: "\(date)T08:00:00+07:00") }
        tally.bridge = bridge
        return YearReport.HallTally(bridge: bridge, tally: tally)
    }

    @Test func aMovedOrVisitingDelegateCountsOncePresentWhereTheyWere() throws {
        let list = ["xa-a": [Self.an, Self.binh], "xa-b": [Self.cuong]]
        let conference = YearReport.HubConference(halls: [
            // Bình is on xa-a's list and on xa-b's (moved); she came to xa-b. Cường walked in at xa-a.
            Self.hall("xa-a", "HN", invited: [Self.an, Self.binh], came: ["A1"], walkIns: ["B1"]),
            Self.hall("xa-b", "HN", invited: [Self.cuong, Self.binh], came: ["A2"]),
        ], districtList: list)
        let (inputs, partial, _) = YearReport.hubInputs([conference])
        #expect(partial.isEmpty)
        let year = YearReport.compute(conferences: inputs, from: "2026-01-01", to: "2026-12-31")
        #expect(year.delegates.count == 3)
        #expect(year.delegates.allSatisfy { $0.counts.invited == 1 && $0.counts.present == 1 })
        #expect(year.total.invited == 3 && year.total.present == 3 && year.total.absentUnexcused == 0)
    }

    @Test func absentEverywhereIsExcusedWhenAnyHallRecordedTheExcuse() throws {
        let conference = YearReport.HubConference(halls: [
            Self.hall("xa-a", "HN", invited: [Self.binh], came: []),
            Self.hall("xa-b", "HN", invited: [Self.binh], came: [], excused: ["A2": "ốm"]),
        ], districtList: ["xa-a": [Self.binh]])
        let year = YearReport.compute(conferences: YearReport.hubInputs([conference]).inputs, from: "2026-01-01", to: "2026-12-31")
        #expect(year.delegates.map { [$0.counts.invited, $0.counts.absentExcused, $0.counts.absentUnexcused] } == [[1, 1, 0]])
    }

    @Test func aHallsOwnConferenceKeysByHallAndAnOlderTallyIsPartial() throws {
        var old = Self.hall("xa-c", "CU", invited: [Self.cuong], came: ["B1"])
        old.present = nil
        let conferences = [
            YearReport.HubConference(halls: [Self.hall("xa-a", "R1", invited: [Self.an], came: ["A1"])], districtList: nil),
            YearReport.HubConference(halls: [Self.hall("xa-b", "R2", invited: [Self.an], came: [])], districtList: nil),
            YearReport.HubConference(halls: [old], districtList: nil),
        ]
        let (inputs, partial, _) = YearReport.hubInputs(conferences)
        #expect(partial == [YearReport.PartialHall(conference: "CU", date: "2026-03-02", bridge: "xa-c")])
        let year = YearReport.compute(conferences: inputs, from: "2026-01-01", to: "2026-12-31")
        #expect(year.conferences.map(\.id) == ["R1", "R2"])
        // Two halls' A1 are two people; xa-b's absent one is named by its tally.
        #expect(year.delegates.map(\.id).sorted() == ["xa-a/A1", "xa-b/A1"])
        #expect(year.delegates.first { $0.id == "xa-b/A1" }?.name == "Nguyễn Văn An")
        #expect(year.delegates.first { $0.id == "xa-a/A1" }.map { [$0.counts.present, $0.counts.invited] } == [1, 1])
        var shown = year
        shown.partial = partial
        #expect(shown.textReport(language: .english).contains("CU: hall xa-c"))
    }

    @Test func forgedPresentListsAreRefusedWhenDecoded() throws {
        let plan = ConferencePlan(id: "HN", title: "HN", date: "2026-03-02", parts: [])
        var tally = TallyComputation.tally(plan: plan, invited: [Self.an, Self.binh], excuses: [:], events: [])
        tally.absentees.removeFirst()
        tally.present = ["A1"]
        tally.total.present = 1
        #expect(try Tally.decode(json: tally.jsonData()).present == ["A1"])
        // More ids than present, one id twice, an id longer than any delegate's, an empty one.
        for (ids, present) in [(["A1", "A2"], 1), (["A1", "A1"], 2), ([String(repeating: "x", count: 65)], 1), ([""], 1)] {
            tally.present = ids
            tally.total.present = present
            #expect(throws: TallyDecodingError.self) { try Tally.decode(json: tally.jsonData()) }
        }
    }
}
