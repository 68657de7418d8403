/// UTF-8 bytes of an XML document being written, with the escaping Office Open XML wants:
/// `&`, `<`, `>` and `"` as entities, and the characters XML 1.0 cannot hold at all (controls
/// other than tab and line feed, U+FFFE, U+FFFF) as `_xHHHH_`, ECMA-376's ST_Xstring escape
/// (Part 1, 22.9.2.19), which Excel, LibreOffice and openpyxl turn back into the character. A
/// carriage return is escaped the same way, since an XML parser would turn it into a line feed.
/// Text that already looks like such an escape (`_x0041_`) has its `_` escaped as `_x005F_`, so
/// it reads back as written.
///
/// Names and reasons arrive from other machines; a vertical tab in a name must not make the
/// whole workbook unreadable.
struct XMLText {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Markup written as it is: it must be well-formed XML already.
    mutating func markup(_ text: String) {
        bytes += text.utf8
    }

    /// A whole number in decimal.
    mutating func number(_ value: Int) {
        bytes += String(value).utf8
    }

    /// Text content or an attribute value, escaped.
    mutating func text(_ text: String) {
        let utf8 = text.utf8
        let plain = utf8.allSatisfy { byte in
            byte >= 0x20 ? byte != 0x26 && byte != 0x3C && byte != 0x3E && byte != 0x22 && byte != 0x5F && byte != 0xEF
                : byte == 0x09 || byte == 0x0A
        }
        if plain {
            bytes += utf8
            return
        }
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar.value {
            case 0x26: bytes += "&amp;".utf8
            case 0x3C: bytes += "&lt;".utf8
            case 0x3E: bytes += "&gt;".utf8
            case 0x22: bytes += "&quot;".utf8
            case 0x09, 0x0A: bytes.append(UInt8(scalar.value))
            case 0x00..<0x20, 0xFFFE, 0xFFFF: escape(scalar.value)
            case 0x5F where Self.looksEscaped(scalars, at: index): escape(0x5F)
            default: bytes += String(scalar).utf8
            }
        }
    }

    /// `_xHHHH_` for the code unit `value`.
    private mutating func escape(_ value: UInt32) {
        let hex = Array("0123456789ABCDEF".utf8)
        bytes += "_x".utf8
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(hex[Int(value >> UInt32(shift) & 0xF)]) }
        bytes.append(UInt8(ascii: "_"))
    }

    /// Whether `_xHHHH_` starts at `index`: a reader would take it for an escape.
    private static func looksEscaped(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 7 <= scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)..<(index + 6)].allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
