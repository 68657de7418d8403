import Testing

@testable import AttendCore

/// HMAC-SHA256 against RFC 4231 section 4, and the hex helpers it is checked with.
@Suite struct HMACTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    private func mac(_ message: [UInt8], _ key: [UInt8]) -> String {
        Hex.encode(HMACSHA256.authenticate(message, key: key))
    }

    @Test func rfc4231Case1() {
        let key = [UInt8](repeating: 0x0b, count: 20)
        #expect(mac(bytes("Hi There"), key) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func rfc4231Case2KeyShorterThanOutput() {
        #expect(mac(bytes("what do ya want for nothing?"), bytes("Jefe"))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rfc4231Case3() {
        let key = [UInt8](repeating: 0xaa, count: 20)
        let message = [UInt8](repeating: 0xdd, count: 50)
        #expect(mac(message, key) == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
    }

    @Test func rfc4231Case4() {
        let key = Hex.decode("0102030405060708090a0b0c0d0e0f10111213141516171819")!
        let message = [UInt8](repeating: 0xcd, count: 50)
        #expect(mac(message, key) == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
    }

    /// RFC 4231 publishes only the first 128 bits for this case.
    @Test func rfc4231Case5Truncated() {
        let key = [UInt8](repeating: 0x0c, count: 20)
        let full = HMACSHA256.authenticate(bytes("Test With Truncation"), key: key)
        #expect(full.count == 32)
        #expect(Hex.encode(Array(full.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func rfc4231Case6KeyLargerThanBlock() {
        let key = [UInt8](repeating: 0xaa, count: 131)
        let message = bytes("Test Using Larger Than Block-Size Key - Hash Key First")
        #expect(mac(message, key) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func rfc4231Case7KeyAndDataLargerThanBlock() {
        let key = [UInt8](repeating: 0xaa, count: 131)
        let message = bytes(
            "This is a test using a larger than block-size key and a larger than block-size data. "
                + "The key needs to be hashed before being used by the HMAC algorithm.")
        #expect(mac(message, key) == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    @Test func isValidAcceptsTheRightMacOnly() {
        let key = bytes("Jefe")
        let message = bytes("what do ya want for nothing?")
        let good = HMACSHA256.authenticate(message, key: key)
        #expect(HMACSHA256.isValid(good, for: message, key: key))

        var lastByteWrong = good
        lastByteWrong[31] ^= 0x01
        var firstByteWrong = good
        firstByteWrong[0] ^= 0x80
        #expect(!HMACSHA256.isValid(lastByteWrong, for: message, key: key))
        #expect(!HMACSHA256.isValid(firstByteWrong, for: message, key: key))
        #expect(!HMACSHA256.isValid(good, for: message + [0x00], key: key))
        #expect(!HMACSHA256.isValid(good, for: message, key: bytes("Jeff")))
        #expect(!HMACSHA256.isValid(Array(good.prefix(16)), for: message, key: key))
        #expect(!HMACSHA256.isValid(good + [0x00], for: message, key: key))
        #expect(!HMACSHA256.isValid([], for: message, key: key))
    }

    @Test func hexRoundTrip() {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.count == 512)
        #expect(text.hasPrefix("000102"))
        #expect(text.hasSuffix("fdfeff"))
        #expect(Hex.decode(text) == all)
        #expect(Hex.decode("DEADbeef") == [0xde, 0xad, 0xbe, 0xef])
        #expect(Hex.decode("") == [])
        #expect(Hex.encode([]) == "")
    }

    @Test(arguments: ["abc", "0", "zz", "0g", "g0", " 00", "00 ", "0x00", "é0"])
    func hexRejectsBadInput(text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
