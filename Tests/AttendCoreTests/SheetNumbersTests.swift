import Foundation
import Testing

@testable import AttendCore

/// The sheet and the number list a clerk types from it: every bad token named, nothing half read.
@Suite struct SheetNumbersTests {
    static let day = "2026-11-23"
    static let plan: ConferencePlan = {
        var plan = ConferencePlan(id: "hn1", title: "Hội nghị", date: day, parts: [])
        plan.parts = try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: day)
        return plan
    }()
    static let invited: [Delegate] = (1...30).map { k in
        Delegate(id: "D\(k)", fullName: ["Vũ Văn", "Đặng Thị", "Lê", "Nguyễn Ấn"][k % 4] + " \(["An", "Ân", "Bình"][k % 3]) \(k)",
                 unit: k <= 10 ? "Chi bộ 2" : "Chi bộ 1", category: .partyMember)
    }
    /// 30 printed rows and 10 blank ones: numbers 1-40.
    static let sheet = SignInSheet(
        code: "K7M2Q", conference: "hn1", title: "Hội nghị", date: day, part: plan.parts[0], invited: invited, blank: 10,
        printedAt: Timestamp(milliseconds: 0))
    /// Noon of the conference day: the morning's times are past.
    static let noon = ConferencePlan.localTime(day, "12:00")!

    @Test func sheetIsGroupedByUnitInListOrderAndNumberedOn() throws {
        let sheet = Self.sheet
        #expect(sheet.units.map(\.unit) == ["Chi bộ 2", "Chi bộ 1"])
        #expect(sheet.rows.map(\.number) == Array(1...30))
        #expect(sheet.units[0].rows.count == 10)
        for group in sheet.units {
            let names = group.rows.map(\.name)
            #expect(names == VietnameseOrder.sorted(names, name: { $0 }, id: { $0 }))
        }
        #expect(sheet.start == "07:30" && sheet.end == "11:30" && sheet.part == "Sáng")
        #expect(sheet.numbers == 1...40 && sheet.isBlank(31) && !sheet.isBlank(30) && !sheet.isBlank(41))
        #expect(try SignInSheet.decode(json: sheet.jsonData()) == sheet)
    }

    @Test func readsNumbersRangesTimesAndWalkIns() throws {
        let entries = try SheetNumbers.parse("3 4 7-12@07:52, 15;16@7h55 31=HN-0042 32=Hà-001@08:01", sheet: Self.sheet).get()
        #expect(entries.map(\.number) == [3, 4, 7, 8, 9, 10, 11, 12, 15, 16, 31, 32])
        #expect(entries.filter { $0.time == "07:52" }.map(\.number) == [7, 8, 9, 10, 11, 12])
        #expect(entries.first { $0.number == 16 }?.time == "07:55")
        #expect(entries.first { $0.number == 31 }?.walkIn == "HN-0042")
        #expect(entries.first { $0.number == 32 }?.walkIn == "Hà-001")
        #expect(entries.first { $0.number == 32 }?.time == "08:01")
        #expect(entries.first { $0.number == 3 }?.time == nil)
    }

    @Test(arguments: [
        ("45", "45: 45 is not on sheet K7M2Q (rows 1-40)"),
        ("0", "0: 0 is not on sheet K7M2Q (rows 1-40)"),
        ("38-45", "38-45: 45 is not on sheet K7M2Q (rows 1-40)"),
        ("12-7", "12-7: the range runs backwards (write 7-12)"),
        ("7-12@25:00", "7-12@25:00: bad time 25:00 after @ (write HH:MM, like 07:52)"),
        ("7@", "7@: no time after @ (write HH:MM, like 07:52)"),
        ("7@0752", "7@0752: bad time 0752 after @ (write HH:MM, like 07:52)"),
        ("x", "x: x is not a number"),
        ("7-", "7-: a range needs a number on each side (write 7-12)"),
        ("-3", "-3: a range needs a number on each side (write 7-12)"),
        ("1-2-3", "1-2-3: not a number or a range (write 7 or 7-12)"),
        ("99999999999999999999", "99999999999999999999: 99999999999999999999 is past the end of any sheet"),
        ("3 3", "3: 3 was given already (in 3)"),
        ("2-5 4", "4: 4 was given already (in 2-5)"),
        ("31", "31: row 31 is a blank row: give the id written on it (31=ID)"),
        ("28-33", "28-33: row 31 is a blank row: give the id written on it (31=ID)"),
        ("5=X", "5=X: row 5 is printed (\(SheetNumbersTests.sheet.rows[4].name)); =ID is for a blank row (31-40)"),
        ("31-32=X", "31-32=X: a walk-in's id goes with one blank row, not a range"),
        ("31=", "31=: no id after = (write ROW=ID, like 21=HN-0042)"),
        ("31=\(String(repeating: "x", count: 65))", "31=\(String(repeating: "x", count: 65)): the id is longer than 64 bytes"),
        ("", ": no numbers given"),
    ])
    func namesEveryBadToken(text: String, message: String) {
        guard case .failure(let problems) = SheetNumbers.parse(text, sheet: Self.sheet) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(problems.all.map(\.description) == [message])
    }

    @Test func namesEveryProblemOfOneListNotOnlyTheFirst() {
        guard case .failure(let problems) = SheetNumbers.parse("1 12-7 2 45 x 3", sheet: Self.sheet) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.all.map(\.token) == ["12-7", "45", "x"])
    }

    @Test func tooManyGroupsAreRefusedBeforeReading() {
        let text = Array(repeating: "1", count: SheetNumbers.maxTokens + 1).joined(separator: " ")
        guard case .failure(let problems) = SheetNumbers.parse(text, sheet: Self.sheet) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.all.count == 1 && problems.all[0].message.contains("at most 10000"))
    }

    @Test func batchNamesWhoHowManyAndWhoCameAlready() throws {
        let sheet = Self.sheet
        let byID = Dictionary(uniqueKeysWithValues: Self.invited.map { ($0.id, $0) })
        let batch = try PaperBatch.plan(
            sheet: sheet, numbers: "1-3 5@07:52 31=D20 32=NEW-1", at: "07:45", batch: nil, plan: Self.plan,
            checkedIn: [sheet.rows[1].id], invited: byID, now: Self.noon).get()
        #expect(batch.checkIns.map(\.number) == [1, 3, 5, 31, 32])
        #expect(batch.already.map(\.id) == [sheet.rows[1].id])
        #expect(batch.checkIns[0].at == "2026-11-23T07:45:00.000+07:00")
        #expect(batch.checkIns[2].at == "2026-11-23T07:52:00.000+07:00")
        #expect(batch.checkIns[3].name == byID["D20"]!.fullName && batch.checkIns[3].walkIn)
        #expect(batch.checkIns[4].name == "" && batch.checkIns[4].id == "NEW-1")
        #expect(batch.batch.count == 16)
        // The same entry gives the same batch id; another time another.
        let again = try PaperBatch.plan(
            sheet: sheet, numbers: "1-3, 5@07:52 31=D20 32=NEW-1", at: "7:45", batch: nil, plan: Self.plan,
            checkedIn: [], invited: byID, now: Self.noon).get()
        #expect(again.batch == batch.batch)
        let later = try PaperBatch.plan(
            sheet: sheet, numbers: "1-3 5@07:52 31=D20 32=NEW-1", at: "07:46", batch: nil, plan: Self.plan,
            checkedIn: [], invited: byID, now: Self.noon).get()
        #expect(later.batch != batch.batch)
        #expect(try PaperBatch.decode(json: batch.jsonData()) == batch)
    }

    /// Typed after midnight, a part that began just after the conference day's midnight: its
    /// 00:20 is that day's (the next day's 00:20 lies outside the plan).
    @Test func aTimeTypedAfterMidnightIsTheOneInsideThePlan() throws {
        var plan = ConferencePlan(id: "hn1", title: "Hội nghị", date: Self.day, parts: [])
        plan.parts = try ConferencePlan.parseParts("Đêm 00:05-02:00", date: Self.day)
        let sheet = SignInSheet(code: "K7M2Q", conference: "hn1", title: "Hội nghị", date: Self.day, part: plan.parts[0],
                                invited: Self.invited, blank: 0, printedAt: Timestamp(milliseconds: 0))
        let nextMorning = ConferencePlan.localTime("2026-11-24", "00:40")!
        let batch = try PaperBatch.plan(
            sheet: sheet, numbers: "1", at: "00:20", batch: nil, plan: plan, checkedIn: [], invited: [:], now: nextMorning).get()
        #expect(batch.checkIns.map(\.at) == ["2026-11-23T00:20:00.000+07:00"])
    }

    @Test func batchRefusesTheFutureTimesOutsideThePlanAndOneDelegateTwice() {
        let sheet = Self.sheet
        func problems(_ numbers: String, at: String) -> [String] {
            guard case .failure(let problems) = PaperBatch.plan(
                sheet: sheet, numbers: numbers, at: at, batch: nil, plan: Self.plan, checkedIn: [], invited: [:], now: Self.noon)
            else { return [] }
            return problems.all.map(\.description)
        }
        #expect(problems("1 2", at: "13:05") == ["--at 13:05: at 2026-11-23T13:05:00.000+07:00 is in the future"])
        #expect(problems("1 2@03:00", at: "07:45") == ["2@03:00: at 2026-11-23T03:00:00.000+07:00 is outside conference hn1"])
        #expect(problems("1", at: "7.5") == ["--at 7.5: bad time (write HH:MM, like 07:45)"])
        #expect(problems("1 31=\(sheet.rows[0].id)", at: "07:45") == ["31=\(sheet.rows[0].id): \(sheet.rows[0].id) is on row 1 too"])
    }
}
