import Testing

@testable import AttendCore

/// `[terminals] from`: CIDR ranges, and every bad one named.
@Suite struct IPv4RangeTests {
    private func range(_ text: String) throws -> IPv4Range { try IPv4Range.parse(text).get() }
    private func address(_ text: String) -> UInt32 { IPv4Range.parseAddress(text)! }

    @Test func containsWhatItsPrefixCovers() throws {
        let lan = try range("192.168.1.0/24")
        #expect(lan.contains(address("192.168.1.0")))
        #expect(lan.contains(address("192.168.1.255")))
        #expect(!lan.contains(address("192.168.2.1")))
        #expect(try range("10.0.0.0/8").contains(address("10.200.3.4")))
        #expect(!(try range("10.0.0.0/8")).contains(address("11.0.0.1")))
        #expect(try range("0.0.0.0/0").contains(address("203.0.113.9")))
        let single = try range("127.0.0.1")
        #expect(single.prefixLength == 32)
        #expect(single.contains(address("127.0.0.1")))
        #expect(!single.contains(address("127.0.0.2")))
        #expect(single.description == "127.0.0.1/32")
    }

    @Test func badRangesAreNamed() {
        let cases: [(String, String)] = [
            ("10.0.0/8", "is not a dotted IPv4 address"),
            ("10.0.0.256/32", "is not a dotted IPv4 address"),
            ("010.0.0.0/8", "is not a dotted IPv4 address"),
            ("10.0.0.0/33", "prefix length after '/' must be 0 to 32"),
            ("10.0.0.0/", "prefix length"),
            ("10.0.0.0/-1", "prefix length"),
            ("10.0.0.0/8/8", "more than one '/'"),
            ("10.1.2.3/8", "did you mean 10.0.0.0/8?"),
            ("", "is not a dotted IPv4 address"),
        ]
        for (text, message) in cases {
            guard case .failure(let error) = IPv4Range.parse(text) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(error.message.contains(message), "\(text): \(error.message)")
        }
    }

    @Test func listsAreCommaSeparated() throws {
        let ranges = try IPv4Range.parseList("10.0.0.0/8, 192.168.1.0/24 ,127.0.0.1").get()
        #expect(ranges.map(\.description) == ["10.0.0.0/8", "192.168.1.0/24", "127.0.0.1/32"])
        guard case .failure(let error) = IPv4Range.parseList("10.0.0.0/8,,127.0.0.1") else {
            Issue.record("an empty item was accepted")
            return
        }
        #expect(error.message.contains("empty item"))
    }

    @Test func theConfigKeyNamesItsLine() throws {
        let config = try ConfigParser.parse("[terminals]\nfrom = 10.0.0.0/8, 192.168.1.0/24\n", file: "a.conf", environment: [:])
        #expect(config.terminalSources?.count == 2)
        for (value, message) in [("", "is empty"), ("10.0.0.0/8, 300.1.1.1", "\"300.1.1.1\" is not a dotted IPv4 address")] {
            do {
                _ = try ConfigParser.parse("[terminals]\n\nfrom = \(value)\n", file: "a.conf", environment: [:])
                Issue.record("from = \(value) was accepted")
            } catch {
                #expect(error.description.hasPrefix("a.conf:3: [terminals] from "), "\(error)")
                #expect(error.description.contains(message), "\(error)")
            }
        }
    }
}
