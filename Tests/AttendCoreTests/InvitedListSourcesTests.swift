import Foundation
import Testing

@testable import AttendCore

/// The invited list as offices really save it: UTF-16 "Unicode Text", Windows-1258, workbooks
/// with title rows; and what a bad conversion leaves (`?`, U+FFFD) refused naming the cell.
struct InvitedListSourcesTests {
    private let vietnamese = "STT\tMã\tHọ và tên\tĐơn vị\tĐối tượng\r\n1\tDV01\tNguyễn Văn Đạt\tChi bộ Ấp 1\tĐảng viên\r\n"
    private let expected = [Delegate(id: "DV01", fullName: "Nguyễn Văn Đạt", unit: "Chi bộ Ấp 1", category: .partyMember)]

    private func errors(_ bytes: [UInt8], encoding: CSVEncoding? = nil) -> [InvitedListError] {
        do {
            _ = try InvitedListImport.read(csv: bytes, file: "ds.csv", encoding: encoding)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func utf16WithABOMTabSeparatedAsExcelsUnicodeText() throws {
        let little: [UInt8] = [0xFF, 0xFE] + vietnamese.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let list = try InvitedListImport.read(csv: little, file: "ds.txt")
        #expect(list.delegates == expected)
        #expect(list.encoding == .utf16)
        let big: [UInt8] = [0xFE, 0xFF] + vietnamese.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(try InvitedListImport.read(csv: big, file: "ds.txt").delegates == expected)
        #expect(errors(Array(little.dropLast(1))).first?.message.contains("odd number of bytes") == true)
    }

    /// "Nguyễn Văn Đạt" as Vietnamese Windows writes it: ê then the tilde byte, a then the dot byte.
    static let windows1258: [UInt8] = Array("Ma;Ho va ten;Doi tuong\r\n1;".utf8)
        + [0x4E, 0x67, 0x75, 0x79, 0xEA, 0xDE, 0x6E, 0x20, 0x56, 0xE3, 0x6E, 0x20, 0xD0, 0x61, 0xF2, 0x74]
        + Array(";guest\r\n".utf8)

    @Test func windows1258IsDetectedFromItsToneBytesAndNormalized() throws {
        let list = try InvitedListImport.read(csv: Self.windows1258, file: "ds.csv")
        #expect(list.encoding == .windows1258)
        let name = try #require(list.delegates.first?.fullName)
        #expect(Array(name.unicodeScalars) == Array("Nguyễn Văn Đạt".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(try InvitedListImport.read(csv: Self.windows1258, file: "ds.csv", encoding: .windows1258).delegates == list.delegates)
    }

    /// Bytes that are neither UTF-8 nor 1258 with its tones (TCVN3 "Nguyễn" is `Nguy\xd6n`):
    /// refused naming the byte and how to save the file.
    @Test func otherEncodingsAreRefusedNamingTheByte() {
        let tcvn3 = Array("Ma;Ho ten;Loai\n1;".utf8) + [0x4E, 0x67, 0x75, 0x79, 0x9D, 0x6E] + Array(";guest\n".utf8)
        let found = errors(tcvn3)
        #expect(found.first?.line == 2)
        #expect(found.first?.message.contains("0x9D") == true)
        #expect(found.first?.message.contains("CSV UTF-8") == true)
        #expect(errors(tcvn3, encoding: .windows1258).first?.message.hasPrefix("byte 0x9D is not a Windows-1258 character") == true)
        #expect(CSVEncoding.named("CP1258") == .windows1258)
        #expect(CSVEncoding.named("UTF8") == .utf8)
        #expect(CSVEncoding.named("latin1") == nil)
    }

    @Test func questionMarksForLettersAreRefused() {
        let found = errors(Array("Mã,Họ và tên,Đơn vị,Loại\n1,Nguy?n V?n An,Chi b? 1,guest\n2,Ai?,x,guest\n".utf8))
        #expect(found.map(\.line) == [2, 2, 3])
        #expect(found.first?.message.hasPrefix("the name \"Nguy?n V?n An\" has ? where letters were") == true)
        #expect(found.first?.message.contains("Windows-1252") == true)
        #expect(found[1].message.hasPrefix("the unit \"Chi b? 1\"") == true)
    }

    @Test func aReplacementCharacterIsRefusedNamingTheCell() throws {
        let found = errors(Array("Mã,Họ và tên,Loại\n1,Nguy\u{FFFD}n An,guest\n".utf8))
        #expect(found.count == 1)
        #expect(found.first?.description.hasPrefix("ds.csv:2: the name (column 2, \"Họ và tên\") holds \"Nguy\u{FFFD}n An\" with U+FFFD") == true)

        let book = ZipFixture.workbook(sheets: [("DS", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Mã</t></is></c>"
            + "<c r=\"C1\" t=\"inlineStr\"><is><t>Họ tên</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\"><v>7</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>Tr\u{FFFD}n</t></is></c></row>")])
        do {
            _ = try InvitedListImport.read(workbook: book, file: "ds.xlsx", defaultCategory: .guest)
            Issue.record("imported")
        } catch {
            #expect(error.errors.first?.description.hasPrefix("ds.xlsx:DS!C2: the name (column 3, \"Họ tên\") holds") == true)
        }
    }

    /// The field limit is for the columns read: a long note is fine, a long name is not.
    @Test func theFieldLimitAppliesToTheColumnsRead() throws {
        let note = String(repeating: "ghi chú ", count: 3_000)  // 30,000 bytes
        let list = try InvitedListImport.read(csv: Array("Mã;Họ tên;Loại;Ghi chú\n1;An;guest;\(note)\n".utf8), file: "ds.csv")
        #expect(list.delegates.count == 1)
        let long = String(repeating: "a", count: 10_001)
        let found = errors(Array("Mã;Họ tên;Loại\n1;\(long);guest\n".utf8))
        #expect(found.first?.message == "the name (column 2, \"Họ tên\") is 10001 bytes, more than the limit of 10000 bytes")
    }

    /// A workbook with a title and a date above the header; errors name the sheet and cell.
    @Test func workbookRowsAreCheckedCellByCell() throws {
        let header = "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>1</v></c><c r=\"B4\" t=\"s\"><v>2</v></c><c r=\"D4\" t=\"s\"><v>3</v></c></row>"
        let rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" + header
            + "<row r=\"5\"><c r=\"A5\"><v>1001</v></c><c r=\"B5\" t=\"inlineStr\"><is><t>Lê Thị Hà</t></is></c><c r=\"D5\" t=\"inlineStr\"><is><t>Khách mời</t></is></c></row>"
        let shared = ["DANH SÁCH ĐẠI BIỂU", "Mã đại biểu", "Họ và tên", "Đối tượng"]
        let good = ZipFixture.workbook(sheets: [("Danh sách", rows)], shared: shared)
        let list = try InvitedListImport.read(workbook: good, file: "ds.xlsx")
        #expect(list.delegates == [Delegate(id: "1001", fullName: "Lê Thị Hà", unit: "", category: .guest)])
        #expect(list.header == "Danh sách!A4")
        #expect(list.sheet == "Danh sách")

        let bad = ZipFixture.workbook(sheets: [("Danh sách", rows + "<row r=\"6\"><c r=\"A6\"><v>1001</v></c><c r=\"D6\" t=\"inlineStr\"><is><t>x</t></is></c></row>")],
                                      shared: shared)
        do {
            _ = try InvitedListImport.read(workbook: bad, file: "ds.xlsx")
            Issue.record("imported")
        } catch {
            #expect(error.errors.map(\.description) == [
                "ds.xlsx:Danh sách!B6: missing name",
                "ds.xlsx:Danh sách!D6: unknown category \"x\"; accepted: \(DelegateCategory.acceptedValuesDescription)",
                "ds.xlsx:Danh sách!A6: duplicate id \"1001\", first on Danh sách!A5",
            ])
        }
    }

    /// What attendctl sends for a workbook reads back to the same list.
    @Test func theCanonicalCSVReadsBack() throws {
        let delegates = [Delegate(id: "1", fullName: "Trần \"Bé\" An", unit: "Xã, Phường", category: .official)]
        #expect(try InvitedListImport.parse(InvitedListImport.csv(delegates), file: "x") == delegates)
    }
}
