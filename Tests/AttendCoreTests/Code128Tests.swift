@testable import AttendCore
import XCTest

/// Code 128 against the standard's arithmetic and its rules for code sets B and C; the bars are
/// read back by `zbarimg` in CardsRenderTests.
final class Code128Tests: XCTestCase {
    /// The worked example of the check symbol: "PJJ123C" in set B (start 104, then P J J 1 2 3 C
    /// weighted 1 to 7: 104 + 48 + 84 + 126 + 68 + 90 + 114 + 245 = 879, mod 103 = 55).
    func testCheckSymbolOfTheWorkedExample() throws {
        let code = try Code128("PJJ123C")
        XCTAssertEqual(code.values, [104, 48, 42, 42, 17, 18, 19, 35, 55, 106])
        XCTAssertEqual(code.moduleCount, 11 * 9 + 13)
    }

    /// Code set C packs digit pairs; an even run of digits starts in C.
    func testDigitsStartInSetC() throws {
        XCTAssertEqual(try Code128("1234").values.dropLast(2), [105, 12, 34])
        XCTAssertEqual(try Code128("12").values.dropLast(2), [105, 12])
        // Three digits: B is as short as C with a switch, and stays B.
        XCTAssertEqual(try Code128("123").values.dropLast(2), [104, 17, 18, 19])
    }

    /// An odd run of digits gives its first digit to B, then switches (Annex E's rule 1c).
    func testOddRunOfDigitsSwitchesAfterItsFirstDigit() throws {
        XCTAssertEqual(try Code128("AB12345").values.dropLast(2), [104, 33, 34, 17, 99, 23, 45])
        // Four digits in the middle do not pay for two switches (a tie: B is kept); four at the end do.
        XCTAssertEqual(try Code128("HN-2026-0042").values.dropLast(2), [104, 40, 46, 13, 18, 16, 18, 22, 13, 99, 0, 42])
        XCTAssertEqual(try Code128("A1234B").values.dropLast(2), [104, 33, 17, 18, 19, 20, 34])
        XCTAssertEqual(try Code128("A123456B").values.dropLast(2), [104, 33, 99, 12, 34, 56, 100, 34])
    }

    /// The encoding is never longer than all of set B, and for digits about half.
    func testShortestOverManyIds() throws {
        for number in [0, 7, 42, 999, 12_345, 987_654_321] {
            for text in ["\(number)", "DV\(number)", "\(number)-X", "Ha%C3%A0-\(number)"] {
                let code = try Code128(text)
                XCTAssertLessThanOrEqual(code.values.count, text.count + 3, text)
                XCTAssertEqual(code.values.last, 106)
                let check = code.values.dropLast(2).enumerated().reduce(0) { $0 + max($1.offset, 1) * $1.element } % 103
                XCTAssertEqual(code.values[code.values.count - 2], check, text)
            }
        }
        XCTAssertEqual(try Code128("00000000000000000000").values.count, 10 + 3)
    }

    /// Every symbol's widths: 11 modules (the stop 13), bars of even total, all patterns different.
    func testPatternTable() {
        XCTAssertEqual(Code128.patterns.count, 107)
        XCTAssertEqual(Set(Code128.patterns).count, 107)
        for (value, pattern) in Code128.patterns.enumerated() {
            let widths = pattern.map { Int(String($0))! }
            XCTAssertEqual(widths.reduce(0, +), value == 106 ? 13 : 11, "\(value)")
            XCTAssertEqual(stride(from: 0, to: 6, by: 2).map { widths[$0] }.reduce(0, +) % 2, 0, "\(value)")
        }
    }

    func testRefusesWhatSetBCannotHold() {
        XCTAssertThrowsError(try Code128("Hà-001")) { XCTAssertEqual($0 as? Code128.EncodeError, .notPrintableASCII("à")) }
        XCTAssertThrowsError(try Code128("A\tB"))
        XCTAssertThrowsError(try Code128("")) { XCTAssertEqual($0 as? Code128.EncodeError, .empty) }
    }
}
