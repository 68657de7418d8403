@testable import AttendCore
import Foundation
import AttendTestSupport
import Testing

/// The tally's JSON (what the push carries), its printed report, and its CSV, from one small
/// fixed conference: two parts, every category, a late arrival, an early leaver, absentees
/// with and without a reason, and a walk-in.
@Suite struct TallyRenderingTests {
    static let date = "2026-11-23"

    static func at(_ time: String) -> Timestamp { ConferencePlan.localTime(date, time)! }

    static func tally() -> Tally {
        let plan = ConferencePlan(
            id: "HN-2026-11", title: "Hội nghị học tập, quán triệt Nghị quyết Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII",
            date: date, parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: date),
            graceMinutes: 10, expected: 6)
        let invited = [
            Delegate(id: "DV001", fullName: "Nguyễn Văn An", unit: "Chi bộ 1", category: .partyMember),
            Delegate(id: "DV002", fullName: "Trần Thị Bình", unit: "Chi bộ 1, xã Tây Sơn", category: .partyMember),
            Delegate(id: "DV003", fullName: "Lê Văn Cường", unit: "Chi bộ 2", category: .partyMember),
            Delegate(id: "DV004", fullName: "Phạm Thị Dung", unit: "Chi bộ 2", category: .partyMember),
            Delegate(id: "CB001", fullName: "Hoàng Văn Em", unit: "UBND xã", category: .official),
            Delegate(id: "HV001", fullName: "Đỗ Thị Phương", unit: "Hội Phụ nữ", category: .unionMember),
            Delegate(id: "KM001", fullName: "Vũ Văn Khách", unit: "Sở Nội vụ", category: .guest),
        ]
        let events: [(String, Direction, String)] = [
            ("DV001", .checkIn, "07:20"),
            ("DV002", .checkIn, "07:55"), ("DV002", .checkOut, "16:00"),
            ("CB001", .checkIn, "07:25"),
            ("HV001", .checkIn, "07:28"),
            ("KM001", .checkIn, "07:29"),
            ("X-99", .checkIn, "08:05"),
        ]
        return TallyComputation.tally(
            plan: plan, invited: invited,
            excuses: ["DV003": "Ốm, nằm viện \"Đa khoa\"\nđã báo"],
            events: events.map { AttendanceEvent(delegate: $0.0, direction: $0.1, at: at($0.2)) })
    }

    func json(_ text: String) -> Data { Data(text.utf8) }

    func decodeError(_ data: Data) -> TallyDecodingError? {
        do {
            _ = try Tally.decode(json: data)
            return nil
        } catch {
            return error
        }
    }

    /// The tally's JSON as a mutable object, to break one field at a time.
    func object() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Self.tally().jsonData()) as! [String: Any]
    }

    // MARK: JSON

    @Test func jsonRoundTripGivesTheSameTally() throws {
        let original = Self.tally()
        #expect(original.absentees.count == 2 && original.lateArrivals.count == 1 && original.earlyLeavers.count == 1)
        #expect(try Tally.decode(json: original.jsonData()) == original)
        var empty = original
        empty.absentees = []
        empty.conference.expected = nil
        empty.total.rate = nil
        #expect(try Tally.decode(json: empty.jsonData()) == empty)
    }

    /// What a reader calls the report is numbered apart from the wire revision: day-before
    /// figures have no number, the first final report is 1 however many revisions came before,
    /// each correction the next. The number travels in the JSON and into the hub's summary.
    @Test func theReportNumberCountsFinalReportsOnly() throws {
        var dayBefore = Self.tally()
        dayBefore.final = false
        #expect(Tally.reportNumber(final: false, frozenBefore: []) == nil)
        #expect(Tally.reportNumber(final: false, frozenBefore: [dayBefore]) == nil)
        #expect(Tally.reportNumber(final: true, frozenBefore: [dayBefore, dayBefore, dayBefore]) == 1)  // after day-before revisions 1-3
        var first = Self.tally()
        first.final = true
        first.report = Tally.reportNumber(final: true, frozenBefore: [dayBefore, dayBefore, dayBefore])
        #expect(Tally.reportNumber(final: true, frozenBefore: [dayBefore, dayBefore, dayBefore, first]) == 2)
        #expect(Tally.reportNumber(final: true, frozenBefore: []) == 1)
        // A final report frozen before the field (no `report`, no `final`) was report 1 all the
        // same: the correction after the upgrade is report 2, not a second report 1.
        let old = Self.tally()
        #expect(old.report == nil && old.final == nil)
        #expect(Tally.reportNumber(final: true, frozenBefore: [dayBefore, old]) == 2)
        // The writer reads only the `final` of each earlier tally: the same answer.
        #expect(Tally.isFinal(json: Array(dayBefore.jsonData())) == false)
        #expect(Tally.isFinal(json: Array(old.jsonData())) == true)
        #expect(Tally.isFinal(json: Array(first.jsonData())) == true)
        #expect(Tally.isFinal(json: Array("not json".utf8)) == nil)
        let bytes = first.jsonData()
        #expect((try JSONSerialization.jsonObject(with: bytes) as? [String: Any])?["report"] as? Int == 1)
        #expect(try Tally.decode(json: bytes).report == 1)
        #expect(TallySummary(first).report == 1)
        var bad = try object()
        bad["report"] = 0
        let error = decodeError(try JSONSerialization.data(withJSONObject: bad))
        #expect(error?.path == "report")
        #expect(error?.description.contains("report number from 1") == true, "\(String(describing: error))")
    }

    @Test func jsonUsesSnakeCaseKeysAndEndsWithANewline() {
        let text = String(decoding: Self.tally().jsonData(), as: UTF8.self)
        for key in ["absent_excused", "absent_unexcused", "late_arrivals", "early_leavers", "slot_minutes",
                    "walk_ins", "first_seen", "grace_minutes", "present_at_start", "below_target"] {
            #expect(text.contains("\"\(key)\""), "missing \(key)")
        }
        #expect(!text.contains("absentExcused"))
        #expect(text.contains("\"schema\" : \"attendd.tally/1\""))
        #expect(text.hasSuffix("}\n"))
    }

    @Test func decodeRefusesAnotherOrAMissingSchema() throws {
        var other = try object()
        other["schema"] = "attendd.tally/2"
        let error = decodeError(try JSONSerialization.data(withJSONObject: other))
        #expect(error?.message == "unsupported tally schema \"attendd.tally/2\"; this attendd reads attendd.tally/1")
        #expect(error?.path == "schema")

        var missing = try object()
        missing["schema"] = nil
        let none = decodeError(try JSONSerialization.data(withJSONObject: missing))
        #expect(none?.path == "schema")
        #expect(none?.message.contains("attendd.tally/1") == true)

        let number = decodeError(json(#"{"schema": 1}"#))
        #expect(number?.path == "schema")
    }

    @Test func garbageIsRefusedWithAMessage() {
        for text in ["", "not json", "[1, 2", "{\"schema\": \"attendd.tally/1\"", "null", "[]", "\"text\"",
                     String(repeating: "[", count: 100_000)] {
            let error = decodeError(json(text))
            #expect(error != nil, "accepted \(text.prefix(20))")
            #expect(error?.message.isEmpty == false)
        }
        #expect(decodeError(json("[1, 2"))?.message.hasPrefix("tally is not valid JSON") == true)
    }

    @Test func truncatedJSONIsRefusedAtEveryLength() {
        let data = Self.tally().jsonData()
        for length in stride(from: 0, to: data.count - 2, by: 7) {
            #expect(decodeError(data.prefix(length)) != nil, "accepted the first \(length) bytes")
        }
    }

    @Test func oversizedJSONIsRefusedBeforeParsing() {
        let data = Data(repeating: 0x20, count: Tally.maxJSONBytes + 1)
        let error = decodeError(data)
        #expect(error?.path == "")
        #expect(error?.message.contains("limit") == true)
    }

    @Test func wrongTypesAndMissingFieldsNameTheirPath() throws {
        func refusal(_ change: (inout [String: Any]) -> Void) throws -> TallyDecodingError? {
            var value = try object()
            change(&value)
            return decodeError(try JSONSerialization.data(withJSONObject: value))
        }
        func figures(_ value: inout [String: Any], _ key: String, _ new: Any?) {
            var categories = value["categories"] as! [[String: Any]]
            var figures = categories[0]["figures"] as! [String: Any]
            figures[key] = new
            categories[0]["figures"] = figures
            value["categories"] = categories
        }
        #expect(try refusal { figures(&$0, "absent_excused", "two") }?.path == "categories[0].figures.absent_excused")
        #expect(try refusal { figures(&$0, "present", nil) }?.path == "categories[0].figures.present")
        #expect(try refusal { figures(&$0, "invited", -3) }?.path == "categories[0].figures.invited")
        #expect(try refusal { figures(&$0, "rate", 250.0) }?.path == "categories[0].figures.rate")
        #expect(try refusal { figures(&$0, "invited", 1.5) }?.path == "categories[0].figures.invited")
        #expect(try refusal { $0["late_arrivals"] = "none" }?.path == "late_arrivals")
        #expect(try refusal { $0["walk_ins"] = [["id": "X"]] }?.path == "walk_ins[0].first_seen")
        #expect(try refusal { $0["walk_ins"] = [["id": "X", "first_seen": "yesterday"]] }?.path == "walk_ins[0].first_seen")
        #expect(try refusal {
            var curve = $0["curve"] as! [String: Any]
            curve["slot_minutes"] = 0
            $0["curve"] = curve
        }?.path == "curve.slot_minutes")
        #expect(try refusal {
            var categories = $0["categories"] as! [[String: Any]]
            categories[1]["category"] = "emperor"
            $0["categories"] = categories
        }?.path == "categories[1].category")
        let missing = try refusal { $0["conference"] = nil }
        #expect(missing?.path == "conference")
        #expect(missing?.message == "tally field conference is missing")
    }

    /// 1,000 random mutations of a valid tally's JSON: each is refused with a message or read
    /// as a tally that then renders; none may crash. Seeded, so a failure repeats.
    @Test func fuzzedJSONNeverCrashes() {
        let valid = Array(Self.tally().jsonData())
        let tokens: [[UInt8]] = ["-1", "1e400", "1.5", "null", "true", "\"\"", "[]", "{}", "\"\\u0000\"", "99999999999999999999",
                                 ",", ":", "\"", "{", "]", "\u{FEFF}", "\"attendd.tally/2\"", "NaN"].map { Array($0.utf8) }
        var random = SplitMix64(state: 0x7A11_2026)
        var refused = 0
        for _ in 0..<1000 {
            var bytes = valid
            for _ in 0..<(1 + random.next(below: 3)) {
                let position = random.next(below: bytes.count)
                switch random.next(below: 6) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next(below: 256))
                case 1: bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.next(below: 40)))
                case 2: bytes.insert(contentsOf: tokens[random.next(below: tokens.count)], at: position)
                case 3: bytes = Array(bytes.prefix(position))
                case 4:
                    let end = min(bytes.count, position + random.next(below: 200))
                    bytes.insert(contentsOf: bytes[position..<end], at: random.next(below: bytes.count))
                default:
                    // A digit swapped for a number that does not fit, or a minus sign.
                    if let digit = bytes[position...].firstIndex(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                        bytes.replaceSubrange(digit...digit, with: tokens[random.next(below: 3)])
                    }
                }
                if bytes.isEmpty { break }
            }
            do {
                let tally = try Tally.decode(json: Data(bytes))
                _ = tally.textReport()
                _ = tally.textReport(language: .english)
                _ = tally.csv(language: .vietnamese)
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 500)
    }

    // MARK: Numbers

    @Test func vietnameseNumbers() {
        #expect(VietnameseNumber.integer(0) == "0")
        #expect(VietnameseNumber.integer(999) == "999")
        #expect(VietnameseNumber.integer(1000) == "1.000")
        #expect(VietnameseNumber.integer(7_450_689) == "7.450.689")
        #expect(VietnameseNumber.integer(-1234) == "-1.234")
        #expect(VietnameseNumber.integer(Int.min) == "-9.223.372.036.854.775.808")
        #expect(VietnameseNumber.percent(97.8) == "97,8%")
        #expect(VietnameseNumber.percent(97.84) == "97,8%")
        #expect(VietnameseNumber.percent(97.85) == "97,9%")
        #expect(VietnameseNumber.percent(100) == "100,0%")
        #expect(VietnameseNumber.percent(0) == "0,0%")
        #expect(VietnameseNumber.percent(1234.5) == "1.234,5%")
        #expect(VietnameseNumber.percent(-2.5) == "-2,5%")
        #expect(VietnameseNumber.percent(nil) == "—")
        #expect(VietnameseNumber.percent(.nan) == "—")
        #expect(NumberStyle.english.integer(7_450_689) == "7,450,689")
        #expect(NumberStyle.english.percent(97.8) == "97.8%")
        #expect(NumberStyle.english.percent(91) == "91.0%")
        #expect(VietnameseNumber.percent(1e17) == "100.000.000.000.000.000,0%")
        // Quantities that are not rates (minutes) still drop a whole value's `,0`.
        #expect(NumberStyle.vietnamese.decimal(12) == "12")
        #expect(NumberStyle.vietnamese.decimal(3.45) == "3,5")
    }

    // MARK: Text

    @Test func vietnameseReportHasTheLabelsAndFigures() {
        let text = Self.tally().textReport()
        for label in ["BÁO CÁO", "HN-2026-11", "23/11/2026", "Sáng 07:30–11:30", "Chiều 13:30–17:00", "10 phút",
                      "Số đại biểu được mời", "Có mặt", "Vắng có lý do", "Vắng không lý do", "Đến muộn", "Về sớm",
                      "Đại biểu không có trong danh sách (walk-in)", "Tỷ lệ", "Chỉ tiêu", "Đảng viên",
                      "Cán bộ, công chức,", "Đoàn viên, hội viên", "Khách mời", "Tổng cộng"] {
            #expect(text.contains(label), "missing \(label)")
        }
        // Party members: 2 of 4 present, 50%, below 98%.
        #expect(text.contains("▼ dưới chỉ tiêu: Đảng viên đạt 50,0%, chỉ tiêu 98,0%"))
        #expect(!text.contains("dưới chỉ tiêu: Cán bộ"))
        #expect(text.contains("71,4%"))  // 5 of 7 in total
        #expect(text.contains("Số lượng dự kiến / có mặt: 6 / 5 (và 1 đại biểu không có trong danh sách)"))
        // The lists: late at 07:55 by 25 minutes, left at 16:00 an hour early, the walk-in at 08:05.
        #expect(text.contains(#/Sáng\s+07:55\s+25\s+Trần Thị Bình \(DV002\) — Chi bộ 1, xã Tây Sơn/#))
        #expect(text.contains(#/Chiều\s+16:00\s+60\s+Trần Thị Bình/#))
        #expect(text.contains(#/08:05\s+X-99/#))
        #expect(text.contains("Phạm Thị Dung (DV004) — Chi bộ 2 — Đảng viên"))
        // The reason's newline is flattened; the line may wrap anywhere in it.
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Lý do: Ốm, nằm viện \"Đa khoa\" đã báo"))
        // The curve: four inside at 07:30, the late arrival by 08:00, the walk-in by 08:30.
        #expect(text.contains(#/  07:30  [█▏▎▍▌▋▊▉]+\s+4\n  08:00  [█▏▎▍▌▋▊▉]+\s+5\n  08:30  █{50} 6\n/#))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.count <= 100, "too long: \(line)")
        }
    }

    @Test func belowTargetMarkOnlyWhenMissed() {
        var tally = Self.tally()
        for k in tally.categories.indices {
            tally.categories[k].figures.belowTarget = false
            tally.categories[k].figures.rate = 100
        }
        let text = tally.textReport()
        #expect(!text.contains("dưới chỉ tiêu"))
        #expect(!text.contains("▼"))
        #expect(text.contains("Các đối tượng đều đạt chỉ tiêu."))
        #expect(!tally.textReport(language: .english).contains("below target"))
        #expect(Self.tally().textReport(language: .english).contains("▼ below target: Party member at 50.0%, target 98.0%"))
    }

    @Test func englishReportUsesEnglishLabelsAndNumbers() {
        var tally = Self.tally()
        tally.total.invited = 7_450_689
        tally.categories[0].figures.rate = 97.8
        let text = tally.textReport(language: .english)
        for label in ["ATTENDANCE REPORT", "Invited", "Present", "Absent with an excuse", "Absent without an excuse",
                      "Arrived late", "Left early", "Walk-ins (not on the invited list)", "Rate", "Target", "Party member",
                      "7,450,689", "97.8%", "2026-11-23", "Reason: "] {
            #expect(text.contains(label), "missing \(label)")
        }
        #expect(!text.contains("Có mặt"))
        #expect(!text.contains("7.450.689"))
    }

    @Test func longAndHostileTextStaysWithinTheLines() {
        var tally = Self.tally()
        tally.conference.title = String(repeating: "Hội nghị trực tuyến ", count: 20)
        tally.absentees[0].name = String(repeating: "X", count: 5000) + "\nINJECTED"
        tally.absentees[0].unit = String(repeating: "Chi bộ thôn Phú Lạc ", count: 10)
        tally.walkIns[0].id = String(repeating: "9", count: 64)
        // A terminal escape and a right-to-left override must not reach the operator's screen.
        tally.lateArrivals[0].name = "\u{1B}[2J\u{202E}Trần Thị Bình"
        tally.lateArrivals[0].part = "Buổi sáng ngày thứ nhất của hội nghị"
        // Two days of curve at one-minute slots: rows are merged to stay on a page.
        tally.curve.slotMinutes = 1
        tally.curve.counts = Array(repeating: 3, count: 2880)
        for language in ReportLanguage.allCases {
            let text = tally.textReport(language: language)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines { #expect(line.count <= 100, "too long: \(line.prefix(120))") }
            #expect(!lines.contains { $0.hasPrefix("INJECTED") })
            #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
            #expect(text.contains("[2JTrần Thị Bình"))
            #expect(lines.count < 250)
        }
    }

    @Test func decomposedNamesAlignLikeComposedOnes() {
        var tally = Self.tally()
        tally.lateArrivals[0].name = "Trần Thị Bình".decomposedStringWithCanonicalMapping
        tally.lateArrivals[0].part = "Sáng".decomposedStringWithCanonicalMapping
        #expect(tally.textReport() == Self.tally().textReport())
    }

    // MARK: CSV

    func csvText(_ language: ReportLanguage = .vietnamese) -> String {
        String(decoding: Self.tally().csv(language: language).dropFirst(3), as: UTF8.self)
    }

    @Test func csvStartsWithABOMAndEndsEveryRowWithCRLF() {
        let bytes = Self.tally().csv(language: .vietnamese)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(Array(bytes.suffix(2)) == [0x0D, 0x0A])
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            let inQuotes = bytes[..<index].filter { $0 == 0x22 }.count % 2 == 1
            #expect(inQuotes || bytes[index - 1] == 0x0D, "bare LF at byte \(index)")
        }
    }

    @Test func csvHasTheSummaryBlockThenTheLists() {
        let rows = csvText().components(separatedBy: "\r\n")
        #expect(rows[0] == "Đối tượng,Số đại biểu được mời,Có mặt,Vắng có lý do,Vắng không lý do,"
            + "Đại biểu không có trong danh sách (walk-in),Tỷ lệ (%),Chỉ tiêu (%)")
        #expect(rows[1] == "Đảng viên,4,2,1,1,0,50,98")
        #expect(rows.contains("Tổng cộng,7,5,1,1,1,71.4,"))
        let blank = rows.firstIndex(of: "")!
        #expect(blank == 6)
        #expect(rows[blank + 1] == "Danh sách,Mã,Họ và tên,Đơn vị,Đối tượng,Buổi,Giờ,Số phút,Lý do")
        #expect(rows.contains("vắng không lý do,DV004,Phạm Thị Dung,Chi bộ 2,Đảng viên,,,,"))
        #expect(rows.contains("đến muộn,DV002,Trần Thị Bình,\"Chi bộ 1, xã Tây Sơn\",,Sáng,07:55,25,"))
        #expect(rows.contains("về sớm,DV002,Trần Thị Bình,\"Chi bộ 1, xã Tây Sơn\",,Chiều,16:00,60,"))
        #expect(rows.contains("walk-in,X-99,,,,,08:05,,"))
        let english = csvText(.english).components(separatedBy: "\r\n")
        #expect(english[0] == "Category,Invited,Present,Absent excused,Absent unexcused,Walk-ins,Rate (%),Target (%)")
        #expect(english.contains("late,DV002,Trần Thị Bình,\"Chi bộ 1, xã Tây Sơn\",,Sáng,07:55,25,"))
    }

    @Test func csvQuotesCommasQuotesAndNewlines() {
        let text = csvText()
        #expect(text.contains("vắng có lý do,DV003,Lê Văn Cường,Chi bộ 2,Đảng viên,,,,\"Ốm, nằm viện \"\"Đa khoa\"\"\nđã báo\"\r\n"))
        #expect(CSVWriter.decimal(97.8) == "97.8")
        #expect(CSVWriter.decimal(1234.5) == "1234.5")
        #expect(CSVWriter.decimal(nil) == "")
    }

    @Test func csvDefusesFormulas() {
        var tally = Self.tally()
        tally.absentees[0].name = "=cmd|' /C calc'!A0"
        tally.absentees[0].unit = "+84 912"
        tally.walkIns[0].id = "@SUM(A1)"
        let text = String(decoding: tally.csv(language: .english).dropFirst(3), as: UTF8.self)
        // Written as text, so opening the report in a spreadsheet runs nothing.
        #expect(text.contains(",'=cmd|' /C calc'!A0,'+84 912,"))
        #expect(text.contains("walk-in,'@SUM(A1),"))
    }

    @Test func csvListsEveryPersonOfEveryList() {
        let tally = Self.tally()
        let text = csvText()
        let rows = text.components(separatedBy: "\r\n")
        let people = tally.absentees.map(\.id) + tally.lateArrivals.map(\.id) + tally.earlyLeavers.map(\.id) + tally.walkIns.map(\.id)
        for id in people {
            #expect(rows.contains { $0.contains(",\(id),") }, "missing \(id)")
        }
        // Header, categories, total, blank, list header, one row per listed person, and the
        // empty string after the final CRLF (the reason's LF is inside quotes, not a row end).
        #expect(rows.count == 1 + tally.categories.count + 1 + 1 + 1 + people.count + 1)
    }
}
