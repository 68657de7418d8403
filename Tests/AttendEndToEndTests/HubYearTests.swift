import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `attendctl year` on a hub across its bridge points (issue 21): a hub and two bridge points as
/// real processes on loopback, and a third bridge point's older tallies, sent signed by the test;
/// attendance and each delegate's reflections, counted once district-wide.
@Suite struct HubYearTests {
    static let ids = ["xa-a", "xa-b", "xa-c"]
    static func key(_ index: Int) -> String { String(repeating: String(format: "%02x", 0xA1 + index * 0x11), count: 32) }

    static func year(_ hub: DaemonHarness, _ day: String, _ extra: [String] = []) throws -> (YearReport, String) {
        let output = try hub.attendctl(["year", String(day.prefix(4)), "--from", day, "--to", day, "--json"] + extra)
        #expect(output.status == 0, "\(output)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return (try decoder.decode(YearReport.self, from: Data(output.stdout.utf8)), output.stdout)
    }

    @Test func eachMemberIsCountedOnceWhereTheyWereAndOlderHallsShowAsPartial() throws {
        let folder = NSTemporaryDirectory() + "attendd-hubyear-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hubKeys = try DistrictPushTests.writeKeys(
            folder, "hub.keys", (0..<3).map { "\(Self.ids[$0]) \(Self.key($0)) UBND \(Self.ids[$0])\n" }.joined())
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(hubKeys)\nreport_delay = 0\n")
        var halls: [DaemonHarness] = []
        for index in 0..<2 {
            let keys = try DistrictPushTests.writeKeys(folder, "\(Self.ids[index]).keys", "\(Self.ids[index]) \(Self.key(index))\n")
            halls.append(try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(to: hub.port, bridge: Self.ids[index], keysFile: keys) + "poll = 1\n"))
        }
        let (a, b) = (halls[0], halls[1])

        // The district publishes HN-1: A1, A2 at xa-a, B1 at xa-b.
        let now = hub.now()
        let part = PlanClock.part("Sáng", at: now, from: -60, to: 120)
        let day = PlanClock.day(PlanClock.minute(of: now, plus: -60))
        #expect(try hub.attendctl(["district", "define", "HN-1", "--title", "Quán triệt Nghị quyết", "--date", day, "--parts", part,
                                   "--bridges", "xa-a,xa-b"]).status == 0)
        let csv = folder + "/huyen.csv"
        try "Mã,Họ và tên,Đối tượng,Điểm cầu,Chi bộ\nA1,Nguyễn Văn An,đảng viên,xa-a,Chi bộ 1\nA2,Trần Thị Bình,đảng viên,xa-a,Chi bộ 1\n"
            .appending("B1,Lê Văn Cường,đảng viên,xa-b,Chi bộ 2\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let imported = try hub.attendctl(["district", "invite", "import", csv, "--conf", "HN-1"])
        #expect(imported.status == 0, "\(imported)")
        #expect(try DistrictPlansTests.wait(20) {
            try DistrictPlansTests.invited(a, "HN-1") == ["A1", "A2"] && DistrictPlansTests.invited(b, "HN-1") == ["B1"]
        })
        // A1 comes to xa-a; A2, on xa-a's list, comes to xa-b instead; B1 stays away.
        try a.openConference("HN-1")
        try b.openConference("HN-1")
        #expect(try a.connect().request("CHECKIN id=A1 term=t seq=1").isOK)
        #expect(try b.connect().request("CHECKIN id=A2 term=t seq=1").isOK)
        #expect(try a.attendctl(["close"]).status == 0)
        #expect(try b.attendctl(["close"]).status == 0)
        // Reflections after the close: corrections, each hall's next revision to the hub. An's is
        // graded chưa đạt at xa-a; Cường's đạt at xa-b; Bình (on xa-a's list) has none anywhere.
        #expect(try a.attendctl(["reflection", "set", "HN-1", "A1", "--date", day, "--grade", "chua dat"]).status == 0)
        #expect(try b.attendctl(["reflection", "set", "HN-1", "B1", "--date", day, "--grade", "dat"]).status == 0)

        // xa-a's own conference, its own list: A1 there is keyed (xa-a, A1), another person.
        #expect(try a.attendctl(["define", "RIENG", "--title", "Sinh hoạt chi bộ", "--date", day, "--parts", part]).status == 0)
        let own = folder + "/rieng.csv"
        try "Mã,Họ và tên,Đối tượng,Chi bộ\nA1,Nguyễn Văn An,đảng viên,Chi bộ 1\nZ1,Đỗ Văn Z,đảng viên,Chi bộ 1\n"
            .write(toFile: own, atomically: true, encoding: .utf8)
        let ownImport = try a.attendctl(["invite", "import", own, "--conf", "RIENG"])
        #expect(ownImport.status == 0, "\(ownImport)")
        try a.openConference("RIENG")
        #expect(try a.connect().request("CHECKIN id=A1 term=t seq=2").isOK)
        #expect(try a.attendctl(["close"]).status == 0)

        // xa-c runs an attendd from before `present`: its tally of its own conference lacks it.
        var old = TallyComputation.tally(
            plan: ConferencePlan(id: "CU", title: "Cũ", date: day, parts: []),
            invited: [Delegate(id: "C1", fullName: "Hồ Văn Em", unit: "Chi bộ 3", category: .partyMember)],
            excuses: [:], events: [])
        old.bridge = "xa-c"
        old.present = nil
        let payload = Array(old.jsonData())
        #expect(!String(decoding: payload, as: UTF8.self).contains("\"present\" : ["))
        let line = TallyPush.line(bridge: "xa-c", conference: "CU", revision: 1, payload: payload, key: Hex.decode(Self.key(2))!)
        #expect(try hub.connect().request(line.text, payload: payload).isOK)
        // xa-c's tally of a second conference has present ids and reflection figures, but not
        // each delegate's reflection (an attendd before `handed_in`): partial for reflections only.
        var older = TallyComputation.tally(
            plan: ConferencePlan(id: "CU2", title: "Cũ 2", date: day, parts: []),
            invited: [Delegate(id: "C1", fullName: "Hồ Văn Em", unit: "Chi bộ 3", category: .partyMember)], excuses: [:], events: [])
        older.bridge = "xa-c"
        older.reflections = Tally.ReflectionFigures.compute(
            invited: [Delegate(id: "C1", fullName: "Hồ Văn Em", category: .partyMember)], reflections: [], due: day)
        older.reflections?.handedIn = nil
        let olderPayload = Array(older.jsonData())
        let olderLine = TallyPush.line(bridge: "xa-c", conference: "CU2", revision: 1, payload: olderPayload, key: Hex.decode(Self.key(2))!)
        #expect(try hub.connect().request(olderLine.text, payload: olderPayload).isOK)

        var report = try Self.year(hub, day).0
        #expect(try DistrictPlansTests.wait(30) {
            report = try Self.year(hub, day).0
            return report.conferences.count == 3 && report.delegates.count == 6
                && report.delegates.first { $0.id == "A1" }?.counts.notPassed == 1 && report.delegates.first { $0.id == "B1" }?.counts.passed == 1
        }, "\(report)")
        let rows = Dictionary(report.delegates.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(rows.keys.sorted() == ["A1", "A2", "B1", "xa-a/A1", "xa-a/Z1", "xa-c/C1"])
        #expect(rows["A1"]?.counts.present == 1)
        #expect(rows["A2"].map { [$0.counts.invited, $0.counts.present, $0.counts.absentUnexcused] } == [1, 1, 0])  // once, where she was
        #expect(rows["B1"].map { [$0.counts.invited, $0.counts.absentUnexcused] } == [1, 1])
        #expect(rows["B1"]?.name == "Lê Văn Cường")
        #expect(rows["xa-a/A1"]?.name == "Nguyễn Văn An")  // named from the district's list of the same hall
        #expect(rows["xa-a/A1"]?.counts.present == 1)
        #expect(rows["xa-a/Z1"].map { [$0.counts.invited, $0.counts.absentUnexcused] } == [1, 1])
        #expect(rows["xa-a/Z1"]?.name == "Đỗ Văn Z")
        #expect(report.total.invited == 6 && report.total.present == 3)
        #expect(report.partial == [YearReport.PartialHall(conference: "CU", date: day, bridge: "xa-c")])
        // Reflections, each delegate once district-wide: An's chưa đạt, Cường's đạt, Bình's
        // missing (xa-a follows them); RIENG follows none; xa-c's C1 is unknown, not missing.
        #expect(rows["A1"].map { [$0.counts.reflectionsDue, $0.counts.reflectionsSubmitted, $0.counts.notPassed] } == [1, 1, 1])
        #expect(rows["B1"].map { [$0.counts.reflectionsDue, $0.counts.reflectionsSubmitted, $0.counts.passed] } == [1, 1, 1])
        #expect(rows["A2"].map { [$0.counts.reflectionsDue, $0.counts.reflectionsSubmitted, $0.counts.reflections.missing] } == [1, 0, 1])
        #expect(rows["xa-a/A1"]?.counts.reflectionsDue == 0 && rows["xa-c/C1"]?.counts.reflectionsDue == 0)
        #expect(report.total.reflections.invited == 3 && report.total.reflections.submitted == 2)
        #expect(report.partialReflections == [YearReport.PartialHall(conference: "CU2", date: day, bridge: "xa-c")])
        let reasons = Dictionary(report.attention.map { ($0.id, $0.reasons.filter { $0.rule == "reflection" }.flatMap(\.conferences)) },
                                 uniquingKeysWith: { a, _ in a })
        #expect(reasons["A1"] == ["HN-1:chua_dat"] && reasons["A2"] == ["HN-1:missing"] && reasons["B1"]?.isEmpty ?? true)
        #expect(reasons["xa-c/C1"]?.isEmpty ?? true)
        #expect(report.units.map(\.unit) == ["Chi bộ 3", "Chi bộ 1", "Chi bộ 2"])  // as first met: CU2, then HN-1

        let text = try hub.attendctl(["year", String(day.prefix(4)), "--from", day, "--to", day])
        #expect(text.stdout.contains("Điểm cầu chưa đủ số liệu"), "\(text)")
        #expect(text.stdout.contains("CU: điểm cầu xa-c"))
        let reply = try hub.control().request("YEAR from=\(day) to=\(day)")
        #expect(reply["partial"] == "1" && reply["conferences"] == "3")
        #expect(text.stdout.contains("Điểm cầu chưa gửi bài thu hoạch của từng người") && text.stdout.contains("CU2: điểm cầu xa-c"), "\(text)")
        // A bridge point's own year is unchanged by the hub's: keyed by its own ids.
        let own2 = try a.attendctl(["year", String(day.prefix(4)), "--from", day, "--to", day, "--json"])
        #expect(own2.status == 0 && !own2.stdout.contains("xa-a/"))
    }
}
