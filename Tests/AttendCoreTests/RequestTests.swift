import Testing

@testable import AttendCore

/// Decodes `text` and gives it its meaning.
private func command(_ text: String) throws -> Request {
    let line = try #require(try LineDecoder.decode(text))
    return try Request(line)
}

/// The error `text` gives once decoded, or nil when it is a valid request.
private func commandError(_ text: String) throws -> ProtocolError? {
    let line = try #require(try LineDecoder.decode(text))
    do {
        _ = try Request(line)
        return nil
    } catch {
        return error
    }
}

/// The check request in `text`, failing the test when it is something else.
private func check(_ text: String) throws -> CheckRequest {
    guard case .write(.check(let request)) = try command(text) else {
        Issue.record("\(text) is not a check-in or check-out")
        throw ProtocolError(.invalid, "not a check")
    }
    return request
}

/// A line that must give `.invalid` with a message holding `fragment`.
struct InvalidLine: Sendable, CustomTestStringConvertible {
    var text: String
    var code: ErrorCode
    var fragment: String
    var testDescription: String { text }

    init(_ text: String, _ code: ErrorCode = .invalid, _ fragment: String) {
        self.text = text
        self.code = code
        self.fragment = fragment
    }
}

@Suite struct RequestTests {
    // MARK: CHECKIN and CHECKOUT

    @Test func checkInWithAllFields() throws {
        let request = try check(
            "CHECKIN id=D-0042 term=gate-1 seq=17 conf=hn-2026 method=card at=2026-11-23T07:45:00+07:00")
        #expect(request == CheckRequest(
            direction: .checkIn, delegate: "D-0042", terminal: "gate-1", sequence: 17, conference: "hn-2026",
            method: .card, terminalTime: Timestamp(milliseconds: 1_795_394_700_000)))
    }

    @Test func checkOutWithAllFields() throws {
        let request = try check("checkout id=NVA term=t seq=0 conf=c method=face at=2026-11-23T00:45:00.250Z")
        #expect(request.direction == .checkOut)
        #expect(request.delegate == "NVA")
        #expect(request.terminal == "t")
        #expect(request.sequence == 0)
        #expect(request.conference == "c")
        #expect(request.method == .face)
        #expect(request.terminalTime == Timestamp(milliseconds: 1_795_394_700_250))
    }

    @Test func onlyIdIsNeeded() throws {
        let request = try check("CHECKIN id=42")
        #expect(request == CheckRequest(direction: .checkIn, delegate: "42"))
    }

    @Test func vietnameseIdentifierIsKept() throws {
        let request = try check("CHECKIN id=Nguyễn-01 term=Cổng-Đông")
        #expect(request.delegate == "Nguyễn-01")
        #expect(request.terminal == "Cổng-Đông")
    }

    @Test func unknownKeysAreIgnored() throws {
        let request = try check("CHECKIN id=42 colour=blue fw=1.2.3 note=\"hello there\"")
        #expect(request == CheckRequest(direction: .checkIn, delegate: "42"))
    }

    @Test(arguments: CheckMethod.allCases)
    func methodValues(_ method: CheckMethod) throws {
        #expect(try check("CHECKIN id=1 method=\(method.rawValue)").method == method)
    }

    @Test func atIsParsedAsRFC3339() throws {
        let utc = try check("CHECKIN id=1 at=2026-11-23T00:45:00Z").terminalTime
        let local = try check("CHECKIN id=1 at=2026-11-23T07:45:00+07:00").terminalTime
        let spaced = try check("CHECKIN id=1 at=\"2026-11-23 07:45:00.5+07:00\"").terminalTime
        #expect(utc != nil)
        #expect(utc == local)
        #expect(spaced?.milliseconds == utc.map { $0.milliseconds + 500 })
    }

    @Test func sequenceUpToInt64Max() throws {
        #expect(try check("CHECKIN id=1 term=t seq=9223372036854775807").sequence == Int64.max)
        #expect(try check("CHECKIN id=1 term=t seq=007").sequence == 7)
    }

    static let invalidLines: [InvalidLine] = [
        // id is required and must be a real identifier.
        InvalidLine("CHECKIN", .invalid, "id is required"),
        InvalidLine("CHECKOUT term=t seq=1", .invalid, "id is required"),
        InvalidLine("CHECKIN id=\"\"", .invalid, "id must not be empty"),
        InvalidLine("CHECKIN id=\"a b\"", .invalid, "id must not be empty or contain spaces"),
        InvalidLine("CHECKIN id=\"a\tb\"", .invalid, "contain spaces"),
        InvalidLine("CHECKIN id=1 term=\"\"", .invalid, "term must not be empty"),
        InvalidLine("CHECKIN id=1 conf=\"x y\"", .invalid, "conf must not be empty or contain spaces"),
        // seq: digits only, and only with term.
        InvalidLine("CHECKIN id=1 term=t seq=abc", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 term=t seq=-1", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 term=t seq=+5", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 term=t seq=1.5", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 term=t seq=1e3", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 term=t seq=\"\"", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 term=t seq=\" 5\"", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 term=t seq=٣", .invalid, "seq must be a whole number"),  // Arabic-Indic three
        InvalidLine("CHECKIN id=1 term=t seq=9223372036854775808", .invalid, "seq must be a whole number"),
        InvalidLine("CHECKIN id=1 seq=5", .invalid, "seq needs term"),
        // method: one of four, lower-case.
        InvalidLine("CHECKIN id=1 method=nfc", .invalid, "method must be card, qr, manual or face, got nfc"),
        InvalidLine("CHECKIN id=1 method=CARD", .invalid, "got CARD"),
        // at: RFC 3339 with an offset.
        InvalidLine("CHECKIN id=1 at=2026-11-23T07:45:00", .invalid, "at must be an RFC 3339 time"),
        InvalidLine("CHECKIN id=1 at=yesterday", .invalid, "got yesterday"),
        InvalidLine("CHECKIN id=1 at=2026-02-30T07:45:00Z", .invalid, "at must be an RFC 3339 time"),
        // Identifiers are at most 64 bytes.
        InvalidLine("CHECKIN id=\(String(repeating: "a", count: 65))", .invalid, "id is longer than 64 bytes"),
        InvalidLine("CHECKIN id=1 term=\(String(repeating: "t", count: 65))", .invalid, "term is longer than 64 bytes"),
        InvalidLine("CHECKIN id=1 conf=\(String(repeating: "c", count: 65))", .invalid, "conf is longer than 64 bytes"),
        // 22 characters, but 66 bytes of UTF-8.
        InvalidLine("CHECKIN id=\(String(repeating: "ễ", count: 22))", .invalid, "id is longer than 64 bytes"),
        // Admin verbs.
        InvalidLine("OPEN", .invalid, "conf is required"),
        InvalidLine("OPEN title=x", .invalid, "conf is required"),
        InvalidLine("OPEN conf=\(String(repeating: "c", count: 65))", .invalid, "conf is longer than 64 bytes"),
        InvalidLine("OPEN conf=c title=\(String(repeating: "t", count: 513))", .invalid, "title is longer than 512 bytes"),
        InvalidLine("CLOSE conf=\"\"", .invalid, "conf must not be empty"),
        // Verbs this version does not know.
        InvalidLine("HELLO", .unknownVerb, "unknown verb HELLO"),
        InvalidLine("checkinn id=1", .unknownVerb, "unknown verb CHECKINN"),
        InvalidLine("OK", .unknownVerb, "unknown verb OK"),
    ]

    @Test(arguments: invalidLines)
    func invalidCommandIsRefused(_ line: InvalidLine) throws {
        let error = try #require(try commandError(line.text))
        #expect(error.code == line.code)
        #expect(error.message.contains(line.fragment), "message: \(error.message)")
    }

    @Test func identifiersOfExactly64BytesPass() throws {
        let id = String(repeating: "a", count: 64)
        let term = String(repeating: "đ", count: 32)  // 2 bytes each
        #expect(term.utf8.count == 64)
        let request = try check("CHECKIN id=\(id) term=\(term) conf=\(id)")
        #expect(request.delegate == id)
        #expect(request.terminal == term)
        #expect(request.conference == id)
    }

    /// à is C3 A0, Ơ C6 A0, Ạ E1 BA A0, Ỡ E1 BB A0: each holds the byte 0xA0, which is not a space.
    @Test func vietnameseIdentifiersWithTheByteA0Pass() throws {
        for id in ["Hà-001", "Ơn-2", "Ạ3", "Ỡ4"] {
            #expect(id.utf8.contains(0xA0), "\(id)")
            let request = try check("CHECKIN id=\(id) term=\(id) conf=\(id) seq=1")
            #expect(request.delegate == id)
            #expect(request.terminal == id)
            #expect(request.conference == id)
            #expect(try command("OPEN conf=\(id)") == .write(.openConference(id: id, title: nil)))
        }
    }

    /// Real white space of any script and the C1 controls (C0 and DEL stop at the decoder) are refused by name.
    @Test func spacesAndControlsAreJudgedOnScalars() throws {
        for space in ["\u{00A0}", "\u{3000}", "\u{2003}", "\u{1680}"] {
            let error = try #require(try commandError("CHECKIN id=\"a\(space)b\""), "U+\(space.unicodeScalars.first!.value)")
            #expect(error.message == "id must not be empty or contain spaces")
        }
        for control in ["\u{009B}", "\u{0080}", "\u{009F}", "\u{0090}"] {
            let error = try #require(try commandError("CHECKIN id=1 term=\"t\(control)x\""))
            #expect(error.message == "term must not contain control characters")
        }
    }

    // MARK: Other verbs

    @Test func ping() throws {
        #expect(try command("PING") == .ping)
        #expect(try command("ping seq=3 anything=else") == .ping)
    }

    @Test func openNeedsConfAndTakesATitle() throws {
        #expect(try command("OPEN conf=hn-2026") == .write(.openConference(id: "hn-2026", title: nil)))
        #expect(try command("OPEN conf=hn-2026 title=\"Đại hội XIV\"") == .write(.openConference(id: "hn-2026", title: "Đại hội XIV")))
        let longest = String(repeating: "t", count: 512)
        #expect(try command("OPEN conf=c title=\(longest)") == .write(.openConference(id: "c", title: longest)))
    }

    @Test func closeTakesAnOptionalConf() throws {
        #expect(try command("CLOSE") == .write(.closeConference(id: nil)))
        #expect(try command("CLOSE conf=hn-2026") == .write(.closeConference(id: "hn-2026")))
    }

    @Test func reload() throws {
        #expect(try command("RELOAD") == .reload)
    }
}
