@testable import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// The workbook writer's parts and cells, read back from the archive it writes, and the
/// tally's and the roll-up's workbooks against their CSVs: the same rows, the same values.
/// (LibreOffice and openpyxl read the same files in `SpreadsheetReaderTests`.)
@Suite struct XLSXWorkbookTests {
    static let made = ConferencePlan.localTime("2026-11-23", "17:30")!

    static func sample() -> XLSXWorkbook {
        var workbook = XLSXWorkbook(title: "Hội nghị & tổng kết", sheets: [
            XLSXWorkbook.Sheet(name: "Số liệu", title: "Hội nghị <HN-1>", header: ["Mã", "Họ và tên", "Có mặt", "Tỷ lệ", "Ngày", "Lúc"], rows: [
                [.text("DV001"), .text("Nguyễn Văn An"), .count(1234), .percent(97.8), .date("2026-11-23"),
                 .clock(ConferencePlan.localTime("2026-11-23", "07:55")!)],
                [.text("=1+1"), .empty, .count(nil), .percent(nil), .decimal(12.5), .dateTime(ConferencePlan.localTime("2026-11-24", "00:10")!)],
            ]),
            XLSXWorkbook.Sheet(name: "Vắng mặt", header: ["Mã"]),
        ])
        workbook.sheets[0].boldRows = [1]  // the second row, as a total's
        return workbook
    }

    static func parts(_ workbook: XLSXWorkbook) throws -> ZipReadBack { try ZipReadBack(workbook.bytes(modified: made)) }

    @Test func theArchiveHoldsEveryPartTheContentTypesName() throws {
        let read = try Self.parts(Self.sample())
        #expect(read.entries.map(\.name) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml",
        ])
        let types = try #require(read.text("[Content_Types].xml"))
        for part in read.entries.map(\.name) where part.hasPrefix("xl/") && !part.contains("_rels") || part.hasPrefix("docProps") {
            #expect(types.contains("PartName=\"/\(part)\""), "\(part) has no content type")
        }
        let relations = try #require(read.text("xl/_rels/workbook.xml.rels"))
        for target in ["worksheets/sheet1.xml", "worksheets/sheet2.xml", "styles.xml", "sharedStrings.xml"] {
            #expect(relations.contains("Target=\"\(target)\""))
        }
        let workbook = try #require(read.text("xl/workbook.xml"))
        #expect(workbook.contains("<sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"Vắng mặt\" sheetId=\"2\" r:id=\"rId2\"/>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'Số liệu'!$1:$2</definedName>"))
        #expect(workbook.contains("localSheetId=\"1\">'Vắng mặt'!$1:$1</definedName>"))
        #expect(try #require(read.text("docProps/core.xml")).contains("<dc:title>Hội nghị &amp; tổng kết</dc:title>"))
        #expect(try #require(read.text("docProps/core.xml")).contains(">2026-11-23T10:30:00Z</dcterms:created>"))
    }

    @Test func cellsKeepTheirTypesAndFormats() throws {
        let read = try Self.parts(Self.sample())
        let sheet = try #require(read.text("xl/worksheets/sheet1.xml"))
        let strings = try #require(read.text("xl/sharedStrings.xml"))
        // Title and header rows frozen; the data starts at A3.
        #expect(sheet.contains("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<dimension ref=\"A1:F4\"/>"))
        #expect(sheet.contains("<c r=\"A1\" s=\"2\" t=\"s\"><v>0</v></c>"))  // the title, in the title's bold
        #expect(sheet.contains("<c r=\"A2\" s=\"1\" t=\"s\">"))  // a header
        #expect(sheet.contains("<c r=\"C3\" s=\"3\"><v>1234</v></c>"))  // #,##0
        #expect(sheet.contains("<c r=\"D3\" s=\"5\"><v>0.978</v></c>"))  // 0.0%, exactly 0.978
        #expect(sheet.contains("<c r=\"E3\" s=\"6\"><v>46349</v></c>"))  // 2026-11-23 as a date serial
        // 07:55 on that day: 46349 + (7×60+55)/1440.
        let clock = try #require(sheet.range(of: "<c r=\"F3\" s=\"7\"><v>")).upperBound
        let value = try #require(Double(sheet[clock...].prefix { $0 != "<" }))
        #expect(abs(value - (46349 + 475.0 / 1440)) < 1e-9)
        #expect(sheet.contains("<c r=\"A4\" s=\"9\" t=\"s\">"))  // "=1+1" is text, never a formula; bold
        #expect(!sheet.contains("<f>") && !sheet.contains("r=\"B4\"") && !sheet.contains("r=\"C4\"") && !sheet.contains("r=\"D4\""))
        #expect(sheet.contains("<c r=\"E4\" s=\"11\"><v>12.5</v></c>"))  // #,##0.0 in bold
        #expect(sheet.contains("<c r=\"F4\" s=\"8\"><v>46350.00694"))  // a date and time has no bold look
        #expect(strings.contains("<t xml:space=\"preserve\">Hội nghị &lt;HN-1&gt;</t>"))
        #expect(strings.contains("<t xml:space=\"preserve\">=1+1</t>"))
        let styles = try #require(read.text("xl/styles.xml"))
        for format in ["formatCode=\"0.0%\"", "formatCode=\"dd/mm/yyyy\"", "formatCode=\"hh:mm\"", "formatCode=\"dd/mm/yyyy hh:mm\""] {
            #expect(styles.contains(format))
        }
        #expect(styles.contains("<cellXfs count=\"13\">"))
        // Printed on A4 as wide as the page: six columns fit portrait.
        #expect(sheet.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"))
        #expect(sheet.contains("<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"0\" orientation=\"portrait\"/>"))
        // Only the first sheet is selected; the second, without a title, freezes one row.
        #expect(sheet.contains("tabSelected=\"1\""))
        let second = try #require(read.text("xl/worksheets/sheet2.xml"))
        #expect(!second.contains("tabSelected") && second.contains("<pane ySplit=\"1\" topLeftCell=\"A2\""))
    }

    @Test func textEscapesWhatXMLCannotHold() {
        func escaped(_ text: String) -> String {
            var xml = XMLText()
            xml.text(text)
            return String(decoding: xml.bytes, as: UTF8.self)
        }
        #expect(escaped("Nguyễn Văn An") == "Nguyễn Văn An")
        #expect(escaped("A & B <C> \"D\"") == "A &amp; B &lt;C&gt; &quot;D&quot;")
        #expect(escaped("tab\there\nline") == "tab\there\nline")
        #expect(escaped("vt\u{0B}nul\u{00}cr\r") == "vt_x000B_nul_x0000_cr_x000D_")
        #expect(escaped("\u{FFFE}\u{FFFF}") == "_xFFFE__xFFFF_")
        // Text that looks like an escape keeps its underscore; other underscores stay as they are.
        #expect(escaped("_x0041_ and my_name_x") == "_x005F_x0041_ and my_name_x")
    }

    @Test func cellLettersAndNumbersAreExcelsOwn() {
        #expect([0, 25, 26, 701, 702, 16_383].map(XLSXWorkbook.column) == ["A", "Z", "AA", "ZZ", "AAA", "XFD"])
        #expect(XLSXWorkbook.serial(date: "1900-03-01") == 61)  // after Excel's phantom 29 February 1900
        #expect(XLSXWorkbook.serial(date: "2023-04-05") == 45_021)
        #expect(XLSXWorkbook.serial(date: "not a date") == nil)
        #expect([97.8, 100, 0.5, 0, 66.7, -2.5, 1234.5].map { XLSXWorkbook.fractionText(percent: $0) }
            == ["0.978", "1", "0.005", "0", "0.667", "-0.025", "12.345"])
        #expect(XLSXWorkbook.fractionText(percent: 100.0 / 3) == "\(100.0 / 3 / 100)")
        #expect(XLSXWorkbook.decimalText(46349) == "46349" && XLSXWorkbook.decimalText(12.5) == "12.5")
    }

    @Test func columnsAreAsWideAsTheirCellsWithinBounds() {
        #expect(XLSXWorkbook.width(of: [.text("Nguyễn Văn An")], header: "Mã") == 15)
        #expect(XLSXWorkbook.width(of: [.count(1)], header: "") == 6)
        #expect(XLSXWorkbook.width(of: [.text(String(repeating: "a", count: 500))], header: "") == 60)
        #expect(XLSXWorkbook.width(of: [.text("dòng một\ndòng")], header: "") == 10)
    }

    @Test func everySheetNameOfBothLanguagesIsOneExcelAccepts() {
        let keys: [MessageKey] = [.xlsxSheetFigures, .xlsxSheetCategories, .xlsxSheetParts, .xlsxSheetAbsentees, .xlsxSheetLate,
                                  .xlsxSheetEarly, .xlsxSheetWalkIns, .xlsxSheetIncidents, .xlsxSheetBridges, .xlsxSheetElsewhere]
        for language in ReportLanguage.allCases {
            for key in keys { #expect(XLSXWorkbook.isValidSheetName(language.text(key)), "\(key) in \(language)") }
        }
        for bad in ["", "a/b", "a[1]", "what?", "'quoted'", String(repeating: "x", count: 32)] {
            #expect(!XLSXWorkbook.isValidSheetName(bad), "\(bad)")
        }
    }

    @Test func overlongTextIsCutAtExcelsLimit() throws {
        let long = String(repeating: "ă", count: XLSXWorkbook.maxCellCharacters + 10)
        var strings = SharedStrings()
        #expect(strings.index(of: long) == 0 && strings.index(of: long) == 0 && strings.index(of: "b") == 1)
        let part = String(decoding: strings.part(), as: UTF8.self)
        #expect(part.contains("count=\"3\" uniqueCount=\"2\""))
        let kept = try #require(part.range(of: "preserve\">")).upperBound
        #expect(part[kept...].prefix { $0 != "<" }.utf16.count == XLSXWorkbook.maxCellCharacters - 1)
    }

    /// More rows than a sheet holds (a million walk-ins would be an attack) are left out, and the
    /// last row says how many, in the report's language; the workbook is still written.
    @Test func rowsPastTheSheetsLimitAreLeftOutAndCounted() throws {
        var tally = TallyRenderingTests.tally()
        tally.walkIns = (0..<25).map { Tally.WalkIn(id: "KM-\($0)", firstSeen: tally.conference.parts[0].start) }
        var workbook = tally.xlsxWorkbook()
        workbook.rowLimit = 12  // title, header, 9 walk-ins and the note
        let read = try ZipReadBack(workbook.bytes(modified: Self.made))
        let sheet = try #require(read.text("xl/worksheets/sheet7.xml"))
        #expect(sheet.contains("<dimension ref=\"A1:B12\"/>") && sheet.contains("<row r=\"12\">") && !sheet.contains("<row r=\"13\">"))
        #expect(try #require(read.text("xl/sharedStrings.xml")).contains("… và 16 dòng nữa, quá số dòng một trang tính chứa được"))
        let strings = try #require(read.text("xl/sharedStrings.xml"))
        #expect(!strings.contains(">KM-9<") && strings.contains(">KM-8<"))
        // Exactly as many rows as fit: nothing is left out.
        workbook.sheets[6].rows.removeLast(15)
        let fits = try #require(ZipReadBack(workbook.bytes(modified: Self.made)).text("xl/worksheets/sheet7.xml"))
        #expect(fits.contains("<row r=\"12\">") && !fits.contains("<row r=\"13\">"))
    }

    @Test func theSameWorkbookAndTimeGiveTheSameBytes() {
        #expect(Self.sample().bytes(modified: Self.made) == Self.sample().bytes(modified: Self.made))
    }
}
