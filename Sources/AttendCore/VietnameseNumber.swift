import Foundation

/// Numbers as Vietnamese official reports write them: `.` groups thousands (`7.450.689`),
/// `,` is the decimal mark (`97,8%`).
public enum VietnameseNumber {
    /// `7.450.689`, `-1.234`, `0`.
    public static func integer(_ value: Int) -> String { NumberStyle.vietnamese.integer(value) }

    /// `97,8%`, `100,0%` (official tables keep one decimal throughout), or `—` for no value
    /// (nobody invited, no target).
    public static func percent(_ value: Double?) -> String { NumberStyle.vietnamese.percent(value) }
}

/// The separators of one report language; `VietnameseNumber` is the Vietnamese instance.
struct NumberStyle: Sendable {
    /// Between groups of three digits.
    var grouping: String
    /// Before the tenths.
    var decimalMark: String

    static let vietnamese = NumberStyle(grouping: ".", decimalMark: ",")
    static let english = NumberStyle(grouping: ",", decimalMark: ".")

    /// Grouped digits with a leading `-` for negatives; `Int.min` included.
    func integer(_ value: Int) -> String {
        (value < 0 ? "-" : "") + grouped(String(value.magnitude))
    }

    /// A rate as people read it: one decimal always (`91,0%` beside `93,3%`), rounded half away
    /// from zero; `—` for nil or a value that is not finite.
    func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return tenths(value, keepZero: true) + "%"
    }

    /// A quantity such as minutes lost: one decimal, with the `,0` of a whole value dropped (`12`,
    /// `3,5`); machine formats use it with `.` as the mark.
    func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return tenths(value, keepZero: false)
    }

    /// `value` to one decimal, its whole digits grouped.
    private func tenths(_ value: Double, keepZero: Bool) -> String {
        let tenths = (value * 10).rounded(.toNearestOrAwayFromZero)
        let sign = tenths < 0 ? "-" : ""
        // Beyond 2^53 a Double has no tenths left; format its whole digits without Int's range.
        guard tenths.magnitude < 9e15 else {
            return sign + grouped(String(format: "%.0f", value.magnitude)) + (keepZero ? decimalMark + "0" : "")
        }
        let magnitude = UInt64(tenths.magnitude)
        let whole = grouped(String(magnitude / 10))
        let fraction = magnitude % 10
        return sign + whole + (fraction == 0 && !keepZero ? "" : decimalMark + String(fraction))
    }

    /// `1234567` → `1.234.567` for a string of ASCII digits.
    private func grouped(_ digits: String) -> String {
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result += grouping }
            result.append(digit)
        }
        return result
    }
}
