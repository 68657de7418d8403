import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// Issue 21: the reflections' due date in the district's plan (`district define --reflection-due`),
/// a hub and a bridge point on loopback polling every second: a malformed date is refused naming
/// the field; the hall adopts the date with the plan, a revision changing or removing it applies
/// like any change, and the hall's tally shows the due date and names who has none by then.
@Suite struct DistrictReflectionDueTests {
    /// The hall's stored due date of `conference` (nil: none) and the plan revision it applied.
    static func hallDue(_ bridge: DaemonHarness, _ conference: String) throws -> (due: String?, revision: Int) {
        let rows = try StoredRows(path: bridge.dataDirectory + "/attendd.db")
        let due = try rows.database.prepare("SELECT reflection_due FROM conference WHERE id = ?").rows([.text(conference)]) {
            $0.optionalText(0)
        }.first ?? nil
        let revision = try rows.count("SELECT coalesce(max(revision), 0) FROM hall_plan WHERE conference = '\(conference)' AND outcome = 'applied'")
        return (due, revision)
    }

    @Test func theDueDateTravelsWithThePlanAndTheHallsTallyNamesWhoHasNone() throws {
        let folder = NSTemporaryDirectory() + "attendd-plan-due-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let key = DistrictPlansTests.key(0)
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(try DistrictPushTests.writeKeys(folder, "hub.keys", "xa-a \(key) UBND xã A\n"))\nreport_delay = 0\n")
        let bridge = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: hub.port, bridge: "xa-a", keysFile: try DistrictPushTests.writeKeys(folder, "a.keys", "xa-a \(key)\n")) + "poll = 1\n")
        let now = hub.now()
        let day = PlanClock.day(PlanClock.minute(of: now, plus: -60))
        let part = PlanClock.part("Sáng", at: now, from: -60, to: 120)
        let define = ["district", "define", "HN-21", "--title", "Học tập Nghị quyết", "--date", day, "--parts", part, "--manual"]

        // A malformed date is refused, naming the field; nothing is published.
        let refused = try hub.attendctl(define + ["--reflection-due", "31/12/2026"])
        #expect(refused.status != 0 && (refused.stdout + refused.stderr).contains("reflection_due must be YYYY-MM-DD"), "\(refused)")
        #expect(try hub.attendctl(["district", "plans", "HN-21"]).status != 0, "nothing published")

        let due = PlanClock.day(PlanClock.minute(of: now, plus: 7 * 24 * 60))
        #expect(try hub.attendctl(define + ["--reflection-due", due]).stdout.contains("rev=1"))
        let list = folder + "/huyen.csv"
        try "Mã,Họ và tên,Đối tượng,Điểm cầu\nA1,Nguyễn Văn An,đảng viên,xa-a\nA2,Trần Thị Bình,đảng viên,xa-a\nA3,Đỗ Thị Ánh,đảng viên,xa-a\n"
            .write(toFile: list, atomically: true, encoding: .utf8)
        #expect(try hub.attendctl(["district", "invite", "import", list, "--conf", "HN-21"]).stdout.contains("rev=2"))
        #expect(try DistrictPlansTests.wait(15) { try Self.hallDue(bridge, "HN-21") == (due, 2) })

        // A revision that changes it, one that removes it, one that gives it back: each applies.
        let later = PlanClock.day(PlanClock.minute(of: now, plus: 14 * 24 * 60))
        #expect(try hub.attendctl(["district", "define", "HN-21", "--reflection-due", later]).stdout.contains("rev=3"))
        #expect(try DistrictPlansTests.wait(15) { try Self.hallDue(bridge, "HN-21") == (later, 3) })
        #expect(try hub.attendctl(["district", "define", "HN-21", "--reflection-due", ""]).stdout.contains("rev=4"))
        #expect(try DistrictPlansTests.wait(15) { try Self.hallDue(bridge, "HN-21") == (nil, 4) })
        #expect(try hub.attendctl(["district", "define", "HN-21", "--title", "Học tập Nghị quyết 21"]).stdout.contains("rev=5"))
        #expect(try DistrictPlansTests.wait(15) { try Self.hallDue(bridge, "HN-21").revision == 5 })
        #expect(try Self.hallDue(bridge, "HN-21").due == nil, "a revision without it keeps none")
        #expect(try hub.attendctl(["district", "define", "HN-21", "--reflection-due", due]).stdout.contains("rev=6"))
        #expect(try DistrictPlansTests.wait(15) { try Self.hallDue(bridge, "HN-21") == (due, 6) })

        // The hall's tally: the due date, and the two with nothing handed in, named in the official order.
        try bridge.openConference("HN-21")
        #expect(try bridge.connect().request("CHECKIN id=A1 term=t seq=1").isOK)
        #expect(try bridge.attendctl(["close"]).status == 0)
        #expect(try bridge.attendctl(["reflection", "set", "HN-21", "A1", "--date", bridge.today, "--grade", "dat"]).status == 0)
        let output = try bridge.attendctl(["report", "HN-21", "--json"])
        let figures = try #require(try Tally.decode(json: Data(output.stdout.utf8)).reflections)
        #expect(figures.due == due)
        #expect(figures.missing.map(\.id) == ["A3", "A2"], "Ánh before Bình")
        #expect(figures.total.submitted == 1 && figures.total.passed == 1)
        let html = folder + "/bao-cao.html"
        #expect(try bridge.attendctl(["report", "HN-21", "--html", html]).status == 0)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("VII- BÀI THU HOẠCH") && page.contains("<h3>1. Chưa nộp bài thu hoạch đúng hạn (2)</h3>"))
        let dueParts = due.split(separator: "-")
        #expect(page.contains("\(dueParts[2])/\(dueParts[1])/\(dueParts[0])"), "the due date as people read it")
        // The hub's roll-up carries the hall's figures.
        let rollup = try DistrictPushTests.rollup(hub, "HN-21") { $0.reflections?.total.submitted == 1 }
        #expect(rollup.reflections?.missing.map(\.person.id) == ["A3", "A2"])
        #expect(rollup.reflections?.due == [due])
    }
}
