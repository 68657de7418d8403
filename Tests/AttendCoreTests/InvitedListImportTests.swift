import Foundation
import AttendTestSupport
import Testing

@testable import AttendCore


/// Imports `text` as `ds.csv`.
private func load(_ text: String, defaultCategory: DelegateCategory? = nil) throws(InvitedListErrors) -> [Delegate] {
    try InvitedListImport.parse(Array(text.utf8), file: "ds.csv", defaultCategory: defaultCategory)
}

/// The errors importing `text` reports (empty when it imports).
private func problems(_ text: String, defaultCategory: DelegateCategory? = nil) -> InvitedListErrors {
    problems(Array(text.utf8), defaultCategory: defaultCategory)
}

private func problems(_ bytes: [UInt8], defaultCategory: DelegateCategory? = nil,
                      limits: CSVReader.Limits = CSVReader.Limits()) -> InvitedListErrors {
    do {
        _ = try InvitedListImport.parse(bytes, file: "ds.csv", defaultCategory: defaultCategory, limits: limits)
        return InvitedListErrors([])
    } catch {
        return error
    }
}

/// A list that must fail with one error on `line` whose message contains every fragment.
struct BadList: Sendable, CustomTestStringConvertible {
    var text: String
    var line: Int
    var fragments: [String]
    var testDescription: String { text.debugDescription }

    init(_ text: String, line: Int, _ fragments: String...) {
        self.text = text
        self.line = line
        self.fragments = fragments
    }
}

private let header = "Mã;Họ và tên;Đơn vị;Đối tượng\r\n"

@Suite struct InvitedListImportTests {
    // MARK: Good lists

    @Test func readsAVietnameseOfficeExport() throws {
        let text = "\u{FEFF}STT;Mã đại biểu;Họ và tên;Đơn vị;Đối tượng;Ghi chú\r\n"
            + "1;DV001;Nguyễn Văn An;Chi bộ Thôn 1;Đảng viên;\r\n"
            + "2;CC002;\"Trần Thị Bình\";\"Phòng Nội vụ; UBND huyện\";Cán bộ, công chức, viên chức;nghỉ phép\r\n"
            + "3;HV003;Lê Văn Cường;Hội Nông dân;đoàn viên, hội viên;\r\n"
            + "4;K004;Phạm Minh Đức;;Khách mời;\r\n"
        let delegates = try InvitedListImport.parse(Array(text.utf8), file: "ds.csv")
        #expect(delegates == [
            Delegate(id: "DV001", fullName: "Nguyễn Văn An", unit: "Chi bộ Thôn 1", category: .partyMember),
            Delegate(id: "CC002", fullName: "Trần Thị Bình", unit: "Phòng Nội vụ; UBND huyện", category: .official),
            Delegate(id: "HV003", fullName: "Lê Văn Cường", unit: "Hội Nông dân", category: .unionMember),
            Delegate(id: "K004", fullName: "Phạm Minh Đức", unit: "", category: .guest),
        ])
    }

    @Test func readsEnglishHeadersWithCommas() throws {
        let delegates = try load("Category,Full name,ID,Unit\nguest,\"Smith, John\",7,\"Embassy\"\nparty_member,Hà An,8,\n")
        #expect(delegates == [
            Delegate(id: "7", fullName: "Smith, John", unit: "Embassy", category: .guest),
            Delegate(id: "8", fullName: "Hà An", unit: "", category: .partyMember),
        ])
    }

    @Test(arguments: [
        "MÃ,HO VA TEN,DON VI,DOI TUONG", "ma so,ho ten,co quan,thanh phan", "Số thẻ,Name,Chi bộ,Loại",
        "code,full_name,unit,category", "  id  ,  Họ Và Tên  ,Đơn Vị,LOẠI",
    ])
    func headersIgnoreCaseAndDiacritics(headerLine: String) throws {
        let delegates = try load(headerLine + "\n12,Ngô Thị Lan,Xã Bình Tường,đảng viên\n")
        #expect(delegates == [Delegate(id: "12", fullName: "Ngô Thị Lan", unit: "Xã Bình Tường", category: .partyMember)])
    }

    @Test func unitColumnIsOptional() throws {
        let delegates = try load("Mã;Họ tên;Đối tượng\n1;An;khách\n")
        #expect(delegates == [Delegate(id: "1", fullName: "An", unit: "", category: .guest)])
    }

    @Test func namesComeOutTrimmedCollapsedAndNFC() throws {
        let nfd = "Nguye\u{0302}\u{0303}n  Va\u{0306}n\t\u{00A0}An"
        let delegates = try load(header + " 5 ;\"  \(nfd) \n\";  Chi   bo\u{0302}\u{0323} ;Đảng viên\r\n")
        let delegate = try #require(delegates.first)
        #expect(delegate.id == "5")
        #expect(Array(delegate.fullName.unicodeScalars) == Array("Nguy\u{1EC5}n V\u{0103}n An".unicodeScalars))
        #expect(Array(delegate.unit.unicodeScalars) == Array("Chi b\u{1ED9}".unicodeScalars))
    }

    @Test func invisibleCharactersAreDropped() throws {
        let delegates = try load(header + "\u{FEFF}9\u{200B};An\u{200B} Bình;;guest\n")
        #expect(delegates.first?.id == "9")
        #expect(delegates.first?.fullName == "An Bình")
    }

    @Test func blankRowsAndLeadingBlankLinesAreSkipped() throws {
        let text = "\n;;;\n" + header + "1;An;;guest\n;;;\n\n7;;;guest\n2;Bình;;guest\n;;;\n"
        // Row "7;;;guest" is not blank: it is missing a name.
        #expect(problems(text).errors.map(\.line) == [7])
        let delegates = try load(text.replacingOccurrences(of: "7;;;guest\n", with: "") + "\n\n")
        #expect(delegates.map(\.id) == ["1", "2"])
    }

    @Test func otherColumnsMayBeFilledOnBlankRows() throws {
        // Spreadsheets number rows (STT) further down than the names go.
        let delegates = try load("STT;Mã;Họ và tên;Đối tượng\n1;A1;An;guest\n2;;;\n3;;;\n")
        #expect(delegates.map(\.id) == ["A1"])
    }

    @Test func shortRowsAndEmptyExtraFieldsAreFine() throws {
        let delegates = try load("Mã;Họ và tên;Đối tượng;Đơn vị\n1;An;guest\n2;Bình;guest;X;;;\n")
        #expect(delegates.map(\.unit) == ["", "X"])
    }

    @Test func idsAreTrimmedAndMayBe64Bytes() throws {
        let long = String(repeating: "9", count: 64)
        let delegates = try load(header + "  \(long)\t;An;;guest\n")
        #expect(delegates.first?.id == long)
    }

    @Test func defaultCategoryFillsAMissingColumnAndEmptyCells() throws {
        let noColumn = try load("Mã,Họ và tên\n1,An\n2,Bình\n", defaultCategory: .partyMember)
        #expect(noColumn.map(\.category) == [.partyMember, .partyMember])
        let someEmpty = try load(header + "1;An;;\n2;Bình;;khách\n", defaultCategory: .official)
        #expect(someEmpty.map(\.category) == [.official, .guest])
    }

    @Test func dataOverload() throws {
        let delegates = try InvitedListImport.parse(Data((header + "1;An;;guest\n").utf8), file: "ds.csv")
        #expect(delegates.count == 1)
    }

    @Test func tenThousandRowsImport() throws {
        var text = "\u{FEFF}" + header
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ", "Đỗ"]
        let given = ["Văn An", "Thị Bình", "Minh Đức", "Thị Thủy", "Quốc Việt", "Ngọc Ánh"]
        for index in 0..<10_000 {
            let category = DelegateCategory.allCases[index % 4].vietnameseLabel
            text += "DB\(index);\(families[index % families.count]) \(given[index % given.count]);"
                + "\"Chi bộ \(index / 100), xã Tây Sơn\";\"\(category)\"\r\n"
        }
        let delegates = try load(text)
        #expect(delegates.count == 10_000)
        #expect(delegates.last == Delegate(id: "DB9999", fullName: "Đỗ Thị Thủy", unit: "Chi bộ 99, xã Tây Sơn", category: .guest))
        #expect(Set(delegates.map(\.id)).count == 10_000)
    }

    // MARK: Bad lists

    static let badLists: [BadList] = [
        BadList("", line: 1, "empty", "header"),
        BadList("\n\n;;\n", line: 1, "empty"),
        BadList(header, line: 1, "no delegates"),
        BadList(header + ";;\n", line: 1, "no delegates"),
        BadList("Họ và tên;Đơn vị;Đối tượng\nAn;X;guest\n", line: 1,
                "no id column", "\"Họ và tên\"", "Mã, Mã đại biểu, Mã số, Số thẻ, ID, code"),
        BadList("Mã;Tên;Đối tượng\n1;An;guest\n", line: 1, "no name column", "Họ và tên, Họ tên, Name, Full name"),
        BadList("Mã;Họ và tên\n1;An\n", line: 1, "no category column", "Đối tượng, Thành phần, Loại, Category", "whole list"),
        BadList("Mã;Họ và tên;ID;Đối tượng\n1;An;2;guest\n", line: 1, "two id columns", "\"Mã\" (column 1)", "\"ID\" (column 3)"),
        BadList(header + "1;An;;guest\n;Bình;;guest\n", line: 3, "missing id"),
        BadList(header + "1;An;;guest\n2;  ;;guest\n", line: 3, "missing name"),
        BadList(header + "1;An;;guest\n2;Bình;;\n", line: 3, "missing category", "party_member (Đảng viên)"),
        BadList(header + "1;An;;guest\n2;Bình;;DV\n", line: 3, "unknown category \"DV\"",
                "party_member (Đảng viên), official (Cán bộ, công chức, viên chức), union_member (Đoàn viên, hội viên), guest (Khách mời)"),
        BadList(header + "1;An;;guest\n\"2\n\";Bình;;guest\n3;Cường;;guest\n1;Dũng;;guest\n", line: 6, "duplicate id \"1\"", "first on line 2"),
        BadList(header + "12 34;An;;guest\n", line: 2, "the id \"12 34\" contains a space"),
        // Typed or scanned, H%C3%A0-001 checks in Hà-001 (DelegateCode): this delegate never could be.
        BadList(header + "Hà-001;An;;guest\nH%C3%A0-001;Bình;;guest\n", line: 3, "the id \"H%C3%A0-001\" is how cards write the id \"Hà-001\""),
        BadList(header + "1\t2;An;;guest\n", line: 2, "contains a space"),
        BadList(header + String(repeating: "x", count: 65) + ";An;;guest\n", line: 2, "65 bytes", "more than 64"),
        BadList(header + "1;An;;guest;Nguyễn Văn\n", line: 2, "5 fields", "header has 4", "double quotes"),
        BadList(header + "1;An\u{0007};;guest\n", line: 2, "name contains a control character (U+0007)"),
        BadList(header + "1\u{0001};An;;guest\n", line: 2, "id contains a control character (U+0001)"),
        BadList(header + "1;An\u{0000};;guest\n", line: 2, "NUL byte"),
        BadList(header + "1;An;X\u{001B};guest\n", line: 2, "unit contains a control character (U+001B)"),
        BadList(header + "1;An;;guest\n2;\"Bình;;guest\n", line: 3, "never closed"),
        BadList(header + "1;\"An\"x;;guest\n", line: 2, "closing quote"),
    ]

    @Test(arguments: badLists)
    func reportsTheProblemAndItsLine(bad: BadList) {
        let errors = problems(bad.text).errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.line == bad.line)
        #expect(errors.first?.file == "ds.csv")
        for fragment in bad.fragments {
            #expect(errors.first?.message.contains(fragment) == true, "\(errors.first?.message ?? "none") lacks \(fragment)")
        }
    }

    @Test func invalidUTF8IsReportedWithItsLine() {
        let bytes = Array((header + "1;An;;guest\n2;").utf8) + [0xD0, 0xE0, 0x6E] + Array(";;guest\n".utf8)
        let errors = problems(bytes).errors
        #expect(errors.map(\.line) == [3])
        #expect(errors.first?.message.contains("UTF-8") == true)
        #expect(errors.first?.description.hasPrefix("ds.csv:3: ") == true)
    }

    @Test func oversizedFilesAreReportedForTheWholeFile() {
        let errors = problems(Array((header + "1;An;;guest\n").utf8), limits: CSVReader.Limits(maxInputBytes: 20)).errors
        #expect(errors.map(\.line) == [0])
        #expect(errors.first?.description.hasPrefix("ds.csv: the input is") == true)
    }

    @Test func oneBadRowMeansNothingIsReturned() {
        var text = header
        for index in 1...500 { text += "\(index);Người \(index);;guest\n" }
        text += "501;Người cuối;;không biết\n"
        let errors = problems(text)
        #expect(errors.errors.count == 1)
        #expect(errors.errors.first?.line == 502)
        #expect(errors.description == "ds.csv:502: unknown category \"không biết\"; accepted: "
                    + DelegateCategory.acceptedValuesDescription)
    }

    @Test func everyProblemIsReportedInLineOrder() {
        let text = header
            + "1;An;;guest\n"  // 2: fine
            + ";;;guest\n"  // 3: missing id, missing name
            + "1;Bình;;xyz\n"  // 4: unknown category, duplicate id
            + "a b;\"Cường\nLê\";;guest\n"  // 5-6: id with a space
            + "4;Dũng;;guest\n"  // 7: fine
        let errors = problems(text).errors
        #expect(errors.map(\.line) == [3, 3, 4, 4, 5])
        #expect(errors.map(\.message).map { $0.prefix(14) } == [
            "missing id", "missing name", "unknown catego", "duplicate id \"", "the id \"a b\" c",
        ])
        #expect(errors.map(\.description).allSatisfy { $0.hasPrefix("ds.csv:") })
    }

    /// A title and an empty row above the header: skipped, and the header's line is said.
    @Test func rowsAboveTheHeaderAreSkipped() throws {
        let text = "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ;;;\n;;;\nMã;Họ và tên;Đơn vị;Đối tượng\n1;An;;guest\n"
        let list = try InvitedListImport.read(csv: Array(text.utf8), file: "ds.csv")
        #expect(list.headerLine == 3)
        #expect(list.header == "line 3")
        #expect(list.delegates == [Delegate(id: "1", fullName: "An", unit: "", category: .guest)])
    }

    /// No row names both an id and a name column: the first row is the header, its gaps reported.
    @Test func withoutAHeaderTheFirstRowIsReported() {
        let errors = problems("DANH SÁCH;;;\nMã;Đơn vị;Đối tượng\n1;;guest\n").errors
        #expect(errors.map(\.line) == [1, 1, 1])
        #expect(errors.first?.message.hasPrefix("no id column: the header has \"DANH SÁCH\"") == true)
    }

    @Test func manyProblemsAreCapped() {
        var text = header
        for index in 1...150 { text += "\(index);;;guest\n" }
        let errors = problems(text)
        #expect(errors.errors.count == InvitedListImport.maxReportedErrors)
        #expect(errors.omitted == 50)
        #expect(errors.errors.last?.line == 101)
        #expect(errors.description.hasSuffix("\nds.csv:101: missing name\nds.csv: and 50 more problems"))
    }

    @Test func errorDescriptions() {
        #expect(InvitedListError(file: "a.csv", line: 3, message: "m").description == "a.csv:3: m")
        #expect(InvitedListError(file: "a.csv", line: 0, message: "m").description == "a.csv: m")
        #expect(InvitedListErrors([InvitedListError(file: "a.csv", line: 1, message: "x")], omitted: 1).description
                    == "a.csv:1: x\na.csv: and 1 more problem")
    }

    // MARK: Generated input

    @Test func mutatedListsNeverCrashAndAlwaysAnswerClearly() {
        var random = SplitMix64(state: 0x1D_2025)
        let seed = Array(("\u{FEFF}STT;Mã;Họ và tên;Đơn vị;Đối tượng\r\n"
            + "1;DV01;\"Nguyễn, Văn An\";Chi bộ 1;Đảng viên\r\n"
            + "2;CC02;\"Trần \"\"Bé\"\"\nThị\";\"Xã; Tây Sơn\";CBCCVC\r\n"
            + "3;HV03;Lê Cường;;hội viên\r\n4;K04;Đỗ Đạt;;khách\r\n").utf8)
        let interesting: [UInt8] = [0x22, 0x2C, 0x3B, 0x0D, 0x0A, 0x20, 0x09, 0xC3, 0xE1, 0xBA, 0xFF, 0x00, 0x31, 0x44]
        var imported = 0
        for round in 0..<2_000 {
            let bytes = round % 10 == 9
                ? (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                : random.mutate(seed, edits: 0...4, interesting: interesting)
            let physicalLines = physicalLineCount(bytes)
            do {
                let delegates = try InvitedListImport.parse(bytes, file: "fuzz.csv")
                imported += 1
                #expect(!delegates.isEmpty)
                #expect(Set(delegates.map(\.id)).count == delegates.count, "round \(round)")
                for delegate in delegates {
                    #expect(!delegate.id.isEmpty && delegate.id.utf8.count <= 64, "round \(round)")
                    #expect(!delegate.id.contains { $0.isWhitespace }, "round \(round)")
                    #expect(!delegate.fullName.isEmpty && delegate.fullName == NameFolding.collapsingWhitespace(delegate.fullName))
                    #expect(Array(delegate.fullName.unicodeScalars)
                                == Array(delegate.fullName.precomposedStringWithCanonicalMapping.unicodeScalars))
                }
            } catch {
                #expect(!error.errors.isEmpty, "round \(round)")
                for problem in error.errors {
                    #expect(problem.file == "fuzz.csv")
                    #expect(!problem.message.isEmpty)
                    #expect((0...physicalLines).contains(problem.line), "round \(round): \(problem)")
                }
            }
        }
        // The mutations are small: a good share of the lists must still import.
        #expect(imported > 200)
    }

    /// A quoted field holding a line break or a CR is quoted escaped: each row's message is one line.
    @Test func messagesQuoteLineBreaksEscaped() {
        let found = problems(header + "\"12\n34\";An;;guest\n\"5\r6\";Bình;;guest\n")
        #expect(found.errors.count == 2, "\(found)")
        #expect(found.errors.first?.message == "the id \"12\\n34\" contains a space; ids are card or member numbers")
        #expect(found.errors.last?.message.hasPrefix("the id \"5\\r6\"") == true)
        for error in found.errors {
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 }, "\(error.description)")
        }
    }
}
