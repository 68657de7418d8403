import AttendCore
import Foundation
import XCTest

/// The ASCII form of ids on cards: percent-encoded UTF-8, and back to the id exactly.
final class DelegateCodeTests: XCTestCase {
    func testVietnameseIdsBecomeASCIIAndComeBack() {
        XCTAssertEqual(DelegateCode.asciiForm(of: "Hà-001"), "H%C3%A0-001")
        XCTAssertEqual(DelegateCode.id(fromScanned: "H%C3%A0-001"), "Hà-001")
        XCTAssertEqual(DelegateCode.asciiForm(of: "Đạt-7"), "%C4%90%E1%BA%A1t-7")
        for id in ["Hà-001", "Nguyễn-2026-0042", "ĐV.Ứng/3", "Ư", "trường-ĐH_9", "a%b", "100%", "%25", "漢字-1", "🙂x"] {
            let form = DelegateCode.asciiForm(of: id)
            XCTAssertTrue(form.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, form)
            XCTAssertEqual(DelegateCode.id(fromScanned: form), id, form)
        }
    }

    /// An NFD id (from a spreadsheet) has the same form as its NFC spelling.
    func testDecomposedIdGivesTheComposedForm() {
        let decomposed = "Ha\u{0300}-001"
        XCTAssertEqual(DelegateCode.asciiForm(of: decomposed), "H%C3%A0-001")
    }

    /// Plain ASCII ids are their own form: nothing changes for card numbers in use today.
    func testASCIIIdsStayAsTheyAre() {
        for id in ["DV-0042", "12345", "HN.2026/7", "a_b-c"] {
            XCTAssertEqual(DelegateCode.asciiForm(of: id), id)
            XCTAssertEqual(DelegateCode.id(fromScanned: id), id)
        }
    }

    /// Only the canonical form maps back; any other `%` is typed text and stays as typed.
    func testNonCanonicalTextIsTakenAsTyped() {
        for text in ["A%B", "50%", "%4", "h%c3%a0-001", "A%41", "%C3", "%FF%FE", "Ha%CC%80-1", "%20x", "x%0A", "Hà%25"] {
            XCTAssertEqual(DelegateCode.id(fromScanned: text), text, text)
        }
        // %CC%80 is a combining grave: "a%CC%80" decodes to an NFD "à", whose NFC form differs.
        XCTAssertEqual(DelegateCode.id(fromScanned: "a%CC%80"), "a%CC%80")
        XCTAssertEqual(DelegateCode.id(fromScanned: "%25"), "%")
    }

    /// Seeded random ids come back exactly; random typed text with `%` in it is either taken as
    /// typed or is exactly the form of the id it gives.
    func testRandomIdsRoundTripAndRandomTextIsNeverMisread() {
        var state: UInt64 = 19
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let letters = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ0123456789-_./%#:🙂漢")
        for _ in 0..<2000 {
            let id = String((0..<(1 + next(20))).map { _ in letters[next(letters.count)] })
            let form = DelegateCode.asciiForm(of: id)
            XCTAssertEqual(DelegateCode.id(fromScanned: form), id.precomposedStringWithCanonicalMapping, form)
            XCTAssertTrue(form.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, form)
        }
        let typed = Array("%%%ACF0189az-")
        for _ in 0..<5000 {
            let text = String((0..<(1 + next(12))).map { _ in typed[next(typed.count)] })
            let id = DelegateCode.id(fromScanned: text)
            XCTAssertTrue(id == text || DelegateCode.asciiForm(of: id) == text, text)
        }
    }
}
