import AttendCore
import AttendDaemon
import AttendIO
import AttendStore
import Foundation

/// Years of conferences: the same questions asked of a database holding one conference and of
/// one holding five years of them (60 a year, 500 delegates each, the same people each time),
/// through the real daemon. Status, a report and ingest should not slow down; a delegate's
/// history lists five times the conferences, so it is also given per conference listed.
enum HistoryBench {
    static let section = "years of data"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let years = options.quick ? 1 : 5
        let delegates = options.quick ? 100 : 500
        let small = try measure(options, conferences: 1, delegates: delegates, reporter: reporter)
        let large = try measure(options, conferences: 60 * years, delegates: delegates, reporter: reporter)
        let label = "\(years) year\(years == 1 ? "" : "s") (\(60 * years) conferences x \(delegates) delegates)"
        func add(_ name: String, _ key: KeyPath<Figures, Double>, unit: String = "ms", note: String) {
            let ratio = large[keyPath: key] / max(small[keyPath: key], 0.001)
            reporter.add(Measurement(
                section, "\(name): \(label) / 1 conference", ratio, "x", atMost: 2,
                note: String(format: "%.2f / %.2f %@; ", large[keyPath: key], small[keyPath: key], unit) + note))
        }
        add("start-up to ready", \.startup, note: "the open conference's state is loaded; median of 3")
        add("check-in to status.json", \.status, note: "until the status file shows it (written at most once a second); median of 5")
        add("report of the newest conference", \.report, note: "REPORT format=json over the control socket; median of 5")
        add("check-in ack", \.checkin, note: "CHECKIN on one connection, one at a time; median of 200")
        add("conference list per conference listed", \.conferencesPerConference,
            note: String(format: "CONFERENCES: %.1f ms for %d conferences, %.2f ms for 1; median of 5",
                         large.conferences, large.conferencesListed, small.conferences))
        add("delegate history per conference listed", \.historyPerConference,
            note: String(format: "HISTORY of one delegate: %.0f ms for %d conferences, %.1f ms for %d; median of 5",
                         large.history, large.historyConferences, small.history, small.historyConferences))
        reporter.add(Measurement(
            section, "attendctl backup of the \(years)-year database while a terminal checks in", large.backup, "ms",
            note: String(format: "%.1f MB copied with VACUUM INTO; %d check-ins acknowledged meanwhile, the slowest in %.1f ms (median ack %.2f ms)",
                         Double(large.backupBytes) / 1e6, large.backupAcks, large.backupSlowestAck, large.checkin)))
        reporter.add(Measurement(
            section, "slowest check-in ack during that backup", large.backupSlowestAck, "ms", atMost: 50,
            note: "the copy is a reader beside the writer: ingest does not wait for it"))
    }

    /// What one database answers, in milliseconds.
    struct Figures {
        var startup = 0.0
        var status = 0.0
        var report = 0.0
        var checkin = 0.0
        var conferences = 0.0
        var history = 0.0
        var historyConferences = 0
        var historyPerConference: Double { history / Double(max(historyConferences, 1)) }
        var conferencesListed = 0
        var backup = 0.0
        var backupSlowestAck = 0.0
        var backupAcks = 0
        var backupBytes = 0
        var conferencesPerConference: Double { conferences / Double(max(conferencesListed, 1)) }
    }

    static func measure(_ options: BenchOptions, conferences: Int, delegates: Int, reporter: Reporter) throws -> Figures {
        reporter.progress("years of data: filling \(conferences) conferences x \(delegates) delegates")
        let folder = try DaemonFolder(base: options.directory, name: "history-\(conferences)")
        defer { folder.remove() }
        let newest = try fill(folder.databasePath, conferences: conferences, delegates: delegates)
        var figures = Figures()
        var startups: [Double] = []
        var daemon: BenchDaemon?
        for _ in 0..<3 {
            if let running = daemon { _ = running.stop() }
            try? FileManager.default.removeItem(atPath: folder.logPath)  // its ready line is the next one's
            let began = MonotonicClock.now()
            let next = try BenchDaemon(folder: folder, ownsFolder: false)
            try next.waitUntilReady()
            startups.append(MonotonicClock.seconds(since: began) * 1000)
            daemon = next
        }
        guard let daemon else { throw BenchError("no daemon") }
        defer { _ = daemon.stop() }
        figures.startup = Percentiles(startups).at(50)
        let control = try LineClient(unixPath: folder.controlSocket)
        guard try control.request("OPEN conf=\(newest)").isOK else { throw BenchError("cannot reopen \(newest)") }
        let terminal = try LineClient(host: "127.0.0.1", port: daemon.port)

        func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<runs {
                let began = MonotonicClock.now()
                try body()
                times.append(MonotonicClock.seconds(since: began) * 1000)
            }
            return Percentiles(times).at(50)
        }
        var seq: Int64 = 0
        figures.checkin = try median(200) {
            seq += 1
            guard try terminal.request("CHECKIN id=DV-\(Int(seq) % delegates) term=bench seq=\(seq)").isOK else {
                throw BenchError("check-in refused")
            }
        }
        figures.status = try median(5) {
            seq += 1
            _ = try terminal.request("CHECKIN id=DV-1 term=bench seq=\(seq)")
            let deadline = MonotonicClock.now() + 5_000_000_000
            while MonotonicClock.now() < deadline {
                if let snapshot = folder.status, snapshot.terminals.first(where: { $0.id == "bench" })?.checkins == Int(seq) { return }
                usleep(1_000)
            }
            throw BenchError("status.json did not show the check-in")
        }
        figures.report = try median(5) {
            guard try control.request("REPORT conf=\(newest) format=json", timeoutSeconds: 60).isOK else { throw BenchError("REPORT refused") }
        }
        figures.conferences = try median(5) {
            let reply = try control.request("CONFERENCES", timeoutSeconds: 60)
            guard reply.isOK else { throw BenchError("CONFERENCES refused") }
            figures.conferencesListed = Int(reply["conferences"] ?? "") ?? 0
        }
        var listed = 0
        figures.history = try median(5) {
            let reply = try control.request("HISTORY id=DV-7", timeoutSeconds: 60)
            guard reply.isOK else { throw BenchError("HISTORY refused: \(reply)") }
            listed = Int(reply["conferences"] ?? "") ?? 0
        }
        figures.historyConferences = listed
        let backup = try BackupBench.measure(databasePath: folder.databasePath, terminal: terminal, delegates: delegates, seq: &seq)
        figures.backup = backup.backup
        figures.backupSlowestAck = backup.slowestAck
        figures.backupAcks = backup.acks
        figures.backupBytes = backup.bytes
        return figures
    }

    /// Writes `conferences` closed conferences, a week apart from January 2021, each with the
    /// same `delegates` invited; most come, a tenth leave at noon and come back. Returns the
    /// newest conference's id.
    static func fill(_ path: String, conferences: Int, delegates: Int) throws -> String {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let store = try AttendanceStore(path: path)
        let people = (0..<delegates).map { index in
            Delegate(id: "DV-\(index)", fullName: "Nguyễn Văn \(index)", unit: "Chi bộ \(index % 20)",
                     category: DelegateCategory.allCases[index % DelegateCategory.allCases.count])
        }
        let firstDay = Timestamp(rfc3339: "2021-01-04T00:00:00+07:00")!.milliseconds
        var id = ""
        var seq: Int64 = 0
        for number in 0..<conferences {
            let day = Timestamp(milliseconds: firstDay + Int64(number) * 6 * 86_400_000)
            let date = String(day.vietnam.prefix(10))
            id = "HN-\(date)"
            let plan = ConferencePlan(
                id: id, title: "Hội nghị \(number)", date: date,
                parts: try ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: date), graceMinutes: 10,
                expected: delegates)
            let start = plan.parts[0].start.milliseconds
            try store.transaction { () throws(StoreError) in
                _ = try store.conferences.open(id: id, title: plan.title, at: Timestamp(milliseconds: start - 3_600_000))
                try store.plans.save(plan, at: Timestamp(milliseconds: start - 3_600_000))
                try store.invited.replace(conference: id, with: people)
                for (index, person) in people.enumerated() where index % 25 != 0 {  // 4% absent
                    seq += 1
                    let arrival = Timestamp(milliseconds: start - 600_000 + Int64(index % 40) * 30_000)
                    _ = try store.checkins.record(
                        CheckRequest(direction: .checkIn, delegate: person.id, terminal: "hall-1", sequence: seq),
                        conference: id, receivedAt: arrival, source: "127.0.0.1")
                    if index % 10 == 1 {
                        seq += 1
                        _ = try store.checkins.record(
                            CheckRequest(direction: .checkOut, delegate: person.id, terminal: "hall-1", sequence: seq),
                            conference: id, receivedAt: Timestamp(milliseconds: start + 4 * 3_600_000), source: "127.0.0.1")
                        seq += 1
                        _ = try store.checkins.record(
                            CheckRequest(direction: .checkIn, delegate: person.id, terminal: "hall-1", sequence: seq),
                            conference: id, receivedAt: Timestamp(milliseconds: start + 6 * 3_600_000), source: "127.0.0.1")
                    }
                }
                try store.conferences.close(id: id, at: Timestamp(milliseconds: start + 10 * 3_600_000))
            }
        }
        _ = try store.checkpoint()
        return id
    }
}
