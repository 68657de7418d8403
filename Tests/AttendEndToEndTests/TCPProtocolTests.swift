import AttendCore
import AttendDaemon
import AttendStore
import AttendTestSupport
import Foundation
import Testing

/// The line protocol over TCP, against the real daemon on a loopback port.
@Suite struct TCPProtocolTests {
    @Test func checkInNeedsAnOpenConferenceThenIsStoredAndAnsweredDurably() throws {
        let daemon = try DaemonHarness()
        let client = try daemon.connect()
        let ping = try client.request("PING")
        #expect(ping.isOK)
        #expect(ping["time"]?.hasSuffix("+07:00") == true)

        let refused = try client.request("CHECKIN id=D1 term=T1 seq=1")
        #expect(refused.error == .noConference)
        #expect(refused["seq"] == "1")

        try daemon.openConference("HN-2026")
        let ok = try client.request("CHECKIN id=D1 term=T1 seq=1 method=card at=2026-11-23T07:45:00+07:00")
        #expect(ok.isOK)
        #expect(ok["conf"] == "HN-2026")
        #expect(ok["id"] == "D1")
        #expect(ok["seq"] == "1")
        let event = try #require(ok["event"])

        // A retry of the same (term, seq) gets the very same reply and stores nothing new.
        let retry = try client.request("CHECKIN id=D1 term=T1 seq=1 method=card at=2026-11-23T07:45:00+07:00")
        #expect(retry == ok)
        let reused = try client.request("CHECKIN id=D2 term=T1 seq=1")
        #expect(reused.error == .seqReused)

        let out = try client.request("CHECKOUT id=D1 term=T1 seq=2")
        #expect(out.isOK)
        #expect(out["event"] != event)

        daemon.stop()
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin") == 2)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'D1' AND direction = 'in' AND terminal_at IS NOT NULL") == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("P")
        let client = try daemon.connect()
        var batch = ""
        for seq in 1...2000 {
            // Mix stored requests with ones answered at once, to test ordering across both.
            batch += seq % 10 == 0 ? "PING seq=\(seq)\n" : "CHECKIN id=D\(seq % 300) term=T seq=\(seq)\n"
        }
        try client.send(bytes: Array(batch.utf8))
        for seq in 1...2000 {
            let line = try #require(try client.readLine())
            let reply = try Reply.decode(line)
            #expect(reply.isOK)
            #expect(reply["seq"] == String(seq))
        }
    }

    @Test func badLinesGetTheirErrorAndTheConnectionKeepsServing() throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nmax_line_bytes = 100")
        try daemon.openConference("E")
        let client = try daemon.connect()
        let cases: [([UInt8], ErrorCode)] = [
            (Array("FROB id=1".utf8), .unknownVerb),
            (Array("CHECKIN id".utf8), .malformed),
            (Array("CHECKIN ID=1".utf8), .malformed),
            (Array("CHECKIN id=\"open".utf8), .malformed),
            (Array("CHECKIN".utf8), .invalid),
            (Array("CHECKIN id=1 seq=x term=t".utf8), .invalid),
            (Array("CHECKIN id=1 at=yesterday".utf8), .invalid),
            (Array("CHECKIN id=1".utf8) + [0xC3, 0x28], .badUTF8),
            (Array("CHECKIN id=a".utf8) + [0x00] + Array("b".utf8), .malformed),
            (Array(repeating: UInt8(ascii: "A"), count: 500), .tooLong),
            (Array("OPEN conf=X".utf8), .notAuthorised),
            (Array("RELOAD".utf8), .notAuthorised),
        ]
        for (line, code) in cases {
            try client.send(bytes: line + [0x0A])
            let reply = try Reply.decode(try #require(try client.readLine()))
            #expect(reply.error == code, "\(String(decoding: line, as: UTF8.self))")
            #expect(reply["msg"]?.isEmpty == false)
        }
        // Still serving, on the same connection.
        #expect(try client.request("CHECKIN id=good").isOK)
        let status = try daemon.waitForStatus { $0.errors["too_long"] == 1 && $0.errors["bad_utf8"] == 1 }
        #expect(status.errors["malformed"] == 4)
        #expect(status.errors["invalid"] == 3)
        #expect(status.errors["not_authorised"] == 2)
        // Requests are counted by verb, unknown verbs together as "other".
        #expect(status.requests["other"] == 1)
        #expect(status.requests["CHECKIN"] == 4)  // the lines that decoded as CHECKIN
        #expect(status.requests["FROB"] == nil)
    }

    @Test func anEndlessLineIsDiscardedWithoutGrowingAndTheNextLineWorks() throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nmax_line_bytes = 256")
        try daemon.openConference("L")
        let client = try daemon.connect()
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        for _ in 0..<32 { try client.send(bytes: chunk) }  // 2 MiB with no LF
        try client.send(bytes: [0x0A])
        let tooLong = try Reply.decode(try #require(try client.readLine()))
        #expect(tooLong.error == .tooLong)
        #expect(try client.request("CHECKIN id=after").isOK)
    }

    @Test func connectionsPastTheLimitAreRefusedWithBusy() throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nmax_connections = 3")
        let kept = try (0..<3).map { _ in try daemon.connect() }
        for client in kept { #expect(try client.request("PING").isOK) }
        let extra = try daemon.connect()
        let reply = try Reply.decode(try #require(try extra.readLine()))
        #expect(reply.error == .busy)
        #expect(try extra.readLine() == nil)  // closed
        let status = try daemon.waitForStatus { $0.connections.refused == 1 }
        #expect(status.connections.open == 3)
    }

    @Test func silentAndHalfLineConnectionsAreClosedAfterTheIdleTimeout() throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nidle_timeout = 1")
        let silent = try daemon.connect()
        let halfLine = try daemon.connect()
        try halfLine.send(bytes: Array("CHECKIN id=sl".utf8))
        #expect(try silent.readLine(timeoutSeconds: 5) == nil)
        #expect(try halfLine.readLine(timeoutSeconds: 5) == nil)
        let status = try daemon.waitForStatus { $0.connections.idleClosed == 2 }
        #expect(status.connections.open == 0)
    }

    @Test func onlyAllowedTerminalsMayCheckIn() throws {
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nallow = hall-1, hall-2")
        try daemon.openConference("A")
        let client = try daemon.connect()
        #expect(try client.request("CHECKIN id=1 term=hall-1 seq=1").isOK)
        #expect(try client.request("CHECKIN id=1 term=intruder seq=1").error == .notAuthorised)
        #expect(try client.request("CHECKIN id=1").error == .notAuthorised)
    }

    @Test func aFloodingSourceIsRateLimited() throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 10\nrate_burst = 20")
        try daemon.openConference("R")
        let client = try daemon.connect()
        var batch = ""
        for seq in 1...100 { batch += "PING seq=\(seq)\n" }
        try client.send(bytes: Array(batch.utf8))
        var limited = 0
        for _ in 1...100 {
            let reply = try Reply.decode(try #require(try client.readLine()))
            if reply.error == .rateLimited { limited += 1 }
        }
        #expect(limited >= 70)
        #expect(limited <= 80)
    }

    @Test func statusFileShowsTheConferenceTerminalsAndCounts() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("S", title: "Học tập Nghị quyết")
        let client = try daemon.connect()
        for seq in 1...5 { #expect(try client.request("CHECKIN id=D\(seq) term=gate-1 seq=\(seq)").isOK) }
        #expect(try client.request("CHECKOUT id=D1 term=gate-2 seq=1").isOK)
        let status = try daemon.waitForStatus { $0.conference?.checkins == 5 && $0.conference?.checkouts == 1 }
        #expect(status.conference?.title == "Học tập Nghị quyết")
        #expect(status.terminals.map(\.id) == ["gate-1", "gate-2"])
        #expect(status.terminals.first?.checkins == 5)
        #expect(status.database.stored == 6)
        #expect(status.database.lastCommitAt != nil)
        #expect(status.connections.open == 1)
        #expect(status.listeners.contains { $0.proto == "udp" && $0.address.hasSuffix(":\(daemon.port)") })
        let prometheus = try String(contentsOfFile: daemon.dataDirectory + "/run/attendd.prom", encoding: .utf8)
        #expect(prometheus.contains("attendd_conference_checkins{conference=\"S\"} 5"))
    }
}

/// One request the database refuses (here: a trigger) gets its error; the requests that shared
/// its group commit are stored and acknowledged all the same.
@Suite struct PoisonedRequestTests {
    @Test func oneRefusedRequestDoesNotTakeItsGroupDown() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("P")
        let db = try Database(path: daemon.databasePath)
        try db.execute("""
            CREATE TRIGGER poison BEFORE INSERT ON checkin WHEN NEW.delegate = 'POISON'
            BEGIN SELECT RAISE(ABORT, 'poisoned'); END;
            """)
        let client = try daemon.connect()
        try client.send(bytes: Array("CHECKIN id=A term=t seq=1\nCHECKIN id=POISON term=t seq=2\nCHECKIN id=B term=t seq=3\n".utf8))
        let replies = try (0..<3).map { _ in try Reply.decode(try #require(try client.readLine())) }
        #expect(replies.map(\.isOK) == [true, false, true])
        #expect(replies[1].error == .invalid)
        #expect(try client.request("CHECKIN id=C term=t seq=4").isOK)
        let status = try daemon.waitForStatus { $0.database.stored == 3 }
        #expect(status.state == .ready)
    }
}
