import AttendCore
import AttendDaemon
import AttendIO
import AttendStore
import Foundation

/// `attendctl year` at a district hub (issue 21): 17 bridge points, 60 conferences a year, 500
/// delegates each, every tally stored as the hub keeps it (signed bytes, summary, year row); `YEAR`
/// through a real hub's control socket on a database of one year, then of five (the same
/// one-year question).
enum YearBench {
    static let section = "the year at a hub"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let bridges = options.quick ? 3 : 17
        let perYear = options.quick ? 10 : 60
        let delegates = options.quick ? 100 : 500
        let years = options.quick ? 2 : 5
        let one = try measure(options, bridges: bridges, perYear: perYear, delegates: delegates, years: 1, reporter: reporter)
        let five = try measure(options, bridges: bridges, perYear: perYear, delegates: delegates, years: years, reporter: reporter)
        let label = "\(bridges) bridge points x \(perYear) conferences x \(delegates) delegates"
        reporter.add(Measurement(
            section, "attendctl year on a hub (\(label))", one.milliseconds, "ms", atMost: options.quick ? nil : 1_000,
            note: String(format: "YEAR format=json over the control socket, median of 3; %d conferences, %d delegates, %d KB; as CSV %.0f ms",
                         one.conferences, one.delegates, one.bytes / 1024, one.csvMilliseconds)))
        reporter.add(Measurement(
            section, "the same year on a database of \(years) years / of 1", five.milliseconds / max(one.milliseconds, 0.001), "x", atMost: 2,
            note: String(format: "%.0f / %.0f ms; the other years' rows are skipped by received_year's date index",
                         five.milliseconds, one.milliseconds)))
    }

    struct Figures {
        var milliseconds = 0.0
        var conferences = 0
        var delegates = 0
        var bytes = 0
        var csvMilliseconds = 0.0
    }

    static func measure(
        _ options: BenchOptions, bridges: Int, perYear: Int, delegates: Int, years: Int, reporter: Reporter
    ) throws -> Figures {
        reporter.progress("the year: filling \(years) year(s) of \(perYear) conferences x \(bridges) bridge points")
        let (_, keysText) = HubBench.keys(bridges)
        let folder = try DaemonFolder(base: options.directory, name: "year-\(years)", extra: "[hub]\nkeys_file = KEYS\n")
        defer { folder.remove() }
        let keysPath = folder.directory + "/district.keys"
        guard FileManager.default.createFile(atPath: keysPath, contents: Data(keysText.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw BenchError("cannot write \(keysPath)")
        }
        let config = try String(contentsOfFile: folder.configPath, encoding: .utf8).replacingOccurrences(of: "KEYS", with: keysPath)
        try config.write(toFile: folder.configPath, atomically: true, encoding: .utf8)
        try fill(folder, bridges: bridges, perYear: perYear, delegates: delegates, years: years)
        let hub = try BenchDaemon(folder: folder, ownsFolder: false)
        try hub.waitUntilReady()
        defer { _ = hub.stop() }
        let control = try LineClient(unixPath: folder.controlSocket)
        var figures = Figures()
        var times: [Double] = []
        for _ in 0..<3 {
            let began = MonotonicClock.now()
            let reply = try control.request("YEAR from=2026-01-01 to=2026-12-31 format=json", timeoutSeconds: 120)
            times.append(MonotonicClock.seconds(since: began) * 1000)
            guard reply.isOK, reply["conferences"] == String(perYear) else { throw BenchError("YEAR answered \(reply)") }
            figures.conferences = Int(reply["conferences"] ?? "") ?? 0
            figures.delegates = Int(reply["delegates"] ?? "") ?? 0
            figures.bytes = reply.payload?.count ?? 0
        }
        figures.milliseconds = Percentiles(times).at(50)
        // The same year as CSV: what the JSON encoding costs beside the reading and counting.
        let began = MonotonicClock.now()
        guard try control.request("YEAR from=2026-01-01 to=2026-12-31 format=csv", timeoutSeconds: 120).isOK else { throw BenchError("YEAR csv refused") }
        figures.csvMilliseconds = MonotonicClock.seconds(since: began) * 1000
        return figures
    }

    /// Each bridge point's tally of its own conferences (500 invited, 4% absent, a tenth late),
    /// made once and stamped with each conference's id and date: `years` years ending in 2026.
    static func fill(_ folder: DaemonFolder, bridges: Int, perYear: Int, delegates: Int, years: Int) throws {
        try FileManager.default.createDirectory(atPath: folder.dataDirectory, withIntermediateDirectories: true)
        let store = try AttendanceStore(path: folder.databasePath)
        let plan = ConferencePlan(
            id: "T", title: "Hội nghị", date: "2026-01-05",
            parts: try ConferencePlan.parseParts("Sáng 07:30-11:30", date: "2026-01-05"), graceMinutes: 10)
        let templates = (0..<bridges).map { bridge -> Tally in
            let invited = (0..<delegates).map {
                Delegate(id: "DV-\($0)", fullName: "Nguyễn Văn \($0)", unit: "Chi bộ \($0 % 20)",
                         category: DelegateCategory.allCases[$0 % DelegateCategory.allCases.count])
            }
            let events = invited.indices.filter { $0 % 25 != 0 }.map { index in
                AttendanceEvent(delegate: "DV-\(index)", direction: .checkIn,
                                at: Timestamp(milliseconds: plan.parts[0].start.milliseconds + Int64(index % 10 == 3 ? 20 : -5) * 60_000))
            }
            var tally = TallyComputation.tally(plan: plan, invited: invited, excuses: [:], events: events)
            tally.bridge = "b\(bridge)"
            tally.final = true
            tally.report = 1
            return tally
        }
        let now = Timestamp(milliseconds: 1_795_000_000_000)
        for year in (2027 - years)...2026 {
            let first = Timestamp(rfc3339: "\(year)-01-05T00:00:00+07:00")!.milliseconds
            try store.transaction { () throws(StoreError) in
                for number in 0..<perYear {
                    let date = String(Timestamp(milliseconds: first + Int64(number) * 6 * 86_400_000).vietnam.prefix(10))
                    for var tally in templates {
                        tally.conference.id = "HN-\(date)"
                        tally.conference.date = date
                        tally.conference.title = "Hội nghị \(number + 1)"
                        let payload = Array(tally.jsonData())
                        _ = try store.push.receive(bridge: tally.bridge!, conference: tally.conference.id, revision: 1, payload: payload,
                                                   summary: TallySummary(tally), year: YearReport.HallTally(bridge: tally.bridge!, tally: tally),
                                                   at: now)
                    }
                }
            }
        }
        _ = try store.checkpoint()
    }
}
