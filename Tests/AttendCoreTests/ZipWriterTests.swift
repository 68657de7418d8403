@testable import AttendCore
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

/// A strict reader of what `ZipWriter` writes, for its tests only: finds the end record, walks
/// the central directory, and checks each local header against its directory record.
struct ZipReadBack {
    struct Entry {
        var name: String
        var method: UInt16
        var crc: UInt32
        var utf8Flag: Bool
        var dosTime: UInt16
        var dosDate: UInt16
        var dataOffset: Int
        var contents: [UInt8]
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    var entries: [Entry] = []
    var directoryOffset = 0
    var endOffset = 0

    init(_ bytes: [UInt8]) throws {
        func u16(_ at: Int) throws -> UInt16 {
            guard at >= 0, at + 2 <= bytes.count else { throw Malformed(description: "read past the end at \(at)") }
            return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
        }
        func u32(_ at: Int) throws -> UInt32 { UInt32(try u16(at)) | UInt32(try u16(at + 2)) << 16 }
        guard let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: { (try? u32($0)) == 0x0605_4B50 }) else {
            throw Malformed(description: "no end record")
        }
        endOffset = end
        let count = Int(try u16(end + 10))
        guard try u16(end + 8) == count else { throw Malformed(description: "entries on this disk differ from the total") }
        let size = Int(try u32(end + 12))
        directoryOffset = Int(try u32(end + 16))
        guard directoryOffset + size == end else { throw Malformed(description: "directory does not end at the end record") }
        var at = directoryOffset
        for index in 0..<count {
            guard try u32(at) == 0x0201_4B50 else { throw Malformed(description: "directory record \(index) at \(at) has no signature") }
            let flags = try u16(at + 8), method = try u16(at + 10), time = try u16(at + 12), date = try u16(at + 14)
            let crc = try u32(at + 16), compressed = Int(try u32(at + 20)), uncompressed = Int(try u32(at + 24))
            let nameLength = Int(try u16(at + 28)), extra = Int(try u16(at + 30)), comment = Int(try u16(at + 32))
            let local = Int(try u32(at + 42))
            guard at + 46 + nameLength <= bytes.count else { throw Malformed(description: "name of record \(index) past the end") }
            let nameBytes = Array(bytes[(at + 46)..<(at + 46 + nameLength)])
            guard let name = String(validating: nameBytes, as: UTF8.self) else { throw Malformed(description: "record \(index): name not UTF-8") }
            guard compressed == uncompressed else { throw Malformed(description: "\(name): stored sizes differ") }
            // The local header must repeat the directory's fields.
            guard try u32(local) == 0x0403_4B50 else { throw Malformed(description: "\(name): no local header at \(local)") }
            guard try u16(local + 6) == flags, try u16(local + 8) == method, try u16(local + 10) == time, try u16(local + 12) == date,
                  try u32(local + 14) == crc, Int(try u32(local + 18)) == compressed, Int(try u32(local + 22)) == uncompressed,
                  Int(try u16(local + 26)) == nameLength,
                  Array(bytes[(local + 30)..<(local + 30 + nameLength)]) == nameBytes
            else { throw Malformed(description: "\(name): local header differs from the directory") }
            let data = local + 30 + nameLength + Int(try u16(local + 28))
            guard data + compressed <= directoryOffset else { throw Malformed(description: "\(name): contents run into the directory") }
            let contents = Array(bytes[data..<(data + compressed)])
            guard CRC32.checksum(contents) == crc else { throw Malformed(description: "\(name): CRC-32 does not match") }
            entries.append(Entry(name: name, method: method, crc: crc, utf8Flag: flags & 1 << 11 != 0, dosTime: time, dosDate: date,
                                 dataOffset: data, contents: contents))
            at += 46 + nameLength + extra + comment
        }
        guard at == end else { throw Malformed(description: "directory records end at \(at), not at the end record \(end)") }
    }

    /// The contents of `name`, as text.
    func text(_ name: String) -> String? {
        entries.first { $0.name == name }.map { String(decoding: $0.contents, as: UTF8.self) }
    }
}
