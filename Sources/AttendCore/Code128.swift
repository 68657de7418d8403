/// A Code 128 symbol (ISO/IEC 15417) as bar and space widths, built in the core without a package:
/// code sets B (printable ASCII) and C (digit pairs), switching where it makes the symbol shortest,
/// the check symbol and the stop pattern.
///
/// Checked against the standard's check-symbol arithmetic (Code128Tests) and decoded with `zbarimg`
/// from a rendered page (CardsRenderTests).
public struct Code128: Equatable, Sendable {
    /// Why text cannot be a Code 128 symbol here.
    public enum EncodeError: Error, Equatable, Sendable {
        /// A character outside printable ASCII (U+0020-U+007E), which code set B does not hold;
        /// ids reach a code through their ASCII form (`DelegateCode`).
        case notPrintableASCII(Character)
        case empty
    }

    /// The symbol values in order: start, data and code-set switches, check symbol, stop.
    public let values: [Int]
    /// Module widths, bar first and alternating bar and space, without the quiet zones.
    public let widths: [Int]

    /// The light margin needed on either side, in modules (§4.2.2: at least 10).
    public static let quietZone = 10
    static let startB = 104, startC = 105, stop = 106
    static let switchToC = 99, switchToB = 100

    /// Modules from the first bar to the last: 11 a symbol, 13 for the stop.
    public var moduleCount: Int { widths.reduce(0, +) }

    public init(_ text: String) throws(EncodeError) {
        guard !text.isEmpty else { throw .empty }
        if let bad = text.first(where: { !$0.isASCII || $0.asciiValue! < 0x20 || $0.asciiValue! > 0x7E }) {
            throw .notPrintableASCII(bad)
        }
        let bytes = Array(text.utf8)
        var values = Code128.shortestValues(bytes)
        let check = values.enumerated().reduce(0) { $0 + max($1.offset, 1) * $1.element } % 103
        values += [check, Code128.stop]
        self.values = values
        widths = values.flatMap { Code128.patterns[$0].map { Int($0.asciiValue! - UInt8(ascii: "0")) } }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// The start symbol and data symbols with the fewest symbols in all: a table of the shortest
    /// tail from each position in each code set, filled from the end. On a tie it stays in B and
    /// writes a digit there, so an odd run of digits gives its first digit to B (Annex E).
    static func shortestValues(_ bytes: [UInt8]) -> [Int] {
        let count = bytes.count
        func pairAt(_ index: Int) -> Bool { index + 1 < count && isDigit(bytes[index]) && isDigit(bytes[index + 1]) }
        // cost[i][0]: symbols for bytes[i...] while in B; cost[i][1]: while in C.
        var cost = Array(repeating: [0, 0], count: count + 1)
        for index in stride(from: count - 1, through: 0, by: -1) {
            let pair = pairAt(index)
            let pairNext = pair ? cost[index + 2][1] : Int.max / 2
            cost[index][0] = min(1 + cost[index + 1][0], 2 + pairNext)
            cost[index][1] = pair ? min(1 + pairNext, 2 + cost[index + 1][0]) : 2 + cost[index + 1][0]
        }
        var inC = pairAt(0) && 1 + cost[0][1] < 1 + cost[0][0]
        var values = [inC ? startC : startB]
        var index = 0
        while index < count {
            let pair = pairAt(index)
            if inC {
                if pair && 1 + cost[index + 2][1] <= 2 + cost[index + 1][0] {
                    values.append(Int(bytes[index] - 48) * 10 + Int(bytes[index + 1] - 48))
                    index += 2
                } else {
                    values += [switchToB, Int(bytes[index]) - 32]
                    inC = false
                    index += 1
                }
            } else if pair && 2 + cost[index + 2][1] < 1 + cost[index + 1][0] {
                values += [switchToC, Int(bytes[index] - 48) * 10 + Int(bytes[index + 1] - 48)]
                inC = true
                index += 2
            } else {
                values.append(Int(bytes[index]) - 32)
                index += 1
            }
        }
        return values
    }

    /// The widths of symbols 0-106 (bar, space, bar, space, bar, space; the stop adds a final bar).
    static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]
}
