/// Why a DEFLATE stream was refused: every malformed stream ends here, never in a crash or a hang.
public struct InflateError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        /// The input ended inside a block.
        case truncated
        /// A block type, code table, code, length or distance RFC 1951 does not allow.
        case malformed
        /// The output would pass the caller's bound (a zip bomb, or a size that lies).
        case outputTooLarge
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// A DEFLATE decoder (RFC 1951): raw streams as zip method 8 stores them (no zlib or gzip header).
///
/// Written here because attendd may use no compression package. Stored, fixed-Huffman and
/// dynamic-Huffman blocks; lengths 3-258 and distances up to 32 KiB back. The output is bounded:
/// the decoder stops with `outputTooLarge` the moment it would write byte `maxOutput + 1`, so a
/// stream that expands a thousandfold costs no more than `maxOutput` bytes of memory. Each input
/// bit is read once and each output byte written once, so the time is linear in input plus
/// output: no stream can make it loop.
public enum Inflate {
    /// The decoded bytes of the raw DEFLATE stream `input`.
    ///
    /// - Parameters:
    ///   - maxOutput: the most bytes the output may hold.
    ///   - expectedSize: a hint to reserve memory (the size a zip header claims), capped at `maxOutput`.
    /// - Throws: the first problem met; bytes after the final block are ignored, as zip readers do.
    public static func decode(_ input: [UInt8], maxOutput: Int, expectedSize: Int = 0) throws(InflateError) -> [UInt8] {
        var decoder = InflateDecoder(input: input, maxOutput: maxOutput)
        decoder.output = [UInt8](repeating: 0, count: min(max(expectedSize, 1 << 12), maxOutput))
        try decoder.run()
        decoder.output.removeLast(decoder.output.count - decoder.written)
        return decoder.output
    }
}

/// The state of one decoding: the bit reader and the output so far.
struct InflateDecoder {
    let input: [UInt8]
    let maxOutput: Int
    /// The output buffer: `written` bytes are the output, the rest room grown by doubling up to `maxOutput`.
    var output: [UInt8] = []
    var written = 0
    /// The next input byte to load into `bits`.
    var position = 0
    /// Bits loaded but not consumed, the next one in the lowest place.
    var bits: UInt64 = 0
    var bitCount = 0
    /// Zero bits loaded past the end of the input; consuming any of them means the stream is truncated.
    var padding = 0

    init(input: [UInt8], maxOutput: Int) {
        self.input = input
        self.maxOutput = maxOutput
    }

    mutating func run() throws(InflateError) {
        var final = false
        while !final {
            final = try take(1) == 1
            switch try take(2) {
            case 0: try storedBlock()
            case 1: try huffmanBlock(HuffmanTable.fixedLiterals, HuffmanTable.fixedDistances)
            case 2:
                let (literals, distances) = try dynamicTables()
                try huffmanBlock(literals, distances)
            default:
                throw InflateError(.malformed, "block type 3 is reserved (byte \(position) of the stream): the data is not DEFLATE")
            }
        }
    }

    // MARK: bits

    /// Loads bytes until at least 57 bits are held (zeros past the end, counted in `padding`).
    @inline(__always)
    mutating func refill() {
        while bitCount <= 56 {
            if position < input.count {
                bits |= UInt64(input[position]) << UInt64(bitCount)
                position += 1
            } else {
                padding += 8
            }
            bitCount += 8
        }
    }

    /// The next `count` (at most 32) bits as a number, the first read in the lowest place.
    @inline(__always)
    mutating func take(_ count: Int) throws(InflateError) -> Int {
        if bitCount < count { refill() }
        let value = Int(bits & ((1 << UInt64(count)) - 1))
        try consume(count)
        return value
    }

    @inline(__always)
    mutating func consume(_ count: Int) throws(InflateError) {
        bits >>= UInt64(count)
        bitCount -= count
        if padding > bitCount {
            throw InflateError(.truncated, "the compressed data ends inside a block (after \(input.count) bytes): the file is cut short")
        }
    }

    // MARK: blocks

    mutating func storedBlock() throws(InflateError) {
        // The rest of the current byte is skipped; whole bytes still held go back to the input.
        _ = try take(bitCount % 8)
        let length = try take(16)
        let complement = try take(16)
        guard length == ~complement & 0xFFFF else {
            throw InflateError(.malformed, "a stored block's length \(length) does not match its check value")
        }
        let held = bitCount / 8 - padding / 8
        position -= held
        bits = 0
        bitCount = 0
        padding = 0
        guard input.count - position >= length else {
            throw InflateError(.truncated, "a stored block of \(length) bytes has only \(input.count - position) left: the file is cut short")
        }
        try reserve(length)
        for offset in 0..<length { output[written + offset] = input[position + offset] }
        written += length
        position += length
    }

    /// Makes room for `count` more bytes, or refuses when they would pass `maxOutput`.
    @inline(__always)
    mutating func reserve(_ count: Int) throws(InflateError) {
        guard count <= maxOutput - written else {
            throw InflateError(.outputTooLarge, "the data inflates to more than \(maxOutput) bytes")
        }
        if written + count > output.count {
            let grown = min(maxOutput, max(written + count, output.count * 2))
            output.append(contentsOf: repeatElement(0, count: grown - output.count))
        }
    }

    /// Decodes one symbol with `table`.
    @inline(__always)
    mutating func symbol(_ table: HuffmanTable) throws(InflateError) -> Int {
        if bitCount < table.bits { refill() }
        let entry = table.entries[Int(bits & table.mask)]
        let length = Int(entry & 0xF)
        guard length != 0 else {
            throw InflateError(.malformed, "a bit pattern no code has (byte \(position) of the stream)")
        }
        try consume(length)
        return Int(entry >> 4)
    }

    mutating func huffmanBlock(_ literals: HuffmanTable, _ distances: HuffmanTable) throws(InflateError) {
        while true {
            let code = try symbol(literals)
            if code < 256 {
                try reserve(1)
                output[written] = UInt8(code)
                written += 1
                continue
            }
            if code == 256 { return }
            let index = code - 257
            guard index < Self.lengthBase.count else {
                throw InflateError(.malformed, "length code \(code) does not exist (286 and 287 are reserved)")
            }
            let length = Self.lengthBase[index] + (try take(Self.lengthExtra[index]))
            let distanceCode = try symbol(distances)
            guard distanceCode < Self.distanceBase.count else {
                throw InflateError(.malformed, "distance code \(distanceCode) does not exist (30 and 31 are reserved)")
            }
            let distance = Self.distanceBase[distanceCode] + (try take(Self.distanceExtra[distanceCode]))
            guard distance <= written else {
                throw InflateError(.malformed, "a match reaches \(distance) bytes back with only \(written) written")
            }
            try reserve(length)
            // Byte by byte, in place: an overlapping match repeats bytes it is writing, and
            // appending a slice of the buffer to itself would copy the whole buffer each time.
            output.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                for offset in 0..<length { base[written + offset] = base[written - distance + offset] }
            }
            written += length
        }
    }

    /// The code tables a dynamic block begins with (RFC 1951 3.2.7).
    mutating func dynamicTables() throws(InflateError) -> (HuffmanTable, HuffmanTable) {
        let literalCount = try take(5) + 257
        let distanceCount = try take(5) + 1
        let codeLengthCount = try take(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw InflateError(.malformed, "a dynamic block declares \(literalCount) length and \(distanceCount) distance codes (at most 286 and 30)")
        }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for index in 0..<codeLengthCount {
            codeLengthLengths[Self.codeLengthOrder[index]] = UInt8(try take(3))
        }
        let codeLengths = try HuffmanTable(lengths: codeLengthLengths, what: "code length")
        var lengths: [UInt8] = []
        lengths.reserveCapacity(literalCount + distanceCount)
        while lengths.count < literalCount + distanceCount {
            let code = try symbol(codeLengths)
            var repeated: UInt8 = 0
            var count = 1
            switch code {
            case 0...15: repeated = UInt8(code)
            case 16:
                guard let last = lengths.last else {
                    throw InflateError(.malformed, "a dynamic block repeats the previous code length before the first")
                }
                repeated = last
                count = 3 + (try take(2))
            case 17: count = 3 + (try take(3))
            default: count = 11 + (try take(7))
            }
            guard lengths.count + count <= literalCount + distanceCount else {
                throw InflateError(.malformed, "a dynamic block's code lengths run past the \(literalCount + distanceCount) declared")
            }
            lengths.append(contentsOf: repeatElement(repeated, count: count))
        }
        guard lengths[256] != 0 else {
            throw InflateError(.malformed, "a dynamic block has no end-of-block code")
        }
        let literals = try HuffmanTable(lengths: Array(lengths[..<literalCount]), what: "literal/length")
        let distances = try HuffmanTable(lengths: Array(lengths[literalCount...]), what: "distance")
        return (literals, distances)
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
}
