import Foundation

/// Text made safe for the HTML and SVG the printed reports are written in.
///
/// Names, units, notes and reasons come from spreadsheets and other machines: every one goes
/// through `text` (attribute values too: it escapes both quotes) before it reaches a page, so a name such as `<b>` or
/// `"Đạt" & co` prints as written and can never open a tag or end an attribute.
enum HTML {
    /// `text` for an element's content: `&`, `<`, `>`, `"` and `'` as entities, after
    /// `TextWrap.clean` (control characters as spaces, format characters dropped, very long
    /// text cut with `…`); NFC, so a decomposed name prints with its marks in place.
    static func text(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in TextWrap.clean(text).precomposedStringWithCanonicalMapping {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A number for SVG coordinates: one decimal, without a trailing `.0`, `.` as the mark
    /// whatever the report's language (`12.5`, `300`, `-4.2`).
    static func coordinate(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite, tenths.magnitude < 1e12 else { return "0" }
        let whole = Int64(tenths)
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        return sign + String(magnitude / 10) + (magnitude % 10 == 0 ? "" : "." + String(magnitude % 10))
    }
}
