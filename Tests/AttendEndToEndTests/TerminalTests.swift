import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Testing

/// `attendctl terminal` driven through a pseudo-terminal against a real attendd: what the
/// operator types and sees, an outage with scans queued on disk, a kill -9 and the recovery.
@Suite struct TerminalTests {
    static let csv = "Mã;Họ và tên;Đơn vị;Đối tượng\n"
        + "A01;Nguyễn Văn An;Chi bộ 1;Đảng viên\n"
        + "A02;Nguyễn Văn An;Chi bộ Thôn 3;Đảng viên\n"
        + "B02;Trần Thị Bình;UBND xã;Công chức\n"
        + "C03;Lê Văn Cường;Chi bộ 2;Đảng viên\n"

    static let f1 = "\u{1B}OP"
    static let f9 = "\u{1B}[20~"
    static let f10 = "\u{1B}[21~"

    /// A daemon with conference HN open: its only part began a minute ago, so a check-in now is on time.
    func daemonWithConference() throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        let part = daemon.partUnderWay("Sáng", minutesAgo: 1, minutesLeft: 120)
        let defined = try daemon.attendctl(["define", "HN", "--date", daemon.today, "--parts", part, "--grace", "10"])
        #expect(defined.status == 0, "\(defined)")
        let list = daemon.directory + "/moi.csv"
        try Self.csv.write(toFile: list, atomically: true, encoding: .utf8)
        #expect(try daemon.attendctl(["invite", "import", list, "--conf", "HN"]).status == 0)
        try daemon.openConference("HN", title: "Hội nghị quán triệt")
        return daemon
    }

    func terminal(_ daemon: DaemonHarness, _ connection: [String], term: String, width: Int = 80, height: Int = 24) throws -> PseudoTerminal {
        try PseudoTerminal("attendctl", ["--config", daemon.configPath, "terminal", "--term", term,
                                         "--queue", daemon.directory + "/\(term).queue"] + connection, width: width, height: height,
                           environment: daemon.clockEnvironment)
    }

    /// The banner's result row: the headline spaced out in capitals.
    func banner(_ text: String) -> String { TerminalText.spaced(text, fitting: 76) }

    @Test func scanningNameSearchIncidentsExcusesAndCheckOut() throws {
        let daemon = try daemonWithConference()
        let screen = try terminal(daemon, ["--data", daemon.dataDirectory], term: "t1")
        try screen.waitFor("HỘI NGHỊ HN · Hội nghị quán triệt")
        try screen.waitFor("Có mặt 0/4 đại biểu được mời")
        #expect(screen.screen.lines.allSatisfy { TerminalText.width($0) == 80 })

        screen.type("A01\r")
        try screen.waitFor(banner("đúng giờ"))
        try screen.waitFor(banner("Nguyễn Văn An"))
        try screen.waitFor("Có mặt 1/4")
        screen.type("A01\r")
        try screen.waitFor(banner("đã điểm danh"))
        screen.type("W99\r")
        try screen.waitFor(banner("ngoài danh sách"))
        try screen.waitFor("ngoài danh sách 1")

        // A name typed without diacritics: namesakes told apart by their unit; a number picks.
        screen.type("nguyen van an\r")
        let listed = try screen.waitFor("two matches") { $0.lines.filter { $0.contains("Nguyễn Văn An") }.count >= 2 }
        #expect(listed.lines.contains { $0.contains(" 1  Nguyễn Văn An") && $0.contains("Chi bộ 1 ") && $0.contains("A01") })
        #expect(listed.lines.contains { $0.contains(" 2  Nguyễn Văn An") && $0.contains("Chi bộ Thôn 3") && $0.contains("A02") })
        screen.type("2\r")
        try screen.waitFor("Mã A02")
        try screen.waitFor("Có mặt 2/4")
        screen.type("tran thi\r")
        try screen.waitFor(" 1  Trần Thị Bình")
        screen.type("1\r")
        try screen.waitFor(banner("Trần Thị Bình"))

        // Single keys: sound lost (F1); an excuse (F10) on the control socket; check-out mode (F9).
        screen.type(Self.f1)
        try screen.waitFor("Đã báo sự cố: âm thanh MẤT")
        screen.type(Self.f10)
        try screen.waitFor("Mã người vắng ›")
        screen.type("C03\r")
        try screen.waitFor("Lý do vắng của C03 ›")
        screen.type("Đi công tác\r")
        try screen.waitFor("Đã ghi lý do vắng của C03: Đi công tác")
        screen.type(Self.f9 + "A01\r")
        try screen.waitFor(banner("đã ra về"))

        // A wide terminal: redrawn to its new size on SIGWINCH.
        screen.resize(width: 132, height: 40)
        let wide = try screen.waitFor("a redraw at 132 columns") { $0.lines[0].hasSuffix("ĐÃ KẾT NỐI ") }
        #expect(wide.text.contains("F10 lý do vắng"))

        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)
        daemon.stop()
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE terminal = 't1'") == 6)
        #expect(try rows.count("SELECT count(DISTINCT seq) FROM checkin WHERE terminal = 't1'") == 6)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = 'A02' AND method = 'manual'") == 1)
        #expect(try rows.count("SELECT count(*) FROM incident WHERE kind = 'audio_lost' AND ended_at IS NULL AND source = 'operator'") == 1)
        #expect(try rows.count("SELECT count(*) FROM excuse WHERE delegate = 'C03'") == 1)
    }

    @Test func overTheLANExcusesAreRefusedOnScreen() throws {
        let daemon = try daemonWithConference()
        let screen = try terminal(daemon, ["--host", "127.0.0.1", "--port", String(daemon.port)], term: "lan")
        try screen.waitFor("● ĐÃ KẾT NỐI")
        screen.type(Self.f10)
        try screen.waitFor("Ghi lý do vắng chỉ làm được trên máy của điểm cầu")
        screen.type("?le van\r")
        try screen.waitFor(" 1  Lê Văn Cường")
        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)

        // SUMMARY, the terminal's figures, over TCP; none when no conference is open.
        let client = try daemon.connect()
        _ = try client.request("CHECKIN id=A01 term=x seq=1")
        _ = try client.request("CHECKIN id=Z9 term=x seq=2")
        let summary = try client.request("SUMMARY seq=7")
        #expect(String(decoding: summary.encoded(), as: UTF8.self)
            == "OK seq=7 conf=HN title=\"Hội nghị quán triệt\" invited=4 arrived=1 walk_ins=1\n")
        #expect(try daemon.attendctl(["close"]).status == 0)
        #expect(try client.request("SUMMARY").error == .noConference)
    }

    /// A terminal nobody scans at is still heard: its SUMMARY poll names it, so the status file's
    /// `last_seen` (and `AttenddTerminalSilent`) tells a running terminal from an unplugged one
    /// in the hours between the arrivals and the check-outs.
    @Test func anIdleTerminalIsHeardThroughItsPoll() throws {
        let daemon = try daemonWithConference()
        let screen = try terminal(daemon, ["--host", "127.0.0.1", "--port", String(daemon.port)], term: "idle")
        try screen.waitFor("● ĐÃ KẾT NỐI")
        let status = try daemon.waitForStatus(timeoutSeconds: 30) { $0.terminals.contains { $0.id == "idle" } }
        #expect(status.terminals.first { $0.id == "idle" }?.checkins == 0)
        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)
    }

    @Test func usageErrorsACorruptQueueAndNoTerminalAreRefusedByName() throws {
        let daemon = try daemonWithConference()
        let queue = daemon.directory + "/bad.queue"
        let noTerm = try daemon.attendctl(["terminal", "--queue", queue])
        #expect(noTerm.status == 2)
        #expect(noTerm.stderr.contains("--term ID is required"))
        #expect(try daemon.attendctl(["terminal", "--term", "x", "--port", "1"]).status == 2)
        try "NEXT seq=5\nADD seq=5 dir=sideways id=A01 method=card at=2026-11-23T07:45:00+07:00\n".write(toFile: queue, atomically: true, encoding: .utf8)
        let corrupt = try daemon.attendctl(["terminal", "--term", "x", "--queue", queue])
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("bad.queue:2: dir must be in or out"))
        // Standard input is not a terminal (here /dev/null, whatever `swift test` was started from).
        let process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("attendctl")
        process.arguments = ["--config", daemon.configPath, "terminal", "--term", "x", "--queue", daemon.directory + "/ok.queue"]
        let errors = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(message.contains("standard input"))
    }

    @Test func anOutageQueuesScansOnDiskAndTheyArriveOnceAfterAKillAndARestart() throws {
        let daemon = try daemonWithConference()
        try daemon.pinPort()
        let lan = ["--host", "127.0.0.1", "--port", String(daemon.port)]
        let queuePath = daemon.directory + "/t2.queue"
        var screen = try terminal(daemon, lan, term: "t2")
        screen.type("A01\r")
        try screen.waitFor(banner("đúng giờ"))

        // attendd goes away: scans are kept on the terminal's disk and shown as pending.
        daemon.stop()
        screen.type("B02\r")
        try screen.waitFor("✖ MẤT KẾT NỐI")
        try screen.waitFor(banner("chờ gửi (mất kết nối)"))
        screen.type("W99\r")
        try screen.waitFor("CHỜ GỬI 2 · CHẾ ĐỘ: VÀO")
        let pending = try screen.waitFor("both pending rows") { $0.lines.filter { $0.contains("CHỜ GỬI ") && $0.contains("→") }.count == 2 }
        #expect(pending.lines.contains { $0.contains("→ B02") })

        // The terminal program is killed: the queue is on disk, nothing half written.
        screen.killHard()
        let onDisk = try OfflineQueue(contents: [UInt8](FileManager.default.contents(atPath: queuePath) ?? Data()), file: queuePath, firstSequence: 0)
        #expect(onDisk.pending.map(\.delegate) == ["B02", "W99"])
        #expect(onDisk.pending.allSatisfy { $0.conference == "HN" })

        // Restarted while attendd is still down: the queue comes back, and more scans join it.
        screen = try terminal(daemon, lan, term: "t2")
        try screen.waitFor("CHỜ GỬI 2")
        try screen.waitFor("2 lượt điểm danh còn chờ gửi từ lần trước")
        screen.type("nguyen\r")
        try screen.waitFor("không tìm tên được lúc này")
        screen.type("C03\r")
        try screen.waitFor("CHỜ GỬI 3")

        // attendd returns: the queue drains in order, by itself.
        try daemon.start()
        try screen.waitFor("● ĐÃ KẾT NỐI")
        let drained = try screen.waitFor("an empty queue") { !$0.lines[1].contains("CHỜ GỬI") && $0.text.contains("Có mặt 3/4") }
        #expect(drained.lines.contains { $0.contains("→ W99") && $0.contains("ngoài DS") })
        #expect(drained.lines.contains { $0.contains("→ B02") && $0.contains("Trần Thị Bình") })
        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)
        #expect(try OfflineQueue(contents: [UInt8](FileManager.default.contents(atPath: queuePath)!), file: queuePath, firstSequence: 0).pending.isEmpty)

        // A terminal killed after sending but before it recorded the answer sends the scan again:
        // the same (term, seq) is stored once and answered as the first time. Its ADD line is put back
        // as the kill would leave it.
        let c03 = try #require(try StoredRows(path: daemon.databasePath).sequences()["t2"]?.max())
        let replay = "ADD seq=\(c03) dir=in id=C03 method=card at=\(daemon.now().vietnam) conf=HN\n"
        let handle = try #require(FileHandle(forWritingAtPath: queuePath))
        handle.seekToEndOfFile()
        handle.write(Data(replay.utf8))
        handle.closeFile()
        screen = try terminal(daemon, lan, term: "t2")
        try screen.waitFor("Đã gửi lượt chờ: C03 (đúng giờ)")
        screen.type("\u{03}")
        #expect(screen.waitForExit() == 0)

        daemon.stop()
        let rows = try StoredRows(path: daemon.databasePath)
        let sequences = try rows.sequences()["t2"] ?? []
        #expect(sequences.count == 4)
        #expect(Set(sequences).count == 4)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE terminal = 't2' AND origin = 'queued'") == 3)
        #expect(try rows.count("SELECT count(*) FROM checkin WHERE terminal = 't2' AND origin = 'live' AND delegate = 'A01'") == 1)
        for id in ["A01", "B02", "W99", "C03"] {
            #expect(try rows.count("SELECT count(*) FROM checkin WHERE delegate = '\(id)'") == 1, "\(id)")
        }
        #expect(try rows.integrityCheck() == "ok")
    }
}
