@testable import AttendCore
import Foundation
import XCTest

/// The invited-list checks' shortcuts answer "unchanged" only where the full path agrees.
final class TextFastPathTests: XCTestCase {
    /// Every scalar `isNFC` trusts, alone, after a letter and doubled, is left as it is by Foundation's NFC.
    func testTrustedScalarsAreStableUnderNFC() {
        let trusted = (0..<0x300).compactMap(Unicode.Scalar.init) + (0x1E00...0x1EFF).compactMap(Unicode.Scalar.init)
        XCTAssertEqual(trusted.count, 0x300 + 0x100)
        for scalar in trusted {
            for text in [String(scalar), "a" + String(scalar), "A" + String(scalar) + String(scalar)] {
                XCTAssertTrue(TextFastPath.isNFC(text))
                XCTAssertEqual(text.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value),
                               text.unicodeScalars.map(\.value), "U+\(String(scalar.value, radix: 16))")
            }
        }
    }

    func testTextNFCWouldChangeTakesTheFullPath() {
        let decomposed = "Nguye\u{0302}\u{0303}n"  // ễ as e + two combining marks
        XCTAssertFalse(TextFastPath.isNFC(decomposed))
        XCTAssertFalse(TextFastPath.isNFC("\u{212B}ngstr\u{00F6}m"))  // ANGSTROM SIGN, a singleton
        XCTAssertTrue(TextFastPath.isNFC("Nguyễn Thị Hồng Đạt"))
    }

    func testInvisiblesAreNeverMissed() {
        XCTAssertFalse(TextFastPath.lacksInvisibles("An\u{200B}"))
        XCTAssertFalse(TextFastPath.lacksInvisibles("\u{FEFF}An"))
        XCTAssertTrue(TextFastPath.lacksInvisibles("Nguyễn Văn An"))
    }

    /// `isCollapsed` says yes only where `collapsingWhitespace` returns the text unchanged.
    func testCollapsedAgreesWithTheFullPath() {
        let samples = ["", " ", "An", "Nguyễn Văn An", " An", "An ", "Văn  An", "Văn\tAn", "Văn\u{00A0}An", "Văn\nAn",
                       "Văn\r\nAn", "Văn \u{0301}An", "Văn\u{2003}An", "Văn\u{3000}An", "A\u{1F}B", "Chi bộ 12", "Đơn vị (cũ)"]
        for text in samples {
            let unchanged = NameFolding.collapsingWhitespace(text) == text
            if TextFastPath.isCollapsed(text) { XCTAssertTrue(unchanged, text.debugDescription) }
        }
        XCTAssertTrue(TextFastPath.isCollapsed("Nguyễn Thị Hồng 12"))
        XCTAssertTrue(TextFastPath.isCollapsed(""))
        XCTAssertFalse(TextFastPath.isCollapsed("Văn \u{0301}An"))
        XCTAssertFalse(TextFastPath.isCollapsed("Văn  An"))
    }
}
