import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// Issue 21: reflections recorded at a bridge point through attendctl, after the close, go to
/// the district as the tally's next revision, like any correction.
@Suite struct ReflectionTests {
    static let invited = """
        Mã,Họ và tên,Đơn vị,Đối tượng
        DV1,Nguyễn Văn An,Chi bộ 1,Đảng viên
        DV2,Trần Thị Bình,Chi bộ 1,Đảng viên
        DV3,Lê Văn Cường,Chi bộ 2,Đảng viên
        CC1,Phạm Thị Dung,UBND xã,Công chức

        """

    private func write(_ daemon: DaemonHarness, _ name: String, _ text: String) throws -> String {
        let path = daemon.directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func reportJSON(_ daemon: DaemonHarness) throws -> Tally {
        let output = try daemon.attendctl(["report", "HN", "--json"])
        #expect(output.status == 0, "\(output)")
        return try Tally.decode(json: Data(output.stdout.utf8))
    }

    @Test func reflectionsAfterTheCloseAreCheckedRecordedAndPushedAsTheNextRevision() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(try DistrictPushTests.writeKeys(keys, "hub.keys", "xa-a \(DistrictPushTests.keyA) UBND xã A\n"))\nreport_delay = 0\n")
        let bridge = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: hub.port, bridge: "xa-a", keysFile: try DistrictPushTests.writeKeys(keys, "a.keys", "xa-a \(DistrictPushTests.keyA)\n")))
        let today = bridge.today
        #expect(try bridge.attendctl(["define", "HN", "--date", today, "--parts", bridge.partUnderWay(), "--reflection-due", today]).status == 0)
        #expect(try bridge.attendctl(["invite", "import", try write(bridge, "moi.csv", Self.invited), "--conf", "HN"]).status == 0)
        try bridge.openConference("HN")
        for (seq, id) in ["DV1", "DV2"].enumerated() { #expect(try bridge.connect().request("CHECKIN id=\(id) term=t seq=\(seq)").isOK) }
        #expect(try bridge.attendctl(["close"]).status == 0)
        var rollup = try DistrictPushTests.rollup(hub, "HN") { $0.reported.first?.report == 1 }
        let closedRevision = try #require(rollup.reported.first?.revision)
        #expect(try reportJSON(bridge).reflections?.total.submitted == 0)  // due date set: followed, none yet

        // What attendctl finds: each bad row named by its line, nothing sent.
        let bad = try write(bridge, "bai-sai.csv", "Mã;Ngày nộp;Xếp loại\nDV1;31/02/2026;đạt\nDV2;\(today);giỏi\nDV3;;chưa đạt\nDV1;\(today);đạt\n")
        let refused = try bridge.attendctl(["reflection", "import", bad, "--conf", "HN"])
        #expect(refused.status == 1)
        for line in 2...4 { #expect(refused.stderr.contains("bai-sai.csv:\(line): "), "\(refused.stderr)") }
        #expect(refused.stderr.contains("nothing recorded"))
        // What attendd finds: an id not invited, named by the row of the file; nothing recorded.
        let stranger = try write(bridge, "bai-la.csv", "Mã,Ngày nộp,Xếp loại\nDV1,\(today),đạt\nXX9,\(today),đạt\n")
        let notInvited = try bridge.attendctl(["reflection", "import", stranger, "--conf", "HN"])
        #expect(notInvited.status == 1)
        #expect(notInvited.stdout.contains("bai-la.csv:3: XX9 is not on the invited list"), "\(notInvited)")
        #expect(try reportJSON(bridge).reflections?.total.submitted == 0)

        // The secretary's list: a title above the header, headers typed without diacritics.
        let day = today.split(separator: "-")
        let good = try write(bridge, "bai.csv", """
            Chi bo 1 - bai thu hoach,,
            Ma dai bieu,Ngay nop,Ket qua
            DV1,\(today),Dat
            DV2,\(day[2])/\(day[1])/\(day[0]),co ban dat
            DV3,,
            CC1,\(today),

            """)
        let imported = try bridge.attendctl(["reflection", "import", good, "--conf", "HN"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("recorded=3 withdrawn=0"), "\(imported.stdout)")
        var tally = try reportJSON(bridge)
        var figures = try #require(tally.reflections)
        let counts: [Int] = [figures.total.submitted, figures.total.passed, figures.total.basicallyPassed, figures.total.ungraded,
                             figures.total.missing]
        #expect(counts == [3, 1, 1, 1, 1])
        #expect(figures.missing.map(\.id) == ["DV3"])
        let text = try bridge.attendctl(["report", "HN"]).stdout
        #expect(text.contains("Chưa nộp bài thu hoạch đúng hạn (1)"), "\(text)")
        #expect(text.contains("Lê Văn Cường (DV3) — Chi bộ 2"))
        rollup = try DistrictPushTests.rollup(hub, "HN") { $0.reported.first?.report == 2 }
        #expect(rollup.reported.first?.revision == closedRevision + 1)  // a correction: the next revision
        let stored = try StoredRows(path: hub.dataDirectory + "/attendd.db")
        #expect(try stored.count(
            "SELECT count(*) FROM received WHERE revision = \(closedRevision + 1) AND instr(CAST(payload AS TEXT), '\"basically_passed\" : 1') > 0") == 1)

        // One at a time: a grade typed without diacritics, then a reflection taken back.
        let set = try bridge.attendctl(["reflection", "set", "HN", "DV3", "--date", today, "--grade", "chua dat"])
        #expect(set.status == 0, "\(set)")
        let none = try bridge.attendctl(["reflection", "set", "HN", "CC1", "--none"])
        #expect(none.stdout.contains("recorded=0 withdrawn=1"), "\(none)")
        #expect(try bridge.attendctl(["reflection", "set", "HN", "DV3", "--grade", "dat"]).status == 2)  // a grade needs its date
        tally = try reportJSON(bridge)
        figures = try #require(tally.reflections)
        let after: [Int] = [figures.total.submitted, figures.total.notPassed, figures.total.missing]
        #expect(after == [3, 1, 1])
        #expect(figures.missing.map(\.id) == ["CC1"])
        rollup = try DistrictPushTests.rollup(hub, "HN") { $0.reported.first?.report == 4 }
        #expect(rollup.reported.first?.revision == closedRevision + 3)
    }

    /// `attendctl year` on a bridge point: the conference's attendance and reflections per
    /// delegate, unit and category, filtered by unit (case and spacing folded) and span.
    @Test func theYearOfABridgePointThroughAttendctl() throws {
        let daemon = try DaemonHarness()
        let today = daemon.today
        #expect(try daemon.attendctl(["define", "HN", "--date", today, "--parts", daemon.partUnderWay(), "--reflection-due", today]).status == 0)
        #expect(try daemon.attendctl(["invite", "import", try write(daemon, "moi.csv", Self.invited), "--conf", "HN"]).status == 0)
        try daemon.openConference("HN")
        #expect(try daemon.connect().request("CHECKIN id=DV1 term=t seq=1").isOK)  // an hour into the part: late
        #expect(try daemon.attendctl(["excuse", "DV3", "Ốm"]).status == 0)
        #expect(try daemon.attendctl(["close"]).status == 0)
        #expect(try daemon.attendctl(["reflection", "set", "HN", "DV1", "--date", today, "--grade", "dat"]).status == 0)
        let year = String(today.prefix(4))
        let output = try daemon.attendctl(["year", year, "--json"])
        #expect(output.status == 0, "\(output)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let report = try decoder.decode(YearReport.self, from: Data(output.stdout.utf8))
        #expect(report.conferences.map(\.id) == ["HN"])
        let an = try #require(report.delegates.first { $0.id == "DV1" })
        let counts: [Int] = [an.counts.invited, an.counts.present, an.counts.late, an.counts.reflectionsSubmitted, an.counts.passed]
        #expect(counts == [1, 1, 1, 1, 1])
        #expect(report.delegates.first { $0.id == "DV3" }?.counts.absentExcused == 1)
        #expect(report.delegates.first { $0.id == "DV2" }?.counts.absentUnexcused == 1)
        #expect(report.categories.first?.counts.rate == 33.3)
        let unit = try daemon.attendctl(["year", year, "--unit", "CHI BỘ  1", "--lang", "en"])
        #expect(unit.stdout.contains("Nguyễn Văn An (DV1)") && !unit.stdout.contains("DV3"), "\(unit.stdout)")
        let before = try daemon.attendctl(["year", year, "--from", "\(year)-01-01", "--to", "\(year)-01-01", "--csv"])
        #expect(!before.stdout.contains("DV1") || today.hasSuffix("-01-01"))
        #expect(try daemon.attendctl(["year", "26"]).status == 2)
        // The [year] rules' defaults, as attendctl read them from the config: 0% is under 80%.
        let text = try daemon.attendctl(["year", year]).stdout
        #expect(text.contains("IV- ĐẢNG VIÊN, ĐẠI BIỂU CẦN QUAN TÂM"), "\(text)")
        #expect(text.contains("Trần Thị Bình (DV2) — Chi bộ 1: tỷ lệ tham dự 0,0%, vắng: HN"), "\(text)")
    }
}
