/// SHA-256, as specified in FIPS 180-4 (Secure Hash Standard), sections 5.1.1, 6.2.
///
/// Written here because attendd may use no crypto package. Feed bytes with `update` in any
/// number of pieces, then call `finalize`: the digest is the same however the input was split.
///
///     var hasher = SHA256()
///     hasher.update(header)
///     hasher.update(body)
///     let digest = hasher.finalize()   // 32 bytes
public struct SHA256: Sendable {
    /// Length of a digest in bytes.
    public static let digestByteCount = 32
    /// Length of the blocks the compression function takes, in bytes.
    public static let blockByteCount = 64

    /// The eight working hash values H0...H7 (FIPS 180-4 section 5.3.3 gives the initial ones).
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a,
        0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    /// Bytes of an incomplete block, waiting for more input; only the first `bufferCount` count.
    private var buffer = [UInt8](repeating: 0, count: SHA256.blockByteCount)
    private var bufferCount = 0
    /// Message length so far, in bytes.
    private var byteCount: UInt64 = 0

    /// A hasher for a new message.
    public init() {}

    /// Digest of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(text.utf8)
        return hasher.finalize()
    }

    /// Adds `bytes` to the message; contiguous collections take the fast path.
    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        for byte in bytes {
            buffer[bufferCount] = byte
            bufferCount += 1
            byteCount &+= 1
            if bufferCount == Self.blockByteCount { compressBuffer() }
        }
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds `bytes` to the message: whole blocks are hashed straight from the caller's memory.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        byteCount &+= UInt64(bytes.count)
        var rest = bytes
        if bufferCount > 0 {
            let taken = min(Self.blockByteCount - bufferCount, rest.count)
            append(UnsafeRawBufferPointer(rebasing: rest.prefix(taken)))
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(taken))
            if bufferCount < Self.blockByteCount { return }
            compressBuffer()
        }
        while rest.count >= Self.blockByteCount {
            Self.compress(&state, UnsafeRawBufferPointer(rebasing: rest.prefix(Self.blockByteCount)))
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(Self.blockByteCount))
        }
        append(rest)
    }

    /// Pads the message (FIPS 180-4 section 5.1.1) and returns its 32-byte digest.
    ///
    /// The hasher is reset afterwards, ready for a new message.
    public mutating func finalize() -> [UInt8] {
        let bitCount = byteCount &* 8
        // One 0x80 byte, zeros up to 56 bytes into a block, then the length as 8 bytes.
        let zeros = (Self.blockByteCount + 55 - bufferCount) % Self.blockByteCount
        var padding = [UInt8](repeating: 0, count: 1 + zeros + 8)
        padding[0] = 0x80
        for index in 0..<8 {
            padding[1 + zeros + index] = UInt8(truncatingIfNeeded: bitCount >> (56 - 8 * UInt64(index)))
        }
        update(padding)
        precondition(bufferCount == 0, "SHA-256 padding must end on a block boundary")

        var digest = [UInt8]()
        digest.reserveCapacity(Self.digestByteCount)
        for word in state {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        self = SHA256()
        return digest
    }

    /// Copies `bytes` (which fit) after the buffered ones.
    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        let start = bufferCount
        buffer.withUnsafeMutableBytes { destination in
            UnsafeMutableRawBufferPointer(rebasing: destination[start..<(start + bytes.count)])
                .copyMemory(from: bytes)
        }
        bufferCount += bytes.count
    }

    /// Hashes the full buffer and empties it.
    private mutating func compressBuffer() {
        let block = buffer  // A second reference, so `state` can be modified while reading it.
        block.withUnsafeBytes { Self.compress(&state, $0) }
        bufferCount = 0
    }

    /// The round constants K0...K63 (FIPS 180-4 section 4.2.2).
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The compression function (FIPS 180-4 section 6.2.2) on one 64-byte block.
    private static func compress(_ state: inout [UInt32], _ block: UnsafeRawBufferPointer) {
        precondition(block.count == blockByteCount)
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            // 1. The message schedule W0...W63.
            for t in 0..<16 {
                schedule[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self))
            }
            for t in 16..<64 {
                let w15 = schedule[t - 15], w2 = schedule[t - 2]
                let sigma0 = rotateRight(w15, 7) ^ rotateRight(w15, 18) ^ (w15 >> 3)
                let sigma1 = rotateRight(w2, 17) ^ rotateRight(w2, 19) ^ (w2 >> 10)
                schedule[t] = sigma1 &+ schedule[t - 7] &+ sigma0 &+ schedule[t - 16]
            }

            // 2.-3. The working variables, through 64 rounds.
            var a = state[0], b = state[1], c = state[2], d = state[3]
            var e = state[4], f = state[5], g = state[6], h = state[7]
            roundConstants.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                    let choose = (e & f) ^ (~e & g)
                    let t1 = h &+ sum1 &+ choose &+ k[t] &+ schedule[t]
                    let sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let t2 = sum0 &+ majority
                    h = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = b
                    b = a
                    a = t1 &+ t2
                }
            }

            // 4. The intermediate hash value.
            state[0] &+= a
            state[1] &+= b
            state[2] &+= c
            state[3] &+= d
            state[4] &+= e
            state[5] &+= f
            state[6] &+= g
            state[7] &+= h
        }
    }

    @inline(__always)
    private static func rotateRight(_ word: UInt32, _ count: UInt32) -> UInt32 {
        (word >> count) | (word << (32 - count))
    }
}
