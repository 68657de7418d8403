/// Numbers a report's sections as official reports do (`I-`, `II-`, `III-` …) in the order they
/// are written, so a section left out (nobody attended elsewhere, no curve) cannot leave a gap.
struct SectionNumbering {
    /// How many headings were handed out so far.
    private(set) var count = 0

    /// The next heading: `I- THEO ĐỐI TƯỢNG` for the first `title`, `II- …` for the second.
    mutating func heading(_ title: String) -> String {
        count += 1
        return Self.roman(count) + "- " + title
    }

    /// `1` → `I`, `4` → `IV`, `9` → `IX`, `14` → `XIV`; for 1...3999.
    static func roman(_ value: Int) -> String {
        precondition((1...3999).contains(value), "a section number is 1...3999")
        let symbols: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = value
        var text = ""
        for (amount, symbol) in symbols {
            while rest >= amount {
                text += symbol
                rest -= amount
            }
        }
        return text
    }
}
