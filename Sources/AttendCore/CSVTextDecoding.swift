import Foundation

/// The encodings a Vietnamese office's CSV arrives in, as `--encoding` names them.
public enum CSVEncoding: String, CaseIterable, Sendable {
    /// With or without a byte order mark ("CSV UTF-8" in Excel).
    case utf8 = "utf-8"
    /// With a byte order mark, little or big endian: Excel's "Unicode Text", tab separated.
    case utf16 = "utf-16"
    /// Vietnamese Windows "ANSI": letters as single bytes, tone marks as combining bytes after them.
    case windows1258 = "windows-1258"

    /// The encoding a person named, in the spellings they use (`utf8`, `UTF-16`, `cp1258`, `1258`).
    public static func named(_ text: String) -> CSVEncoding? {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": return .utf8
        case "utf-16", "utf16", "unicode", "utf-16le": return .utf16
        case "windows-1258", "cp1258", "1258", "win1258": return .windows1258
        default: return nil
        }
    }
}

/// Turns the bytes of a CSV file into UTF-8 text, from whichever encoding it is in.
///
/// Without a named encoding: a UTF-16 byte order mark means UTF-16; valid UTF-8 is UTF-8; bytes
/// that are not UTF-8 but carry Windows-1258's tone bytes (grave `CC`, hook `D2`, tilde `DE`,
/// acute `EC`, dot below `F2`) right after vowels, and no byte 1258 leaves undefined, are
/// Windows-1258. Anything else is refused naming the first byte that is not UTF-8 and saying how
/// to save the file. Windows-1258 text is decoded byte by byte and normalized to NFC, so a
/// name's tone lands on its letter (`Nguye` + `DE` is `Nguyễ`).
public enum CSVTextDecoding {
    /// The UTF-8 bytes of `bytes`, and the encoding they were found or said to be in.
    public static func decode(_ bytes: [UInt8], as given: CSVEncoding? = nil) throws(CSVError) -> (utf8: [UInt8], encoding: CSVEncoding) {
        let encoding: CSVEncoding
        if let given {
            encoding = given
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16
        } else if String(validating: bytes, as: UTF8.self) != nil {
            return (bytes, .utf8)
        } else if looksLikeWindows1258(bytes) {
            encoding = .windows1258
        } else {
            try CSVReader.validateText(bytes, from: bytes.starts(with: CSVReader.utf8BOM) ? 3 : 0)
            return (bytes, .utf8)
        }
        switch encoding {
        case .utf8: return (bytes, .utf8)
        case .utf16: return (try utf16(bytes), .utf16)
        case .windows1258: return (try windows1258(bytes), .windows1258)
        }
    }

    /// Whether `bytes` read as Windows-1258: tone bytes after vowels, at least nine in ten of them, and no undefined byte.
    static func looksLikeWindows1258(_ bytes: [UInt8]) -> Bool {
        var afterVowel = 0
        var elsewhere = 0
        var previous: UInt8 = 0
        for byte in bytes {
            if byte >= 0x80, windows1258Table[Int(byte - 0x80)] == 0 { return false }
            if toneBytes.contains(byte) {
                if vowelBytes.contains(previous) { afterVowel += 1 } else { elsewhere += 1 }
            }
            previous = byte
        }
        return afterVowel > 0 && elsewhere * 10 <= afterVowel
    }

    static func windows1258(_ bytes: [UInt8]) throws(CSVError) -> [UInt8] {
        var scalars = String.UnicodeScalarView()
        var line = 1
        for byte in bytes {
            if byte == 0x0A { line += 1 }
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
            } else if let scalar = Unicode.Scalar(windows1258Table[Int(byte - 0x80)]), scalar.value != 0 {
                scalars.append(scalar)
            } else {
                throw CSVError(.invalidUTF8, line: line, "byte 0x\(String(byte, radix: 16, uppercase: true)) is not a Windows-1258 character; "
                               + "the file is in another encoding: \(CSVReader.saveAsHint)")
            }
        }
        return Array(String(scalars).precomposedStringWithCanonicalMapping.utf8)
    }

    static func utf16(_ bytes: [UInt8]) throws(CSVError) -> [UInt8] {
        let bigEndian = bytes.starts(with: [0xFE, 0xFF])
        let start = bytes.starts(with: [0xFF, 0xFE]) || bigEndian ? 2 : 0
        guard (bytes.count - start) % 2 == 0 else {
            throw CSVError(.invalidUTF8, line: 0, "the file is UTF-16 but has an odd number of bytes: it is cut short or not UTF-16; \(CSVReader.saveAsHint)")
        }
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var index = start
        while index < bytes.count {
            let first = UInt16(bytes[index]), second = UInt16(bytes[index + 1])
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        var line = 1
        var position = 0
        while position < units.count {
            let unit = units[position]
            if unit == 0x0A { line += 1 }
            if UTF16.isLeadSurrogate(unit), position + 1 < units.count, UTF16.isTrailSurrogate(units[position + 1]) {
                position += 2
                continue
            }
            if UTF16.isLeadSurrogate(unit) || UTF16.isTrailSurrogate(unit) {
                throw CSVError(.invalidUTF8, line: line, "not valid UTF-16 (a lone surrogate 0x\(String(unit, radix: 16, uppercase: true))); \(CSVReader.saveAsHint)")
            }
            position += 1
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    static let toneBytes: Set<UInt8> = [0xCC, 0xD2, 0xDE, 0xEC, 0xF2]
    /// a e i o u y in both cases, and 1258's â ă ê ô ơ ư and their capitals.
    static let vowelBytes: Set<UInt8> = Set(Array("aeiouyAEIOUY".utf8)).union([0xC2, 0xC3, 0xCA, 0xD4, 0xD5, 0xDD, 0xE2, 0xE3, 0xEA, 0xF4, 0xF5, 0xFD])

    /// Bytes 0x80-0xFF of Windows-1258 (Python's cp1258 codec); 0 where the code page has no character.
    static let windows1258Table: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0, 0x2039, 0x0152, 0, 0, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0, 0x203A, 0x0153, 0, 0, 0x0178,
        0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
        0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
        0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
        0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
        0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
        0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
        0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
        0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
        0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
        0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
        0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
    ]
}
