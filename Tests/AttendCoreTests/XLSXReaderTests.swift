import Foundation
import Testing

@testable import AttendCore

/// The xlsx reader on workbooks built by hand (files from openpyxl and LibreOffice:
/// `XLSXInteropTests`).
struct XLSXReaderTests {
    private func message(_ bytes: [UInt8], sheet: String? = nil, limits: XLSXReader.Limits = .init()) -> String? {
        do {
            _ = try XLSXReader.read(bytes, sheet: sheet, limits: limits)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func sharedInlineNumbersGapsAndTrailingRows() throws {
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c></row>
            <row r="3"><c r="A3" t="s"><v>1</v></c><c r="C3" t="inlineStr"><is><t>Họ và tên</t></is></c></row>
            <row r="4"><c r="A4"><v>1001</v></c><c r="C4" t="inlineStr"><is><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Văn An</t></r></is></c></row>
            <row r="5"><c r="A5"><v>1.002E3</v></c><c r="B5"><v>3.5</v></c><c r="C5" t="s"><v>2</v></c><c r="D5" t="b"><v>1</v></c></row>
            <row r="6"><c r="A6"><f>A5+1</f><v>1003</v></c><c r="C6" t="str"><f>C5</f><v>Trần &amp; Lê</v></c></row>
            <row r="7" spans="1:4"><c r="A7" s="2"/><c r="C7" s="2"/></row><row r="8"/>
            """
        let book = ZipFixture.workbook(sheets: [("Danh sách", rows), ("Khác", "")], shared: ["Danh sách đại biểu", "Mã", "Lê Thị Hà"])
        let sheet = try XLSXReader.read(book)
        #expect(sheet.name == "Danh sách")
        #expect(sheet.sheetNames == ["Danh sách", "Khác"])
        #expect(sheet.rows == [
            CSVRecord(line: 1, fields: ["Danh sách đại biểu"]),
            CSVRecord(line: 3, fields: ["Mã", "", "Họ và tên"]),
            CSVRecord(line: 4, fields: ["1001", "", "Nguyễn Văn An"]),
            CSVRecord(line: 5, fields: ["1002", "3.5", "Lê Thị Hà", "TRUE"]),
            CSVRecord(line: 6, fields: ["1003", "", "Trần & Lê"]),
        ])
    }

    @Test func aSheetIsChosenByName() throws {
        let book = ZipFixture.workbook(sheets: [("Bìa", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>"),
                                                ("Danh sách", "<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>y</t></is></c></row>")])
        #expect(try XLSXReader.read(book, sheet: "Danh sách").rows == [CSVRecord(line: 2, fields: ["", "y"])])
        #expect(try XLSXReader.read(book, sheet: "danh sách").name == "Danh sách")
        #expect(message(book, sheet: "Sheet1") == "the workbook has no sheet named \"Sheet1\"; its sheets: \"Bìa\", \"Danh sách\"")
    }

    @Test func tooManyRowsAreRefusedAtTheBound() {
        let rows = (1...101).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        let book = ZipFixture.workbook(sheets: [("S", rows)])
        var limits = XLSXReader.Limits()
        limits.maxRows = 100
        #expect(message(book, limits: limits)?.hasPrefix("sheet \"S\" has more than 100 rows") == true)
    }

    @Test func cellsFarRightAndDamagedReferencesAreRefused() {
        let far = ZipFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row>")])
        #expect(message(far)?.contains("cell XFD1 is beyond column ALL") == true)
        let badShared = ZipFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"B1\" t=\"s\"><v>7</v></c></row>")], shared: ["a"])
        #expect(message(badShared) == "sheet \"S\"!B1: shared string 7 does not exist (the table has 1): the file is damaged")
        let badRef = ZipFixture.workbook(sheets: [("S", "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>")])
        #expect(message(badRef) == "sheet \"S\": 1A is not a cell reference")
    }

    @Test func externalReferencesAndDocumentTypesAreRefused() {
        let linked = ZipFixture.workbook(sheets: [("S", "")], extraWorkbook: "<externalReferences><externalReference r:id=\"rId9\"/></externalReferences>")
        #expect(message(linked)?.hasPrefix("the workbook links to other files (external references)") == true)
        let entities = ZipFixture.workbook(sheets: [("S", "")], shared: ["&lol;"])
        #expect(message(entities)?.contains("the entity &lol; is not one of XML's five") == true)
        let doctype = ZipFixture.zip([.init("xl/workbook.xml", "<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]><workbook/>")])
        #expect(message(doctype)?.contains("document type declaration") == true)
    }

    @Test func notAWorkbookSaysHowToSaveIt() {
        let ods = ZipFixture.zip([.init("content.xml", "<office:document-content/>"), .init("mimetype", "x", method: 0)])
        #expect(message(ods)?.hasPrefix("an OpenDocument spreadsheet (.ods)") == true)
        #expect(XLSXReader.looksLikeWorkbook(ods))
        #expect(!XLSXReader.looksLikeWorkbook(Array("Mã,Họ tên\n".utf8)))
    }

    @Test func cellReferencesAndColumnLetters() {
        #expect(CellReference.letters(1) == "A")
        #expect(CellReference.letters(27) == "AA")
        #expect(CellReference.letters(16_384) == "XFD")
    }
}
