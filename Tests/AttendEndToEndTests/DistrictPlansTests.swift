import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The district defines a conference once and every bridge point gets it: a hub and four bridge
/// points as real processes on loopback, polling every second (`[push] poll = 1`).
@Suite struct DistrictPlansTests {
    static let ids = ["xa-a", "xa-b", "xa-c", "xa-d"]
    static let names = ["UBND xã Bình Thuận", "UBND xã Tây Giang", "UBND thị trấn Phú Phong", "UBND xã Tây Xuân"]
    static func key(_ index: Int) -> String { String(repeating: String(format: "%02x", 0xA1 + index * 0x11), count: 32) }
    /// A bridge point the hub knows that takes no part: the test's own signed requests come as it.
    static let testerKey = String(repeating: "5e", count: 32)

    /// Waits until `done` holds (or `seconds` pass); says whether it did.
    static func wait(_ seconds: Double, _ done: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try done() { return true }
            usleep(100_000)
        }
        return try done()
    }

    static func board(_ hub: DaemonHarness, _ conference: String) throws -> PlanBoard {
        let output = try hub.attendctl(["district", "plans", conference, "--json"])
        #expect(output.status == 0, "\(output)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PlanBoard.self, from: Data(output.stdout.utf8))
    }

    /// The ids invited to `conference` at `bridge`, sorted.
    static func invited(_ bridge: DaemonHarness, _ conference: String) throws -> [String] {
        let rows = try StoredRows(path: bridge.dataDirectory + "/attendd.db")
        return try rows.database.prepare("SELECT delegate FROM invited WHERE conference = ? ORDER BY delegate").rows([.text(conference)]) { $0.text(0) }
    }

    /// The first part's start at `bridge`, ms.
    static func firstPartStart(_ bridge: DaemonHarness, _ conference: String) throws -> Int {
        try StoredRows(path: bridge.dataDirectory + "/attendd.db").count("SELECT starts_at FROM part WHERE conference = '\(conference)' AND position = 0")
    }

    static func list(_ rows: [(String, String, Int)]) -> String {
        "Mã,Họ và tên,Đối tượng,Điểm cầu\n" + rows.map { "\($0.0),\($0.1),đảng viên,\(ids[$0.2])" }.joined(separator: "\n") + "\n"
    }

    @Test func aPlanPublishedOnceReachesEveryBridgePointWithItsOwnRows() throws {
        let folder = NSTemporaryDirectory() + "attendd-plans-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hubKeys = try DistrictPushTests.writeKeys(
            folder, "hub.keys", (0..<4).map { "\(Self.ids[$0]) \(Self.key($0)) \(Self.names[$0])\n" }.joined() + "xa-t \(Self.testerKey) Thử\n")
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(hubKeys)\nreport_delay = 0\n")
        var bridges: [DaemonHarness] = []
        for index in 0..<4 {
            let keys = try DistrictPushTests.writeKeys(folder, "\(Self.ids[index]).keys", "\(Self.ids[index]) \(Self.key(index))\n")
            bridges.append(try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(to: hub.port, bridge: Self.ids[index], keysFile: keys) + "poll = 1\n"))
        }
        let late = bridges[3]
        late.stop()  // xa-d is down while the district publishes

        // The district publishes: the plan, then its list with each hall's rows.
        let now = hub.now()
        let part = PlanClock.part("Sáng", at: now, from: -60, to: 120)
        let day = PlanClock.day(PlanClock.minute(of: now, plus: -60))
        let define = try hub.attendctl(["district", "define", "HN-11", "--title", "Hội nghị quán triệt Nghị quyết 11", "--date", day,
                                        "--parts", part, "--grace", "10", "--bridges", Self.ids.joined(separator: ",")])
        #expect(define.status == 0, "\(define)")
        #expect(define.stdout.contains("rev=1"))
        let csv = folder + "/huyen.csv"
        try Self.list([
            ("A1", "Nguyễn Văn An", 0), ("A2", "Trần Thị Bình", 0), ("B1", "Lê Văn Cường", 1), ("B2", "Phạm Thị Dung", 1),
            ("C1", "Hồ Văn Em", 2), ("D1", "Võ Thị Gấm", 3),
        ]).write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try hub.attendctl(["district", "invite", "import", csv, "--conf", "HN-11", "--expected", "xa-a=2", "--expected", "xa-b=3"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("rev=2") && imported.stdout.contains("invited=6"))

        // Within the poll interval and a few seconds, every running hall has exactly its rows.
        let expected = [["A1", "A2"], ["B1", "B2"], ["C1"], ["D1"]]
        #expect(try Self.wait(15) { try (0..<3).allSatisfy { try Self.invited(bridges[$0], "HN-11") == expected[$0] } })
        // The one that was down has it within seconds of coming back.
        try late.start()
        #expect(try Self.wait(15) { try Self.invited(late, "HN-11") == expected[3] })
        #expect(try Self.wait(15) { try Self.board(hub, "HN-11").applied == 4 })
        var board = try Self.board(hub, "HN-11")
        #expect(board.revision == 2)
        #expect(board.bridges.filter(\.taking).map(\.hallRows) == [2, 2, 1, 1])
        #expect(board.bridges.first { $0.id == "xa-b" }?.planned == 3)
        #expect(board.bridges.first { $0.id == "xa-t" }?.taking == false)
        #expect(board.bridges.filter(\.taking).allSatisfy { abs($0.clockOffsetSeconds ?? 99) < 5 })  // one machine: the same clock
        let text = try hub.attendctl(["district", "plans", "HN-11"]).stdout
        #expect(text.contains("Kế hoạch hội nghị HN-11, bản 2"))
        #expect(text.contains("UBND xã Bình Thuận (xa-a)") && text.contains("2/2"))
        // The hall confirms its own count the day before; the district sees it beside its own.
        #expect(try bridges[1].attendctl(["define", "HN-11", "--expected", "2"]).status == 0)
        #expect(try Self.wait(10) { try Self.board(hub, "HN-11").bridges.first { $0.id == "xa-b" }?.confirmed == 2 })
        // A local import into the district's conference is refused; the list is the district's.
        let local = folder + "/local.csv"
        try "Mã,Họ và tên,Đối tượng\nX1,Người Lạ,đảng viên\n".write(toFile: local, atomically: true, encoding: .utf8)
        let refused = try bridges[0].attendctl(["invite", "import", local, "--conf", "HN-11"])
        #expect(refused.status == 1 && refused.stdout.contains("is the district's"), "\(refused)")

        // A correction: the part moves 30 minutes, A2 and B2 swap halls; all four get both revisions.
        let startBefore = try Self.firstPartStart(bridges[0], "HN-11")
        let moved = PlanClock.part("Sáng", at: now, from: -30, to: 150)
        #expect(try hub.attendctl(["district", "define", "HN-11", "--parts", moved]).stdout.contains("rev=3"))
        try Self.list([
            ("A1", "Nguyễn Văn An", 0), ("A2", "Trần Thị Bình", 1), ("B1", "Lê Văn Cường", 1), ("B2", "Phạm Thị Dung", 0),
            ("C1", "Hồ Văn Em", 2), ("D1", "Võ Thị Gấm", 3),
        ]).write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try hub.attendctl(["district", "invite", "import", csv, "--conf", "HN-11"]).stdout.contains("rev=4"))
        #expect(try Self.wait(15) { try Self.board(hub, "HN-11").applied == 4 })
        #expect(try Self.invited(bridges[0], "HN-11") == ["A1", "B2"])
        #expect(try Self.invited(bridges[1], "HN-11") == ["A2", "B1"])
        for bridge in bridges { #expect(try Self.firstPartStart(bridge, "HN-11") - startBefore == 30 * 60_000) }

        // Forged and replayed requests are refused, named and counted.
        let client = try hub.connect()
        let poll = PlanPoll(bridge: "xa-t", seq: 5, clock: hub.now().milliseconds, have: [])
        let good = poll.line(key: Hex.decode(Self.testerKey)!).text
        let answered = try client.request(good)
        #expect(answered.isOK && answered["plans"] == "0")  // not taking part: nothing for it
        let replay = try client.request(good)
        #expect(replay.error == .notAuthorised && replay["msg"]?.contains("replay") == true && replay["last_nonce"] == "5")
        // The last nonce is signed for the refused request, so only the hub's word moves a box's nonces.
        #expect(PlanPoll.signedLastNonce(replay, bridge: "xa-t", seq: 5, key: Hex.decode(Self.testerKey)!) == 5)
        #expect(PlanPoll.signedLastNonce(replay, bridge: "xa-t", seq: 6, key: Hex.decode(Self.testerKey)!) == nil)
        let forged = try client.request(PlanPoll(bridge: "xa-a", seq: .max - 1, clock: 0, have: []).line(key: Hex.decode(Self.testerKey)!).text)
        #expect(forged.error == .notAuthorised && forged["msg"]?.contains("signature") == true)
        let stranger = try client.request(PlanPoll(bridge: "xa-q", seq: 1, clock: 0, have: []).line(key: Hex.decode(Self.testerKey)!).text)
        #expect(stranger.error == .notAuthorised && stranger["msg"]?.contains("unknown bridge point xa-q") == true)
        let status = try hub.waitForStatus { ($0.planRefusals?["forged"] ?? 0) >= 1 && ($0.planRefusals?["replayed"] ?? 0) >= 1 }
        #expect(status.planRefusals?["unknown"] == 1)
        #expect(try hub.attendctl(["status"]).stdout.contains("Plans refused:"))
        let metrics = try String(contentsOfFile: hub.dataDirectory + "/run/attendd.prom", encoding: .utf8)
        #expect(metrics.contains("attendd_plan_refused_total{reason=\"forged\"} 1"))
        #expect(metrics.contains("attendd_hub_bridge_clock_offset_seconds{bridge=\"xa-a\"}"))
        _ = try bridges[0].waitForStatus { $0.planPoll?.clockOffsetSeconds != nil }
        #expect(try String(contentsOfFile: bridges[0].dataDirectory + "/run/attendd.prom", encoding: .utf8).contains("attendd_clock_offset_beyond_limit 0"))

        // The day runs: the moved delegates check in where they now belong; the roll-up has all four under one id.
        let attendance = [["A1", "B2"], ["A2"], ["C1"], ["D1"]]
        for (index, bridge) in bridges.enumerated() {
            try bridge.openConference("HN-11")
            for (seq, id) in attendance[index].enumerated() {
                #expect(try bridge.connect().request("CHECKIN id=\(id) term=t seq=\(seq)").isOK)
            }
            #expect(try bridge.attendctl(["close"]).status == 0)
        }
        let rollup = try DistrictPushTests.rollup(hub, "HN-11") { $0.reported.count == 4 }
        #expect(rollup.reported.map(\.id) == Self.ids)
        #expect(rollup.reported.map(\.present) == [2, 1, 1, 1])
        #expect(rollup.reported.map(\.invited) == [2, 2, 1, 1])
        #expect(rollup.total.walkIns == 0)
        // Only the halls taking part are expected (xa-t is in the keys file, not in --bridges); a
        // hall's confirmed count wins over the district's planned one, which stands in for none.
        #expect(rollup.expected == 4 && rollup.missing.isEmpty)
        #expect(rollup.reported.map(\.expected) == [2, 2, nil, nil])
        #expect(rollup.expectedDelegates == 4)
        let reportedAt = hub.now()
        let hubStatus = try hub.waitForStatus { Timestamp(rfc3339: $0.updatedAt).map { $0 > reportedAt } == true }
        #expect(hubStatus.missingReports?.contains { $0.conference == "HN-11" } == false, "\(hubStatus.missingReports ?? [])")
        // A hall's own meeting pushed to this publishing hub is rolled up, named as not the district's.
        let hall = bridges[2]
        #expect(try hall.attendctl(["define", "HOP-XA", "--date", hall.today, "--parts", hall.partUnderWay()]).status == 0)
        try hall.openConference("HOP-XA")
        #expect(try hall.connect().request("CHECKIN id=C9 term=own seq=1").isOK)
        #expect(try hall.attendctl(["close"]).status == 0)
        #expect(try DistrictPushTests.rollup(hub, "HOP-XA") { $0.reported.count == 1 }.reported.map(\.id) == ["xa-c"])
        let own = try hub.attendctl(["district", "HOP-XA"]).stdout
        #expect(own.hasPrefix("Không phải hội nghị của huyện: HOP-XA"), "\(own)")
        #expect(try hub.connect().request("PING").isOK)
        // A revision after the close is received, not applied, and both ends show it.
        #expect(try hub.attendctl(["district", "define", "HN-11", "--title", "Đổi tên sau khi họp"]).stdout.contains("rev=5"))
        #expect(try Self.wait(15) {
            try Self.board(hub, "HN-11").bridges.filter(\.taking).allSatisfy { $0.confirmedRevision == 5 && $0.outcome == "received" }
        })
        let hallStatus = try bridges[0].waitForStatus { $0.planPoll?.notApplied?.isEmpty == false }
        #expect(hallStatus.planPoll?.notApplied == ["HN-11 rev 5 received: conference HN-11 was closed here: its tally stays as frozen"])
        #expect(try bridges[0].attendctl(["status"]).stdout.contains("NOT APPLIED HN-11 rev 5 received"))
        board = try Self.board(hub, "HN-11")
        #expect(board.bridges.first?.reason?.contains("closed") == true)
        let english = try hub.attendctl(["district", "plans", "HN-11", "--lang", "en"]).stdout
        #expect(english.contains("5/5  ") && english.contains("not applied"), "\(english)")
        #expect(english.contains("- xa-a: conference HN-11 was closed here: its tally stays as frozen"), "\(english)")
    }

    /// The hall's rules at both ends: a hand-defined conference never opened is adopted, one
    /// already opened refuses the plan (the board and the hall's status say why), and a
    /// delegate the district removes after they checked in stays, as a walk-in.
    @Test func aHandDefinedConferenceIsAdoptedOnlyIfNeverOpenedAndACheckInOutlivesItsRow() throws {
        let folder = NSTemporaryDirectory() + "attendd-plans-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hubKeys = try DistrictPushTests.writeKeys(folder, "hub.keys", "xa-a \(Self.key(0)) \(Self.names[0])\n")
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(hubKeys)\n")
        let keys = try DistrictPushTests.writeKeys(folder, "xa-a.keys", "xa-a \(Self.key(0))\n")
        let hall = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(to: hub.port, bridge: "xa-a", keysFile: keys) + "poll = 1\n")
        let part = hall.partUnderWay()
        // HN-12 was defined and opened by hand; HN-13 only defined.
        #expect(try hall.attendctl(["define", "HN-12", "--date", hall.today, "--parts", part]).status == 0)
        try hall.openConference("HN-12")
        #expect(try hall.attendctl(["close"]).status == 0)
        #expect(try hall.attendctl(["define", "HN-13", "--title", "Tự đặt", "--date", hall.today, "--parts", part]).status == 0)
        let day = PlanClock.day(PlanClock.minute(of: hub.now(), plus: -60))
        for conference in ["HN-12", "HN-13"] {
            #expect(try hub.attendctl(["district", "define", conference, "--title", "Của huyện", "--date", day, "--parts", part]).status == 0)
        }
        let csv = folder + "/xa-a.csv"
        try "Mã,Họ và tên,Đối tượng\nD1,Nguyễn Văn An,đảng viên\nD2,Trần Thị Bình,đảng viên\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try hub.attendctl(["district", "invite", "import", csv, "--conf", "HN-13", "--bridge", "xa-a"]).status == 0)
        #expect(try Self.wait(15) {
            let boards = try ["HN-12", "HN-13"].map { try Self.board(hub, $0).bridges[0] }
            return boards[0].outcome == "refused" && boards[1].isCurrent(2)
        })
        #expect(try Self.board(hub, "HN-12").bridges[0].reason == "conference HN-12 was defined here by hand and already opened")
        #expect(try Self.invited(hall, "HN-13") == ["D1", "D2"])
        let status = try hall.waitForStatus { $0.planPoll?.notApplied?.isEmpty == false }
        #expect(status.planPoll?.notApplied == ["HN-12 rev 1 refused: conference HN-12 was defined here by hand and already opened"])

        // D2 checks in, then the district takes D2 off the list: the check-in stays, as a walk-in.
        try hall.openConference("HN-13")
        #expect(try hall.connect().request("CHECKIN id=D2 term=t seq=1").isOK)
        try "Mã,Họ và tên,Đối tượng\nD1,Nguyễn Văn An,đảng viên\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try hub.attendctl(["district", "invite", "import", csv, "--conf", "HN-13", "--bridge", "xa-a"]).stdout.contains("rev=3"))
        #expect(try Self.wait(15) { try Self.board(hub, "HN-13").bridges[0].isCurrent(3) })
        let report = try hall.attendctl(["report", "HN-13", "--json"])
        let tally = try Tally.decode(json: Data(report.stdout.utf8))
        #expect(tally.walkIns.map(\.id) == ["D2"])
        #expect(tally.conference.title == "Của huyện")

        // The district cancels it: the next revision, withdrawn; the hall stops its schedule and keeps what it recorded.
        #expect(try hub.attendctl(["district", "withdraw", "HN-13"]).stdout.contains("rev=4 withdrawn=1"))
        #expect(try Self.wait(15) { try Self.board(hub, "HN-13").bridges[0].isCurrent(4) })
        #expect(try Self.board(hub, "HN-13").withdrawn)
        #expect(try hub.attendctl(["district", "plans", "HN-13"]).stdout.contains("Kế hoạch hội nghị HN-13, bản 4 (đã huỷ)"))
        let stored = try StoredRows(path: hall.dataDirectory + "/attendd.db")
        #expect(try stored.count("SELECT withdrawn FROM hall_plan WHERE conference = 'HN-13'") == 1)
        #expect(try stored.count("SELECT auto_schedule FROM conference WHERE id = 'HN-13'") == 0)
        #expect(try stored.count("SELECT count(*) FROM checkin WHERE conference = 'HN-13'") == 1)
    }
}
