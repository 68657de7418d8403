/// The square a QR symbol is drawn on: function patterns first (finders, timing, alignment,
/// format and version areas), then the codewords in the two-column zigzag, then a mask over the
/// data modules with the format information that names it.
struct QRModuleGrid {
    let version: Int
    let size: Int
    /// Row-major, `true` dark.
    private(set) var modules: [Bool]
    /// Modules of a function pattern or format/version area: never masked, never data.
    private var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = version * 4 + 17
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    private mutating func setFunction(row: Int, column: Int, dark: Bool) {
        modules[row * size + column] = dark
        isFunction[row * size + column] = true
    }

    /// Finder patterns with their separators, timing patterns, alignment patterns, and the
    /// format and version areas reserved (filled in by `apply(mask:level:)`).
    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(row: 6, column: index, dark: index % 2 == 0)
            setFunction(row: index, column: 6, dark: index % 2 == 0)
        }
        for (row, column) in [(3, 3), (3, size - 4), (size - 4, 3)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(row + dy) && (0..<size).contains(column + dx) {
                    let ring = max(abs(dx), abs(dy))
                    setFunction(row: row + dy, column: column + dx, dark: ring != 2 && ring != 4)
                }
            }
        }
        let centres = QRCode.alignmentCentres(version: version)
        for (i, row) in centres.enumerated() {
            for (j, column) in centres.enumerated() {
                // The three corners the finder patterns hold.
                if (i == 0 && j == 0) || (i == 0 && j == centres.count - 1) || (i == centres.count - 1 && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(row: row + dy, column: column + dx, dark: max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormat(0)
        drawVersion()
    }

    /// The 15 format bits (level and mask, BCH(15,5), masked with 0x5412) in both copies, and
    /// the dark module beside the lower-left finder.
    private mutating func drawFormat(_ bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        for index in 0...5 { setFunction(row: index, column: 8, dark: bit(index)) }
        setFunction(row: 7, column: 8, dark: bit(6))
        setFunction(row: 8, column: 8, dark: bit(7))
        setFunction(row: 8, column: 7, dark: bit(8))
        for index in 9..<15 { setFunction(row: 8, column: 14 - index, dark: bit(index)) }
        for index in 0..<8 { setFunction(row: 8, column: size - 1 - index, dark: bit(index)) }
        for index in 8..<15 { setFunction(row: size - 15 + index, column: 8, dark: bit(index)) }
        setFunction(row: size - 8, column: 8, dark: true)
    }

    /// The format information of `level` and `mask`: five data bits, ten BCH bits, then XOR 0x5412.
    static func formatBits(level: QRCode.ErrorCorrection, mask: Int) -> Int {
        let data = level.formatBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// From version 7: the version in six bits with a BCH(18,6) code, beside both upper finders.
    private mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let near = index / 3
            let far = size - 11 + index % 3
            setFunction(row: near, column: far, dark: dark)
            setFunction(row: far, column: near, dark: dark)
        }
    }

    /// The codewords' bits, most significant first, up and down two columns at a time from the
    /// lower right, skipping the vertical timing column; remainder bits stay light (§7.7.3).
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var bit = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for step in 0..<size {
                let row = upward ? size - 1 - step : step
                for column in [right, right - 1] where !isFunction[row * size + column] && bit < codewords.count * 8 {
                    modules[row * size + column] = (codewords[bit >> 3] >> UInt8(7 - (bit & 7))) & 1 == 1
                    bit += 1
                }
            }
            right -= 2
        }
    }

    /// Whether mask pattern `mask` inverts the module at `row`, `column` (Table 10).
    static func masks(_ mask: Int, row: Int, column: Int) -> Bool {
        let (i, j) = (row, column)
        switch mask {
        case 0: return (i + j) % 2 == 0
        case 1: return i % 2 == 0
        case 2: return j % 3 == 0
        case 3: return (i + j) % 3 == 0
        case 4: return (i / 2 + j / 3) % 2 == 0
        case 5: return (i * j) % 2 + (i * j) % 3 == 0
        case 6: return ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: return ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// Inverts the data modules `mask` selects and writes the format information naming it.
    mutating func apply(mask: Int, level: QRCode.ErrorCorrection) {
        for row in 0..<size {
            for column in 0..<size where !isFunction[row * size + column] && QRModuleGrid.masks(mask, row: row, column: column) {
                modules[row * size + column].toggle()
            }
        }
        drawFormat(QRModuleGrid.formatBits(level: level, mask: mask))
    }

    /// The penalty of the symbol with `mask` applied (`QRPenalty`); lower is easier to read.
    func penalty(mask: Int, level: QRCode.ErrorCorrection) -> Int {
        var masked = self
        masked.apply(mask: mask, level: level)
        return QRPenalty.score(masked.modules, size: size)
    }
}
