import Foundation

/// Vietnamese names folded for search: operators type fast, often without diacritics.
///
/// `fold` gives the form two spellings share: "Nguyễn Văn Đạt", "NGUYEN VAN DAT" and the
/// decomposed (NFD) "Nguyễn Văn Đạt" all fold to "nguyen van dat".
public enum NameFolding {
    /// NFC, lower case, diacritics removed, `đ`/`Đ` as `d`, whitespace runs as one space, trimmed.
    public static func fold(_ name: String) -> String {
        let folded = name.precomposedStringWithCanonicalMapping
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .lowercased()
        // `đ` is a letter of its own, not `d` with a mark, so folding keeps it.
        var scalars = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            scalars.append(scalar == "đ" || scalar == "Đ" ? "d" : scalar)
        }
        return collapsingWhitespace(String(scalars))
    }

    /// True when every word of the folded `query` is the start of a word of the folded `name`,
    /// each a later word than the one before: "ng v an" and "van an" match "Nguyễn Văn An",
    /// "an nguyen" does not. An empty query matches nothing.
    public static func matches(query: String, name: String) -> Bool {
        matchesFolded(fold(query), fold(name))
    }

    /// `matches(query:name:)` for strings already folded, for callers that keep folded names.
    public static func matchesFolded(_ foldedQuery: String, _ foldedName: String) -> Bool {
        let queryWords = foldedQuery.split(separator: " ")
        guard !queryWords.isEmpty else { return false }
        let nameWords = foldedName.split(separator: " ")
        // Taking the earliest name word that fits each query word never loses a match.
        var next = nameWords.startIndex
        for word in queryWords {
            guard let found = nameWords[next...].firstIndex(where: { $0.hasPrefix(word) }) else { return false }
            next = found + 1
        }
        return true
    }

    /// `text` with every run of whitespace (tabs, line breaks, no-break spaces) as one space,
    /// and none at either end.
    public static func collapsingWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The form used to compare a spreadsheet's words (headers, categories) to the accepted
    /// ones: folded, with `_ - , . / ; : ( ) *` read as spaces ("Full_name", "CB, CC, VC").
    static func key(_ text: String) -> String {
        let punctuation: Set<Character> = ["_", "-", ",", ".", "/", ";", ":", "(", ")", "*"]
        return fold(String(text.map { punctuation.contains($0) ? " " : $0 }))
    }
}
