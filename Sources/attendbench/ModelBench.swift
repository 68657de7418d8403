import AttendCore
import AttendDaemon
import AttendIO
import Foundation

/// The attendance model at scale: the tally of a large conference, and importing a large
/// invited list, through the real daemon and as the pure parser alone.
enum ModelBench {
    static let section = "attendance model"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let invited = options.quick ? 1_000 : 10_000
        let events = options.quick ? 10_000 : 100_000
        tally(invited: invited, events: events, reporter: reporter)
        vietnameseOrder(names: invited, reporter: reporter)
        try importList(options, rows: invited, reporter: reporter)
        try SpreadsheetImportBench.run(options, rows: invited, reporter: reporter)
    }

    /// A two-part day; every delegate arrives, most stay, some leave at noon and some come back.
    static func tally(invited count: Int, events: Int, reporter: Reporter) {
        reporter.progress("tally: \(count) invited x \(events) events")
        let plan = ConferencePlan(
            id: "BENCH", title: "Hội nghị", date: "2026-11-23",
            parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: "2026-11-23"),
            graceMinutes: 10, expected: count)
        let delegates = (0..<count).map { index in
            Delegate(
                id: String(format: "DV-%06d", index), fullName: "Nguyễn Văn \(index)", unit: "Chi bộ \(index % 40)",
                category: DelegateCategory.allCases[index % DelegateCategory.allCases.count])
        }
        let start = plan.parts[0].start.milliseconds - 30 * 60_000
        var random: UInt64 = 7
        var list: [AttendanceEvent] = []
        list.reserveCapacity(events)
        while list.count < events {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let delegate = Int(random >> 33) % (count + count / 20)  // 5% walk-ins
            let minute = Int64((random >> 13) % 600)
            list.append(AttendanceEvent(
                delegate: String(format: "DV-%06d", delegate), direction: list.count % 3 == 2 ? .checkOut : .checkIn,
                at: Timestamp(milliseconds: start + minute * 60_000)))
        }
        var times: [Double] = []
        var present = 0
        for _ in 0..<5 {
            let began = MonotonicClock.now()
            let tally = TallyComputation.tally(plan: plan, invited: delegates, excuses: ["DV-000001": "ốm"], events: list)
            times.append(MonotonicClock.seconds(since: began) * 1000)
            present = tally.total.present
        }
        let median = Percentiles(times).at(50)
        reporter.add(Measurement(
            section, "tally: \(grouped(count)) invited x \(grouped(events)) events (median of 5)", median, "ms", atMost: 200,
            note: "TallyComputation.tally, in process; \(present) present"))
    }

    /// A sign-in sheet's order (`VietnameseOrder`, grouped by unit) of a large list of
    /// Vietnamese names: what `SHEET` and a report's absentees pay, and a FIND index once a list.
    static func vietnameseOrder(names count: Int, reporter: Reporter) {
        reporter.progress("Vietnamese order: \(count) names")
        let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
        let middles = ["Văn", "Thị", "Hữu", "Minh", "Thanh", "Quốc", "Ngọc", "Đức", "Xuân", "Thu"]
        let givens = ["An", "Ân", "Ấn", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Khánh", "Ưng", "Yến"]
        let delegates = (0..<count).map { index in
            Delegate(
                id: String(format: "DV-%06d", index),
                fullName: "\(families[index % families.count]) \(middles[index / 7 % middles.count]) \(givens[index / 3 % givens.count])",
                unit: "Chi bộ \(index % 40)", category: .partyMember)
        }
        let units = VietnameseOrder.firstAppearance(delegates.map(\.unit))
        var times: [Double] = []
        for _ in 0..<5 {
            let began = MonotonicClock.now()
            let sorted = VietnameseOrder.sorted(delegates, name: \.fullName, id: \.id, unit: \.unit, unitOrder: units)
            times.append(MonotonicClock.seconds(since: began) * 1000)
            precondition(sorted.count == count)
        }
        reporter.add(Measurement(
            section, "Vietnamese order: \(grouped(count)) names by unit (median of 5)", Percentiles(times).at(50), "ms", atMost: 150,
            note: "VietnameseOrder.sorted, in process: keys and sort"))
    }

    /// `INVITE` of a generated list through the control socket (parse, check, replace in one
    /// transaction, commit), and the parser alone.
    static func importList(_ options: BenchOptions, rows: Int, reporter: Reporter) throws {
        reporter.progress("import: \(rows) rows")
        var csv = "\u{FEFF}STT;Mã;Họ và tên;Đơn vị;Đối tượng\r\n"
        let categories = ["Đảng viên", "Công chức", "Đoàn viên", "Khách mời"]
        for index in 0..<rows {
            csv += "\(index + 1);DV-\(index);\"Nguyễn Thị Hồng \(index)\";Chi bộ \(index % 40);\(categories[index % 4])\r\n"
        }
        let bytes = Array(csv.utf8)
        let parseStart = MonotonicClock.now()
        let parsed = try InvitedListImport.parse(bytes, file: "bench.csv")
        let parseMs = MonotonicClock.seconds(since: parseStart) * 1000

        let daemon = try BenchDaemon.start(options, name: "import")
        let client = try LineClient(unixPath: daemon.folder.controlSocket)
        let began = MonotonicClock.now()
        let reply = try client.request("INVITE conf=\(BenchDaemon.conference) bytes=\(bytes.count)", payload: bytes, timeoutSeconds: 60)
        let seconds = MonotonicClock.seconds(since: began)
        _ = daemon.stop()
        reporter.add(Measurement(
            section, "CSV import of \(grouped(rows)) rows into attendd", reply.isOK ? seconds : nil, "s", atMost: 1,
            note: reply.isOK
                ? String(format: "INVITE over the control socket, committed; the parser alone: %.0f ms for %d rows", parseMs, parsed.count)
                : "refused: \(reply)"))
    }

    private static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
