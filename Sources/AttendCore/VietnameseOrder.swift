import Foundation

/// The order of official Vietnamese lists of names (danh sách): by the given name (the last
/// word), then the family and middle names (họ đệm) word by word as written; each word compared
/// in the Vietnamese alphabet first (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
/// then by its tones in dictionary order (none, huyền, hỏi, ngã, sắc, nặng), then lower case
/// before upper case. A shorter name that is the start of a longer one comes first.
///
/// Code point order is wrong for every one of these: it puts "Đặng" after "Vũ", "Ă" after "Z",
/// and "Ấn" before "Ân". Names arrive composed (NFC) or decomposed (NFD); both give the same key.
/// Letters outside the Vietnamese alphabet (f j w z, in foreign names) sit where Latin puts them;
/// digits come before letters; anything else after them, by code point.
public enum VietnameseOrder {
    /// A name's place in the order: compare keys with `<` (no locale, no allocation per comparison
    /// beyond the key itself, so sorting a 300-name list computes 300 keys once).
    public struct Key: Comparable, Hashable, Sendable {
        /// Per word: its letters' ranks, 0, its tones, 0, its letters' cases, 0; the given name's
        /// word first, then the others as written.
        let weights: [UInt32]

        public static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.weights.lexicographicallyPrecedes(rhs.weights)
        }
    }

    /// The key of a full name ("Nguyễn Văn An"): the given name first.
    public static func key(_ fullName: String) -> Key {
        let words = fullName.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace })
        guard let given = words.last else { return Key(weights: []) }
        return key(words: [given] + words.dropLast())
    }

    /// The key of a text that is not a person's name (a unit: "Chi bộ 3"), word by word as written.
    public static func key(asWritten text: String) -> Key {
        key(words: text.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }))
    }

    private static func key(words: [Substring]) -> Key {
        var weights: [UInt32] = []
        weights.reserveCapacity(words.reduce(0) { $0 + $1.unicodeScalars.count } * 3 + 3 * words.count)
        for word in words { append(word: word, to: &weights) }
        return Key(weights: weights)
    }

    /// Whether `a` comes before `b` in a list of names.
    public static func precedes(_ a: String, _ b: String) -> Bool { key(a) < key(b) }

    /// `items` in list order: grouped by unit when `unit` is given, the units in `unitOrder`
    /// (the order the list first names them; a unit not in it after those, in Vietnamese order),
    /// and by name within each group; `id` breaks ties between equal names, so the order is total.
    public static func sorted<Item>(
        _ items: [Item], name: (Item) -> String, id: (Item) -> String,
        unit: ((Item) -> String)? = nil, unitOrder: [String: Int] = [:]
    ) -> [Item] {
        let keyed = items.map { item in
            let unitName = unit?(item) ?? ""
            let unitRank = unit == nil ? 0 : unitOrder[unitName] ?? Int.max
            return (item: item, unitRank: unitRank, unitKey: unitRank == Int.max ? key(asWritten: unitName) : Key(weights: []),
                    name: key(name(item)), id: id(item))
        }
        return keyed.sorted { a, b in
            if a.unitRank != b.unitRank { return a.unitRank < b.unitRank }
            if a.unitKey != b.unitKey { return a.unitKey < b.unitKey }
            if a.name != b.name { return a.name < b.name }
            return a.id < b.id
        }.map(\.item)
    }

    /// Each unit's position in `units`, by its first appearance ("units in the order the list
    /// first names them").
    public static func firstAppearance(_ units: [String]) -> [String: Int] {
        var order: [String: Int] = [:]
        for unit in units where order[unit] == nil { order[unit] = order.count }
        return order
    }

    // MARK: weights

    /// The Vietnamese alphabet with the four foreign letters where Latin puts them.
    private static let alphabet: [String] = [
        "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô", "ơ",
        "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
    ]
    /// Digits rank 1-10, letters from 100, anything else from 1000 by code point.
    private static let letterRank: [String: UInt32] = Dictionary(
        uniqueKeysWithValues: alphabet.enumerated().map { ($0.element, UInt32(100 + $0.offset)) })

    /// The tone marks in dictionary order after "none" (1): huyền, hỏi, ngã, sắc, nặng.
    private static let toneRank: [Unicode.Scalar: UInt32] = [
        "\u{0300}": 2, "\u{0309}": 3, "\u{0303}": 4, "\u{0301}": 5, "\u{0323}": 6,
    ]
    /// The marks that make a letter of their own: breve (ă), circumflex (â ê ô), horn (ơ ư).
    private static let letterMarks: Set<Unicode.Scalar> = ["\u{0306}", "\u{0302}", "\u{031B}"]

    private static func append(word: Substring, to weights: inout [UInt32]) {
        var letters: [UInt32] = []
        var tones: [UInt32] = []
        var cases: [UInt32] = []
        for character in word {
            let scalars = Array(String(character).decomposedStringWithCanonicalMapping.unicodeScalars)
            guard let base = scalars.first else { continue }
            let lower = String(base).lowercased()
            let isUpper = lower != String(base)
            var letter = lower
            var tone: UInt32 = 1
            var other: UInt32 = 0
            for mark in scalars.dropFirst() {
                if letterMarks.contains(mark) {
                    letter.unicodeScalars.append(mark)
                } else if let rank = toneRank[mark] {
                    tone = rank
                } else {
                    // A mark Vietnamese does not use: after every tone, by code point.
                    other = 100 + mark.value
                }
            }
            letter = letter.precomposedStringWithCanonicalMapping
            if let rank = letterRank[letter] {
                letters.append(rank)
            } else if ("0"..."9").contains(base) {
                letters.append(1 + base.value - 48)
            } else {
                letters.append(1000 + (letter.unicodeScalars.first?.value ?? 0))
            }
            tones.append(other > 0 ? other : tone)
            cases.append(isUpper ? 2 : 1)
        }
        weights += letters
        weights.append(0)
        weights += tones
        weights.append(0)
        weights += cases
        weights.append(0)
    }
}
