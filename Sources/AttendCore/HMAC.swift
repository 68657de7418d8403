/// HMAC with SHA-256 (RFC 2104; test vectors in RFC 4231): signs pushed tallies and terminal lines.
public enum HMACSHA256 {
    /// Length of a MAC in bytes.
    public static let byteCount = SHA256.digestByteCount

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        // RFC 2104 section 2: a key longer than the block is replaced by its hash, then every
        // key is padded with zeros to the block length.
        var block = key.count > SHA256.blockByteCount ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: SHA256.blockByteCount - block.count)

        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })
        inner.update(message)
        let innerDigest = inner.finalize()

        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return outer.finalize()
    }

    /// Whether `mac` is the full 32-byte MAC of `message` under `key`.
    ///
    /// The bytes are compared in constant time (every byte is looked at whatever the first
    /// difference), so response timing tells a forger nothing about how much of a guess was right.
    /// Only the length, which is public, is checked first.
    public static func isValid(_ mac: [UInt8], for message: [UInt8], key: [UInt8]) -> Bool {
        let expected = authenticate(message, key: key)
        guard mac.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<expected.count {
            difference |= mac[index] ^ expected[index]
        }
        return difference == 0
    }
}
