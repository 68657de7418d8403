/// One canonical Huffman code of a DEFLATE block, as a single lookup table.
///
/// The table is indexed by the next `bits` input bits (read least significant first, which is
/// the code bit-reversed); each entry holds `symbol << 4 | codeLength`. Entries no code reaches
/// (an incomplete code) hold 0, which the decoder refuses as "a bit pattern no code has". At
/// most 2^15 entries: RFC 1951 codes are at most 15 bits.
struct HuffmanTable: Sendable {
    /// How many bits index the table: the longest code's length (at least 1).
    let bits: Int
    let mask: UInt64
    let entries: [UInt32]

    /// The canonical code of the code lengths `lengths` (0: the symbol is unused).
    ///
    /// - Throws: `malformed` when the lengths over-subscribe the code space (more codes than
    ///   bit patterns), which no encoder writes and which would make the table ambiguous.
    init(lengths: [UInt8], what: String) throws(InflateError) {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths { counts[Int(length)] += 1 }
        counts[0] = 0
        var left = 1
        for length in 1...15 {
            left = left * 2 - counts[length]
            guard left >= 0 else {
                throw InflateError(.malformed, "the \(what) code lengths describe more codes than bit patterns")
            }
        }
        let longest = max(1, (1...15).last { counts[$0] > 0 } ?? 1)
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for length in 1...15 {
            code = (code + counts[length - 1]) << 1
            next[length] = code
        }
        var entries = [UInt32](repeating: 0, count: 1 << longest)
        for (symbol, length) in lengths.enumerated() where length > 0 {
            let length = Int(length)
            let code = next[length]
            next[length] += 1
            var reversed = 0
            for bit in 0..<length where code & (1 << bit) != 0 { reversed |= 1 << (length - 1 - bit) }
            let entry = UInt32(symbol) << 4 | UInt32(length)
            var index = reversed
            while index < entries.count {
                entries[index] = entry
                index += 1 << length
            }
        }
        self.bits = longest
        self.mask = (1 << UInt64(longest)) - 1
        self.entries = entries
    }

    /// The fixed literal/length code of RFC 1951 3.2.6.
    static let fixedLiterals = try! HuffmanTable(
        lengths: [UInt8](repeating: 8, count: 144) + [UInt8](repeating: 9, count: 112)
            + [UInt8](repeating: 7, count: 24) + [UInt8](repeating: 8, count: 8),
        what: "fixed literal/length")
    /// The fixed distance code: 30 codes of 5 bits (30 and 31 exist as patterns but are refused).
    static let fixedDistances = try! HuffmanTable(lengths: [UInt8](repeating: 5, count: 32), what: "fixed distance")
}
