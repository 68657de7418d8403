import Testing

@testable import AttendCore

/// Decodes `text`, failing the test when it throws.
private func decode(_ text: String) throws -> RequestLine? {
    try LineDecoder.decode(text)
}

/// The error decoding `bytes` throws, or nil when it decodes.
private func decodingError(_ bytes: [UInt8]) -> ProtocolError? {
    do {
        _ = try LineDecoder.decode(bytes)
        return nil
    } catch {
        return error
    }
}

/// The Unicode scalars of `text`: unlike `==` on `String`, this tells NFC from NFD.
private func scalars(_ text: String) -> [UInt32] {
    text.unicodeScalars.map(\.value)
}

/// A line the decoder must refuse, with the code and words the message must carry.
struct BadLine: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var code: ErrorCode
    var fragments: [String]
    var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }

    init(_ text: String, _ code: ErrorCode = .malformed, _ fragments: String...) {
        self.bytes = Array(text.utf8)
        self.code = code
        self.fragments = fragments
    }

    init(bytes: [UInt8], _ code: ErrorCode, _ fragments: String...) {
        self.bytes = bytes
        self.code = code
        self.fragments = fragments
    }
}

@Suite struct LineDecoderTests {
    // MARK: Verbs

    @Test(arguments: ["checkin", "CHECKIN", "CheckIn", "cHECKiN"])
    func verbIsCaseInsensitive(_ verb: String) throws {
        let line = try #require(try decode("\(verb) id=42"))
        #expect(line.verb == "CHECKIN")
        #expect(line.fields == [.init("id", "42")])
    }

    @Test func verbMayHoldDigitsUnderscoresAndHyphens() throws {
        let line = try #require(try decode("x_1-b"))
        #expect(line.verb == "X_1-B")
        #expect(line.fields.isEmpty)
    }

    // MARK: Values

    @Test func bareValues() throws {
        let line = try #require(try decode("CHECKIN id=D-0042 term=gate_1 seq=17 at=2026-11-23T07:45:00+07:00"))
        #expect(line.fields == [
            .init("id", "D-0042"), .init("term", "gate_1"), .init("seq", "17"),
            .init("at", "2026-11-23T07:45:00+07:00"),
        ])
        #expect(line["term"] == "gate_1")
        #expect(line["missing"] == nil)
    }

    @Test func bareValueMayHoldEqualsAndBackslash() throws {
        let line = try #require(try decode(#"X k=a=b path=c:\d"#))
        #expect(line["k"] == "a=b")
        #expect(line["path"] == #"c:\d"#)
    }

    @Test func quotedValues() throws {
        let line = try #require(try decode(#"OPEN conf=hn-2026 title="Đại hội đại biểu  lần thứ X""#))
        #expect(line.fields == [.init("conf", "hn-2026"), .init("title", "Đại hội đại biểu  lần thứ X")])
    }

    @Test func emptyQuotedValue() throws {
        let line = try #require(try decode(#"X a="" b=1"#))
        #expect(line.fields == [.init("a", ""), .init("b", "1")])
    }

    @Test func quotedValueKeepsTab() throws {
        let line = try #require(try decode("X a=\"1\t2\""))
        #expect(line["a"] == "1\t2")
    }

    @Test(arguments: [
        (#"X v="say \"hi\"""#, #"say "hi""#),
        (#"X v="a\\b""#, #"a\b"#),
        (#"X v="\\""#, #"\"#),
        (#"X v="\"""#, "\""),
        (#"X v="\\\"""#, #"\""#),
    ])
    func escapes(_ text: String, _ value: String) throws {
        let line = try #require(try decode(text))
        #expect(line["v"] == value)
    }

    @Test(arguments: ["Nguyễn Thị Hồng Nhung", "Trần", "Phạm Đức Thắng", "Hà Nội", "Ủy ban"])
    func vietnameseValues(_ name: String) throws {
        let quoted = try #require(try decode("CHECKIN id=1 name=\"\(name)\""))
        #expect(scalars(try #require(quoted["name"])) == scalars(name))
        let bare = name.split(separator: " ").first.map(String.init)!
        let line = try #require(try decode("CHECKIN id=\(bare)"))
        #expect(scalars(try #require(line["id"])) == scalars(bare))
    }

    @Test func decomposedInputComesBackComposed() throws {
        let nfd = "Nguye\u{0302}\u{0303}n"
        let nfc = "Nguy\u{1EC5}n"  // "Nguyễn"
        #expect(scalars(nfd) != scalars(nfc))  // the input really is decomposed
        let bare = try #require(try decode("CHECKIN id=\(nfd)"))
        #expect(scalars(try #require(bare["id"])) == scalars(nfc))
        let quoted = try #require(try decode("CHECKIN id=1 name=\"Tra\u{0300}n \(nfd)\""))
        #expect(scalars(try #require(quoted["name"])) == scalars("Tr\u{00E0}n \(nfc)"))
    }

    // MARK: Blanks and line ends

    @Test func crlfIsAccepted() throws {
        let line = try #require(try decode("PING seq=9\r"))
        #expect(line == RequestLine(verb: "PING", fields: [.init("seq", "9")]))
        let quoted = try #require(try decode("X a=\"b c\"\r"))
        #expect(quoted["a"] == "b c")
        let bare = try #require(try decode("PING\r"))
        #expect(bare == RequestLine(verb: "PING"))
    }

    @Test func spacesAndTabsSeparateFields() throws {
        let line = try #require(try decode(" \t CHECKIN  \t id=7\t\tterm=g1   \t"))
        #expect(line == RequestLine(verb: "CHECKIN", fields: [.init("id", "7"), .init("term", "g1")]))
    }

    @Test(arguments: ["", " ", "\t", "  \t  ", "\r", " \r"])
    func blankLineIsNotARequest(_ text: String) throws {
        #expect(try decode(text) == nil)
    }

    @Test func fieldsKeepTheirOrder() throws {
        let line = try #require(try decode("X z=1 a=2 m=3"))
        #expect(line.fields.map(\.key) == ["z", "a", "m"])
    }

    @Test func bufferOverloadAgreesWithText() throws {
        let text = "CHECKIN id=\"a b\" seq=1"
        let fromText = try LineDecoder.decode(text)
        let fromBytes = try LineDecoder.decode(Array(text.utf8))
        #expect(fromText == fromBytes)
        #expect(fromText != nil)
    }

    // MARK: Malformed lines

    static let badLines: [BadLine] = [
        // Missing '=': the message names the field's column.
        BadLine("CHECKIN id", .malformed, "no '='", "column 9"),
        BadLine("CHECKIN id 42", .malformed, "no '='", "column 9"),
        BadLine("CHECKIN id=1 term", .malformed, "no '='", "column 14"),
        BadLine("CHECKIN =5", .malformed, "empty key", "column 9"),
        // Keys are lower-case.
        BadLine("CHECKIN ID=42", .malformed, "key has 'I'", "column 9", "lower-case"),
        BadLine("CHECKIN iD=42", .malformed, "key has 'D'", "column 10"),
        BadLine("CHECKIN i-d=42", .malformed, "key has '-'", "column 10"),
        BadLine("CHECKIN ký=42", .malformed, "key has byte 0xC3", "column 10"),
        // Each key once.
        BadLine("CHECKIN id=1 id=2", .malformed, "key id is given twice"),
        BadLine("CHECKIN id=1 seq=1 term=a seq=2", .malformed, "key seq is given twice"),
        // Empty bare value.
        BadLine("CHECKIN id=", .malformed, "key id has no value"),
        BadLine("CHECKIN id= term=a", .malformed, "key id has no value"),
        // Quotes.
        BadLine(#"CHECKIN id="42"#, .malformed, "quoted value of id", "column 12", "not closed"),
        BadLine(#"CHECKIN id="42\""#, .malformed, "quoted value of id", "not closed"),
        BadLine(#"CHECKIN id="a\nb""#, .malformed, "unknown escape", "value of id", "column 14"),
        BadLine(#"CHECKIN id="a\"#, .malformed, "unknown escape", "value of id", "column 14"),
        BadLine(#"CHECKIN id=4"2"#, .malformed, "stray '\"'", "value of id", "column 13"),
        BadLine(#"CHECKIN id=42""#, .malformed, "stray '\"'", "value of id", "column 14"),
        BadLine(#"CHECKIN id="42"term=a"#, .malformed, "expected a space after the quoted value of id", "column 16"),
        BadLine(#"CHECKIN id="42""x""#, .malformed, "expected a space after the quoted value of id", "column 16"),
        // Control bytes.
        BadLine("CHECKIN id=4\u{0}2", .malformed, "value of id has byte 0x00", "column 13"),
        BadLine("CHECKIN id=4\u{1}2", .malformed, "value of id has byte 0x01", "column 13"),
        BadLine("CHECKIN id=4\u{7F}2", .malformed, "value of id has byte 0x7F", "column 13"),
        BadLine("CHECKIN id=4\r2", .malformed, "value of id has byte 0x0D", "column 13"),
        BadLine("CHECKIN id=\"4\u{0}2\"", .malformed, "value of id has byte 0x00", "column 14"),
        BadLine("CHECKIN id=\"4\u{1B}2\"", .malformed, "value of id has byte 0x1B", "column 14"),
        BadLine("CHECKIN id=\"4\n2\"", .malformed, "value of id has byte 0x0A", "column 14"),
        // Verb characters.
        BadLine("CHECK.IN id=1", .malformed, "verb has '.'", "column 6"),
        BadLine("CHECKIN=1", .malformed, "verb has '='", "column 8"),
        BadLine("\"PING\"", .malformed, "verb has '\"'", "column 1"),
        BadLine("PING\u{0}", .malformed, "verb has byte 0x00", "column 5"),
        BadLine("CHÉCKIN id=1", .malformed, "verb has byte 0xC3", "column 3"),
        // Invalid UTF-8.
        BadLine(bytes: Array("CHECKIN id=".utf8) + [0xFF], .badUTF8, "UTF-8"),
        BadLine(bytes: Array("CHECKIN id=\"".utf8) + [0xC3] + Array("\"".utf8), .badUTF8, "UTF-8"),
        BadLine(bytes: Array("CHECKIN id=".utf8) + [0xC0, 0x80], .badUTF8, "UTF-8"),  // overlong NUL
        BadLine(bytes: Array("CHECKIN id=".utf8) + [0xED, 0xA0, 0x80], .badUTF8, "UTF-8"),  // surrogate
        BadLine(bytes: [0x80] + Array("PING".utf8), .badUTF8, "UTF-8"),
        BadLine(bytes: Array("CHECKIN id=".utf8) + [0xE1, 0xBB] + [0x0D], .badUTF8, "UTF-8"),  // cut before CR
    ]

    @Test(arguments: badLines)
    func malformedLineIsRefused(_ bad: BadLine) throws {
        let error = try #require(decodingError(bad.bytes))
        #expect(error.code == bad.code)
        for fragment in bad.fragments {
            #expect(error.message.contains(fragment), "message: \(error.message)")
        }
    }

    @Test func invalidUTF8WinsOverOtherFaults() throws {
        // The line is also malformed (uppercase key), but the encoding is checked first.
        let error = try #require(decodingError(Array("CHECKIN ID=".utf8) + [0xFE]))
        #expect(error.code == .badUTF8)
    }
}
