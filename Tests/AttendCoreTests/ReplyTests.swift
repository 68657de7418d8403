import AttendTestSupport
import Testing

@testable import AttendCore


/// The encoded reply as text, without its final LF.
private func text(_ reply: Reply) -> String {
    let bytes = reply.encoded()
    return String(decoding: bytes.dropLast(), as: UTF8.self)
}

@Suite struct ReplyTests {
    // MARK: Encoding

    @Test func okWithoutFields() {
        #expect(Reply.ok().encoded() == Array("OK\n".utf8))
        #expect(Reply.ok().isOK)
    }

    @Test func okWithBareFields() {
        let reply = Reply.ok([.init("seq", "17"), .init("event", "4021"), .init("name", "Nguyễn")])
        #expect(reply.encoded() == Array("OK seq=17 event=4021 name=Nguyễn\n".utf8))
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("", "\"\""),
        ("two words", #""two words""#),
        ("tab\there", "\"tab\there\""),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"back\slash"#, #""back\\slash""#),
        (#"\""#, #""\\\"""#),
        ("a=b", "a=b"),
        ("Đà Nẵng", "\"Đà Nẵng\""),
        ("line\nbreak", #""line break""#),  // control bytes cannot be sent: they become spaces
        ("nul\u{0}x", #""nul x""#),
        ("del\u{7F}x", #""del x""#),
    ])
    func valuesAreQuotedOnlyWhenNeeded(_ value: String, _ encoded: String) {
        var out: [UInt8] = []
        LineEncoder.appendValue(value, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == encoded)
    }

    @Test func errorReplyCarriesCodeEchoAndMessage() {
        let reply = Reply.error(ProtocolError(.invalid, "id is required"), echo: [.init("seq", "5")])
        #expect(!reply.isOK)
        #expect(reply.error == .invalid)
        #expect(reply["seq"] == "5")
        #expect(reply["msg"] == "id is required")
        #expect(reply.encoded() == Array(#"ERR invalid seq=5 msg="id is required"\#n"#.utf8))
    }

    @Test(arguments: ErrorCode.allCases)
    func errorReplyUsesTheWireCode(_ code: ErrorCode) {
        let reply = Reply.error(ProtocolError(code, "x"))
        #expect(reply.encoded() == Array("ERR \(code.rawValue) msg=x\n".utf8))
    }

    @Test func errorMessageIsEscaped() {
        let reply = Reply.error(ProtocolError(.malformed, #"stray '"' in value of id"#))
        #expect(text(reply) == #"ERR malformed msg="stray '\"' in value of id""#)
    }

    @Test func wireCodesAreStable() {
        #expect(ErrorCode.allCases.map(\.rawValue) == [
            "malformed", "invalid", "unknown_verb", "too_long", "bad_utf8", "no_conference",
            "not_authorised", "unavailable", "rate_limited", "seq_reused", "busy",
        ])
        #expect(ErrorCode.allCases.filter(\.isRetryable) == [.noConference, .unavailable, .rateLimited, .busy])
    }

    // MARK: Decoding

    @Test func decodeOK() throws {
        let reply = try Reply.decode(#"OK seq=17 time=2026-11-23T07:45:00.000+07:00 name="Trần Văn A""#)
        #expect(reply.isOK)
        #expect(reply.fields == [
            .init("seq", "17"), .init("time", "2026-11-23T07:45:00.000+07:00"), .init("name", "Trần Văn A"),
        ])
    }

    @Test func decodeBareOK() throws {
        #expect(try Reply.decode("OK") == .ok())
    }

    @Test func decodeError() throws {
        let reply = try Reply.decode(#"ERR invalid seq=5 msg="id is required""#)
        #expect(reply.error == .invalid)
        #expect(reply["seq"] == "5")
        #expect(reply["msg"] == "id is required")
    }

    @Test func decodeErrorWithoutFields() throws {
        let reply = try Reply.decode("ERR busy")
        #expect(reply == Reply(error: .busy, fields: []))
    }

    @Test(arguments: ["", "   ", "HELLO there=1", "ERR", "ERR nonsense msg=x"])
    func decodeRefusesWhatIsNotAReply(_ text: String) {
        #expect(throws: ProtocolError.self) { try Reply.decode(text) }
    }

    @Test(arguments: [
        Reply.ok(),
        Reply.ok([.init("seq", "1"), .init("event", "9"), .init("dup", "1")]),
        Reply.ok([.init("title", #"Hội nghị "Xuân" \ 2026"#), .init("empty", "")]),
        Reply.error(ProtocolError(.busy, "too many connections")),
        Reply.error(ProtocolError(.noConference, "no conference is open"), echo: [.init("seq", "44")]),
        Reply.error(ProtocolError(.malformed, #"unknown escape in value of id at column 14 (only \" and \\)"#)),
    ])
    func decodeRoundTripsEncoded(_ reply: Reply) throws {
        #expect(try Reply.decode(text(reply)) == reply)
    }

    @Test(arguments: ErrorCode.allCases)
    func everyErrorCodeRoundTrips(_ code: ErrorCode) throws {
        let reply = Reply.error(ProtocolError(code, "message for \(code)"), echo: [.init("seq", "3")])
        #expect(try Reply.decode(text(reply)) == reply)
    }

    // MARK: Request lines

    @Test func encodeRequestLine() {
        let line = RequestLine(verb: "CHECKIN", fields: [.init("id", "42"), .init("name", "Lê Thị B")])
        #expect(LineEncoder.encode(line) == Array("CHECKIN id=42 name=\"Lê Thị B\"\n".utf8))
    }

    /// Characters that stress the codec: blanks, quotes, backslashes, '=', Vietnamese, emoji.
    static let alphabet: [Character] = Array(#"aZ09_-.:=+/ "\  "#) + ["\t"]
        + Array("ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậềểễếệỳỷỹýỵ") + ["😀", "€", "\u{00A0}", "ß"]

    @Test func encodedRequestLinesDecodeToTheSameLine() throws {
        var random = SplitMix64(state: 0xA77E_4DD0)
        let keys = ["id", "term", "seq", "conf", "title", "name", "x_1", "k9"]
        for _ in 0..<2_000 {
            let verb = ["CHECKIN", "CHECKOUT", "PING", "OPEN", "X-1_Y"].randomElement(using: &random)!
            var fields: [RequestLine.Field] = []
            for key in keys.shuffled(using: &random).prefix(Int.random(in: 0...5, using: &random)) {
                let length = Int.random(in: 0...12, using: &random)
                let value = String((0..<length).map { _ in Self.alphabet.randomElement(using: &random)! })
                fields.append(.init(key, value))
            }
            let line = RequestLine(verb: verb, fields: fields)
            let encoded = LineEncoder.encode(line)
            #expect(encoded.last == 0x0A)
            #expect(encoded.filter { $0 == 0x0A }.count == 1)
            let decoded = try #require(try LineDecoder.decode(Array(encoded.dropLast())))
            #expect(decoded == line)
            // The decoder returns the very scalars sent (the alphabet is already NFC).
            #expect(decoded.fields.map { Array($0.value.unicodeScalars) } == line.fields.map { Array($0.value.unicodeScalars) })
        }
    }

    @Test func decomposedValueRoundTripsComposed() throws {
        let line = RequestLine(verb: "CHECKIN", fields: [.init("id", "Nguye\u{0302}\u{0303}n")])
        let decoded = try #require(try LineDecoder.decode(Array(LineEncoder.encode(line).dropLast())))
        #expect(decoded["id"].map { Array($0.unicodeScalars) } == Array("Nguy\u{1EC5}n".unicodeScalars))
    }
}
