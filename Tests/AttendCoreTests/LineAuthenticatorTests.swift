import Testing

@testable import AttendCore

/// Terminal lines signed with HMAC-SHA256, source ranges and the replay window, without sockets.
@Suite struct LineAuthenticatorTests {
    let key = Hex.decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")!
    let loopback = IPv4Range.parseAddress("127.0.0.1")!

    private func authenticator(window: Int = 1000) -> LineAuthenticator {
        LineAuthenticator(keys: ["hall-1": key], replayWindow: window)
    }

    private func reason(_ verdict: LineAuthenticator.Verdict) -> String? {
        if case .refuse(let error, _) = verdict {
            #expect(error.code == .notAuthorised)
            return error.message
        }
        return nil
    }

    /// The README's worked example (checked against `openssl dgst -sha256 -mac HMAC`).
    @Test func theWorkedExampleOfTheReadme() {
        let line = LineAuthenticator.sign("CHECKIN id=DV-0042 term=hall-1 seq=17 method=card", key: key)
        #expect(line == "CHECKIN id=DV-0042 term=hall-1 seq=17 method=card mac=80f479ec39b2e1a2557e9c08f0d0722c4aeed78462fb21db005792d0deb2543b")
    }

    @Test func aGoodMacPassesAndTheSeqIsRemembered() {
        var auth = authenticator()
        let line = LineAuthenticator.sign("CHECKIN id=DV-1 term=hall-1 seq=5", key: key)
        #expect(auth.check(line, source: loopback) == .pass)
        #expect(auth.check(line + "\r", source: loopback) == .pass)  // CRLF line end
        #expect(auth.highest["hall-1"] == 5)
    }

    @Test func missingOrWrongMacsAreRefusedByName() {
        var auth = authenticator()
        let signed = LineAuthenticator.sign("CHECKIN id=DV-1 term=hall-1 seq=5", key: key)
        #expect(reason(auth.check("CHECKIN id=DV-1 term=hall-1 seq=5", source: loopback))?.hasPrefix("missing mac") == true)
        // One byte changed: another delegate.
        let forged = signed.replacingOccurrences(of: "DV-1", with: "DV-2")
        #expect(reason(auth.check(forged, source: loopback))?.hasPrefix("bad mac") == true)
        // Signed under another key.
        let other = LineAuthenticator.sign("CHECKIN id=DV-1 term=hall-1 seq=5", key: [UInt8](repeating: 7, count: 32))
        #expect(reason(auth.check(other, source: loopback))?.hasPrefix("bad mac") == true)
        // Not hex, too short, not last.
        #expect(reason(auth.check("CHECKIN id=DV-1 term=hall-1 seq=5 mac=zz", source: loopback))?.hasPrefix("bad mac") == true)
        #expect(reason(auth.check("CHECKIN id=DV-1 term=hall-1 seq=5 mac=00", source: loopback))?.hasPrefix("bad mac") == true)
        let moved = "CHECKIN id=DV-1 mac=\(signed.split(separator: "=").last!) term=hall-1 seq=5"
        #expect(reason(auth.check(moved, source: loopback))?.contains("last field") == true)
        // Without a seq the MAC would not bind the request to one use.
        let unnumbered = LineAuthenticator.sign("CHECKIN id=DV-1 term=hall-1", key: key)
        #expect(reason(auth.check(unnumbered, source: loopback))?.hasPrefix("missing seq") == true)
        #expect(auth.highest["hall-1"] == nil)
    }

    @Test func theRefusalEchoesTheSeq() {
        var auth = authenticator()
        #expect(auth.check("CHECKIN id=DV-1 term=hall-1 seq=9", source: loopback)
            == .refuse(ProtocolError(.notAuthorised, "missing mac: terminal hall-1 must sign every line"), echo: [.init("seq", "9")]))
    }

    @Test func requestsWithoutTerminalAreRefusedOnceKeysExist() {
        var auth = authenticator()
        #expect(reason(auth.check("CHECKIN id=DV-1", source: loopback))?.hasPrefix("missing term") == true)
        #expect(reason(auth.check("INCIDENT action=start kind=audio_lost", source: loopback))?.hasPrefix("missing term") == true)
        #expect(auth.check("PING", source: loopback) == .pass)
        // A terminal without a key may not pretend to have one.
        #expect(reason(auth.check("CHECKIN id=DV-1 term=hall-9 seq=1 mac=00", source: loopback))?.hasPrefix("bad mac") == true)
        // Lines that do not decode are left to the router, which names the problem.
        #expect(auth.check("CHECKIN id=\"open", source: loopback) == .pass)
    }

    /// Keys covering every real terminal must stop a made-up one: once a key exists, a terminal
    /// without one writes (or FINDs invited names) only when `[terminals] unsigned` lists it.
    @Test func unkeyedTerminalsWriteOnlyWhenListedAsUnsigned() {
        var auth = LineAuthenticator(keys: ["hall-1": key], unsigned: ["hall-3"])
        let expected = "unsigned: terminal scanner-9 has no key in [terminals] keys_file and is not in [terminals] unsigned"
        for line in ["CHECKIN id=FORGED term=scanner-9 seq=1", "CHECKOUT id=FORGED term=scanner-9 seq=2",
                     "INCIDENT action=start kind=audio_lost term=scanner-9", "FIND q=an term=scanner-9"] {
            #expect(reason(auth.check(line, source: loopback)) == expected, "\(line)")
        }
        #expect(reason(auth.check("FIND q=an", source: loopback))?.hasPrefix("missing term") == true)
        // Lines that read nothing stored pass; so does a listed terminal.
        #expect(auth.check("PING term=scanner-9", source: loopback) == .pass)
        #expect(auth.check("SUMMARY term=scanner-9", source: loopback) == .pass)
        #expect(auth.check("CHECKIN id=DV-1 term=hall-3 seq=1", source: loopback) == .pass)
        #expect(auth.check("FIND q=an term=hall-3", source: loopback) == .pass)
        // A keyed terminal must sign even when also listed as unsigned.
        var both = LineAuthenticator(keys: ["hall-1": key], unsigned: ["hall-1"])
        #expect(reason(both.check("CHECKIN id=DV-1 term=hall-1 seq=1", source: loopback))?.hasPrefix("missing mac") == true)
        // Without any key nothing changes: any terminal writes.
        var open = LineAuthenticator(sources: [try! IPv4Range.parse("127.0.0.0/8").get()])
        #expect(open.check("CHECKIN id=DV-1 term=scanner-9 seq=1", source: loopback) == .pass)
    }

    @Test func oldSequenceNumbersOutsideTheWindowAreReplays() {
        var auth = authenticator(window: 10)
        func signed(_ seq: Int) -> String { LineAuthenticator.sign("CHECKIN id=DV-\(seq) term=hall-1 seq=\(seq)", key: key) }
        #expect(auth.check(signed(100), source: loopback) == .pass)
        #expect(auth.check(signed(95), source: loopback) == .pass)  // within the window: may be a retry
        #expect(auth.check(signed(90), source: loopback) == .pass)
        #expect(reason(auth.check(signed(89), source: loopback))?.hasPrefix("replay: seq 89 is more than 10 below 100") == true)
        #expect(auth.highest["hall-1"] == 100)
        // Remembered from the database at start.
        var restarted = authenticator(window: 10)
        restarted.remember(terminal: "hall-1", seq: 500)
        restarted.remember(terminal: "not-keyed", seq: 1)
        #expect(restarted.highest == ["hall-1": 500])
        #expect(reason(restarted.check(signed(100), source: loopback))?.hasPrefix("replay") == true)
    }

    @Test func sourceRangesComeFirst() {
        var auth = LineAuthenticator(sources: [try! IPv4Range.parse("192.168.1.0/24").get()])
        #expect(auth.isActive)
        #expect(auth.check("PING", source: IPv4Range.parseAddress("192.168.1.20")!) == .pass)
        #expect(reason(auth.check("PING", source: loopback)) == "source address 127.0.0.1 is not in [terminals] from")
        #expect(!LineAuthenticator().isActive)
    }
}
