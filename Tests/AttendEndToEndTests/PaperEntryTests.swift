import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The sign-in sheet and the entry typed from it, against a real daemon: `attendctl sheet`
/// prints and stores it, `attendctl paper` shows, asks and stores the batch once, bad input is
/// named and stores nothing, a number keeps its delegate after the list is replaced, and a
/// batch acknowledged survives kill -9.
@Suite struct PaperEntryTests {
    /// 300 invited over the sample's units, Vietnamese names, ids `TS-0001`...
    static func invitedCSV(count: Int = 300, reversed: Bool = false) -> String {
        var random = SampleConference.Random(state: 19)
        var rows: [String] = []
        for index in 0..<count {
            let name = "\(SampleConference.families[random.next(SampleConference.families.count)]) "
                + "\(SampleConference.middles[random.next(SampleConference.middles.count)]) "
                + "\(SampleConference.givens[random.next(SampleConference.givens.count)])"
            rows.append("TS-\(String(format: "%04d", index + 1)),\(name),\(SampleConference.units[index % 5]),Đảng viên")
        }
        if reversed { rows.reverse() }
        return (["Mã,Họ và tên,Đơn vị,Đối tượng"] + rows).joined(separator: "\n") + "\n"
    }

    /// A daemon with conference `HN` (a morning under way, an afternoon to come) and its list.
    static func prepared() throws -> (DaemonHarness, sheetTime: String) {
        let daemon = try DaemonHarness()
        let now = daemon.now()
        let parts = PlanClock.part("Sáng", at: now, from: -120, to: 60) + ", " + PlanClock.part("Chiều", at: now, from: 90, to: 200)
        let defined = try daemon.attendctl(["define", "HN", "--title", "Hội nghị quán triệt Nghị quyết", "--date",
                                            PlanClock.day(PlanClock.minute(of: now, plus: -120)), "--parts", parts])
        #expect(defined.status == 0, "\(defined)")
        let list = daemon.directory + "/danh-sach.csv"
        try invitedCSV().write(toFile: list, atomically: true, encoding: .utf8)
        #expect(try daemon.attendctl(["invite", "import", list, "--conf", "HN"]).status == 0)
        return (daemon, PlanClock.clockTime(PlanClock.minute(of: now, plus: -30)))
    }

    /// The sheets `SHEET` stores, as the daemon answers them.
    static func printSheets(_ daemon: DaemonHarness, part: String? = nil) throws -> [SignInSheet] {
        let reply = try daemon.control().request("SHEET conf=HN" + (part.map { " part=\($0)" } ?? ""))
        guard reply.isOK else { throw HarnessError("SHEET failed: \(reply)") }
        return try SignInSheet.decodeList(json: Data(reply.payload ?? []))
    }

    static func paperRows(_ daemon: DaemonHarness) throws -> Int {
        try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM checkin WHERE origin = 'paper'")
    }

    @Test func aSheetIsPrintedTypedInAndStoredOnce() throws {
        let (daemon, sheetTime) = try Self.prepared()
        let file = daemon.directory + "/ky-ten.html"
        let printed = try daemon.attendctl(["sheet", "HN", "--html", file, "--blank", "5"])
        #expect(printed.status == 0, "\(printed)")
        #expect(printed.stdout.contains("(Sáng)") && printed.stdout.contains("(Chiều)"), "\(printed.stdout)")
        let html = try String(contentsOfFile: file, encoding: .utf8)
        #expect(html.contains("DANH SÁCH KÝ TÊN") && html.contains("Giờ đến") && html.contains("Ký tên"))

        let sheet = try #require(Self.printSheets(daemon, part: "sang").first)  // diacritics and case ignored
        #expect(sheet.part == "Sáng" && sheet.rows.count == 300 && sheet.blank == 20)
        // Someone on row 5 came through a terminal already; the paper entry does not store them twice.
        #expect(try daemon.control().request("CHECKIN id=\(sheet.rows[4].id)").isOK == false)  // not open yet: refused
        try daemon.openConference("HN")
        #expect(try daemon.control().request("CHECKIN id=\(sheet.rows[4].id)").isOK)

        let late = PlanClock.clockTime(PlanClock.minute(of: daemon.now(), plus: -20))
        let entry = ["paper", "HN", "--sheet", sheet.code.lowercased(), "--at", sheetTime, "1-10", "12@\(late)", "301=KHACH-1", "--yes"]
        let typed = try daemon.attendctl(entry)
        #expect(typed.status == 0, "\(typed)")
        #expect(typed.stdout.contains("11 lượt điểm danh"), "\(typed.stdout)")
        #expect(typed.stdout.contains("1 người đã điểm danh trước"), "\(typed.stdout)")
        #expect(typed.stdout.contains(sheet.rows[11].name) && typed.stdout.contains("KHACH-1, ngoài danh sách"), "\(typed.stdout)")
        #expect(typed.stdout.contains("Đã lưu 11 lượt điểm danh"), "\(typed.stdout)")
        #expect(try Self.paperRows(daemon) == 11)

        // They count in the tally as paper entries do: present, row 12 late at its own time, one walk-in.
        let report = try daemon.attendctl(["report", "--json"])
        let tally = try Tally.decode(json: Data(report.stdout.utf8))
        #expect(tally.total.present == 11 && tally.total.walkIns == 1)
        #expect(tally.lateArrivals.first { $0.id == sheet.rows[11].id }?.at.contains("T\(late):00") == true, "\(tally.lateArrivals)")

        // The same entry again stores nothing, and says so.
        let again = try daemon.attendctl(entry)
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout.contains("đã được lưu trước đó"), "\(again.stdout)")
        #expect(try Self.paperRows(daemon) == 11)

        // The list replaced in reverse: row 20 of the printed sheet is still the delegate printed there.
        let list = daemon.directory + "/danh-sach-2.csv"
        try Self.invitedCSV(reversed: true).write(toFile: list, atomically: true, encoding: .utf8)
        #expect(try daemon.attendctl(["invite", "import", list, "--conf", "HN"]).status == 0)
        let later = try daemon.attendctl(["paper", "HN", "--sheet", sheet.code, "--at", sheetTime, "20", "--yes"])
        #expect(later.status == 0, "\(later)")
        let stored = try StoredRows(path: daemon.databasePath)
        #expect(try stored.count("SELECT count(*) FROM checkin WHERE origin = 'paper' AND delegate = '\(sheet.rows[19].id)'") == 1)
    }

    @Test func badInputIsNamedAndNothingIsStored() throws {
        let (daemon, sheetTime) = try Self.prepared()
        let file = daemon.directory + "/ky-ten.html"
        let noConference = try daemon.attendctl(["sheet", "NOPE", "--html", file])
        #expect(noConference.status == 1 && noConference.stderr.contains("conference NOPE is not defined"), "\(noConference)")
        let noPart = try daemon.attendctl(["sheet", "HN", "--part", "Tối", "--html", file])
        #expect(noPart.status == 1 && noPart.stderr.contains("has no part Tối (its parts: Sáng, Chiều)"), "\(noPart)")
        #expect(try daemon.attendctl(["define", "EMPTY", "--date", daemon.today]).status == 0)
        let noList = try daemon.attendctl(["sheet", "EMPTY", "--html", file])
        #expect(noList.status == 1 && noList.stderr.contains("has no invited list"), "\(noList)")
        let tooMany = try daemon.attendctl(["sheet", "HN", "--html", file, "--blank", "501"])
        #expect(tooMany.status == 1 && tooMany.stderr.contains("blank must be a whole number from 0 to 500"), "\(tooMany)")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM sheet") == 0)

        let sheet = try #require(Self.printSheets(daemon).first)
        let bad = try daemon.attendctl(["paper", "HN", "--sheet", sheet.code, "--at", sheetTime, "1", "12-7", "321", "5@25:00", "2", "2", "--yes"])
        #expect(bad.status == 1, "\(bad)")
        for named in ["12-7: the range runs backwards", "321: 321 is not on sheet \(sheet.code) (rows 1-320)",
                      "5@25:00: bad time 25:00", "2: 2 was given already", "Chưa lưu gì."] {
            #expect(bad.stderr.contains(named), "\(named) in \(bad.stderr)")
        }
        let unknown = try daemon.attendctl(["paper", "HN", "--sheet", "ZZZZZ", "--at", sheetTime, "1", "--yes"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no sheet ZZZZZ was printed here"), "\(unknown)")
        let other = try daemon.attendctl(["paper", "EMPTY", "--sheet", sheet.code, "--at", sheetTime, "1", "--yes"])
        #expect(other.status == 1 && other.stderr.contains("is of conference HN, not EMPTY"), "\(other)")
        let future = PlanClock.clockTime(PlanClock.minute(of: daemon.now(), plus: 30))
        let ahead = try daemon.attendctl(["paper", "HN", "--sheet", sheet.code, "--at", future, "1", "--yes"])
        // Past midnight (CI's 23:58 pass) the conference day's HH:MM is the morning before: outside it.
        #expect(ahead.status == 1 && (ahead.stderr.contains("is in the future") || ahead.stderr.contains("is outside conference HN")), "\(ahead)")
        #expect(try Self.paperRows(daemon) == 0)
    }

    @Test func theClerkConfirmsOnStandardInput() throws {
        let (daemon, sheetTime) = try Self.prepared()
        let sheet = try #require(Self.printSheets(daemon).first)
        let arguments = ["--config", daemon.configPath, "--data", daemon.dataDirectory, "paper", "HN", "--sheet", sheet.code, "--at", sheetTime]
        let declined = try Self.run(arguments, input: "3 4\n7-9\n\nk\n", environment: daemon.clockEnvironment)
        #expect(declined.status == 1 && declined.stdout.contains("Lưu 5 lượt điểm danh này? (c/k)") && declined.stdout.contains("Chưa lưu gì."),
                "\(declined)")
        #expect(try Self.paperRows(daemon) == 0)
        let confirmed = try Self.run(arguments, input: "3 4\n7-9\n\nc\n", environment: daemon.clockEnvironment)
        #expect(confirmed.status == 0 && confirmed.stdout.contains("Đã lưu 5 lượt điểm danh"), "\(confirmed)")
        #expect(try Self.paperRows(daemon) == 5)
    }

    @Test func anAcknowledgedBatchSurvivesKillNineAndIsStoredOnce() throws {
        let (daemon, sheetTime) = try Self.prepared()
        let sheet = try #require(Self.printSheets(daemon).first)
        let numbers = Array("1-250 260-300 301=KHACH-9".utf8)
        let line = "PAPER conf=HN sheet=\(sheet.code) at=\(sheetTime) batch=lo-1 bytes=\(numbers.count)"
        let reply = try daemon.control().request(line, payload: numbers)
        #expect(reply.isOK && reply["checkins"] == "292" && reply["new"] == "1", "\(reply)")
        daemon.crash()
        #expect(try Self.paperRows(daemon) == 292)
        try daemon.start()
        let again = try daemon.control().request(line, payload: numbers)
        #expect(again.isOK && again["checkins"] == "292" && again["new"] == "0", "\(again)")
        #expect(try Self.paperRows(daemon) == 292)
        #expect(try StoredRows(path: daemon.databasePath).integrityCheck() == "ok")
    }

    /// As an attacker on the control socket would: oversized, unfinished-looking, repeated,
    /// malformed and forged entries are each refused with their reason, nothing is stored, and the
    /// daemon keeps serving, on the same connection where the line could be read.
    @Test func hostileEntriesAreRefusedAndTheDaemonKeepsServing() throws {
        let (daemon, sheetTime) = try Self.prepared()
        let sheet = try #require(Self.printSheets(daemon).first)
        let client = try daemon.control()
        func paper(_ payload: [UInt8], fields: String = "") throws -> Reply {
            try client.request("PAPER conf=HN sheet=\(sheet.code) at=\(sheetTime)\(fields) bytes=\(payload.count)", payload: payload)
        }
        // A bad field: its payload is read and dropped, and the connection goes on.
        let badField = try paper(Array("1 2".utf8), fields: " dry=2")
        #expect(badField.error == .invalid && badField["msg"]?.contains("dry must be 0 or 1") == true, "\(badField)")
        #expect(try client.request("PING").isOK)
        let notText = try paper([0x31, 0x20, 0xFF, 0xFE])
        #expect(notText["msg"]?.contains("not UTF-8") == true, "\(notText)")
        let control = try paper(Array("301=a\u{01}b".utf8))
        #expect(control["msg"]?.contains("must not contain spaces or control characters") == true, "\(control)")
        // 64 KiB of single numbers: more groups than one entry takes, refused before any is expanded.
        let flood = try paper(Array(String(repeating: "1 ", count: PaperRequest.maxBytes / 2).utf8))
        #expect(flood["msg"]?.contains("32768 groups; one entry takes at most 10000") == true, "\(flood)")
        let huge = try paper(Array("1-99999999".utf8))
        #expect(huge["msg"]?.contains("past the end of any sheet") == true, "\(huge)")
        let forged = try client.request("PAPER conf=HN sheet=\(sheet.code)X at=\(sheetTime) bytes=1", payload: Array("1".utf8))
        #expect(forged["msg"]?.contains("no sheet") == true, "\(forged)")
        #expect(try client.request("PING").isOK)
        // Over the verb's limit: refused at its line, and that connection is closed after the reply.
        let oversized = try daemon.control().request("PAPER conf=HN sheet=\(sheet.code) at=\(sheetTime) bytes=\(PaperRequest.maxBytes + 1)")
        #expect(oversized.error == .invalid, "\(oversized)")
        #expect(try daemon.control().request("PING").isOK)
        #expect(try Self.paperRows(daemon) == 0)
        #expect(try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM paper_batch") == 0)
    }

    /// attendctl with `input` on its standard input.
    static func run(_ arguments: [String], input: String, environment: [String: String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("attendctl")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
