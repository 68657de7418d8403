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
        /// word first, then the others as written. Each weight is two bytes, big-endian, so
        /// comparing the bytes (`memcmp`) compares the weights in order.
        let bytes: [UInt8]

        init(weights: [UInt32]) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(weights.count * 2)
            for weight in weights {
                let clamped = min(weight, 0xFFFF)
                bytes.append(UInt8(clamped >> 8))
                bytes.append(UInt8(clamped & 0xFF))
            }
            self.bytes = bytes
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            let common = min(lhs.bytes.count, rhs.bytes.count)
            let order = lhs.bytes.withUnsafeBufferPointer { left in
                rhs.bytes.withUnsafeBufferPointer { right in common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common) }
            }
            return order != 0 ? order < 0 : lhs.bytes.count < rhs.bytes.count
        }
    }

    /// The key of a full name ("Nguyễn Văn An"): the given name first.
    public static func key(_ fullName: String) -> Key {
        let words = words(of: fullName)
        guard let given = words.last else { return Key(weights: []) }
        return key(words: [given] + words.dropLast())
    }

    /// The key of a text that is not a person's name (a unit: "Chi bộ 3"), word by word as written.
    public static func key(asWritten text: String) -> Key {
        key(words: words(of: text))
    }

    /// The words of `text` as decomposed scalars (NFD: every letter its base, then its marks),
    /// decomposed once for the whole text: a 10,000-name list is keyed in milliseconds.
    private static func words(of text: String) -> [ArraySlice<Unicode.Scalar>] {
        let scalars = Array(text.decomposedStringWithCanonicalMapping.unicodeScalars)
        return scalars.split(whereSeparator: { $0 == " " || RequestFields.isSpace($0) })
    }

    private static func key(words: [ArraySlice<Unicode.Scalar>]) -> Key {
        var weights: [UInt32] = []
        weights.reserveCapacity(words.reduce(0) { $0 + $1.count } * 3 + 3 * words.count)
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

    /// Digits rank 1-10, letters from 100 in the Vietnamese alphabet with the four foreign
    /// letters where Latin puts them (a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x
    /// y z), anything else from 1000 by code point.
    private static func rank(base: Unicode.Scalar, breve: Bool, circumflex: Bool, horn: Bool) -> UInt32 {
        switch base {
        case "0"..."9": return 1 + base.value - 48
        case "a": return breve ? 101 : circumflex ? 102 : 100
        case "b", "c", "d": return 103 + base.value - 98        // b 103, c 104, d 105
        case "đ": return 106
        case "e": return circumflex ? 108 : 107
        case "f", "g", "h", "i", "j", "k", "l", "m", "n": return 109 + base.value - 102  // f 109 ... n 117
        case "o": return horn ? 120 : circumflex ? 119 : 118
        case "p", "q", "r", "s", "t": return 121 + base.value - 112  // p 121 ... t 125
        case "u": return horn ? 127 : 126
        case "v", "w", "x", "y", "z": return 128 + base.value - 118  // v 128 ... z 132
        default: return 1000 + base.value
        }
    }

    /// A tone mark's place after "none" (1): huyền, hỏi, ngã, sắc, nặng; 0 for another scalar.
    private static func tone(_ mark: Unicode.Scalar) -> UInt32 {
        switch mark.value {
        case 0x0300: return 2
        case 0x0309: return 3
        case 0x0303: return 4
        case 0x0301: return 5
        case 0x0323: return 6
        default: return 0
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        (0x0300...0x036F).contains(scalar.value)
            || (!scalar.isASCII && scalar.properties.generalCategory == .nonspacingMark)
    }

    /// One word's letters, tones and cases, each list closed by 0. A letter is a base scalar and
    /// the marks after it: breve, circumflex and horn make another letter (ă â ê ô ơ ư), a tone
    /// mark its tone, any other mark sorts after every tone by its code point.
    private static func append(word: ArraySlice<Unicode.Scalar>, to weights: inout [UInt32]) {
        let first = weights.count
        var count = 0
        var index = word.startIndex
        // Letters go in place; tones and cases are gathered into one scratch run after them.
        var tonesAndCases: [UInt32] = []
        tonesAndCases.reserveCapacity(word.count * 2)
        while index < word.endIndex {
            let scalar = word[index]
            index += 1
            var base = scalar
            var upper: UInt32 = 1
            if scalar.value >= 65 && scalar.value <= 90 {
                base = Unicode.Scalar(scalar.value + 32)!
                upper = 2
            } else if scalar.value == 0x0110 {
                base = "đ"
                upper = 2
            } else if !scalar.isASCII && scalar.properties.isUppercase, let lower = scalar.properties.lowercaseMapping.unicodeScalars.first {
                base = lower
                upper = 2
            }
            var breve = false, circumflex = false, horn = false
            var toneWeight: UInt32 = 1
            while index < word.endIndex && isMark(word[index]) {
                let mark = word[index]
                index += 1
                switch mark.value {
                case 0x0306: breve = true
                case 0x0302: circumflex = true
                case 0x031B: horn = true
                default:
                    let rank = tone(mark)
                    toneWeight = rank > 0 ? rank : 100 + mark.value
                }
            }
            weights.append(rank(base: base, breve: breve, circumflex: circumflex, horn: horn))
            tonesAndCases.append(toneWeight)
            tonesAndCases.append(upper)
            count += 1
        }
        precondition(weights.count == first + count)
        weights.append(0)
        for letter in 0..<count { weights.append(tonesAndCases[letter * 2]) }
        weights.append(0)
        for letter in 0..<count { weights.append(tonesAndCases[letter * 2 + 1]) }
        weights.append(0)
    }
}
