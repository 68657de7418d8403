/// A QR Code symbol (ISO/IEC 18004, model 2) as a square of modules, built from text in the core
/// without a package: byte or alphanumeric mode, Reed-Solomon error correction, versions 1-40,
/// the mask the penalty rules choose, format and version information.
///
/// Checked module for module against `qrencode` (QRCodeTests) and decoded with `zbarimg` from a
/// rendered page (CardsRenderTests).
public struct QRCode: Equatable, Sendable {
    /// How much of the symbol may be lost and still read: about 7, 15, 25 and 30 per cent.
    public enum ErrorCorrection: String, Sendable, CaseIterable {
        case low = "L", medium = "M", quartile = "Q", high = "H"

        /// The row of the capacity tables.
        var tableIndex: Int {
            switch self {
            case .low: 0
            case .medium: 1
            case .quartile: 2
            case .high: 3
            }
        }

        /// The two bits of the format information (not in L, M, Q, H order: L 01, M 00, Q 11, H 10).
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }
    }

    /// How the data is written. Alphanumeric packs two characters in 11 bits but knows only
    /// `0-9 A-Z space $ % * + - . / :`; byte mode takes any bytes.
    public enum Mode: Sendable, Equatable {
        case alphanumeric, byte
    }

    /// Why text cannot be made into a symbol.
    public enum EncodeError: Error, Equatable, Sendable {
        /// More data than version 40 (or the largest version allowed) holds at this level.
        case tooLong(bytes: Int, level: ErrorCorrection)
    }

    public let version: Int
    public let errorCorrection: ErrorCorrection
    /// The mask pattern, 0-7.
    public let mask: Int
    public let mode: Mode
    /// Modules on a side, without the quiet zone: 17 + 4 × version.
    public var size: Int { version * 4 + 17 }
    /// Row-major, `true` dark.
    public let modules: [Bool]

    /// The light border a reader needs around the symbol, in modules (§6.3.8).
    public static let quietZone = 4

    /// Whether the module at `row`, `column` is dark.
    public func isDark(row: Int, column: Int) -> Bool {
        modules[row * size + column]
    }

    /// The symbol of `text` (its UTF-8 bytes) in the smallest version from `minimumVersion` that
    /// holds it; alphanumeric mode when every character allows it, else byte mode. `mask` forces
    /// a pattern (tests compare with `qrencode`'s); nil lets the penalty rules choose.
    public init(
        _ text: String, errorCorrection: ErrorCorrection = .medium, minimumVersion: Int = 1, maximumVersion: Int = 40,
        mask forcedMask: Int? = nil
    ) throws(EncodeError) {
        precondition((1...40).contains(minimumVersion) && (minimumVersion...40).contains(maximumVersion), "versions are 1 to 40")
        precondition(forcedMask.map { (0...7).contains($0) } ?? true, "masks are 0 to 7")
        let bytes = Array(text.utf8)
        let mode: Mode = bytes.allSatisfy { QRCode.alphanumericValue($0) != nil } ? .alphanumeric : .byte
        guard let version = (minimumVersion...maximumVersion).first(where: {
            QRCode.bitLength(bytes.count, mode: mode, version: $0) <= QRCode.dataCodewords(version: $0, level: errorCorrection) * 8
        }) else {
            throw .tooLong(bytes: bytes.count, level: errorCorrection)
        }
        let data = QRCode.dataCodewords(bytes, mode: mode, version: version, level: errorCorrection)
        let codewords = QRCode.interleavedWithErrorCorrection(data, version: version, level: errorCorrection)
        var grid = QRModuleGrid(version: version)
        grid.drawFunctionPatterns()
        grid.placeCodewords(codewords)
        let chosen: Int
        if let forcedMask {
            chosen = forcedMask
        } else {
            // The lowest penalty; on a tie the lower-numbered mask.
            let penalties = (0..<8).map { grid.penalty(mask: $0, level: errorCorrection) }
            chosen = penalties.firstIndex(of: penalties.min()!)!
        }
        grid.apply(mask: chosen, level: errorCorrection)
        self.version = version
        self.errorCorrection = errorCorrection
        self.mask = chosen
        self.mode = mode
        self.modules = grid.modules
    }

    /// The value of an alphanumeric-mode character (Table 5), or nil if the mode cannot write it.
    static func alphanumericValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte - UInt8(ascii: "A")) + 10
        default: return Array(" $%*+-./:".utf8).firstIndex(of: byte).map { $0 + 36 }
        }
    }

    /// Bits the segment takes: mode indicator, character count and data.
    static func bitLength(_ count: Int, mode: Mode, version: Int) -> Int {
        guard count < 1 << characterCountBits(mode, version: version) else { return .max }
        let data = mode == .byte ? count * 8 : count / 2 * 11 + count % 2 * 6
        return 4 + characterCountBits(mode, version: version) + data
    }

    /// The data codewords: the segment, a terminator of up to four zeros, zeros to a byte, then
    /// the pad bytes 0xEC 0x11 alternately to the version's capacity (§7.4.9-10).
    static func dataCodewords(_ bytes: [UInt8], mode: Mode, version: Int, level: ErrorCorrection) -> [UInt8] {
        var bits = BitBuffer()
        switch mode {
        case .alphanumeric:
            bits.append(0b0010, count: 4)
            bits.append(bytes.count, count: characterCountBits(.alphanumeric, version: version))
            var index = 0
            while index + 1 < bytes.count {
                bits.append(alphanumericValue(bytes[index])! * 45 + alphanumericValue(bytes[index + 1])!, count: 11)
                index += 2
            }
            if index < bytes.count { bits.append(alphanumericValue(bytes[index])!, count: 6) }
        case .byte:
            bits.append(0b0100, count: 4)
            bits.append(bytes.count, count: characterCountBits(.byte, version: version))
            for byte in bytes { bits.append(Int(byte), count: 8) }
        }
        let capacity = dataCodewords(version: version, level: level) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var result = bits.bytes
        var pad: UInt8 = 0xEC
        while result.count * 8 < capacity {
            result.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return result
    }

    /// Splits the data into the version's blocks, adds each block's error correction and
    /// interleaves them: data codewords column by column, then error-correction codewords (§7.6).
    static func interleavedWithErrorCorrection(_ data: [UInt8], version: Int, level: ErrorCorrection) -> [UInt8] {
        let blockCount = errorCorrectionBlocks[level.tableIndex][version]
        let eccLength = eccCodewordsPerBlock[level.tableIndex][version]
        let rawCodewords = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - rawCodewords % blockCount
        let shortDataLength = rawCodewords / blockCount - eccLength
        let generator = ReedSolomon.generator(degree: eccLength)
        var blocks: [[UInt8]] = []
        var errorCorrection: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortDataLength + (index < shortBlocks ? 0 : 1)
            let block = Array(data[start..<start + length])
            start += length
            blocks.append(block)
            errorCorrection.append(ReedSolomon.remainder(of: block, generator: generator))
        }
        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for column in 0...shortDataLength {
            for block in blocks where column < block.count { result.append(block[column]) }
        }
        for column in 0..<eccLength {
            for block in errorCorrection { result.append(block[column]) }
        }
        return result
    }
}

/// Bits appended most significant first, read back as bytes.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count bits: Int) {
        for shift in stride(from: bits - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 { bytes[count / 8] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}
