import Foundation

/// The ASCII form of a delegate id that cards and invitations carry in their QR and Code 128
/// symbols, and its way back to the id.
///
/// Hall scanners type what they read as key presses, and most cannot type Vietnamese letters, so
/// a code holds the id's UTF-8 (NFC) with every byte outside printable ASCII, and `%` itself,
/// written `%XX` in upper-case hex (RFC 3986 percent-encoding): `Hà-001` is `H%C3%A0-001`.
/// Chosen because it is
/// - reversible for every id, whatever its script, and identical to the id when it is plain ASCII
///   (most card numbers stay as they are, and short);
/// - typed on any keyboard layout without a dead key (only `%`, `0-9`, `A-F` are added; VIQR's
///   `` ` ^ ~ `` are dead keys on international layouts);
/// - unambiguous: only the *canonical* form is mapped back (upper-case hex, every escape needed,
///   valid UTF-8, NFC), so a typed id with a stray `%` (`A%B`, `50%`) stays what it is.
/// An NFC Vietnamese letter costs 6 or 9 characters (à `%C3%A0`, ạ `%E1%BA%A1`).
public enum DelegateCode {
    /// The ASCII form of `id` (after NFC).
    public static func asciiForm(of id: String) -> String {
        var result = ""
        for byte in id.precomposedStringWithCanonicalMapping.utf8 {
            if needsEscape(byte) {
                result += "%" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
            } else {
                result.append(Character(Unicode.Scalar(byte)))
            }
        }
        return result
    }

    /// The id a scanned or typed `text` means: the id whose ASCII form it is, or `text` itself
    /// when it is not a canonical ASCII form (no `%`, or a `%` not of this encoding, or one that
    /// would give a space or control character, which no id has).
    public static func id(fromScanned text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")), text.utf8.allSatisfy({ $0 < 0x80 }) else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return text }
            bytes.append(high << 4 | low)
        }
        // Re-encoding gives the text back only if every escape was needed and the id is NFC.
        guard let decoded = String(validating: bytes, as: UTF8.self), asciiForm(of: decoded) == text,
            !decoded.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F })
        else { return text }
        return decoded
    }

    /// Whether `byte` is written `%XX`: outside printable ASCII, or `%`.
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "%")
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    /// The value of an upper-case hex digit; lower case is not canonical.
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
