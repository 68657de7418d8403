import Foundation
import Testing

@testable import AttendCore

@Suite struct NameFoldingTests {
    @Test(arguments: [
        ("Nguyễn Văn Đạt", "nguyen van dat"),
        ("  NGUYEN   van dat ", "nguyen van dat"),
        ("NGUYỄN VĂN ĐẠT", "nguyen van dat"),
        ("Nguye\u{0302}\u{0303}n Va\u{0306}n D\u{0323}a\u{0323}t", "nguyen van dat"),  // NFD, plain D
        ("\u{0110}o\u{0300}n Thi\u{0323} \u{0111}u\u{031B}\u{0301}c", "don thi duc"),  // NFD with Đ/đ
        ("Trương\tThị\u{00A0}Ánh\nHồng", "truong thi anh hong"),
        ("Lê Ơ Ư Ă Â Ê Ô", "le o u a a e o"),
        ("", ""),
        ("   ", ""),
    ])
    func folds(name: String, folded: String) {
        #expect(NameFolding.fold(name) == folded)
        // Compare scalars too: `==` on String would accept a canonically equal form.
        #expect(Array(NameFolding.fold(name).unicodeScalars) == Array(folded.unicodeScalars))
    }

    @Test func nfcAndNfdFoldTheSame() {
        let nfc = "Đặng Thị Thủy"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfc.unicodeScalars) != Array(nfd.unicodeScalars))
        #expect(NameFolding.fold(nfc) == NameFolding.fold(nfd))
        #expect(NameFolding.fold(nfd) == "dang thi thuy")
    }

    @Test(arguments: [
        ("ng v an", true), ("van an", true), ("nguyen van an", true), ("NGUYỄN", true), ("an", true),
        ("nguyễn an", true), ("a", true), ("  van   an ", true),
        ("an nguyen", false), ("van van", false), ("an an", false), ("nguyen van an x", false),
        ("guyen", false), ("vn", false), ("", false), ("   ", false),
    ])
    func matchesQueriesAgainstNguyenVanAn(query: String, expected: Bool) {
        #expect(NameFolding.matches(query: query, name: "Nguyễn Văn An") == expected)
    }

    @Test func dFoldsInQueriesAndNames() {
        #expect(NameFolding.matches(query: "dat", name: "Nguyễn Văn Đạt"))
        #expect(NameFolding.matches(query: "đạt", name: "Nguyen Van Dat"))
        #expect(NameFolding.matches(query: "Đ", name: "đinh"))
    }

    @Test func emptyNameMatchesNothing() {
        #expect(!NameFolding.matches(query: "an", name: ""))
    }

    @Test func repeatedWordsNeedRepeatedNameWords() {
        #expect(NameFolding.matches(query: "thi thi", name: "Lê Thị Thìn"))
        #expect(NameFolding.matches(query: "t t", name: "Lê Thị Thìn"))
        #expect(!NameFolding.matches(query: "t t t", name: "Lê Thị Thìn"))
    }

    @Test func matchesFoldedWorksOnStoredFoldedNames() {
        let stored = NameFolding.fold("Hoàng Đức Anh")
        #expect(NameFolding.matchesFolded(NameFolding.fold("hoang anh"), stored))
        #expect(!NameFolding.matchesFolded(NameFolding.fold("anh hoang"), stored))
    }

    @Test func collapsingWhitespace() {
        #expect(NameFolding.collapsingWhitespace(" a \t\r\n b\u{00A0}\u{2003}c  ") == "a b c")
        #expect(NameFolding.collapsingWhitespace("") == "")
    }

    @Test func keyReadsPunctuationAsSpaces() {
        #expect(NameFolding.key("Full_name") == "full name")
        #expect(NameFolding.key(" Cán bộ, công chức, viên chức ") == "can bo cong chuc vien chuc")
        #expect(NameFolding.key("Đoàn viên/hội viên") == "doan vien hoi vien")
    }
}
