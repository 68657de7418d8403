import Foundation

/// Display width of text in a character terminal, and fitting text into columns.
///
/// A terminal gives most characters one column, combining marks none (the tone marks of a
/// decomposed "Nguyễn" ride on their letter) and East Asian wide characters two. Text is put in
/// NFC first, so "Nguyễn" takes six columns whichever way it arrived.
public enum TerminalText {
    /// Columns `text` takes on screen.
    public static func width(_ text: String) -> Int {
        text.precomposedStringWithCanonicalMapping.reduce(0) { $0 + width(of: $1) }
    }

    /// Columns one character (grapheme cluster) takes: 0 for controls and lone marks, 2 for wide.
    public static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.value < 0x20 || (0x7F..<0xA0).contains(first.value) { return 0 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    /// East Asian wide and fullwidth ranges (Hangul, CJK, fullwidth forms, emoji).
    static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` (NFC) cut to at most `columns`, ending in "…" when something was cut.
    public static func truncate(_ text: String, to columns: Int) -> String {
        let text = text.precomposedStringWithCanonicalMapping
        guard columns > 0 else { return "" }
        guard width(text) > columns else { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = width(of: character)
            if used + w > columns - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` cut or padded with spaces to exactly `columns`.
    public static func pad(_ text: String, to columns: Int) -> String {
        let cut = truncate(text, to: columns)
        return cut + String(repeating: " ", count: max(0, columns - width(cut)))
    }

    /// `text` centred in exactly `columns`.
    public static func centre(_ text: String, in columns: Int) -> String {
        let cut = truncate(text, to: columns)
        let left = max(0, (columns - width(cut)) / 2)
        return pad(String(repeating: " ", count: left) + cut, to: columns)
    }

    /// `left` at the start and `right` at the end of `columns`; `left` is cut first when both do not fit.
    public static func spread(_ left: String, _ right: String, in columns: Int) -> String {
        let rightCut = truncate(right, to: columns)
        let room = columns - width(rightCut)
        guard room > 1 else { return pad(rightCut, to: columns) }
        return pad(left, to: room - 1) + " " + rightCut
    }

    /// Upper case with letters spaced out ("ĐÚNG GIỜ" → "Đ Ú N G   G I Ờ") when it fits in `columns`.
    public static func spaced(_ text: String, fitting columns: Int) -> String {
        let upper = text.precomposedStringWithCanonicalMapping.uppercased()
        let spaced = upper.map { $0 == " " ? " " : String($0) }.joined(separator: " ")
        return width(spaced) <= columns ? spaced : upper
    }
}
