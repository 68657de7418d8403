import AttendCore
import Foundation
import XCTest

final class CRC32Tests: XCTestCase {
    /// The check value every CRC-32/ISO-HDLC catalogue gives for "123456789".
    func testStandardCheckValue() {
        XCTAssertEqual(CRC32.checksum(Array("123456789".utf8)), 0xCBF4_3926)
    }

    func testEmptyInputIsZero() {
        XCTAssertEqual(CRC32.checksum([UInt8]()), 0)
    }

    /// Values `gzip` writes in its trailer for the same bytes (`printf ... | gzip | tail -c8`).
    func testKnownValues() {
        XCTAssertEqual(CRC32.checksum(Array("a".utf8)), 0xE8B7_BE43)
        XCTAssertEqual(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)), 0x414F_A339)
        XCTAssertEqual(CRC32.checksum(Array("Nguyễn Văn An".utf8)), 0x3652_587A)
    }

    func testPiecesGiveTheSameValueAsTheWhole() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var crc = CRC32()
        var index = 0
        for size in [1, 3, 64, 999, 4096] where index < bytes.count {
            let end = min(bytes.count, index + size)
            crc.update(bytes[index..<end])
            index = end
        }
        crc.update(bytes[index...])
        XCTAssertEqual(crc.value, CRC32.checksum(bytes))
    }
}
