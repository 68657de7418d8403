import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Testing

/// The attendance model end to end: a planned conference, an invited list from a spreadsheet,
/// check-ins as operators see them, excuses, queued and paper entries, and the reports.
@Suite struct AttendanceModelTests {
    static let csv = "\u{FEFF}STT;Mã;Họ và tên;Đơn vị;Đối tượng\r\n"
        + "1;A01;Nguye\u{0302}\u{0303}n Văn An;Chi bộ 1;Đảng viên\r\n"
        + "2;B02;Trần Thị Bình;UBND xã;Công chức\r\n"
        + "3;C03;\"Lê Văn Cường\";Chi bộ 2;dang vien\r\n"

    func writeFile(_ daemon: DaemonHarness, _ name: String, _ text: String) throws -> String {
        let path = daemon.directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aConferenceFromPlanToReport() throws {
        let daemon = try DaemonHarness()
        // The conference day and its one part from the daemon's clock: under way for an hour, so
        // an arrival now is late whatever the time of day, and not over before the test is.
        let today = daemon.today
        let defined = try daemon.attendctl([
            "define", "HN", "--title", "Hội nghị quán triệt", "--date", today, "--parts", daemon.partUnderWay("Cả ngày"),
            "--grace", "10", "--expected", "3",
        ])
        #expect(defined.status == 0, "\(defined)")

        // A bad list: every bad row named with its line, nothing imported.
        let bad = try writeFile(daemon, "bad.csv", "Mã,Họ và tên,Đối tượng\nX1,,Đảng viên\nX2,Ai đó,thợ săn\nX1,Lặp,Đảng viên\n")
        let refused = try daemon.attendctl(["invite", "import", bad, "--conf", "HN"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.csv:2:"))
        #expect(refused.stderr.contains("bad.csv:3:"))
        #expect(refused.stderr.contains("bad.csv:4:"))

        let good = try writeFile(daemon, "moi.csv", Self.csv)
        let imported = try daemon.attendctl(["invite", "import", good, "--conf", "HN"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("invited=3"))

        try daemon.openConference("HN")
        let client = try daemon.connect()

        // Without a card: find by name, typed fast and without diacritics.
        let found = try daemon.attendctl(["find", "nguyen", "van", "an"])
        #expect(found.status == 0)
        #expect(found.stdout == "A01\tNguyễn Văn An\tChi bộ 1\tparty_member\n")
        let overTCP = try client.request("FIND q=\"LE VAN\"")
        #expect(overTCP["matches"] == "1")
        #expect(String(decoding: overTCP.payload ?? [], as: UTF8.self).hasPrefix("C03\tLê Văn Cường"))
        #expect(try client.request("FIND q=\"tran an\"")["matches"] == "0")
        let first = try client.request("CHECKIN id=A01 term=t1 seq=1 at=\(daemon.now().vietnam)")
        #expect(first.isOK)
        #expect(first["name"] == "Nguyễn Văn An")
        #expect(first["name"]?.unicodeScalars.count == "Nguyễn Văn An".precomposedStringWithCanonicalMapping.unicodeScalars.count)
        #expect(first["invited"] == "1")
        #expect(first["first"] == "1")
        #expect(first["late"] != nil)
        #expect(try client.request("CHECKIN id=A01 term=t1 seq=1 at=\(daemon.now().vietnam)") == first)  // retry: same reply
        let repeatVisit = try client.request("CHECKIN id=A01 term=t1 seq=2")
        #expect(repeatVisit["first"] == "0")
        let walkIn = try client.request("CHECKIN id=W99 term=t1 seq=3")
        #expect(walkIn.isOK)
        #expect(walkIn["invited"] == "0")
        #expect(walkIn["name"] == nil)

        // Queued while the line was down: counted at its (corrected) scan time; never in the future.
        let scanned = Timestamp(milliseconds: daemon.now().milliseconds - 120_000)
        let queued = try client.request("CHECKIN id=B02 term=t1 seq=4 queued=1 at=\(scanned.vietnam)")
        #expect(queued.isOK, "\(queued)")
        #expect(queued["effective_at"] != nil)
        let future = Timestamp(milliseconds: daemon.now().milliseconds + 3_600_000)
        #expect(try client.request("CHECKIN id=B02 term=t1 seq=5 queued=1 at=\(future.vietnam)").error == .invalid)
        #expect(try client.request("CHECKIN id=B02 term=t1 seq=6 paper=1 at=\(scanned.vietnam)").error == .notAuthorised)

        #expect(try daemon.attendctl(["excuse", "C03", "Đi công tác"]).status == 0)
        #expect(try daemon.attendctl(["excuse", "ZZZ", "không có"]).status == 1)

        // Live figures per category in the status file.
        let status = try daemon.waitForStatus { $0.conference?.arrived == 2 }
        #expect(status.conference?.invited == 3)
        #expect(status.conference?.walkIns == 1)
        let party = status.conference?.categories?.first { $0.category == "party_member" }
        #expect(party?.invited == 2)
        #expect(party?.arrived == 1)
        #expect(party?.belowTarget == true)
        let human = try daemon.attendctl(["status"])
        #expect(human.stdout.contains("Arrived:        2 of 3 invited, 1 walk-ins"))
        #expect(human.stdout.contains("party_member: 1/2 = 50.0%, target 98%  BELOW TARGET"))

        #expect(try daemon.attendctl(["incident", "start", "audio_lost", "--note", "mất tiếng"]).status == 0)
        let json = try daemon.attendctl(["report", "HN", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let tally = try Tally.decode(json: Data(json.stdout.utf8))
        #expect(tally.total.invited == 3)
        #expect(tally.total.present == 2)
        #expect(tally.total.absentExcused == 1)
        #expect(tally.absentees.first?.reason == "Đi công tác")
        #expect(tally.walkIns.map(\.id) == ["W99"])
        #expect(tally.conference.expected == 3)
        // The open sound incident is in the tally, counted to the end of the part and marked so.
        let incidents = try #require(tally.incidents)
        #expect(incidents.kinds.first { $0.kind == .audioLost }?.count == 1)
        #expect(incidents.entries.first?.closedByConferenceEnd == true)
        #expect(incidents.entries.first?.note == "mất tiếng")
        #expect((incidents.parts.first?.soundPercent ?? 100) < 100)

        let text = try daemon.attendctl(["report"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Nguyễn Văn An") || text.stdout.contains("Lê Văn Cường"))
        let csv = try DaemonHarness.run("attendctl", ["--config", daemon.configPath, "--data", daemon.dataDirectory, "report", "--csv"])
        #expect(csv.stdout.utf8.starts(with: [0xEF, 0xBB, 0xBF]))

        #expect(try daemon.attendctl(["close"]).status == 0)
        let listed = try daemon.attendctl(["conferences"])
        #expect(listed.stdout == "HN\t\(today)\tclosed\t1\t3\t3\tHội nghị thử\n")  // 3 came: 2 invited, 1 walk-in
        let history = try daemon.attendctl(["delegate", "A01"])
        #expect(history.status == 0)
        #expect(history.stdout.contains("HN"))
        #expect(history.stdout.contains("present"))
    }

    @Test func paperSheetsAreEnteredByTheOperator() throws {
        let daemon = try DaemonHarness()
        #expect(try daemon.attendctl(["define", "P", "--date", daemon.today, "--parts", daemon.partUnderWay()]).status == 0)
        try daemon.openConference("P")
        // The sheet's time: the minute now began, on the daemon's clock (past, and in the part).
        let sheet = PlanClock.minute(of: daemon.now())
        let entered = try daemon.attendctl(["checkin", "D1", "--at", PlanClock.clockTime(sheet)])
        #expect(entered.status == 0, "\(entered)")
        #expect(entered.stdout.contains("effective_at=\(sheet.vietnam.prefix(19))"), "\(entered)")
        #expect(try daemon.attendctl(["checkin", "D1", "--at", "7h45"]).status == 2)
    }

    @Test func aNewlyOpenedConferenceWithoutPlanStillTakesCheckIns() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("NOPLAN")
        let reply = try daemon.connect().request("CHECKIN id=X")
        #expect(reply.isOK)
        #expect(reply["invited"] == "0")
        let report = try daemon.attendctl(["report", "--json"])
        #expect(report.status == 0)
        #expect(try Tally.decode(json: Data(report.stdout.utf8)).total.walkIns == 1)
    }

    @Test func conferencesFollowTheirScheduleOnTheirOwn() throws {
        let daemon = try DaemonHarness()
        // Under way now: opened by the daemon without anyone asking.
        #expect(try daemon.attendctl(["define", "AUTO", "--date", daemon.today, "--parts", daemon.partUnderWay(), "--auto"]).status == 0)
        daemon.stop()
        try daemon.start()
        var status = try daemon.waitForStatus { $0.conference?.id == "AUTO" }
        #expect(status.conference?.id == "AUTO")
        // Its end moved into the past: closed on the next check (here: the one at start-up).
        #expect(try daemon.attendctl(["define", "AUTO", "--parts", daemon.partEnded(), "--grace", "0"]).status == 0)
        daemon.stop()
        try daemon.start()
        status = try daemon.waitForStatus { $0.conference == nil }
        #expect(status.conference == nil)
        #expect(daemon.log.contains("conference closed conf=AUTO"))
        // Closed is closed: a later check does not open it again.
        daemon.stop()
        try daemon.start()
        // Sent nothing, this daemon's first commit is the schedule check its first tick queued;
        // the status file written after it shows what the check left.
        let pid = daemon.process?.processIdentifier
        status = try daemon.waitForStatus { $0.pid == pid && $0.database.commits >= 1 }
        #expect(status.conference == nil)
        #expect(try daemon.attendctl(["define", "X", "--auto"]).stderr.isEmpty)
        #expect(try daemon.attendctl(["define", "X", "--auto"]).stdout.contains("auto=1 needs parts"))
    }
}
