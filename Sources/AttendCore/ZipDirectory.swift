/// The structure of a zip file: the end record, the central directory, the local headers.
/// Every offset and length is checked against the file before it is followed.
enum ZipDirectory {
    static let endSignature: UInt32 = 0x0605_4B50
    static let zip64LocatorSignature: UInt32 = 0x0706_4B50
    static let centralSignature: UInt32 = 0x0201_4B50
    static let localSignature: UInt32 = 0x0403_4B50

    /// The entries of the central directory of `bytes`.
    static func read(_ bytes: [UInt8], limits: ZipArchive.Limits) throws(ZipError) -> [ZipArchive.Entry] {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw ZipError(.unsupported, "this is an old Excel .xls file or a password-protected workbook, not an .xlsx: "
                           + "open it in the spreadsheet and save it as Excel Workbook (.xlsx) without a password")
        }
        guard let end = findEnd(bytes) else {
            let what = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) ? "a zip file without its end record (cut short?)" : "not a zip file"
            throw ZipError(.malformed, "\(what): an .xlsx is a zip file; save it again from the spreadsheet as Excel Workbook (.xlsx)")
        }
        if end >= 20, le32(bytes, end - 20) == zip64LocatorSignature {
            throw ZipError(.unsupported, "a zip64 file (over 4 GiB or 65,535 entries): attendd does not read zip64")
        }
        let disk = le16(bytes, end + 4), directoryDisk = le16(bytes, end + 6)
        let count = le16(bytes, end + 10), size = le32(bytes, end + 12), offset = le32(bytes, end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw ZipError(.unsupported, "a zip64 file (over 4 GiB or 65,535 entries): attendd does not read zip64")
        }
        guard disk == 0, directoryDisk == 0, le16(bytes, end + 8) == count else {
            throw ZipError(.unsupported, "a zip file split over several disks: put it together into one file first")
        }
        guard count <= limits.maxEntries else {
            throw ZipError(.tooLarge, "the zip file has \(count) entries, more than the limit of \(limits.maxEntries)")
        }
        let directoryStart = Int(offset), directoryEnd = Int(offset) + Int(size)
        guard directoryEnd <= end else {
            throw ZipError(.malformed, "the zip file's central directory (bytes \(directoryStart)-\(directoryEnd)) "
                           + "runs past its end record (byte \(end)): the file is broken or cut short")
        }
        var entries: [ZipArchive.Entry] = []
        var names = Set<String>()
        var position = directoryStart
        for index in 0..<Int(count) {
            guard position + 46 <= directoryEnd, le32(bytes, position) == centralSignature else {
                throw ZipError(.malformed, "the zip file's central directory is broken at entry \(index + 1) of \(count) (byte \(position))")
            }
            let flags = Int(le16(bytes, position + 8)), method = Int(le16(bytes, position + 10))
            let crc = le32(bytes, position + 16)
            let compressed = le32(bytes, position + 20), size = le32(bytes, position + 24)
            let nameLength = Int(le16(bytes, position + 28))
            let extraLength = Int(le16(bytes, position + 30)), commentLength = Int(le16(bytes, position + 32))
            let local = le32(bytes, position + 42)
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= directoryEnd else {
                throw ZipError(.malformed, "the zip file's central directory is broken at entry \(index + 1): its name runs past the directory")
            }
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
            if compressed == 0xFFFF_FFFF || size == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
                throw ZipError(.unsupported, "\(name) is a zip64 entry (over 4 GiB): attendd does not read zip64")
            }
            if flags & 0x41 != 0 {
                throw ZipError(.unsupported, "\(name) is encrypted: save the workbook without a password")
            }
            guard names.insert(name).inserted else {
                throw ZipError(.malformed, "the zip file has two entries named \(name): refused, since which one counts is ambiguous")
            }
            guard Int(local) + Int(compressed) <= directoryStart else {
                throw ZipError(.malformed, "\(name)'s data (\(compressed) bytes at byte \(local)) runs into the central directory: the file is broken")
            }
            entries.append(ZipArchive.Entry(name: name, method: method, flags: flags, crc: crc, compressedSize: Int(compressed),
                                            size: Int(size), localHeaderOffset: Int(local)))
            position = next
        }
        return entries
    }

    /// The byte where `entry`'s data begins, after its local header, which must agree with the directory.
    static func dataStart(of entry: ZipArchive.Entry, in bytes: [UInt8]) throws(ZipError) -> Int {
        let offset = entry.localHeaderOffset
        guard offset + 30 <= bytes.count, le32(bytes, offset) == localSignature else {
            throw ZipError(.malformed, "\(entry.name): no local header at byte \(offset), where the central directory points")
        }
        let nameLength = Int(le16(bytes, offset + 26)), extraLength = Int(le16(bytes, offset + 28))
        let start = offset + 30 + nameLength + extraLength
        guard start + entry.compressedSize <= bytes.count else {
            throw ZipError(.malformed, "\(entry.name)'s data runs past the end of the file: the file is cut short")
        }
        let localName = String(decoding: bytes[(offset + 30)..<(offset + 30 + nameLength)], as: UTF8.self)
        let flags = Int(le16(bytes, offset + 6)), method = Int(le16(bytes, offset + 8))
        guard localName == entry.name, method == entry.method, flags & 1 == 0 else {
            throw ZipError(.malformed, "\(entry.name): the local header (\(localName), method \(method)) contradicts the central directory")
        }
        if flags & 0x08 == 0 {
            let crc = le32(bytes, offset + 14), compressed = le32(bytes, offset + 18), size = le32(bytes, offset + 22)
            guard crc == entry.crc, Int(compressed) == entry.compressedSize, Int(size) == entry.size else {
                throw ZipError(.malformed, "\(entry.name): the local header claims \(size) bytes (\(compressed) compressed), "
                               + "the central directory \(entry.size) (\(entry.compressedSize)): refused as forged or damaged")
            }
        }
        return start
    }

    /// The offset of the end-of-central-directory record: the last signature in the final
    /// 64 KiB + 22 bytes whose comment length reaches exactly the end of the file.
    static func findEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var position = bytes.count - 22
        while position >= lowest {
            if bytes[position] == 0x50, le32(bytes, position) == endSignature,
               position + 22 + Int(le16(bytes, position + 20)) == bytes.count {
                return position
            }
            position -= 1
        }
        return nil
    }

    @inline(__always)
    static func le16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    @inline(__always)
    static func le32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
