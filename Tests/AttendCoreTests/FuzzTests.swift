import Foundation
import AttendTestSupport
import Testing

@testable import AttendCore

/// Deterministic random input for every parser that reads from the network or from people:
/// each input gets a result or a clear error, never a crash or a hang. A failing seed replays.
@Suite struct FuzzTests {
    static let seed: UInt64 = 20_261_123

    /// Random bytes biased towards the characters the grammar cares about.
    static func randomLine(_ random: inout SplitMix64, maxLength: Int) -> [UInt8] {
        let alphabet = Array("CHECKIN PING id=term=seq=\"\\ \t\r=abcXYZ019_-".utf8) + [0x00, 0x7F, 0xC3, 0xA1, 0xE1, 0xBB, 0x85, 0xFF, 0x80]
        let length = Int(random.next() % UInt64(maxLength + 1))
        return (0..<length).map { _ in
            random.next() % 4 == 0 ? UInt8(truncatingIfNeeded: random.next()) : alphabet[Int(random.next() % UInt64(alphabet.count))]
        }
    }

    @Test func theLineCodecAnswersEveryInput() {
        var random = SplitMix64(state: Self.seed)
        let context = RequestRouter.Context(isControl: false, allowedTerminals: nil)
        var decoded = 0
        var refused = 0
        for _ in 0..<20_000 {
            let line = Self.randomLine(&random, maxLength: 120)
            let (routing, _) = line.withUnsafeBufferPointer { RequestRouter.route($0, context: context, now: Timestamp(milliseconds: 0)) }
            switch routing {
            case .reply(let reply) where !reply.isOK:
                #expect(reply["msg"]?.isEmpty == false)
                refused += 1
            default:
                decoded += 1
            }
            // Whatever decodes also encodes back to a line that decodes to the same thing.
            if let request = try? LineDecoder.decode(line) {
                let again = try? LineDecoder.decode(LineEncoder.encode(request).dropLast().map { $0 })
                #expect(again == request)
            }
        }
        #expect(refused > 0)
        #expect(decoded > 0)
    }

    @Test func theFramerNeverHoldsMoreThanItsLimit() {
        var random = SplitMix64(state: Self.seed &+ 1)
        var framer = LineFramer(maxLineBytes: 200)
        for _ in 0..<5_000 {
            var chunk = Self.randomLine(&random, maxLength: 600)
            if random.next() % 3 == 0 { chunk.append(0x0A) }
            chunk.withUnsafeBufferPointer { buffer in
                framer.feed(buffer) { (event: LineFramer.Event) -> Void in
                    if case .line(let line) = event { #expect(line.count <= 201) }
                }
            }
            #expect(framer.bufferedBytes <= 201)
        }
    }

    @Test func theConfigParserReportsEveryProblemWithALine() {
        var random = SplitMix64(state: Self.seed &+ 2)
        let pieces = ["[listen]", "[limits]", "[probes]", "[nope]", "port = ", "max_line_bytes=", "targets = a 1.2.3.4:5 tcp",
                      "allow = ,", "# comment", "level = loud", "= x", "\"", "address = 999.1.1.1", "idle_timeout = 10", ""]
        for _ in 0..<3_000 {
            let lineCount = Int(random.next() % 12)
            let text = (0..<lineCount).map { _ -> String in
                var line = pieces[Int(random.next() % UInt64(pieces.count))]
                if random.next() % 3 == 0 { line += String(random.next() % 100_000) }
                if random.next() % 7 == 0 { line += String(decoding: Self.randomLine(&random, maxLength: 10), as: UTF8.self) }
                return line
            }.joined(separator: random.next() % 2 == 0 ? "\n" : "\r\n")
            // Random bytes may hold line feeds of their own.
            let lines = text.utf8.filter { $0 == 0x0A }.count + 1
            do {
                _ = try ConfigParser.parse(text, file: "fuzz.conf", environment: [:])
            } catch {
                for problem in error.errors {
                    #expect(problem.line >= 1 && problem.line <= lines)
                    #expect(!problem.message.isEmpty)
                }
            }
        }
    }

    @Test func theInvitedListImportRefusesGarbageCleanly() {
        var random = SplitMix64(state: Self.seed &+ 3)
        let header = Array("Mã;Họ và tên;Đơn vị;Đối tượng\n".utf8)
        for _ in 0..<2_000 {
            var bytes = header
            for _ in 0..<Int(random.next() % 6) { bytes += Self.randomLine(&random, maxLength: 60) + [0x0A] }
            do {
                let delegates = try InvitedListImport.parse(bytes, file: "fuzz.csv")
                #expect(delegates.allSatisfy { !$0.id.isEmpty && !$0.fullName.isEmpty })
            } catch {
                #expect(!error.errors.isEmpty)
                #expect(error.errors.allSatisfy { !$0.message.isEmpty })
            }
        }
    }

    @Test func commandsFromRandomFieldsAreValidOrRefusedWithAField() {
        var random = SplitMix64(state: Self.seed &+ 4)
        let verbs = ["CHECKIN", "CHECKOUT", "OPEN", "CLOSE", "DEFINE", "INVITE", "EXCUSE", "REPORT", "FIND", "INCIDENT", "LINETEST", "X"]
        let keys = ["id", "term", "seq", "conf", "method", "at", "queued", "paper", "title", "date", "parts", "grace", "bytes",
                    "q", "action", "kind", "seconds", "format", "lang", "expected", "auto"]
        let values = ["1", "-5", "abc", "2026-11-23T07:45:00+07:00", "2026-02-30", "card", "07:30-11:30", "Sáng 07:30-11:30, 13:00-12:00",
                      "99999999999999999999", "", "audio_lost", "start", "json", "0", "Nguyễn Văn An"]
        for _ in 0..<10_000 {
            var fields: [RequestLine.Field] = []
            for key in keys.shuffled(using: &random).prefix(Int(random.next() % 6)) {
                fields.append(.init(key, values[Int(random.next() % UInt64(values.count))]))
            }
            let line = RequestLine(verb: verbs[Int(random.next() % UInt64(verbs.count))], fields: fields)
            do {
                _ = try Request(line)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
