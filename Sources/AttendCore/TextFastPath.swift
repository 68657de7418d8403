/// Cheap answers to "would this step change the text?" for the invited-list checks, which run
/// on every cell of a 10,000-row import twice (attendctl, then the daemon's own parse of the
/// payload). Each answer is conservative: `true` only when the text certainly stays the same;
/// `false` sends the text down the full (slower, Foundation or grapheme-based) path, so no
/// check is weakened and no result differs.
enum TextFastPath {
    /// True when `text` is certainly NFC already: every scalar is below U+0300 (ASCII, Latin-1,
    /// Latin Extended-A/B, IPA) or in Latin Extended Additional U+1E00-U+1EFF (Vietnamese's
    /// precomposed letters with two marks, `ễ`, `ộ`, `ự`). No scalar of those blocks has
    /// NFC_Quick_Check No or Maybe: none decomposes to something else under NFC and none
    /// composes with the scalar before it, so a string made of them is unchanged by NFC.
    /// Anything else (a combining mark, a singleton such as U+212B, Hangul jamo) answers false.
    static func isNFC(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { isStableUnderNFC($0) }
    }

    /// One scalar of the blocks `isNFC` trusts.
    static func isStableUnderNFC(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x300 || (0x1E00...0x1EFF).contains(scalar.value)
    }

    /// True when `text` certainly holds none of the invisibles `clean` removes (U+200B, U+FEFF):
    /// both are encoded in UTF-8 from a lead byte 0xE2 or 0xEF, so text without those bytes has none.
    static func lacksInvisibles(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0xE2 || $0 == 0xEF }
    }

    /// True when `NameFolding.collapsingWhitespace(text)` would return `text` itself: no
    /// whitespace but single U+0020 spaces, none at either end, and each space followed by a
    /// scalar `isNFC` trusts that is not whitespace (so it never joins a mark into its grapheme).
    static func isCollapsed(_ text: String) -> Bool {
        var previousWasSpace = true  // a space first is not collapsed
        for scalar in text.unicodeScalars {
            if scalar == " " {
                if previousWasSpace { return false }
                previousWasSpace = true
                continue
            }
            if scalar.value < 0x80 {
                if scalar.value < 0x20 || scalar.value == 0x7F { return false }  // tabs, line breaks, controls
            } else if !isStableUnderNFC(scalar) || scalar.properties.isWhitespace
                        || scalar.properties.canonicalCombiningClass != .notReordered
                        || scalar.value == 0x85 || scalar.value == 0xA0 {
                return false
            }
            previousWasSpace = false
        }
        return !previousWasSpace || text.isEmpty
    }
}
