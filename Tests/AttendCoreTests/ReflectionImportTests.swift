import Foundation
import AttendTestSupport
import Testing

@testable import AttendCore

/// Issue 21: the reflections a unit's secretary records, as attendctl reads them and attendd
/// checks them, and the tally's figures made of them.
@Suite struct ReflectionImportTests {
    private func rows(_ text: String) throws(InvitedListErrors) -> [ReflectionImport.Row] {
        try ReflectionImport.read(csv: Array(text.utf8), file: "bai.csv")
    }

    @Test func gradesAreReadAsTypedWithOrWithoutDiacriticsAndInEnglish() {
        for text in ["đạt", "Đạt", "DAT", " dat ", "passed"] { #expect(ReflectionGrade.parse(text) == .passed, "\(text)") }
        for text in ["cơ bản đạt", "Cơ  bản đạt", "co ban dat", "CO_BAN_DAT", "co-ban-dat", "basically passed"] {
            #expect(ReflectionGrade.parse(text) == .basicallyPassed, "\(text)")
        }
        // NFD as some exports write it.
        #expect(ReflectionGrade.parse("chưa đạt".decomposedStringWithCanonicalMapping) == .notPassed)
        for text in ["chua dat", "Not passed", "fail"] { #expect(ReflectionGrade.parse(text) == .notPassed, "\(text)") }
        for text in ["", "tốt", "dat dat", "xuat sac"] { #expect(ReflectionGrade.parse(text) == nil, "\(text)") }
    }

    @Test func datesInTheFormsOfficesWriteThem() {
        #expect(ReflectionImport.date("2026-11-30") == "2026-11-30")
        #expect(ReflectionImport.date("30/11/2026") == "2026-11-30")
        #expect(ReflectionImport.date("5/1/2026") == "2026-01-05")
        #expect(ReflectionImport.date("05-01-2026") == "2026-01-05")
        #expect(ReflectionImport.date("29.02.2028") == "2028-02-29")
        #expect(ReflectionImport.date("46356") == "2026-11-30")  // a spreadsheet's date cell
        for bad in ["31/02/2026", "29/02/2026", "2026-13-01", "30/11/26", "1/2/3", "hôm qua", "46356.5", "12", "٣٠/١١/٢٠٢٦"] {
            #expect(ReflectionImport.date(bad) == nil, "\(bad)")
        }
    }

    @Test func aSecretarysListWithATitleAndHeadersWithoutDiacritics() throws {
        let text = "Chi bo 1 - bai thu hoach;;\nMa dai bieu;Ngay nop;Ket qua;Ghi chu\nDV1;30/11/2026;Dat;\nDV2;2026-11-30;co ban dat;x\nDV3;;;\nDV4;1/12/2026;;\n"
        let read = try rows(text)
        #expect(read == [
            .init(place: "bai.csv:3", delegate: "DV1", submitted: "2026-11-30", grade: .passed),
            .init(place: "bai.csv:4", delegate: "DV2", submitted: "2026-11-30", grade: .basicallyPassed),
            .init(place: "bai.csv:5", delegate: "DV3", submitted: nil, grade: nil),
            .init(place: "bai.csv:6", delegate: "DV4", submitted: "2026-12-01", grade: nil),
        ])
        let english = try rows("ID,Date submitted,Grade\nA1,2026-11-30,not passed\n")
        #expect(english.map(\.grade) == [.notPassed])
    }

    @Test func everyBadRowIsNamedAndNothingIsKept() {
        let text = "Mã,Ngày nộp,Xếp loại\nDV1,31/02/2026,đạt\nDV2,2026-11-30,giỏi\n,2026-11-30,đạt\nDV3,,chưa đạt\nDV4,2026-11-30,đạt\nDV4,2026-11-30,đạt\nDV 5,2026-11-30,đạt\n"
        #expect {
            try rows(text)
        } throws: { error in
            let lines = (error as! InvitedListErrors).errors.map(\.description)
            return lines.count == 6 && lines[0].hasPrefix("bai.csv:2: date \"31/02/2026\"") && lines[1].hasPrefix("bai.csv:3: grade \"giỏi\"")
                && lines[2] == "bai.csv:4: missing id" && lines[3].hasPrefix("bai.csv:5: a grade without")
                && lines[4] == "bai.csv:7: DV4 is listed twice (first at bai.csv:6)" && lines[5].hasPrefix("bai.csv:8: id \"DV 5\"")
        }
        #expect(throws: InvitedListErrors.self) { try rows("Họ và tên,Đơn vị\nAn,Chi bộ 1\n") }
        #expect(throws: InvitedListErrors.self) { try rows("Mã,Ngày nộp\n") }
    }

    @Test func aWorkbookNamesItsCells() throws {
        let sheet = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c><c r="B1" t="inlineStr"><is><t>Ngày nộp</t></is></c><c r="C1" t="inlineStr"><is><t>Xếp loại</t></is></c></row>
            <row r="2"><c r="A2"><v>1001</v></c><c r="B2" s="1"><v>46356</v></c><c r="C2" t="inlineStr"><is><t>Đạt</t></is></c></row>
            <row r="3"><c r="A3"><v>1002</v></c><c r="B3" s="1"><v>46356</v></c><c r="C3" t="inlineStr"><is><t>tốt</t></is></c></row>
            """
        let book = ZipFixture.workbook(sheets: [("Chi bộ 1", sheet)])
        #expect {
            try ReflectionImport.read(workbook: book, file: "bai.xlsx")
        } throws: { error in
            (error as! InvitedListErrors).errors.map(\.description) == ["bai.xlsx:Chi bộ 1!C3: grade \"tốt\" is not one of \(ReflectionGrade.accepted)"]
        }
        let good = ZipFixture.workbook(sheets: [("S", String(sheet.split(separator: "\n").prefix(2).joined(separator: "\n")))])
        #expect(try ReflectionImport.read(workbook: good, file: "bai.xlsx")
            == [.init(place: "bai.xlsx:S!A2", delegate: "1001", submitted: "2026-11-30", grade: .passed)])
    }

    @Test func theWireFormRoundTripsAndForgedPayloadsAreRefused() throws {
        let sent: [ReflectionImport.Row] = [
            .init(place: "bai, \"số 1\".csv:3", delegate: "DV1", submitted: "2026-11-30", grade: .basicallyPassed),
            .init(place: "bai.csv:4", delegate: "Hà-002", submitted: nil, grade: nil),
        ]
        #expect(try ReflectionImport.decodeWire(ReflectionImport.wire(sent)) == sent)
        for (forged, why) in [
            ("p,DV1,2026-11-30,excellent\r\n", "grade must be one of"),
            ("p,DV1,30/11/2026,dat\r\n", "date must be YYYY-MM-DD"),
            ("p,DV1,,dat\r\n", "a grade without a date"),
            ("p,DV1,2026-11-30,dat\r\nq,DV1,2026-11-30,dat\r\n", "listed twice"),
            ("p,DV1,2026-11-30\r\n", "expected place,id,date,grade"),
            ("p,\(String(repeating: "x", count: 65)),2026-11-30,dat\r\n", "id must be"),
            ("\r\n", "no reflections"),
            ("p,\"DV1,2026-11-30,dat\r\n", "reflections line 1"),
        ] {
            #expect(performing: { try ReflectionImport.decodeWire(Array(forged.utf8)) }, throws: { error in
                (error as! ProtocolError).message.contains(why)
            })
        }
    }

    @Test func attenddRefusesIdsNotInvitedAndDaysOutsideTheConferencesSpan() {
        let rows: [ReflectionImport.Row] = [
            .init(place: "f:2", delegate: "DV1", submitted: "2026-11-29", grade: nil),
            .init(place: "f:3", delegate: "XX", submitted: "2026-11-30", grade: .passed),
            .init(place: "f:4", delegate: "DV2", submitted: "2026-12-02", grade: .passed),
            .init(place: "f:5", delegate: "DV3", submitted: nil, grade: nil),
            .init(place: "f:6", delegate: "DV4", submitted: "2026-12-01", grade: .notPassed),
        ]
        #expect(ReflectionImport.problems(rows, invited: ["DV1", "DV2", "DV3", "DV4"], conferenceDate: "2026-11-30", today: "2026-12-01") == [
            "f:2: handed in 2026-11-29, before the conference (2026-11-30)",
            "f:3: XX is not on the invited list",
            "f:4: handed in 2026-12-02, after today (2026-12-01)",
        ])
    }

    @Test func theTallysFiguresCountGradesLateAndMissingPerCategory() throws {
        let invited = [
            Delegate(id: "DV1", fullName: "Nguyễn Văn An", unit: "Chi bộ 1", category: .partyMember),
            Delegate(id: "DV2", fullName: "Đặng Thị Bình", unit: "Chi bộ 1", category: .partyMember),
            Delegate(id: "DV3", fullName: "Trần Văn Ân", unit: "Chi bộ 2", category: .partyMember),
            Delegate(id: "DV4", fullName: "Lê Thị Ba", unit: "Chi bộ 2", category: .partyMember),
            Delegate(id: "CC1", fullName: "Phạm Văn Cường", unit: "UBND", category: .official),
        ]
        #expect(Tally.ReflectionFigures.compute(invited: invited, reflections: [], due: nil) == nil)
        let reflections = [
            Reflection(delegate: "DV1", submitted: "2026-12-05", grade: .passed),
            Reflection(delegate: "DV2", submitted: "2026-12-06", grade: .notPassed),  // late
            Reflection(delegate: "CC1", submitted: "2026-12-01", grade: nil),
            Reflection(delegate: "XX", submitted: "2026-12-01", grade: .passed),  // not invited: not counted
        ]
        let figures = try #require(Tally.ReflectionFigures.compute(invited: invited, reflections: reflections, due: "2026-12-05"))
        #expect(figures.total.invited == 5)
        #expect(figures.total.submitted == 3)
        let grades: [Int] = [figures.total.passed, figures.total.basicallyPassed, figures.total.notPassed, figures.total.ungraded]
        #expect(grades == [1, 0, 1, 1])
        #expect(figures.total.late == 1)
        #expect(figures.total.missing == 3)
        #expect(figures.categories.map(\.category) == [.partyMember, .official])
        #expect(figures.categories[0].counts.missing == 3)
        #expect(figures.categories[1].counts.missing == 0)
        // Vietnamese order: Ân before Ba before Bình (given names), Đặng's late day kept.
        #expect(figures.missing.map(\.id) == ["DV3", "DV4", "DV2"])
        #expect(figures.missing.map(\.submitted) == [nil, nil, "2026-12-06"])
        // Without a due date nobody is late: the list is who has none.
        let undated = try #require(Tally.ReflectionFigures.compute(invited: invited, reflections: reflections, due: nil))
        #expect(undated.missing.map(\.id) == ["DV3", "DV4"])
    }

    /// An old hub reads a new hall's tally (an unknown field is ignored), and a new one reads an
    /// old hall's (no `reflections`).
    @Test func theTallyWithReflectionsStaysReadableBothWays() throws {
        let plan = ConferencePlan(id: "HN", title: "HN", date: "2026-11-30", parts: [])
        let invited = [Delegate(id: "DV1", fullName: "Nguyễn Văn An", unit: "Chi bộ 1", category: .partyMember)]
        var tally = TallyComputation.tally(plan: plan, invited: invited, excuses: [:], events: [])
        let old = tally.jsonData()
        #expect(try Tally.decode(json: old).reflections == nil)
        tally.reflections = Tally.ReflectionFigures.compute(
            invited: invited, reflections: [Reflection(delegate: "DV1", submitted: "2026-11-30", grade: .basicallyPassed)], due: nil)
        let new = tally.jsonData()
        #expect(try Tally.decode(json: new) == tally)
        #expect(String(decoding: new, as: UTF8.self).contains("\"basically_passed\" : 1"))
        // What an attendd from before the field does with it: a decoder that has no such field.
        var object = try JSONSerialization.jsonObject(with: new) as! [String: Any]
        object["a_field_from_the_future"] = ["x": 1]
        let future = try JSONSerialization.data(withJSONObject: object)
        #expect(try Tally.decode(json: future) == tally)
        let text = tally.textReport()
        #expect(text.contains("VII- BÀI THU HOẠCH"))
        #expect(text.contains("Chưa nộp bài thu hoạch: không có"))
        let csv = String(decoding: tally.csv(language: .english), as: UTF8.self)
        #expect(csv.contains("Total,1,1,0,1,0,0,0,0,\r\n"), "\(csv)")
    }
}
