import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// The line protocol over UDP: one request per datagram, one reply datagram back.
@Suite struct UDPProtocolTests {
    @Test func checkInOverUDPIsIdempotentOnRetry() throws {
        let daemon = try DaemonHarness()
        let udp = try UDPClient(port: daemon.port)
        let ping = try Reply.decode(try #require(udp.request("PING seq=7")))
        #expect(ping.isOK)
        #expect(ping["seq"] == "7")
        #expect(try Reply.decode(try #require(udp.request("CHECKIN id=U1 term=udp-1 seq=1"))).error == .noConference)

        try daemon.openConference("U")
        let first = try Reply.decode(try #require(udp.request("CHECKIN id=U1 term=udp-1 seq=1")))
        #expect(first.isOK)
        // The terminal did not hear the reply and sends again: same reply, stored once.
        for _ in 0..<3 {
            #expect(try Reply.decode(try #require(udp.request("CHECKIN id=U1 term=udp-1 seq=1"))) == first)
        }
        // CRLF and no line end at all are both accepted in a datagram.
        udp.send(bytes: Array("CHECKIN id=U2 term=udp-1 seq=2\r\n".utf8))
        #expect(try Reply.decode(try #require(udp.receive())).isOK)
        udp.send(bytes: Array("CHECKIN id=U3 term=udp-1 seq=3".utf8))
        #expect(try Reply.decode(try #require(udp.receive())).isOK)

        daemon.stop()
        #expect(try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM checkin") == 3)
    }

    @Test func badDatagramsGetTheirErrorAndServiceGoesOn() throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nmax_line_bytes = 100")
        try daemon.openConference("B")
        let udp = try UDPClient(port: daemon.port)
        let cases: [([UInt8], ErrorCode)] = [
            (Array(repeating: UInt8(ascii: "A"), count: 300), .tooLong),
            (Array("PING\nPING\n".utf8), .malformed),
            ([0xFF, 0xFE, 0x00, 0x41], .badUTF8),
            (Array("HELLO".utf8), .unknownVerb),
            (Array("CLOSE".utf8), .notAuthorised),
            (Array("RELOAD".utf8), .notAuthorised),
            (Array("FIND q=nguyen".utf8), .invalid),  // its reply carries a payload: TCP only
            (Array("SUMMARY".utf8), .invalid),  // its VerbTable row has no .udp: TCP only
        ]
        for (bytes, code) in cases {
            udp.send(bytes: bytes)
            let reply = try Reply.decode(try #require(udp.receive()))
            #expect(reply.error == code)
        }
        #expect(try Reply.decode(try #require(udp.request("CHECKIN id=fine"))).isOK)
    }

    @Test func manyTerminalsAtOnceAreAllStored() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("M")
        let terminals = try (0..<8).map { _ in try UDPClient(port: daemon.port) }
        for seq in 1...100 {
            for (index, terminal) in terminals.enumerated() { terminal.send("CHECKIN id=D\(seq) term=u\(index) seq=\(seq)") }
        }
        var answered = 0
        // A terminal's reading ends at its 100th reply; only when loopback dropped some does it
        // wait out 2 s of silence (each of the 8 waited 2 s every run: 16 s of the suite's time).
        for terminal in terminals {
            var replies = 0
            while replies < 100, let line = terminal.receive(timeoutSeconds: 2) {
                replies += 1
                if try Reply.decode(line).isOK { answered += 1 }
            }
        }
        // Loopback may drop under load; whatever was answered OK must be stored, exactly once.
        #expect(answered > 0)
        daemon.stop()
        let stored = try StoredRows(path: daemon.databasePath)
        #expect(try stored.count("SELECT count(*) FROM checkin") >= answered)
        #expect(try stored.count("SELECT count(*) FROM (SELECT terminal, seq FROM checkin GROUP BY 1, 2 HAVING count(*) > 1)") == 0)
    }
}
