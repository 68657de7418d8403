import AttendCore
import AttendDaemon
import AttendIO
import AttendStore
import AttendTestSupport
import Foundation
import Testing

/// `VOID` against the real daemon: a mistaken check-in is taken back, kept in the audit trail,
/// and counted nowhere; idempotent, refused by name, durable across kill -9, pushed after the close.
@Suite struct VoidTests {
    /// A daemon whose terminals g1 and g2 are allowed, with conference HN open and under way
    /// (its part from the daemon's clock: it holds at any time of day).
    func openDaemon(_ extra: String = "") throws -> DaemonHarness {
        let daemon = try DaemonHarness(extraConfig: "[terminals]\nallow = g1, g2\n\(extra)")
        #expect(try daemon.attendctl(["define", "HN", "--date", daemon.today, "--parts", daemon.partUnderWay()]).status == 0)
        try daemon.openConference("HN")
        return daemon
    }

    /// Sends one line and returns the reply line exactly as it came.
    func raw(_ client: LineClient, _ line: String) throws -> String {
        try client.send(line)
        return try client.readLine() ?? ""
    }

    func walkIns(_ daemon: DaemonHarness) throws -> [String] {
        let json = try daemon.attendctl(["report", "HN", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        return try Tally.decode(json: Data(json.stdout.utf8)).walkIns.map(\.id)
    }

    @Test func aVoidedCheckInIsKeptWithItsReasonAndCountsForNothing() throws {
        let daemon = try openDaemon()
        let client = try daemon.connect()
        let original = try raw(client, "CHECKIN id=A01 term=g1 seq=1")
        let event = try #require(try Reply.decode(original)["event"])
        #expect(try client.request("CHECKIN id=A02 term=g1 seq=2").isOK)
        #expect(try walkIns(daemon) == ["A01", "A02"])

        let voided = try client.request("VOID event=\(event) term=g1 reason=\"quẹt nhầm\"")
        #expect(voided.isOK, "\(voided)")
        #expect(voided["new"] == "1")
        #expect(voided["id"] == "A01")
        #expect(voided["by"] == "g1")
        #expect(voided["reason"] == "quẹt nhầm")
        // Idempotent: the same reply, new=0.
        let again = try client.request("VOID event=\(event) term=g1 reason=\"quẹt nhầm\"")
        #expect(again.fields.filter { $0.key != "new" } == voided.fields.filter { $0.key != "new" })
        #expect(again["new"] == "0")
        // A retry of the voided check-in's own (term, seq) gets its original reply, byte for byte.
        #expect(try raw(client, "CHECKIN id=A01 term=g1 seq=1") == original)

        // The tally, the live figures and the terminal's summary ignore it.
        #expect(try walkIns(daemon) == ["A02"])
        // A walk-in whose only scan was voided did not come: HN is not in their history at all.
        let history = try daemon.attendctl(["delegate", "A01"]).stdout
        #expect(!history.contains("HN"), "\(history)")
        #expect(try daemon.attendctl(["delegate", "A02"]).stdout.contains("HN  walk_in  parts 1/1"))
        let summary = try client.request("SUMMARY")
        #expect(summary["walk_ins"] == "1")
        let status = try daemon.waitForStatus { $0.conference?.checkins == 1 }
        #expect(status.conference?.walkIns == 1)
        // The audit trail: listed, and a section of the text and printed reports.
        let voids = try daemon.attendctl(["voids"])
        #expect(voids.status == 0)
        #expect(voids.stdout.hasPrefix("\(event)\tHN\tA01\tin\t"))
        #expect(voids.stdout.hasSuffix("\tg1\tquẹt nhầm\n"))
        let text = try daemon.attendctl(["report", "HN"]).stdout
        #expect(text.contains("LƯỢT ĐIỂM DANH ĐÃ HUỶ"))
        #expect(text.contains("máy g1"))
        let html = daemon.directory + "/report.html"
        #expect(try daemon.attendctl(["report", "HN", "--html", html]).status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("quẹt nhầm"))

        // kill -9 after the acknowledged VOID: it is still there.
        daemon.crash()
        try daemon.start()
        #expect(try daemon.attendctl(["voids", "HN"]).stdout == voids.stdout)
        #expect(try walkIns(daemon) == ["A02"])
        #expect(try daemon.connect().request("VOID event=\(event) term=g1 reason=x")["new"] == "0")
    }

    /// A double scan whose first is voided: the retry of the second still gets its own reply
    /// (`first=0`), byte for byte, and so does either one's retry once both are voided.
    @Test func aVoidChangesNoRetrysReply() throws {
        let daemon = try openDaemon()
        let client = try daemon.connect()
        let first = try raw(client, "CHECKIN id=A01 term=g1 seq=1")
        let second = try raw(client, "CHECKIN id=A01 term=g1 seq=2")
        #expect(try Reply.decode(second)["first"] == "0")
        let firstEvent = try #require(try Reply.decode(first)["event"])
        let secondEvent = try #require(try Reply.decode(second)["event"])
        #expect(try daemon.attendctl(["void", firstEvent, "quẹt hai lần"]).status == 0)
        #expect(try raw(client, "CHECKIN id=A01 term=g1 seq=2") == second)
        #expect(try daemon.attendctl(["void", secondEvent, "thẻ của người khác"]).status == 0)
        #expect(try raw(client, "CHECKIN id=A01 term=g1 seq=2") == second)
        #expect(try raw(client, "CHECKIN id=A01 term=g1 seq=1") == first)
        // Scanned again after both voids: the first arrival.
        #expect(try client.request("CHECKIN id=A01 term=g1 seq=3")["first"] == "1")
    }

    /// The reports list a voided entry at the time it counted (a paper sheet's time), the time
    /// the tally and the lists show, not when it was typed in.
    @Test func aVoidedPaperEntryIsListedAtTheSheetsTime() throws {
        let daemon = try openDaemon()
        // The sheet's time: a minute before the current one, on the daemon's clock.
        let sheet = PlanClock.minute(of: daemon.now(), plus: -1)
        let entered = try daemon.attendctl(["checkin", "P01", "--at", sheet.vietnam])
        #expect(entered.status == 0, "\(entered)")
        let event = try #require(entered.stdout.split(separator: " ").first { $0.hasPrefix("event=") }?.dropFirst(6))
        #expect(try daemon.attendctl(["void", String(event), "ghi nhầm dòng"]).status == 0)
        let text = try daemon.attendctl(["report", "HN"]).stdout
        let row = try #require(text.split(separator: "\n").last { $0.contains("P01") && $0.contains("ghi nhầm dòng") })
        #expect(row.contains(PlanClock.clockTime(sheet)), "\(row)")
        #expect(row.split(separator: " ").contains("vào"), "\(row)")
        // A voided check-out says so: it is not a voided arrival.
        let out = try daemon.attendctl(["checkout", "P01"])
        let outEvent = try #require(out.stdout.split(separator: " ").first { $0.hasPrefix("event=") }?.dropFirst(6))
        #expect(try daemon.attendctl(["void", String(outEvent), "bấm nhầm chế độ"]).status == 0)
        let after = try daemon.attendctl(["report", "HN"]).stdout
        let outRow = try #require(after.split(separator: "\n").last { $0.contains("bấm nhầm chế độ") })
        #expect(outRow.split(separator: " ").contains("ra"), "\(outRow)")
        let english = try daemon.attendctl(["report", "HN", "--lang", "en"])
        #expect(english.stdout.split(separator: "\n").last { $0.contains("bấm nhầm chế độ") }?.split(separator: " ").contains("out") == true,
                "\(english)")
    }

    @Test func voidsAreRefusedByName() throws {
        let daemon = try openDaemon()
        let client = try daemon.connect()
        let first = try client.request("CHECKIN id=A01 term=g1 seq=1")
        let event = try #require(first["event"])
        let other = try client.request("VOID event=\(event) term=g2 reason=x")
        #expect(other.error == .notAuthorised)
        #expect(other["msg"]?.contains("made by terminal g1, not g2") == true)
        let unlisted = try client.request("VOID event=\(event) term=g9 reason=x")
        #expect(unlisted.error == .notAuthorised)
        #expect(unlisted["msg"]?.contains("terminal g9 may not void") == true)
        #expect(try client.request("VOID event=\(event) term=g1").error == .invalid)
        #expect(try client.request("VOID event=\(event) term=g1 reason=\" \"")["msg"]?.contains("reason is required") == true)
        let unknown = try client.request("VOID event=999999 term=g1 reason=x")
        #expect(unknown.error == .invalid)
        #expect(unknown["msg"] == "event 999999 is unknown: no check-in has that number")
        #expect(try client.request("VOID event=abc term=g1 reason=x")["msg"]?.contains("event must be a whole number") == true)
        // The daemon keeps serving.
        #expect(try client.request("PING").isOK)

        // Past the limit: the check-in's receive time moved 11 minutes back while attendd is stopped.
        #expect(daemon.stop() == 0)
        do {
            let database = try Database(path: daemon.databasePath)
            try database.execute("UPDATE checkin SET received_at = received_at - 660000 WHERE event = \(event)")
        }
        try daemon.start()
        let late = try daemon.connect().request("VOID event=\(event) term=g1 reason=x")
        #expect(late.error == .invalid)
        #expect(late["msg"]?.contains("older than [terminals] void_minutes (10 minutes)") == true)
        // The control socket may at any time.
        let control = try daemon.attendctl(["void", event, "sai mã"])
        #expect(control.status == 0, "\(control)")
        #expect(control.stdout.contains("by=control"))
    }

    @Test func withoutKeysOrAnAllowListTerminalsMayNotVoid() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN")
        let client = try daemon.connect()
        let event = try #require(try client.request("CHECKIN id=A01 term=g1 seq=1")["event"])
        #expect(try client.request("VOID event=\(event) term=g1 reason=x").error == .notAuthorised)
        #expect(try client.request("VOID event=\(event) reason=x").error == .notAuthorised)
        #expect(try daemon.attendctl(["void", event, "nhầm"]).status == 0)
    }

    @Test func aVoidAfterTheCloseIsTheNextRevisionTheHubGets() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let key = String(repeating: "a1", count: 32)
        for (name, text) in [("hub.keys", "xa-a \(key) UBND xã A\n"), ("a.keys", "xa-a \(key)\n")] {
            try text.write(toFile: keys + "/" + name, atomically: true, encoding: .utf8)
            chmod(keys + "/" + name, 0o600)
        }
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(keys)/hub.keys\nreport_delay = 0")
        let bridge = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(to: hub.port, bridge: "xa-a", keysFile: keys + "/a.keys"))
        #expect(try bridge.attendctl(["define", "HN", "--date", bridge.today, "--parts", bridge.partUnderWay()]).status == 0)
        try bridge.openConference("HN")
        let client = try bridge.connect()
        let event = try #require(try client.request("CHECKIN id=W1 term=t seq=1")["event"])
        #expect(try client.request("CHECKIN id=W2 term=t seq=2").isOK)
        #expect(try bridge.attendctl(["close"]).status == 0)
        let closed = try DistrictPushTests.rollup(hub, "HN") { !$0.reported.isEmpty }
        #expect(closed.total.walkIns == 2)
        let revision = try #require(closed.reported.first?.revision)

        #expect(try bridge.attendctl(["void", event, "quẹt nhầm"]).status == 0)
        let corrected = try DistrictPushTests.rollup(hub, "HN") { $0.reported.first?.revision == revision + 1 }
        #expect(corrected.reported.first?.revision == revision + 1)
        #expect(corrected.total.walkIns == 1)
        // A repeat changes nothing: no further revision.
        #expect(try bridge.attendctl(["void", event, "quẹt nhầm"]).stdout.contains("new=0"))
        #expect(try bridge.attendctl(["outbox"]).stdout.contains("HN\t\(revision + 2)\t") == false)
    }
}
