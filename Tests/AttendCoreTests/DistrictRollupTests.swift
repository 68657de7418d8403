import Foundation
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
        #expect(rollup.textReport().contains("Chưa báo cáo: Xã C"))
        #expect(rollup.textReport(language: .english).contains("Xã C (not reported)"))
    }

    @Test func theDayBeforeFiguresCountTheExpectedButNotThePresent() {
        let a = tally([Delegate(id: "P1", fullName: "P1", category: .partyMember)], ["P1"])
        var b = tally([Delegate(id: "O1", fullName: "O1", category: .official), Delegate(id: "O2", fullName: "O2", category: .official)], [])
        b.final = false
        b.conference.expected = 50
        b.lineTests = [LineTestResult(
            target: "district", startedAt: at("07:00").vietnam, seconds: 60, sent: 60, lost: 0, lossPercent: 0, rttP50Ms: 20,
            rttP95Ms: 30, rttMaxMs: 40, longestOutageSeconds: 0, passed: true, verdict: "passed")]
        let bridges = [BridgeKey(id: "a", key: [], name: "Xã A"), BridgeKey(id: "b", key: [], name: "Xã B")]
        let rollup = DistrictRollup.compute(conference: "HN", bridges: bridges, tallies: [("a", 3, a), ("b", 1, b)])
        #expect(rollup.reported.map(\.id) == ["a"])
        #expect(rollup.announced.map(\.id) == ["b"])
        #expect(rollup.announced.first?.expected == 50)
        #expect(rollup.announced.first?.invited == 2)
        #expect(rollup.announced.first?.present == 0)
        #expect(rollup.announced.first?.lineTestPassed == true)
        #expect(rollup.reported.first?.lineTestPassed == nil)
        #expect(rollup.missing == ["Xã B"])  // announced, not reported
        #expect(rollup.expectedDelegates == 50)
        #expect(rollup.total.invited == 1)  // only what was reported
        #expect(rollup.total.present == 1)
        let text = rollup.textReport()
        #expect(text.contains("Số lượng dự kiến: 50"))
        #expect(text.contains("Xã B (chưa báo cáo)"))
        #expect(text.contains("đạt"))
        // The district's own tally upward is final once one bridge point has reported; not before.
        #expect(rollup.asTally(from: [TallySummary(a), TallySummary(b)], district: "huyen")?.final == true)
        let early = DistrictRollup.compute(conference: "HN", bridges: bridges, tallies: [("b", 1, b)])
        let announced = early.asTally(from: [TallySummary(b)], district: "huyen")
        #expect(announced?.final == false)
        #expect(announced?.conference.expected == 50)
    }

    @Test func theStoredSummaryGivesTheSameRollupAsTheWholeTally() throws {
        let a = tally([
            Delegate(id: "P1", fullName: "P1", category: .partyMember), Delegate(id: "P2", fullName: "P2", category: .partyMember),
        ], ["P1"], excuses: ["P2": "ốm"])
        let b = tally([Delegate(id: "O1", fullName: "O1", category: .official)], ["O1", "P2", "X9"])
        for tally in [a, b] {
            let summary = TallySummary(tally)
            #expect(TallySummary.stored(summary.storedData()) == summary)
        }
        #expect(TallySummary.stored(Array("{\"final\": 1}".utf8)) == nil)
        let bridges = [BridgeKey(id: "a", key: [], name: "Xã A"), BridgeKey(id: "b", key: [], name: "Xã B")]
        let fromSummaries = DistrictRollup.compute(
            conference: "HN", bridges: bridges,
            summaries: [("a", 1, TallySummary.stored(TallySummary(a).storedData())!), ("b", 1, TallySummary.stored(TallySummary(b).storedData())!)])
        let fromTallies = DistrictRollup.compute(conference: "HN", bridges: bridges, tallies: [("a", 1, a), ("b", 1, b)])
        #expect(fromSummaries == fromTallies)
        #expect(fromSummaries.attendedElsewhere.map(\.id) == ["P2"])
        #expect(fromSummaries.total.walkIns == 1)  // X9; P2 counted present at home
    }

    @Test func theRollupAsCSVAndJSON() throws {
        let a = tally([Delegate(id: "P1", fullName: "P1", category: .partyMember)], ["P1"])
        let bridges = [BridgeKey(id: "a", key: [], name: "Xã A"), BridgeKey(id: "c", key: [], name: "Xã \"C\", Thôn 2")]
        let rollup = DistrictRollup.compute(conference: "HN", bridges: bridges, tallies: [("a", 1, a)])
        let csv = String(decoding: rollup.csv(language: .english), as: UTF8.self)
        #expect(csv.hasPrefix("\u{FEFF}Category,Invited,"))
        #expect(csv.contains("Party member,1,1,0,0,0,100,98\r\n"))
        #expect(csv.contains("a,Xã A,reported,1,,1,1,100,0,0,0,\r\n"))
        #expect(csv.contains(",\"Xã \"\"C\"\", Thôn 2\",missing,"))
        let json = rollup.jsonData()
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["schema"] as? String == "attendd.district/1")
        #expect(object["expected_delegates"] == nil)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(DistrictRollup.self, from: json) == rollup)
    }

    @Test func theTextReportsSectionsAreNumberedWithoutAGap() {
        let a = tally([Delegate(id: "P1", fullName: "P1", category: .partyMember)], ["P1"])
        let rollup = DistrictRollup.compute(
            conference: "HN", bridges: [BridgeKey(id: "a", key: [], name: "Xã A")], tallies: [("a", 1, a)])
        #expect(rollup.attendedElsewhere.isEmpty)
        #expect(rollup.curve != nil)
        for language in ReportLanguage.allCases {
            let headings = rollup.textReport(language: language).split(separator: "\n")
                .compactMap { line in line.split(separator: "-", maxSplits: 1).first.map(String.init) }
                .filter { !$0.isEmpty && $0.allSatisfy { "IVX".contains($0) } }
            #expect(headings == ["I", "II", "III"], "\(language): \(headings)")
        }
        #expect(SectionNumbering.roman(4) == "IV")
        #expect(SectionNumbering.roman(9) == "IX")
        #expect(SectionNumbering.roman(14) == "XIV")
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
            plan: plan,
            invited: [Delegate(id: "P2", fullName: "P2", category: .partyMember), Delegate(id: "P3", fullName: "P3", category: .official)],
            excuses: [:],
            events: [
                AttendanceEvent(delegate: "P2", direction: .checkIn, at: at), AttendanceEvent(delegate: "P1", direction: .checkIn, at: at),
                AttendanceEvent(delegate: "P3", direction: .checkIn, at: ConferencePlan.localTime("2026-11-23", "08:00")!),
            ])
        a.bridge = "a"
        b.bridge = "b"
        #expect(b.lateArrivals.map(\.id) == ["P3"])
        let rollup = DistrictRollup.compute(conference: "HN", bridges: [], tallies: [("a", 1, a), ("b", 1, b)])
        let total = try #require(rollup.asTally(from: [TallySummary(a), TallySummary(b)], district: "huyen"))
        #expect(total.bridge == "huyen")
        #expect(total.final == true)
        #expect(total.total.present == 3)
        #expect(total.absentees.isEmpty)  // P1 came to b
        #expect(total.walkIns.isEmpty)
        #expect(total.conference.expected == 4)
        #expect(total.parts.first?.present == 2)  // parts add the bridge points own figures (invited at home)
        // Late arrivals go up as counts per part, not by name; the province counts them the same.
        #expect(total.lateArrivals.isEmpty)
        #expect(total.parts.first?.arrivedLate == 1)
        #expect(TallySummary(total).late == 1)
        let province = DistrictRollup.compute(conference: "HN", bridges: [], tallies: [("huyen", 1, total)])
        #expect(province.reported.first?.late == 1)
        #expect(province.total.present == 3)
        // It travels as any tally does.
        #expect(try Tally.decode(json: total.jsonData()) == total)
    }
}
