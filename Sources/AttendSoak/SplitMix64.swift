/// A small seeded generator for the fuzz, flood and round-trip tests, so a failing case fails
/// the same way every run and can be replayed from its seed.
public struct SplitMix64: RandomNumberGenerator {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`; 0 when `bound` is 0, so a mutation of empty input is no case apart.
    public mutating func next(below bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }

    /// `bytes` mutated one to `edits` times: a byte removed, replaced or inserted, the new
    /// bytes taken from `interesting` (the separators and encodings a parser trips on).
    public mutating func mutate(_ bytes: [UInt8], edits: ClosedRange<Int>, interesting: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: edits, using: &self) {
            let at = Int.random(in: 0...bytes.count, using: &self)
            switch Int.random(in: 0..<3, using: &self) {
            case 0 where at < bytes.count: bytes.remove(at: at)
            case 1 where at < bytes.count: bytes[at] = interesting.randomElement(using: &self)!
            default: bytes.insert(interesting.randomElement(using: &self)!, at: at)
            }
        }
        return bytes
    }
}

/// Physical lines of text as an editor counts them (CR LF, LF or CR ends one): the range a
/// parser's reported line numbers must fall in.
public func physicalLineCount(_ bytes: [UInt8]) -> Int {
    1 + bytes.indices.filter { i in bytes[i] == 0x0A && (i == 0 || bytes[i - 1] != 0x0D) || bytes[i] == 0x0D }.count
}
