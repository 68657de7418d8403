import Testing

@testable import AttendCore

/// SHA-256 against FIPS 180-4 / NIST CAVP vectors, padding boundaries, and streaming.
@Suite struct SHA256Tests {
    @Test func abc() {
        #expect(Hex.encode(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func emptyMessage() {
        #expect(Hex.encode(SHA256.hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Hex.encode(SHA256.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func twoBlockMessage() {
        let text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(Hex.encode(SHA256.hash(text)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func longMessage() {
        let text = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
            + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(text.utf8.count == 112)
        #expect(Hex.encode(SHA256.hash(text)) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        #expect(Hex.encode(SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))) == expected)
        // The same through the byte-by-byte path of a sequence without contiguous storage.
        var hasher = SHA256()
        hasher.update(repeatElement(UInt8(ascii: "a"), count: 1_000_000))
        #expect(Hex.encode(hasher.finalize()) == expected)
    }

    /// Lengths around the padding boundaries; expected values from
    /// `head -c N /dev/zero | tr '\0' a | sha256sum`.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
    ])
    func paddingBoundary(length: Int, expected: String) {
        #expect(Hex.encode(SHA256.hash(String(repeating: "a", count: length))) == expected)
    }

    /// 1,000 bytes `(7 * i + 1) % 256`; expected value from Python's hashlib.
    private static let message = (0..<1000).map { UInt8(truncatingIfNeeded: 7 * $0 + 1) }
    private static let messageDigest = "095ecb62e30793ab4b954cd6a0586d0cc91f7ea5b1332694d8da780e98676d78"

    @Test(arguments: [1, 3, 63, 64, 65])
    func streamingEqualsOneShot(chunkSize: Int) {
        #expect(Hex.encode(SHA256.hash(Self.message)) == Self.messageDigest)

        var arrays = SHA256()
        var slices = SHA256()
        var start = 0
        while start < Self.message.count {
            let end = min(start + chunkSize, Self.message.count)
            arrays.update(Array(Self.message[start..<end]))
            slices.update(Self.message[start..<end])
            start = end
        }
        #expect(Hex.encode(arrays.finalize()) == Self.messageDigest)
        #expect(Hex.encode(slices.finalize()) == Self.messageDigest)
    }

    @Test func rawBufferAndLazySequenceAgree() {
        var raw = SHA256()
        Self.message.withUnsafeBytes { raw.update($0) }
        var lazy = SHA256()
        lazy.update(Self.message.lazy.map { $0 })
        #expect(Hex.encode(raw.finalize()) == Self.messageDigest)
        #expect(Hex.encode(lazy.finalize()) == Self.messageDigest)
    }

    @Test func finalizeResetsTheHasher() {
        var hasher = SHA256()
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize().count == 32)
        hasher.update(Array("abc".utf8))
        #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
