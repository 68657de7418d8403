@testable import AttendCore
import XCTest

/// The QR encoder's parts against the standard's worked figures; the whole symbol is checked
/// module for module against `qrencode` in QRCodeReferenceTests.
final class QRCodeTests: XCTestCase {
    /// The "HELLO WORLD" 1-Q example every QR tutorial works through (alphanumeric mode).
    func testHelloWorldCodewordsAndErrorCorrection() {
        let data = QRCode.dataCodewords(Array("HELLO WORLD".utf8), mode: .alphanumeric, version: 1, level: .quartile)
        XCTAssertEqual(data, [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236])
        let ecc = ReedSolomon.remainder(of: data, generator: ReedSolomon.generator(degree: 13))
        XCTAssertEqual(ecc, [168, 72, 22, 82, 217, 54, 156, 0, 46, 15, 180, 122, 16])
    }

    /// Annex I of ISO/IEC 18004: "01234567" at 1-M; its 16 data codewords give these 10.
    func testAnnexIErrorCorrection() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        XCTAssertEqual(
            ReedSolomon.remainder(of: data, generator: ReedSolomon.generator(degree: 10)),
            [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// Table C.1's format information: M with mask 0 is the bare XOR pattern; L mask 0, H mask 7.
    func testFormatInformation() {
        XCTAssertEqual(QRModuleGrid.formatBits(level: .medium, mask: 0), 0x5412)
        XCTAssertEqual(QRModuleGrid.formatBits(level: .low, mask: 0), 0b111011111000100)
        XCTAssertEqual(QRModuleGrid.formatBits(level: .high, mask: 7), 0b000100000111011)
    }

    /// Capacities of Tables 7 and 9 at M: 16 data codewords (14 bytes) in version 1, 2,334
    /// (2,331 bytes) in 40.
    func testCapacities() {
        XCTAssertEqual(QRCode.dataCodewords(version: 1, level: .medium), 16)
        XCTAssertEqual(QRCode.dataCodewords(version: 40, level: .medium), 2334)
        XCTAssertEqual(QRCode.dataCodewords(version: 40, level: .low), 2956)
        XCTAssertEqual(QRCode.rawDataModules(version: 40), 29648)
        XCTAssertEqual(try QRCode(String(repeating: "a", count: 14)).version, 1)
        XCTAssertEqual(try QRCode(String(repeating: "a", count: 15)).version, 2)
        XCTAssertEqual(try QRCode(String(repeating: "a", count: 2331), mask: 0).version, 40)
        XCTAssertThrowsError(try QRCode(String(repeating: "a", count: 2332)))
        XCTAssertEqual(try QRCode("HELLO WORLD", errorCorrection: .quartile).mode, .alphanumeric)
        XCTAssertEqual(try QRCode("H%C3%A0-001").mode, .alphanumeric)
        XCTAssertEqual(try QRCode("Ha-001").mode, .byte)
    }

    /// Annex E's alignment centres for a few versions.
    func testAlignmentCentres() {
        XCTAssertEqual(QRCode.alignmentCentres(version: 1), [])
        XCTAssertEqual(QRCode.alignmentCentres(version: 2), [6, 18])
        XCTAssertEqual(QRCode.alignmentCentres(version: 7), [6, 22, 38])
        XCTAssertEqual(QRCode.alignmentCentres(version: 32), [6, 34, 60, 86, 112, 138])
        XCTAssertEqual(QRCode.alignmentCentres(version: 40), [6, 30, 58, 86, 114, 142, 170])
    }

    /// The penalty rules on lines whose scores can be counted by hand.
    func testPenaltyRulesOnALine() {
        func score(_ pattern: String) -> Int {
            let line = QRPenalty.runs(pattern.map { $0 == "1" })
            return QRPenalty.lineScore(line.runs, firstDark: line.firstDark)
        }
        XCTAssertEqual(score("1010101010"), 0)
        XCTAssertEqual(score("11111010"), 3)
        XCTAssertEqual(score("11111110"), 5)
        // The finder-like 1011101 with four light modules after it: 40 (and the run of 4 scores nothing).
        XCTAssertEqual(score("1010111010000"), 40)
        // At the symbol's edge the quiet zone is light: the pattern alone, or after one light module.
        XCTAssertEqual(score("1011101"), 40)
        XCTAssertEqual(score("0101110101"), 40)
        // Two light modules before and one after, neither at an edge: nothing.
        XCTAssertEqual(score("1001011101011"), 0)
        // At twice the scale, with eight light modules after it.
        XCTAssertEqual(score("0110011111100110000000011"), 40 + 4 + 6)
    }

    /// The symbol keeps its function patterns whatever the data: finder corners, timing, dark module.
    func testFunctionPatternsAreInPlace() throws {
        let code = try QRCode("Nguy%E1%BB%85n-2026-0042", mask: 3)
        XCTAssertEqual(code.version, 2)
        XCTAssertEqual(code.size, 25)
        for (row, column) in [(0, 0), (0, 6), (6, 0), (0, 24), (24, 0), (3, 3), (code.size - 8, 8)] {
            XCTAssertTrue(code.isDark(row: row, column: column), "\(row),\(column)")
        }
        for (row, column) in [(1, 1), (7, 7), (7, 17), (17, 7)] { XCTAssertFalse(code.isDark(row: row, column: column), "\(row),\(column)") }
        XCTAssertEqual((8...16).map { code.isDark(row: 6, column: $0) }, (8...16).map { $0 % 2 == 0 })
    }
}
