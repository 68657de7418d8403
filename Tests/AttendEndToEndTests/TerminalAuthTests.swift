import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `[terminals] from` and `keys_file` against the real daemon, over TCP and UDP: signed lines
/// are taken, unsigned, forged and out-of-range ones refused by name, replays change nothing.
@Suite struct TerminalAuthTests {
    static let keyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    static let key = Hex.decode(keyHex)!

    /// A keys file (mode 0600) for terminal `hall-1`, in a folder of its own.
    static func keysFile(mode: mode_t = 0o600) throws -> String {
        let folder = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/terminal.keys"
        try "# terminals of hall A\nhall-1 \(keyHex) Máy quét cửa chính\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    static func signed(_ line: String) -> String { LineAuthenticator.sign(line, key: key) }

    @Test func signedLinesOverTCPAndReplays() throws {
        let keys = try Self.keysFile()
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nkeys_file = \(keys)\nreplay_window = 50")
        try daemon.openConference("K")
        let client = try daemon.connect()

        let first = try client.request(Self.signed("CHECKIN id=DV-1 term=hall-1 seq=100"))
        #expect(first.isOK)
        // The same signed line again (a retry, or a replay by someone who captured it): the
        // original reply, byte for byte, and nothing stored twice.
        #expect(try client.request(Self.signed("CHECKIN id=DV-1 term=hall-1 seq=100")) == first)

        let unsigned = try client.request("CHECKIN id=DV-2 term=hall-1 seq=101")
        #expect(unsigned.error == .notAuthorised)
        #expect(unsigned["msg"]?.hasPrefix("missing mac") == true)
        #expect(unsigned["seq"] == "101")
        let forged = Self.signed("CHECKIN id=DV-2 term=hall-1 seq=102").replacingOccurrences(of: "DV-2", with: "DV-3")
        #expect(try client.request(forged)["msg"]?.hasPrefix("bad mac") == true)
        #expect(try client.request("CHECKIN id=DV-4")["msg"]?.hasPrefix("missing term") == true)
        // Far below the highest seq, never stored: refused as a replay.
        #expect(try client.request(Self.signed("CHECKIN id=DV-5 term=hall-1 seq=10"))["msg"]?.hasPrefix("replay") == true)
        // A terminal without a key may not write once keys exist; the connection kept serving throughout.
        #expect(try client.request("CHECKIN id=DV-6 term=hall-9 seq=1")["msg"]?.hasPrefix("unsigned: terminal hall-9") == true)
        #expect(try client.request(Self.signed("CHECKIN id=DV-7 term=hall-1 seq=103")).isOK)

        let status = try daemon.waitForStatus { ($0.requests["unauthenticated"] ?? 0) >= 5 }
        #expect(status.errors["not_authorised"] == 5)

        // After a restart the window starts from the highest seq stored, not from nothing.
        #expect(daemon.stop() == 0)
        try daemon.start()
        let again = try daemon.connect()
        #expect(try again.request(Self.signed("CHECKIN id=DV-8 term=hall-1 seq=20"))["msg"]?.hasPrefix("replay") == true)
        #expect(try again.request(Self.signed("CHECKIN id=DV-1 term=hall-1 seq=100")) == first)
        daemon.stop()

        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin") == 2)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE terminal = 'hall-1' AND seq = 100") == 1)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate IN ('DV-2', 'DV-3', 'DV-4', 'DV-5', 'DV-6', 'DV-8')") == 0)
    }

    /// Keys for every real terminal, and a made-up terminal id: its unsigned check-in and its FIND
    /// are refused; a terminal named in `[terminals] unsigned` still writes without a key.
    @Test func aMadeUpTerminalCannotForgeOnceKeysExist() throws {
        let keys = try Self.keysFile()
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nkeys_file = \(keys)\nunsigned = hall-3, hall-4")
        try daemon.openConference("K")
        let client = try daemon.connect()
        let forged = try client.request("CHECKIN id=FORGED term=scanner-9 seq=1")
        #expect(forged.error == .notAuthorised)
        #expect(forged["msg"] == "unsigned: terminal scanner-9 has no key in [terminals] keys_file and is not in [terminals] unsigned")
        #expect(try client.request("FIND q=an term=scanner-9").error == .notAuthorised)
        #expect(try client.request("FIND q=an")["msg"]?.hasPrefix("missing term") == true)
        #expect(try client.request("CHECKIN id=DV-3 term=hall-3 seq=1").isOK)
        #expect(try client.request("FIND q=an term=hall-4").isOK)
        #expect(try client.request(Self.signed("FIND q=an term=hall-1 seq=0")).isOK)
        daemon.stop()
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'FORGED'") == 0)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE terminal = 'hall-3'") == 1)
    }

    /// `attendctl terminal --key FILE` signs every line: its scans and its name search are taken
    /// from a keyed terminal, over TCP.
    @Test func theTerminalProgramSignsWithItsKey() throws {
        let keys = try Self.keysFile()
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nkeys_file = \(keys)")
        try daemon.openConference("K")
        let screen = try PseudoTerminal("attendctl", [
            "--config", daemon.configPath, "terminal", "--term", "hall-1", "--host", "127.0.0.1", "--port", String(daemon.port),
            "--queue", daemon.directory + "/hall-1.queue", "--key", keys,
        ], width: 80, height: 24, environment: daemon.clockEnvironment)
        try screen.waitFor("● ĐÃ KẾT NỐI")
        screen.type("W77\r")
        try screen.waitFor(TerminalText.spaced("ngoài danh sách", fitting: 76))
        screen.type("?nguyen\r")
        try screen.waitFor("Không có ai tên")
        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)
        let status = try daemon.waitForStatus { ($0.requests["FIND"] ?? 0) >= 1 }
        #expect(status.requests["unauthenticated"] == nil)
        daemon.stop()
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE terminal = 'hall-1' AND delegate = 'W77'") == 1)
        // Without the key the same program is refused by name.
        let unreadable = try daemon.attendctl(["terminal", "--term", "hall-2", "--key", keys])
        #expect(unreadable.status == 2)
        #expect(unreadable.stderr.contains("has no line for terminal hall-2"))
    }

    @Test func signedDatagrams() throws {
        let keys = try Self.keysFile()
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nkeys_file = \(keys)")
        try daemon.openConference("K")
        let udp = try UDPClient(port: daemon.port)

        let first = try Reply.decode(try #require(udp.request(Self.signed("CHECKIN id=DV-1 term=hall-1 seq=1"))))
        #expect(first.isOK)
        #expect(try Reply.decode(try #require(udp.request(Self.signed("CHECKIN id=DV-1 term=hall-1 seq=1")))) == first)
        let bad = try Reply.decode(try #require(udp.request("CHECKIN id=DV-2 term=hall-1 seq=2 mac=" + String(repeating: "00", count: 32))))
        #expect(bad.error == .notAuthorised)
        #expect(bad["msg"]?.hasPrefix("bad mac") == true)
        let missing = try Reply.decode(try #require(udp.request("CHECKIN id=DV-2 term=hall-1 seq=2")))
        #expect(missing["msg"]?.hasPrefix("missing mac") == true)
        // PING from a keyed terminal is signed too; without a terminal it stays open to all.
        #expect(try Reply.decode(try #require(udp.request(Self.signed("PING term=hall-1 seq=3")))).isOK)
        #expect(try Reply.decode(try #require(udp.request("PING"))).isOK)
        daemon.stop()
        #expect(try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM checkin") == 1)
    }

    @Test func linesFromOutsideTheSourceRangesAreRefused() throws {
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nfrom = 127.0.0.1/32, 10.0.0.0/8")
        try daemon.openConference("S")
        // 127.0.0.2 is loopback too, but outside 127.0.0.1/32: another machine as far as attendd knows.
        let outsideTCP = try Reply.decode(try #require(try SourceBinding.tcpRequest("CHECKIN id=X1 term=t seq=1", port: daemon.port, from: "127.0.0.2")))
        #expect(outsideTCP.error == .notAuthorised)
        #expect(outsideTCP["msg"] == "source address 127.0.0.2 is not in [terminals] from")
        let outsideUDP = try UDPClient(port: daemon.port, from: "127.0.0.2")
        #expect(try Reply.decode(try #require(outsideUDP.request("PING") as String?)).error == .notAuthorised)

        #expect(try Reply.decode(try #require(try SourceBinding.tcpRequest("CHECKIN id=X2 term=t seq=2", port: daemon.port, from: "127.0.0.1"))).isOK)
        #expect(try Reply.decode(try #require(try UDPClient(port: daemon.port, from: "127.0.0.1").request("CHECKIN id=X3 term=t seq=3"))).isOK)
        // The control socket is not a network source.
        #expect(try daemon.control().request("CHECKIN id=X4").isOK)
        daemon.stop()
        #expect(try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM checkin WHERE delegate = 'X1'") == 0)
        #expect(try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM checkin") == 3)
    }

    @Test func aKeysFileOthersCanReadStopsStartUp() throws {
        let keys = try Self.keysFile(mode: 0o644)
        do {
            _ = try DaemonHarness(extraConfig: "[terminals]\nkeys_file = \(keys)")
            Issue.record("attendd started with a world-readable keys file")
        } catch {
            #expect("\(error)".contains("is readable by other users"))
        }
    }

    /// Junk `term=` values on PINGs and refused lines take no slot: the allowed terminal is shown,
    /// and the status file, the text status and the metrics count what was not tracked.
    @Test func junkTerminalIdsDoNotPushOutAnAllowedOne() throws {
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nallow = hall-1, hall-2")
        try daemon.openConference("K")
        let client = try daemon.connect()
        for n in 0..<1_000 {
            try client.send(n % 2 == 0 ? "PING term=junk-\(n)" : "CHECKIN id=X term=junk-\(n) seq=\(n)")
        }
        for _ in 0..<1_000 { _ = try client.readLine() }
        #expect(try client.request("CHECKIN id=DV-1 term=hall-2 seq=1").isOK)
        let status = try daemon.waitForStatus { $0.terminals.contains { $0.id == "hall-2" && $0.checkins == 1 } }
        // hall-1 never came: listed without a time, not missing.
        #expect(status.terminals.map(\.id) == ["hall-1", "hall-2"])
        #expect(status.terminals.first?.lastSeen == "")
        #expect(status.untrackedTerminals == 1_000)
        let text = try daemon.attendctl(["status"])
        #expect(text.stdout.contains("1 seen, 1 NEVER SEEN, 1000 untracked"), "\(text.stdout)")
        // The metrics file is written just after the status file: polled, with a deadline.
        var metrics = ""
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !metrics.contains("attendd_terminals_untracked_total 1000") {
            metrics = (try? String(contentsOfFile: daemon.dataDirectory + "/run/attendd.prom", encoding: .utf8)) ?? ""
            usleep(50_000)
        }
        #expect(metrics.contains("attendd_terminals_untracked_total 1000"))
        #expect(metrics.contains("attendd_terminal_checkins_total{terminal=\"hall-2\"} 1"))
    }
}
