/// Text from the network or from a file, made safe to print on an admin's terminal: every control
/// character (C0, DEL and C1, U+0080–U+009F, among them U+009B, the one-byte CSI) is written out
/// visibly, so that no id, note or CSV field can move the cursor, recolour the screen or split one
/// message over several lines.
public enum ControlEscaping {
    /// `\n`, `\r` and `\t` for the three common ones, `\u{9B}` (the scalar's hex) for the others;
    /// text without a control character comes back unchanged (the fast path: no copy).
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.append(scalar)
                continue
            }
            let visible: String
            switch scalar {
            case "\n": visible = "\\n"
            case "\r": visible = "\\r"
            case "\t": visible = "\\t"
            default: visible = "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
            out.append(contentsOf: visible.unicodeScalars)
        }
        return String(out)
    }

    /// C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
