@testable import AttendCore
import Foundation
import Testing

/// The incidents the tally carries, on a two-part day (Sáng 07:30–11:30, 240 min; Chiều
/// 13:30–17:00, 210 min) with a known presence:
/// - A inside 07:00–17:30 (counted 07:30–17:00), B 08:00–10:00, walk-in W 09:00–09:30,
///   C from 13:30 with no check-out (to 17:00).
@Suite struct IncidentSummaryTests {
    static let date = "2026-11-23"
    static let plan = ConferencePlan(
        id: "HN", title: "Hội nghị", date: date,
        parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: date), graceMinutes: 10)

    static func at(_ time: String) -> Timestamp { ConferencePlan.localTime(date, time)! }

    static let events: [AttendanceEvent] = [
        ("A", Direction.checkIn, "07:00"), ("A", .checkOut, "17:30"),
        ("B", .checkIn, "08:00"), ("B", .checkOut, "10:00"),
        ("W", .checkIn, "09:00"), ("W", .checkOut, "09:30"),
        ("C", .checkIn, "13:30"),
    ].map { AttendanceEvent(delegate: $0.0, direction: $0.1, at: at($0.2)) }

    static func incident(
        _ id: Int64, _ kind: IncidentKind, _ start: String, _ end: String?, source: IncidentSource = .operator,
        note: String = ""
    ) -> Incident {
        Incident(
            id: id, kind: kind, source: source, sourceName: source == .operator ? nil : "hall-1", start: at(start),
            end: end.map(at), note: note, closedByConferenceEnd: false)
    }

    static func summary(_ incidents: [Incident]) -> IncidentSummary {
        IncidentSummary.compute(plan: plan, incidents: incidents, events: events)
    }

    func kind(_ summary: IncidentSummary, _ kind: IncidentKind) -> IncidentSummary.KindFigures {
        summary.kinds.first { $0.kind == kind }!
    }

    /// Audio lost 09:00–09:20 with a nested report 09:10–09:15, and the line down 09:15–09:30.
    static let overlapping = [
        incident(1, .audioLost, "09:00", "09:20", note: "loa hỏng"),
        incident(2, .audioLost, "09:10", "09:15", source: .terminal),
        incident(3, .lineDown, "09:15", "09:30", source: .probe),
    ]

    @Test func overlappingAndNestedIncidentsAreUnionedNotDoubleCounted() {
        let summary = Self.summary(Self.overlapping)
        #expect(kind(summary, .audioLost).count == 2)
        #expect(kind(summary, .audioLost).minutes == 20)  // 09:00–09:20, the nested one inside it
        #expect(kind(summary, .lineDown).count == 1)
        #expect(kind(summary, .lineDown).minutes == 15)
        #expect(kind(summary, .power).count == 0)
        #expect(summary.kinds.map(\.kind) == IncidentKind.allCases)
        // Sound lost 09:00–09:30 (30 of 240 min); picture only while the line was down (15).
        #expect(summary.outageMinutes == 30)
        #expect(summary.parts[0].soundPercent == 87.5)
        #expect(summary.parts[0].soundLostMinutes == 30)
        #expect(summary.parts[0].picturePercent == 93.7)  // 93.75 rounded down
        #expect(summary.parts[0].pictureLostMinutes == 15)
        #expect(summary.parts[1].soundPercent == 100)
        #expect(summary.parts[1].picturePercent == 100)
        #expect(summary.parts.map(\.minutes) == [240, 210])
        #expect(summary.longestOutage == .init(id: 1, kind: .audioLost, start: Self.at("09:00").vietnam, minutes: 20))
        #expect(summary.entries.map(\.id) == [1, 2, 3])
    }

    @Test func peopleMinutesComeFromThePresenceIntervals() {
        let summary = Self.summary(Self.overlapping)
        // A, B and the walk-in W were inside from 09:00 to 09:30: three people.
        #expect(summary.entries.map(\.peopleInsideAtStart) == [3, 3, 3])
        #expect(summary.entries.map(\.peopleMinutesLost) == [60, 15, 45])
        // The total is over the union of outages: 3 people × 30 min, not 60 + 15 + 45.
        #expect(summary.peopleMinutesLost == 90)

        // The walk-in leaves at 09:30; from 10:00 only A is inside.
        let later = Self.summary([Self.incident(9, .videoLost, "09:20", "10:30")])
        #expect(later.entries[0].peopleInsideAtStart == 3)
        // 09:20–09:30 three, 09:30–10:00 two, 10:00–10:30 one: 30 + 60 + 30.
        #expect(later.entries[0].peopleMinutesLost == 120)
    }

    @Test func anOpenIncidentIsClosedAtTheConferenceEndAndMarked() {
        let summary = Self.summary([Self.incident(4, .videoLost, "16:30", nil)])
        let entry = summary.entries[0]
        #expect(entry.end == Self.at("17:00").vietnam)
        #expect(entry.minutes == 30)
        #expect(entry.closedByConferenceEnd)
        #expect(entry.peopleInsideAtStart == 2)  // A and C
        #expect(entry.peopleMinutesLost == 60)
        #expect(summary.parts[1].picturePercent == 85.7)  // 180 of 210
        #expect(summary.parts[1].soundPercent == 100)
        // One the store already closed at the end keeps its mark.
        var closed = Self.incident(5, .audioLost, "16:50", "17:00")
        closed.closedByConferenceEnd = true
        #expect(Self.summary([closed]).entries[0].closedByConferenceEnd)
        #expect(!Self.summary([Self.incident(6, .audioLost, "16:50", "16:55")]).entries[0].closedByConferenceEnd)
    }

    @Test func incidentsOutsideThePartsAreClippedOrLeftOut() {
        let summary = Self.summary([
            Self.incident(1, .power, "06:00", "07:00"),  // before the conference
            Self.incident(2, .audioLost, "12:00", "13:00"),  // at lunch
            Self.incident(3, .lineDown, "11:00", "14:00"),  // across lunch
            Self.incident(4, .audioLost, "18:00", nil),  // opened after the end
            Self.incident(5, .videoLost, "17:10", "17:20"),  // after the end
            Self.incident(6, .degraded, "10:00", "10:00"),  // an instant, inside a part
            Self.incident(7, .degraded, "12:30", "12:30"),  // an instant at lunch
            Self.incident(8, .audioLost, "07:00", "07:40"),  // starts before the first part
        ])
        #expect(summary.entries.map(\.id) == [8, 6, 3])
        #expect(kind(summary, .power).count == 0)
        #expect(kind(summary, .videoLost).count == 0)
        let across = summary.entries.first { $0.id == 3 }!
        // 11:00–11:30 and 13:30–14:00; shown with its own times.
        #expect(across.minutes == 60)
        #expect(across.start == Self.at("11:00").vietnam)
        #expect(across.end == Self.at("14:00").vietnam)
        #expect(across.peopleInsideAtStart == 1)  // A alone at 11:00
        #expect(across.peopleMinutesLost == 30 + 60)  // A, then A and C
        let early = summary.entries.first { $0.id == 8 }!
        #expect(early.minutes == 10)
        #expect(early.peopleInsideAtStart == 1)  // A, counted from 07:30
        let instant = summary.entries.first { $0.id == 6 }!
        #expect(instant.minutes == 0)
        #expect(kind(summary, .degraded).count == 1)
        #expect(summary.longestOutage?.id == 3)
        #expect(summary.parts[0].soundLostMinutes == 40)  // 07:30–07:40 and 11:00–11:30
        #expect(summary.parts[1].soundLostMinutes == 30)
        #expect(summary.parts[1].soundPercent == 85.7)
    }

    @Test func degradedQualityIsCountedButIsNotAnOutage() {
        let summary = Self.summary([Self.incident(1, .degraded, "09:00", "10:00")])
        #expect(kind(summary, .degraded).minutes == 60)
        #expect(summary.outageMinutes == 0)
        #expect(summary.longestOutage == nil)
        #expect(summary.peopleMinutesLost == 0)
        #expect(summary.parts[0].soundPercent == 100)
        #expect(summary.parts[0].picturePercent == 100)
        #expect(summary.entries[0].peopleMinutesLost > 0)
    }

    @Test func sharesAreRoundedDownSoOneHundredMeansNothingLost() {
        var blip = Self.incident(1, .power, "09:00", "09:00")
        blip.end = Timestamp(milliseconds: blip.start.milliseconds + 1_000)
        let summary = Self.summary([blip])
        #expect(summary.parts[0].soundPercent == 99.9)
        #expect(summary.parts[0].picturePercent == 99.9)
        #expect(summary.entries[0].minutes == 0)
        #expect(IncidentSummary.share(kept: 2, of: 3) == 66.6)
    }

    @Test func longestOutageTiesGoToTheEarlierStart() {
        let summary = Self.summary([
            Self.incident(7, .videoLost, "10:00", "10:10"), Self.incident(3, .audioLost, "09:00", "09:10"),
            Self.incident(1, .degraded, "08:00", "09:00"),
        ])
        #expect(summary.longestOutage?.id == 3)
        #expect(summary.entries.map(\.id) == [1, 3, 7])
    }

    @Test func theTallyCarriesTheSummaryEvenForACleanConference() {
        let clean = TallyComputation.tally(plan: Self.plan, invited: [], excuses: [:], events: Self.events)
        let summary = try! #require(clean.incidents)
        #expect(summary.entries.isEmpty)
        #expect(summary.parts.map(\.soundPercent) == [100, 100])
        #expect(summary.parts.map(\.picturePercent) == [100, 100])
        #expect(summary.kinds.allSatisfy { $0.count == 0 && $0.minutes == 0 })
        #expect(summary.longestOutage == nil)

        let withIncidents = TallyComputation.tally(
            plan: Self.plan, invited: [], excuses: [:], events: Self.events, incidents: Self.overlapping)
        #expect(withIncidents.incidents == Self.summary(Self.overlapping))

        var noParts = Self.plan
        noParts.parts = []
        #expect(TallyComputation.tally(plan: noParts, invited: [], excuses: [:], events: []).incidents == nil)
    }

    @Test func presenceProfileIntegratesAStepFunction() {
        typealias Interval = TallyComputation.Interval
        let profile = PresenceProfile(intervals: [
            Interval(start: 0, end: 10), Interval(start: 5, end: 15), Interval(start: 10, end: 20), Interval(start: 30, end: 30),
        ])
        #expect(profile.count(at: -1) == 0)
        #expect(profile.count(at: 0) == 1)
        #expect(profile.count(at: 5) == 2)
        #expect(profile.count(at: 10) == 2)
        #expect(profile.count(at: 15) == 1)
        #expect(profile.count(at: 20) == 0)
        #expect(profile.personMilliseconds(Interval(start: -100, end: 100)) == 30)
        #expect(profile.personMilliseconds(Interval(start: 4, end: 6)) == 3)
        #expect(profile.personMilliseconds(Interval(start: 6, end: 4)) == 0)
    }

    // MARK: In the tally's JSON, text and CSV

    static func tally() -> Tally {
        TallyComputation.tally(
            plan: Self.plan, invited: [Delegate(id: "A", fullName: "Nguyễn Văn An", category: .partyMember)], excuses: [:],
            events: Self.events, incidents: Self.overlapping + [Self.incident(4, .videoLost, "16:30", nil)])
    }

    @Test func jsonRoundTripKeepsTheIncidents() throws {
        let tally = Self.tally()
        let decoded = try Tally.decode(json: tally.jsonData())
        #expect(decoded == tally)
        let text = String(decoding: tally.jsonData(), as: UTF8.self)
        for key in ["\"incidents\"", "\"sound_percent\" : 87.5", "\"people_minutes_lost\"", "\"closed_by_conference_end\" : true",
                    "\"kind\" : \"audio_lost\"", "\"source\" : \"probe\"", "\"people_inside_at_start\""] {
            #expect(text.contains(key), "missing \(key)")
        }
    }

    @Test func aTallyWrittenBeforeIncidentsStillDecodes() throws {
        var object = try JSONSerialization.jsonObject(with: Self.tally().jsonData()) as! [String: Any]
        object.removeValue(forKey: "incidents")
        let old = try JSONSerialization.data(withJSONObject: object)
        let decoded = try Tally.decode(json: old)
        #expect(decoded.incidents == nil)
        var expected = Self.tally()
        expected.incidents = nil
        #expect(decoded == expected)
        // And it prints without the section, and encodes without the key.
        #expect(!decoded.textReport().contains("SỰ CỐ"))
        #expect(!String(decoding: decoded.jsonData(), as: UTF8.self).contains("incidents"))
    }

    @Test func impossibleIncidentFiguresAreRefusedWithTheirField() throws {
        func refusal(_ change: (inout [String: Any]) -> Void) throws -> TallyDecodingError? {
            var object = try JSONSerialization.jsonObject(with: Self.tally().jsonData()) as! [String: Any]
            change(&object)
            let data = try JSONSerialization.data(withJSONObject: object)
            do {
                _ = try Tally.decode(json: data)
                return nil
            } catch {
                return error
            }
        }
        func editIncidents(_ object: inout [String: Any], _ body: (inout [String: Any]) -> Void) {
            var incidents = object["incidents"] as! [String: Any]
            body(&incidents)
            object["incidents"] = incidents
        }
        let negative = try refusal { object in
            editIncidents(&object) { incidents in
                var entries = incidents["entries"] as! [[String: Any]]
                entries[1]["minutes"] = -5
                incidents["entries"] = entries
            }
        }
        #expect(negative?.path == "incidents.entries[1].minutes")
        let percent = try refusal { object in
            editIncidents(&object) { incidents in
                var parts = incidents["parts"] as! [[String: Any]]
                parts[0]["sound_percent"] = 140.5
                incidents["parts"] = parts
            }
        }
        #expect(percent?.path == "incidents.parts[0].sound_percent")
        let time = try refusal { object in
            editIncidents(&object) { incidents in
                var entries = incidents["entries"] as! [[String: Any]]
                entries[0]["end"] = "soon"
                incidents["entries"] = entries
            }
        }
        #expect(time?.path == "incidents.entries[0].end")
        let kind = try refusal { object in
            editIncidents(&object) { incidents in
                var entries = incidents["entries"] as! [[String: Any]]
                entries[0]["kind"] = "earthquake"
                incidents["entries"] = entries
            }
        }
        #expect(kind?.path == "incidents.entries[0].kind")
        // A fraction where a count belongs is found even among the fractional minutes.
        let fraction = try refusal { object in
            editIncidents(&object) { incidents in
                var entries = incidents["entries"] as! [[String: Any]]
                entries[0]["people_inside_at_start"] = 1.5
                incidents["entries"] = entries
            }
        }
        #expect(fraction?.path == "incidents.entries[0].people_inside_at_start")
    }

    @Test func theReportHasAnIncidentsSection() {
        let tally = Self.tally()
        let text = tally.textReport()
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for label in ["VI- SỰ CỐ ĐƯỜNG TRUYỀN", "87,5%", "93,7%", "85,7%", "Mất âm thanh", "Mất đường", "loa hỏng",
                      "người vận hành", "tự kiểm tra hall-1", "chưa kết thúc khi hết hội nghị",
                      "lâu nhất: mất hình ảnh lúc 16:30, 30 phút", "Số người-phút bị ảnh hưởng: 150."] {
            #expect(flat.contains(label), "missing \(label)")
        }
        #expect(text.contains(#/1\s+Mất âm thanh\s+09:00\s+09:20\s+20\s+3\s+60\s+người vận hành: loa hỏng/#))
        let english = tally.textReport(language: .english).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for label in ["VI- CONNECTION INCIDENTS", "87.5%", "Sound lost", "Line down", "still open at the end",
                      "longest: picture lost at 16:30, 30 min", "People-minutes lost: 150."] {
            #expect(english.contains(label), "missing \(label)")
        }
        for language in ReportLanguage.allCases {
            for line in tally.textReport(language: language).split(separator: "\n") {
                #expect(line.count <= 80, "too long: \(line)")
            }
        }
        let clean = TallyComputation.tally(plan: Self.plan, invited: [], excuses: [:], events: [])
        #expect(clean.textReport().contains("Không có sự cố đường truyền."))
        #expect(clean.textReport(language: .english).contains("No connection incidents."))
    }

    @Test func theCSVHasOneRowPerIncidentAndPerPart() {
        let text = String(decoding: Self.tally().csv(language: .vietnamese).dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n")
        #expect(rows.contains("Sự cố,Loại,Nguồn,Từ,Đến,Số phút,Có mặt lúc đầu,Người-phút,Chưa kết thúc khi hết hội nghị,Ghi chú"))
        #expect(rows.contains("1,Mất âm thanh,operator,09:00,09:20,20,3,60,,loa hỏng"))
        #expect(rows.contains("3,Mất đường truyền,probe hall-1,09:15,09:30,15,3,45,,"))
        #expect(rows.contains("4,Mất hình ảnh,operator,16:30,17:00,30,2,60,có,"))
        #expect(rows.contains("Sáng,240,87.5,93.7,30,15"))
        #expect(rows.contains("Chiều,210,100,85.7,0,30"))
        // A clean conference adds no rows.
        let clean = TallyComputation.tally(plan: Self.plan, invited: [], excuses: [:], events: [])
        #expect(!String(decoding: clean.csv(language: .english), as: UTF8.self).contains("Incident"))
    }

    // MARK: Kinds

    @Test func kindsParseTheirNamesAndAliases() {
        #expect(IncidentKind.parse("audio_lost") == .audioLost)
        #expect(IncidentKind.parse("Sound") == .audioLost)
        #expect(IncidentKind.parse("picture") == .videoLost)
        #expect(IncidentKind.parse(" down ") == .lineDown)
        #expect(IncidentKind.parse("LINE_DOWN") == .lineDown)
        #expect(IncidentKind.parse("power") == .power)
        #expect(IncidentKind.parse("degraded") == .degraded)
        #expect(IncidentKind.parse("earthquake") == nil)
        #expect(IncidentKind.parse("") == nil)
        #expect(IncidentKind.allCases.filter(\.losesSound) == [.audioLost, .lineDown, .power])
        #expect(IncidentKind.allCases.filter(\.losesPicture) == [.videoLost, .lineDown, .power])
        #expect(IncidentKind.lineDown.vietnameseLabel == "Mất đường truyền")
        #expect(IncidentKind.power.label(.english) == "Power cut")
    }
}
