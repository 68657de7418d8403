/// A zip archive of stored (uncompressed) entries, as APPNOTE.TXT describes it: for each entry a
/// local header (`PK\3\4`) and its bytes, then the central directory (`PK\1\2` per entry) and the
/// end record (`PK\5\6`). Written here because attendd may use no compression package; it is the
/// container of the xlsx workbooks (`XLSXWorkbook`).
///
/// Stored, not deflated: a 10,000-delegate workbook is about 2 MB stored, every reader accepts
/// method 0, and the writer stays a few dozen lines with nothing to get wrong. No zip64: the
/// archive stays under 4 GiB and 65,535 entries (a precondition; a report is megabytes).
///
///     var zip = ZipWriter(modified: ZipWriter.DOSTime(Timestamp(milliseconds: 0)))
///     zip.add("hello.txt", Array("xin chào".utf8))
///     let bytes = zip.finish()
public struct ZipWriter: Sendable {
    /// A time as MS-DOS writes it (APPNOTE 4.4.6): local wall time, two-second resolution,
    /// years 1980 to 2107. Zip has no time zone; attendd writes Vietnam's local time, what the
    /// clerk's file manager should show.
    public struct DOSTime: Sendable, Equatable {
        /// Bits 15-9 the years since 1980, 8-5 the month, 4-0 the day.
        public var date: UInt16
        /// Bits 15-11 the hour, 10-5 the minute, 4-0 the seconds halved.
        public var time: UInt16

        public init(date: UInt16, time: UInt16) {
            self.date = date
            self.time = time
        }

        /// The wall time in Vietnam (UTC+7) of `instant`, clamped to the years DOS can hold.
        public init(_ instant: Timestamp) {
            let local = instant.milliseconds / 1000 + Int64(Timestamp.vietnamOffsetSeconds)
            var days = local / 86_400
            var seconds = local - days * 86_400
            if seconds < 0 { seconds += 86_400; days -= 1 }
            let (year, month, day) = Timestamp.civilFromDays(Int(days))
            guard year >= 1980 else { self.init(date: 1 << 5 | 1, time: 0); return }  // 1980-01-01 00:00
            guard year <= 2107 else { self.init(date: 127 << 9 | 12 << 5 | 31, time: 23 << 11 | 59 << 5 | 29); return }
            let hour = Int(seconds / 3600), minute = Int(seconds / 60 % 60), second = Int(seconds % 60)
            self.init(date: UInt16((year - 1980) << 9 | month << 5 | day), time: UInt16(hour << 11 | minute << 5 | second / 2))
        }
    }

    /// One entry as the central directory records it.
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var localHeaderOffset: UInt32
    }

    private let modified: DOSTime
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []

    /// An empty archive whose entries all carry `modified`.
    public init(modified: DOSTime) {
        self.modified = modified
    }

    /// Appends the entry `name` (a relative path with `/`, UTF-8) holding `contents`, stored.
    public mutating func add(_ name: String, _ contents: [UInt8]) {
        let nameBytes = Array(name.utf8)
        precondition(!nameBytes.isEmpty && nameBytes.count <= 0xFFFF && !name.hasPrefix("/"), "zip entry name \(name)")
        precondition(entries.count < 0xFFFF && UInt64(bytes.count) + UInt64(contents.count) + 0x1_0000 < 0xFFFF_FFFF,
                     "zip archive too large for a non-zip64 archive")
        let entry = Entry(name: nameBytes, crc: CRC32.checksum(contents), size: UInt32(contents.count),
                          localHeaderOffset: UInt32(bytes.count))
        bytes.reserveCapacity(bytes.count + 30 + nameBytes.count + contents.count)
        put32(0x0403_4B50)
        put16(10)  // version needed: 1.0, stored entries
        put16(flags(entry))
        put16(0)  // method: stored
        put16(modified.time)
        put16(modified.date)
        put32(entry.crc)
        put32(entry.size)  // compressed size
        put32(entry.size)  // uncompressed size
        put16(UInt16(nameBytes.count))
        put16(0)  // extra field length
        bytes += nameBytes
        bytes += contents
        entries.append(entry)
    }

    /// The archive: the entries added, then the central directory and the end record.
    public func finish() -> [UInt8] {
        var archive = self
        let directoryOffset = UInt32(archive.bytes.count)
        for entry in entries {
            archive.put32(0x0201_4B50)
            archive.put16(20)  // version made by: MS-DOS, 2.0
            archive.put16(10)  // version needed
            archive.put16(flags(entry))
            archive.put16(0)
            archive.put16(modified.time)
            archive.put16(modified.date)
            archive.put32(entry.crc)
            archive.put32(entry.size)
            archive.put32(entry.size)
            archive.put16(UInt16(entry.name.count))
            archive.put16(0)  // extra field length
            archive.put16(0)  // comment length
            archive.put16(0)  // disk number start
            archive.put16(0)  // internal attributes
            archive.put32(0)  // external attributes
            archive.put32(entry.localHeaderOffset)
            archive.bytes += entry.name
        }
        let directorySize = UInt32(archive.bytes.count) - directoryOffset
        archive.put32(0x0605_4B50)
        archive.put16(0)  // this disk
        archive.put16(0)  // the directory's disk
        archive.put16(UInt16(entries.count))
        archive.put16(UInt16(entries.count))
        archive.put32(directorySize)
        archive.put32(directoryOffset)
        archive.put16(0)  // comment length
        return archive.bytes
    }

    /// Bit 11 (APPNOTE 4.4.4) says the name is UTF-8; set only when it is not plain ASCII.
    private func flags(_ entry: Entry) -> UInt16 { entry.name.contains { $0 >= 0x80 } ? 1 << 11 : 0 }

    private mutating func put16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    private mutating func put32(_ value: UInt32) {
        put16(UInt16(value & 0xFFFF))
        put16(UInt16(value >> 16))
    }
}
