import Foundation
import AttendTestSupport
import Testing

@testable import AttendCore

/// Deterministic random input for what a hub or a terminal receives from others: the tally
/// decoder and the TALLY push check, keys files, signed terminal lines and source ranges. Each
/// input gets a result or a clear error; nothing altered gets through a MAC.
@Suite struct SecurityFuzzTests {
    static let seed: UInt64 = 20_261_124
    static let key = [UInt8](repeating: 0x5A, count: 32)

    /// `bytes` with a few random edits: flips, deletions, insertions, a truncation, a splice of JSON-ish text.
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        let pieces = ["-1", "1e309", "null", "\"\"", "[]", "{}", "\"x\"", "99999999999999999999", "true", ",", "\\u0000", "Ă"]
        for _ in 0..<(1 + Int(random.next() % 4)) where !bytes.isEmpty {
            let index = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 5 {
            case 0: bytes[index] ^= UInt8(truncatingIfNeeded: 1 << (random.next() % 8))
            case 1: bytes.remove(at: index)
            case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: index)
            case 3: bytes = Array(bytes[..<index])
            default: bytes.insert(contentsOf: Array(pieces[Int(random.next() % UInt64(pieces.count))].utf8), at: index)
            }
        }
        return bytes
    }

    @Test func theTallyDecoderReadsOrNamesTheProblem() {
        var random = SplitMix64(state: Self.seed)
        let original = [UInt8](TallyRenderingTests.tally().jsonData())
        var decoded = 0
        var refused = 0
        for round in 0..<1_500 {
            let bytes = round % 10 == 0
                ? (0..<Int(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                : Self.mutate(original, &random)
            do {
                let tally = try Tally.decode(json: Data(bytes))
                // What is accepted is a tally the renderers can trust: it writes and reads back the same.
                #expect(try Tally.decode(json: tally.jsonData()) == tally)
                decoded += 1
            } catch {
                #expect(!error.message.isEmpty)
                #expect(error.message.count < 600, "an error message should be one sentence: \(error.message.prefix(200))")
                refused += 1
            }
        }
        #expect(decoded > 0 && refused > 0)
    }

    @Test func aPushVerifiesOnlyWhenNothingWasChanged() throws {
        var random = SplitMix64(state: Self.seed &+ 1)
        var tally = TallyRenderingTests.tally()
        tally.bridge = "xa-a"
        let conference = tally.conference.id
        let payload = [UInt8](tally.jsonData())
        let keys = ["xa-a": BridgeKey(id: "xa-a", key: Self.key, name: "Xã A")]
        let line = LineEncoder.encode(TallyPush.line(bridge: "xa-a", conference: conference, revision: 3, payload: payload, key: Self.key))
        var verified = 0
        for _ in 0..<2_000 {
            let mutatedLine = random.next() % 2 == 0 ? Self.mutate(Array(line.dropLast()), &random) : Array(line.dropLast())
            let mutatedPayload = random.next() % 2 == 0 ? Self.mutate(payload, &random) : payload
            // The hub's path: decode the line, read the TALLY fields, then its check (sender, MAC, JSON, owner).
            guard let request = try? LineDecoder.decode(mutatedLine) else { continue }
            let command: Request
            do {
                command = try Request(request)
            } catch {
                #expect(!error.message.isEmpty)
                continue
            }
            guard case .tallyPush(let push) = command else { continue }
            guard case .success(let checked) = push.check(payload: mutatedPayload, keys: keys) else { continue }
            verified += 1
            #expect(mutatedPayload == payload)
            #expect(checked == tally)
            #expect(push.bridge == "xa-a" && push.conference == conference && push.revision == 3)
        }
        #expect(verified > 0)
    }

    @Test func keysFilesAreReadOrRefusedLineByLine() {
        var random = SplitMix64(state: Self.seed &+ 2)
        let words = ["xa-a", "xa-b", String(repeating: "ab", count: 32), String(repeating: "0", count: 31), "zz", "#", "UBND xã A", " ", "\t", "\r"]
        for _ in 0..<3_000 {
            let lines = (0..<Int(random.next() % 6)).map { _ in
                (0..<Int(random.next() % 4)).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
            }
            let text = lines.joined(separator: "\n")
            do {
                let keys = try KeysFile.parse(text, file: "fuzz.keys")
                #expect(keys.allSatisfy { $0.key.count >= KeysFile.minimumKeyBytes && !$0.id.isEmpty })
                #expect(Set(keys.map(\.id)).count == keys.count)
            } catch {
                #expect(error.errors.allSatisfy { $0.line >= 1 && $0.line <= lines.count && !$0.message.isEmpty })
            }
        }
    }

    @Test func noAlteredTerminalLineGetsThroughItsMac() throws {
        var random = SplitMix64(state: Self.seed &+ 3)
        let loopback = try #require(IPv4Range.parseAddress("127.0.0.1"))
        let plain = "CHECKIN id=DV-0042 term=hall-1 seq=17 method=card conf=\"Hội nghị\""
        let signed = Array(LineAuthenticator.sign(plain, key: Self.key).utf8)
        let original = try #require(try LineDecoder.decode(signed))
        func withoutMac(_ request: RequestLine) -> RequestLine {
            RequestLine(verb: request.verb, fields: request.fields.filter { $0.key != "mac" })
        }
        var unchanged = LineAuthenticator(keys: ["hall-1": Self.key])
        #expect(signed.withUnsafeBufferPointer { unchanged.check($0, source: loopback) } == .pass)
        for _ in 0..<5_000 {
            var authenticator = LineAuthenticator(keys: ["hall-1": Self.key], replayWindow: 1_000_000)
            let line = Self.mutate(signed, &random)
            let verdict = line.withUnsafeBufferPointer { authenticator.check($0, source: loopback) }
            guard verdict == .pass, let request = try? LineDecoder.decode(line) else { continue }
            // Through the MAC and decodable: then it says exactly what was signed (the MAC's hex
            // digits may change case, which changes nothing).
            if request.verb == original.verb, request["term"] == "hall-1" {
                #expect(withoutMac(request) == withoutMac(original), "\(String(decoding: line, as: UTF8.self))")
            } else {
                // Or it no longer names the keyed terminal, and it must not be a request that stores.
                #expect(!LineAuthenticator.verbsNeedingTerminal.contains(request.verb) || request["term"] != nil)
            }
        }
    }

    @Test func sourceRangesParseOrNameTheProblem() {
        var random = SplitMix64(state: Self.seed &+ 4)
        let alphabet = Array("0123456789./, 25".utf8)
        for _ in 0..<10_000 {
            let text = String(decoding: (0..<Int(random.next() % 24)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }, as: UTF8.self)
            switch IPv4Range.parseList(text) {
            case .success(let ranges):
                for range in ranges { #expect((try? IPv4Range.parse(range.description).get()) == range) }
            case .failure(let error):
                #expect(!error.message.isEmpty)
            }
        }
    }
}
