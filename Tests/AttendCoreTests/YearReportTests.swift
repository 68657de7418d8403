import Foundation
import Testing

@testable import AttendCore

/// Issue 21: each member's year from the conferences' tallies, lists and reflections.
@Suite struct YearReportTests {
    static let an = Delegate(id: "DV1", fullName: "Nguyễn Văn An", unit: "Chi bộ 1", category: .partyMember)
    static let binh = Delegate(id: "DV2", fullName: "Trần Thị Bình", unit: "chi  bộ 1", category: .partyMember)
    static let ba = Delegate(id: "DV3", fullName: "Lê Thị Ba", unit: "Chi bộ 1", category: .partyMember)
    static let dung = Delegate(id: "CC1", fullName: "Phạm Thị Dung", unit: "UBND xã", category: .official)

    /// A conference on `date` with `invited`, `absent` (id: excused) and the late ones.
    static func conference(
        _ id: String, _ date: String, _ invited: [Delegate], absent: [String: Bool] = [:], late: Set<String> = [],
        reflections: [Reflection]? = nil
    ) -> YearReport.ConferenceInput {
        let plan = ConferencePlan(id: id, title: "Hội nghị \(id)", date: date, parts: [])
        var tally = TallyComputation.tally(
            plan: plan, invited: invited, excuses: Dictionary(uniqueKeysWithValues: absent.filter(\.value).map { ($0.key, "ốm") }), events: [])
        // Without parts everyone not checked in is absent; those not listed in `absent` were present.
        tally.absentees = tally.absentees.filter { absent[$0.id] != nil }
        tally.lateArrivals = late.map { Tally.Lateness(id: $0, name: "", unit: "", part: "Sáng", at: "\(date)T08:00:00+07:00", minutes: 20) }
        tally.reflections = reflections.map { Tally.ReflectionFigures.compute(invited: invited, reflections: $0, due: nil) ?? .init(due: nil, total: .init(), categories: [], missing: []) }
        return YearReport.ConferenceInput(tally: tally, invited: invited, reflections: reflections ?? [])
    }

    @Test func perDelegateUnitAndCategoryAcrossTheSpan() throws {
        let conferences = [
            Self.conference("K1", "2026-03-02", [Self.an, Self.binh, Self.ba, Self.dung], absent: ["DV2": false, "CC1": true], late: ["DV1"],
                            reflections: [Reflection(delegate: "DV1", submitted: "2026-03-05", grade: .passed),
                                          Reflection(delegate: "DV3", submitted: "2026-03-06", grade: .notPassed)]),
            Self.conference("K2", "2026-06-10", [Self.an, Self.binh, Self.ba], absent: ["DV2": false]),
            Self.conference("K0", "2025-12-30", [Self.an], absent: ["DV1": false]),  // the year before: not counted
        ]
        let year = YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-12-31")
        #expect(year.conferences.map(\.id) == ["K1", "K2"])
        // The official order within the unit as first named: Ba, An... by given name: An, Ba, Bình.
        #expect(year.delegates.map(\.id) == ["DV1", "DV3", "DV2", "CC1"])
        let an = try #require(year.delegates.first { $0.id == "DV1" })
        let anCounts: [Int] = [an.counts.invited, an.counts.present, an.counts.late, an.counts.absentUnexcused]
        #expect(anCounts == [2, 2, 1, 0])
        #expect(an.counts.rate == 100)
        let anReflections: [Int] = [an.counts.reflectionsDue, an.counts.reflectionsSubmitted, an.counts.passed]
        #expect(anReflections == [1, 1, 1])
        let binh = try #require(year.delegates.first { $0.id == "DV2" })
        #expect(binh.counts.absentUnexcused == 2)
        #expect(binh.counts.rate == 0)
        #expect(binh.unit == "chi  bộ 1")
        // One unit whatever the case and spacing, its spellings shown; the target its members'.
        #expect(year.units.map(\.unit) == ["Chi bộ 1", "UBND xã"])
        #expect(year.units[0].spellings == ["Chi bộ 1", "chi  bộ 1"])
        let unitCounts: [Int] = [year.units[0].counts.invited, year.units[0].counts.present]
        #expect(unitCounts == [6, 4])
        #expect(year.units[0].counts.rate == 66.7)
        #expect(year.units[0].counts.target == 98)
        #expect(year.units[0].counts.belowTarget)
        #expect(year.units[1].spellings.isEmpty)
        #expect(year.categories.map(\.category) == [.partyMember, .official])
        #expect(year.categories[1].counts.absentExcused == 1)
        #expect(year.categories[1].counts.target == 90)
        #expect(year.total.invited == 7)
        // Diacritics are not folded: "Chi bo 1" would be another unit, not silently the same one.
        #expect(YearReport.unitKey("Chi bo 1") != YearReport.unitKey("CHI BỘ  1"))
        #expect(YearReport.unitKey("chi bộ 1".decomposedStringWithCanonicalMapping) == YearReport.unitKey("CHI BỘ  1"))

        let unit = YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-12-31", unit: "CHI BỘ 1")
        #expect(unit.delegates.map(\.id) == ["DV1", "DV3", "DV2"])
        let officials = YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-12-31", category: .official)
        #expect(officials.delegates.map(\.id) == ["CC1"])
        let spring = YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-03-31")
        #expect(spring.conferences.map(\.id) == ["K1"])

        let text = year.textReport()
        #expect(text.contains("NĂM 2026"))
        #expect(text.contains("Chi bộ 1 (viết là \"Chi"), "\(text)")  // the spellings, wrapped under the unit
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text)")
        let csv = String(decoding: year.csv(language: .english), as: UTF8.self)
        #expect(csv.contains("\r\nDelegate,DV2,Trần Thị Bình,chi  bộ 1,Party member,2,0,0,0,0,2,0,98,1,0,0,0,0\r\n"), "\(csv)")
        #expect(csv.contains("Level,Id,Name,Unit,Category,Invited,Present,"))
    }

    /// The three `[year]` rules, each naming the conferences behind it.
    @Test func attentionRulesNameTheConferencesBehindThem() throws {
        let conferences = [
            Self.conference("K1", "2026-03-02", [Self.an, Self.binh, Self.ba], absent: ["DV2": false],
                            reflections: [Reflection(delegate: "DV1", submitted: "2026-03-05", grade: .passed),
                                          Reflection(delegate: "DV3", submitted: "2026-03-06", grade: .notPassed)]),
            Self.conference("K2", "2026-06-10", [Self.an, Self.binh, Self.ba], absent: ["DV2": false, "DV1": true]),
        ]
        let year = YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-12-31")
        #expect(year.attention.map(\.id) == ["DV1", "DV3", "DV2"])  // DV1: 50% (one excused absence) is under 80
        let binh = try #require(year.attention.first { $0.id == "DV2" })
        #expect(binh.reasons.map(\.rule) == ["rate", "unexcused", "reflection"])
        #expect(binh.reasons[0].conferences == ["K1", "K2"])
        #expect(binh.reasons[1].value == 2)
        #expect(binh.reasons[2].conferences == ["K1:missing"])
        #expect(year.attention[0].reasons.map(\.conferences) == [["K2"]])
        #expect(year.attention[1].reasons.map(\.conferences) == [["K1:chua_dat"]])
        let looser = YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-12-31",
                                        rules: .init(rate: 50, unexcused: 0, grades: [], missing: false))
        #expect(looser.attention.map(\.id) == ["DV2"])
        #expect(YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-12-31", rules: .init(rate: 0, unexcused: 3, grades: [], missing: false)).attention.isEmpty)
        let parsed = try #require(YearReport.AttentionRules.reflection("Chua dat | co ban dat,missing"))
        #expect(parsed.grades == [.notPassed, .basicallyPassed] && parsed.missing)
        #expect(YearReport.AttentionRules.reflection("none")?.grades.isEmpty == true)
        #expect(YearReport.AttentionRules.reflection("chưa đạt|sometimes") == nil)
        let text = year.textReport()
        #expect(text.contains("IV- ĐẢNG VIÊN, ĐẠI BIỂU CẦN QUAN TÂM"))
        #expect(text.contains("2 lần vắng không lý do: K1 02/03/2026, K2 10/06/2026"), "\(text)")
        #expect(text.contains("bài thu hoạch K1 02/03/2026: chưa đạt"), "\(text)")
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text)")
    }

    /// The year's JSON writes its keys in snake case itself (no key conversion): every key is
    /// snake case, and the JSON decodes back (`.convertFromSnakeCase`) to the same year, so no
    /// field is left out.
    @Test func theJSONsKeysAreSnakeCaseAndItDecodesBackWhole() throws {
        let conferences = [
            Self.conference("K1", "2026-03-02", [Self.an, Self.binh, Self.ba, Self.dung], absent: ["DV2": false, "CC1": true], late: ["DV1"],
                            reflections: [Reflection(delegate: "DV1", submitted: "2026-03-05", grade: .basicallyPassed),
                                          Reflection(delegate: "DV3", submitted: "2026-03-06", grade: .notPassed)]),
            Self.conference("K2", "2026-06-10", [Self.an, Self.binh, Self.ba], absent: ["DV2": false]),
        ]
        var year = YearReport.compute(conferences: conferences, from: "2026-01-01", to: "2026-12-31")
        year.partial = [.init(conference: "K3", date: "2026-07-01", bridge: "xa-b")]
        year.partialReflections = [.init(conference: "K2", date: "2026-06-10", bridge: "xa-c")]
        let data = year.jsonData()
        let text = String(decoding: data, as: UTF8.self)
        for key in ["\"left_early\"", "\"absent_excused\"", "\"absent_unexcused\"", "\"below_target\"", "\"basically_passed\"",
                    "\"not_passed\"", "\"partial_reflections\""] {
            #expect(text.contains(key + " :") || text.contains(key + ":"), "\(key) missing")
        }
        let keys = try NSRegularExpression(pattern: "\"([A-Za-z_]+)\" ?:")
            .matches(in: text, range: NSRange(text.startIndex..., in: text)).map { (text as NSString).substring(with: $0.range(at: 1)) }
        #expect(!keys.isEmpty && keys.allSatisfy { $0 == $0.lowercased() }, "\(Set(keys).filter { $0 != $0.lowercased() })")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(YearReport.self, from: data) == year)
    }
}
