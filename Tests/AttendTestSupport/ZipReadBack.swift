import AttendCore

/// A strict reader of what `ZipWriter` writes, for the tests of the zip and xlsx writers: finds
/// the end record, walks the central directory, and checks each local header against its
/// directory record and each entry's CRC-32.
public struct ZipReadBack {
    public struct Entry {
        public var name: String
        public var method: UInt16
        public var crc: UInt32
        public var utf8Flag: Bool
        public var dosTime: UInt16
        public var dosDate: UInt16
        public var dataOffset: Int
        public var contents: [UInt8]
    }

    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    public var entries: [Entry] = []
    public var directoryOffset = 0
    public var endOffset = 0

    public init(_ bytes: [UInt8]) throws {
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
    public func text(_ name: String) -> String? {
        entries.first { $0.name == name }.map { String(decoding: $0.contents, as: UTF8.self) }
    }
}
