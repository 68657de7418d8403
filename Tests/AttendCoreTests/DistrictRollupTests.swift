import Testing

@testable import AttendCore

/// The district roll-up: sums, missing bridge points, attended elsewhere, the summed curve.
@Suite struct DistrictRollupTests {
    let plan = ConferencePlan(
        id: "HN", title: "HN", date: "2026-11-23",
        parts: try! ConferencePlan.parseParts("07:30-11:30", date: "2026-11-23"), graceMinutes: 10)

    func at(_ time: String) -> Timestamp { ConferencePlan.localTime("2026-11-23", time)! }

    func tally(_ invited: [Delegate], _ came: [String], excuses: [String: String] = [:]) -> Tally {
        TallyComputation.tally(
            plan: plan, invited: invited, excuses: excuses,
            events: came.map { AttendanceEvent(delegate: $0, direction: .checkIn, at: at("07:20")) })
    }

    @Test func sumsNamesTheMissingAndCountsThoseWhoCameElsewhere() {
        let a = tally([
            Delegate(id: "P1", fullName: "P1", category: .partyMember), Delegate(id: "P2", fullName: "P2", category: .partyMember),
        ], ["P1"], excuses: ["P2": "ốm"])
        let b = tally([Delegate(id: "O1", fullName: "O1", category: .official)], ["O1", "P2"])  // P2 came here instead
        let bridges = [
            BridgeKey(id: "a", key: [], name: "Xã A"), BridgeKey(id: "b", key: [], name: "Xã B"), BridgeKey(id: "c", key: [], name: "Xã C"),
        ]
        let rollup = DistrictRollup.compute(conference: "HN", bridges: bridges, tallies: [("a", 1, a), ("b", 2, b)])
        #expect(rollup.expected == 3)
        #expect(rollup.missing == ["Xã C"])
        #expect(rollup.reported.map(\.revision) == [1, 2])
        #expect(rollup.total.invited == 3)
        #expect(rollup.total.present == 3)  // P2 counted present, at b
        #expect(rollup.total.absentExcused == 0)
        #expect(rollup.total.walkIns == 0)
        #expect(rollup.attendedElsewhere == [.init(id: "P2", invitedAt: "a", cameTo: "b")])
        let party = rollup.categories.first { $0.category == .partyMember }!.figures
        #expect(party.present == 2)
        #expect(party.rate == 100)
        // The bridge points' own tallies are unchanged.
        #expect(a.total.absentExcused == 1)
        #expect(b.total.walkIns == 1)
        // The curve is the sum of both.
        #expect(rollup.curve?.counts.first == 3)
        #expect(rollup.textReport().contains("MISSING\tXã C"))
    }

    @Test func curvesAreAlignedOnTheirStart() {
        let early = Tally.PresenceCurve(slotMinutes: 5, start: at("07:00").vietnam, counts: [1, 1, 1])
        let late = Tally.PresenceCurve(slotMinutes: 5, start: at("07:10").vietnam, counts: [2, 2])
        let sum = DistrictRollup.sumOfCurves([early, late])
        #expect(sum?.counts == [1, 1, 3, 2])
        #expect(sum?.start == at("07:00").vietnam)
    }
}

/// The district as one tally for the province: the roll-up's figures in the tally schema.
@Suite struct DistrictTotalTests {
    @Test func theDistrictTotalIsATallyWithTheRollupsFigures() throws {
        let plan = ConferencePlan(
            id: "HN", title: "HN", date: "2026-11-23",
            parts: try ConferencePlan.parseParts("07:30-11:30", date: "2026-11-23"), graceMinutes: 10, expected: 2)
        let at = ConferencePlan.localTime("2026-11-23", "07:20")!
        var a = TallyComputation.tally(
            plan: plan, invited: [Delegate(id: "P1", fullName: "P1", category: .partyMember)], excuses: [:], events: [])
        var b = TallyComputation.tally(
            plan: plan, invited: [Delegate(id: "P2", fullName: "P2", category: .partyMember)], excuses: [:],
            events: [AttendanceEvent(delegate: "P2", direction: .checkIn, at: at), AttendanceEvent(delegate: "P1", direction: .checkIn, at: at)])
        a.bridge = "a"
        b.bridge = "b"
        let rollup = DistrictRollup.compute(conference: "HN", bridges: [], tallies: [("a", 1, a), ("b", 1, b)])
        let total = try #require(rollup.asTally(from: [a, b], district: "huyen"))
        #expect(total.bridge == "huyen")
        #expect(total.total.present == 2)
        #expect(total.absentees.isEmpty)  // P1 came to b
        #expect(total.walkIns.isEmpty)
        #expect(total.conference.expected == 4)
        #expect(total.parts.first?.present == 1)  // parts add the bridge points own figures (invited at home)
        // It travels as any tally does.
        #expect(try Tally.decode(json: total.jsonData()) == total)
    }
}
