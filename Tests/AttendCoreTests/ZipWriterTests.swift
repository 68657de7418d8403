@testable import AttendCore
import AttendTestSupport
import Foundation
import XCTest

/// The archive read back field by field, as APPNOTE.TXT lays it out: every local header and
/// central directory record where the end record says, each CRC-32 matching the bytes stored.
/// (`unzip -t` and Python's `zipfile` check the same archive in `SpreadsheetReaderTests`.)
final class ZipWriterTests: XCTestCase {
    private let modified = ZipWriter.DOSTime(Timestamp(rfc3339: "2026-11-24T17:30:46+07:00")!)

    func testEveryEntryReadsBackFromTheCentralDirectory() throws {
        let contents: [(String, [UInt8])] = [
            ("[Content_Types].xml", Array("<Types/>".utf8)),
            ("xl/worksheets/sheet1.xml", (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }),
            ("empty", []),
            ("tên/Nguyễn.txt", Array("Nguyễn Văn An".utf8)),
        ]
        var writer = ZipWriter(modified: modified)
        for (name, bytes) in contents { writer.add(name, bytes) }
        let archive = writer.finish()

        let read = try ZipReadBack(archive)
        XCTAssertEqual(read.entries.map(\.name), contents.map(\.0))
        for (entry, (_, bytes)) in zip(read.entries, contents) {
            XCTAssertEqual(entry.contents, bytes, entry.name)
            XCTAssertEqual(entry.crc, CRC32.checksum(bytes), entry.name)
            XCTAssertEqual(entry.method, 0)
            XCTAssertEqual(entry.utf8Flag, entry.name.utf8.contains { $0 >= 0x80 }, entry.name)
            XCTAssertEqual(entry.dosDate, modified.date)
            XCTAssertEqual(entry.dosTime, modified.time)
        }
        // Nothing between the last entry and the directory, nor after the end record.
        XCTAssertEqual(read.directoryOffset, read.entries.last.map { $0.dataOffset + $0.contents.count })
        XCTAssertEqual(read.endOffset + 22, archive.count)
    }

    func testAnEmptyArchiveIsOnlyTheEndRecord() throws {
        let archive = ZipWriter(modified: modified).finish()
        XCTAssertEqual(archive, [0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        XCTAssertEqual(try ZipReadBack(archive).entries.count, 0)
    }

    /// 17:30:46 on 24 November 2026, Vietnam time: what the clerk's file manager should show.
    func testDOSTimeIsVietnamWallTimeInTwoSecondSteps() {
        XCTAssertEqual(modified.date, UInt16((2026 - 1980) << 9 | 11 << 5 | 24))
        XCTAssertEqual(modified.time, UInt16(17 << 11 | 30 << 5 | 23))
        // 16:59:59 UTC on 31 December is already the next year in Vietnam.
        let newYear = ZipWriter.DOSTime(Timestamp(rfc3339: "2026-12-31T17:00:01Z")!)
        XCTAssertEqual(newYear.date, UInt16((2027 - 1980) << 9 | 1 << 5 | 1))
        XCTAssertEqual(newYear.time, 0)
        // Before 1980 and after 2107, the nearest time DOS can hold.
        XCTAssertEqual(ZipWriter.DOSTime(Timestamp(milliseconds: 0)).date, 1 << 5 | 1)
        XCTAssertEqual(ZipWriter.DOSTime(Timestamp(rfc3339: "2200-01-01T00:00:00Z")!).date, 127 << 9 | 12 << 5 | 31)
    }

    func testTheSameInputGivesTheSameBytes() {
        func archive() -> [UInt8] {
            var zip = ZipWriter(modified: modified)
            zip.add("a.xml", Array("<a/>".utf8))
            return zip.finish()
        }
        XCTAssertEqual(archive(), archive())
    }
}
