import Testing

@testable import AttendCore

/// Bad input for the parsers added with probes and the district push.
@Suite struct ProbeAndPushParsingTests {
    @Test func probeTargetsAreReadAndBadOnesNamed() throws {
        let config = try ConfigParser.parse(
            "[probes]\ntargets = bridge 203.0.113.5:443 tcp, district 192.0.2.10:7400 udp\n", file: "c", environment: [:])
        #expect(config.probeTargets.map(\.name) == ["bridge", "district"])
        #expect(config.probeTargets[1].method == .udp)
        for (value, words) in [
            ("bridge 203.0.113.5:443", "NAME HOST:PORT"), ("bridge 203.0.113.5:443 icmp", "tcp or udp"),
            ("bridge host:443 tcp", "IPV4:PORT"), ("bridge 1.2.3.4:0 tcp", "IPV4:PORT"),
            ("a 1.2.3.4:1 tcp, a 1.2.3.4:2 tcp", "twice"), ("b 01.2.3.4:80 tcp", "IPV4:PORT"),
            ("b 1..2.3.4:80 tcp", "IPV4:PORT"), ("b 1.2.3.x.4:80 tcp", "IPV4:PORT"), ("b 1.2.3.4:+80 tcp", "IPV4:PORT"),
        ] {
            do {
                _ = try ConfigParser.parse("[probes]\ntargets = \(value)\n", file: "c", environment: [:])
                Issue.record("accepted \(value)")
            } catch {
                #expect(error.errors.first?.line == 2)
                #expect(error.description.contains(words), "\(error)")
            }
        }
    }

    @Test func thePushAddressAndBridgeIdAreCheckedWithTheirLine() throws {
        let config = try ConfigParser.parse("[push]\nto = 192.0.2.10:7400\nbridge_id = xa-a\n", file: "c", environment: [:])
        #expect(config.pushTo == "192.0.2.10:7400")
        #expect(config.bridgeID == "xa-a")
        for (line, words) in [
            ("to = hub.example:7400", "IPV4:PORT"), ("to = 192.0.2.10", "IPV4:PORT"), ("to = 192.0.2.10:0", "IPV4:PORT"),
            ("to = 192.0.2.10:70000", "IPV4:PORT"), ("bridge_id = xa a", "without blanks"),
            ("bridge_id = \(String(repeating: "x", count: 65))", "at most 64 bytes"),
        ] {
            do {
                _ = try ConfigParser.parse("[push]\n\(line)\n", file: "c", environment: [:])
                Issue.record("accepted \(line)")
            } catch {
                #expect(error.errors.first?.line == 2)
                #expect(error.description.contains(words), "\(error)")
            }
        }
    }

    @Test func aTallyLineWithBadFieldsIsRefusedByName() throws {
        let mac = String(repeating: "ab", count: 32)
        let good = "TALLY bridge=xa conf=HN rev=1 mac=\(mac) bytes=10"
        guard case .tallyPush(let push) = try Request(#require(try LineDecoder.decode(good))) else {
            Issue.record("not a push")
            return
        }
        #expect(push.revision == 1)
        for (line, field) in [
            ("TALLY conf=HN rev=1 mac=\(mac) bytes=10", "bridge"), ("TALLY bridge=xa conf=HN rev=0 mac=\(mac) bytes=10", "rev"),
            ("TALLY bridge=xa conf=HN rev=1 mac=zz bytes=10", "mac"), ("TALLY bridge=xa conf=HN rev=1 mac=\(mac) bytes=0", "bytes"),
            ("TALLY bridge=xa conf=HN rev=1 mac=\(mac) bytes=99999999", "bytes"),
        ] {
            #expect(throws: ProtocolError.self) { try Request(#require(try LineDecoder.decode(line))) }
            do {
                _ = try Request(#require(try LineDecoder.decode(line)))
            } catch let error as ProtocolError {
                #expect(error.code == .invalid)
                #expect(error.message.hasPrefix(field), "\(error.message)")
            }
        }
    }
}
