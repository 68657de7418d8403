import Testing

@testable import AttendCore

/// The ASCII form of an id where it arrives: typed by a scanner into the terminal, or sent as
/// `CHECKIN id=` by anything that passes the scanner's text on.
@Suite struct DelegateCodeScanTests {
    func typing(_ session: inout TerminalSession, _ text: String) -> [TerminalAction] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8)).flatMap { session.handle($0) }
    }

    @Test func theTerminalChecksInTheIdAScannerTypedTheFormOf() {
        var session = TerminalSession(terminal: "hall-1", canExcuse: false)
        #expect(typing(&session, "H%C3%A0-001\r") == [.check(.checkIn, delegate: "Hà-001", method: .card, name: nil)])
        // An ASCII form without digits of its own still has the hex digits of its escapes.
        #expect(typing(&session, "%C4%90%C3%A0\r") == [.check(.checkIn, delegate: "Đà", method: .card, name: nil)])
        // `#` forces an id, form or not.
        #expect(typing(&session, "#H%C3%A0-001\r") == [.check(.checkIn, delegate: "Hà-001", method: .card, name: nil)])
        // The longest id's form (192 characters) is one id of 64 bytes.
        let longest = String(repeating: "%C3%A0", count: 32)
        #expect(typing(&session, longest + "\r") == [.check(.checkIn, delegate: String(repeating: "à", count: 32), method: .card, name: nil)])
    }

    @Test func checkInDecodingMapsTheFormBackAndBoundsIt() throws {
        func request(_ text: String) throws -> CheckRequest {
            guard case .write(.check(let check)) = try Request(try #require(try LineDecoder.decode(text))) else {
                Issue.record("not a check-in: \(text)")
                return CheckRequest(direction: .checkIn, delegate: "")
            }
            return check
        }
        #expect(try request("CHECKIN id=H%C3%A0-001").delegate == "Hà-001")
        #expect(try request("CHECKOUT id=H%C3%A0-001").delegate == "Hà-001")
        #expect(try request("CHECKIN id=Hà-001").delegate == "Hà-001")
        #expect(try request("CHECKIN id=A%B").delegate == "A%B")
        // A form that would give a space is no form: the text is the id, as typed.
        #expect(try request("CHECKIN id=a%20b").delegate == "a%20b")
        #expect(try request("CHECKIN id=\(String(repeating: "%C3%A0", count: 32))").delegate == String(repeating: "à", count: 32))
        // A form of 65 bytes of id, a typed id of 65 bytes, text past 192 bytes: refused by name.
        for (line, message) in [
            ("CHECKIN id=\(String(repeating: "%C3%A0", count: 31))xxx", "id is longer than 64 bytes"),
            ("CHECKIN id=\(String(repeating: "x", count: 65))", "id is longer than 64 bytes"),
            ("CHECKIN id=\(String(repeating: "x", count: 193))", "id is longer than 192 bytes"),
        ] {
            #expect(throws: ProtocolError.self) { try request(line) }
            do {
                _ = try request(line)
            } catch let error as ProtocolError {
                #expect(error.message.contains(message), "\(line): \(error.message)")
            }
        }
    }
}
