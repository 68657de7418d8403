import Foundation
import Glibc

/// Runs every measurement in turn, then prints the table and writes the JSON.
///
/// A measurement that fails is reported as a row with the error, and the others still run.
struct Bench {
    let options: BenchOptions

    func run() -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        raiseFileLimit()
        let started = MonotonicClock.now()
        let machine = MachineInfo.describe(directory: options.directory)
        var report = BenchReport(startedAt: ISO8601DateFormatter().string(from: Date()), quick: options.quick, machine: machine)
        report.settings = options.settings
        report.loadAtStart = RunComparison.loadAverage()
        let reporter = Reporter()
        FileHandle.standardError.write(Data((machine.summary + "\n").utf8))

        var storage: StorageLimit.Result?
        var minimal: Double?
        var ingest = TCPIngest.Outcome()
        section(.storage, StorageLimit.section, reporter) {
            try DiskSync.run(options, reporter: reporter)
            storage = try StorageLimit.run(options, reporter: reporter)
        }
        section(.storage, MinimalRecordLimit.section, reporter) {
            minimal = try MinimalRecordLimit.run(options, ownSchema: storage, reporter: reporter)
        }
        section(.ingest, TCPIngest.section, reporter) {
            ingest = try TCPIngest.run(options, storage: storage, minimal: minimal, reporter: reporter)
        }
        section(.udp, UDPLoad.section, reporter) { try UDPLoad.run(options, reporter: reporter) }
        section(.latency, Latency.section, reporter) { try Latency.run(options, reporter: reporter) }
        section(.memory, Memory.section, reporter) { try Memory.run(options, storage: storage, reporter: reporter) }
        section(.lifecycle, Lifecycle.section, reporter) { try Lifecycle.run(options, reporter: reporter) }
        section(.rsyslog, Rsyslog.section, reporter) {
            try Rsyslog.run(options, attendd: ingest.acksPerSecond[Rsyslog.connections], reporter: reporter)
        }
        section(.model, ModelBench.section, reporter) { try ModelBench.run(options, reporter: reporter) }
        section(.district, HubBench.section, reporter) { try HubBench.run(options, reporter: reporter) }
        section(.district, PlanBench.section, reporter) { try PlanBench.run(options, reporter: reporter) }
        section(.history, HistoryBench.section, reporter) { try HistoryBench.run(options, reporter: reporter) }
        section(.live, LiveBench.section, reporter) { try LiveBench.run(options, reporter: reporter) }
        section(.find, FindBench.section, reporter) { try FindBench.run(options, reporter: reporter) }
        section(.export, ExportBench.section, reporter) { ExportBench.run(options, reporter: reporter) }
        section(.cards, CardsBench.section, reporter) { try CardsBench.run(options, reporter: reporter) }
        section(.year, YearBench.section, reporter) { try YearBench.run(options, reporter: reporter) }
        // The soak's invariants are pass or fail, not targets to approach: any failure fails the run.
        var hostileFailures = 0
        section(.hostile, HostileBench.section, reporter) {
            do {
                hostileFailures = try HostileBench.run(options, reporter: reporter)
            } catch {
                hostileFailures = 1
                throw error
            }
        }

        report.measurements = reporter.measurements
        report.seconds = MonotonicClock.seconds(since: started)
        report.loadAtEnd = RunComparison.loadAverage()
        if let previous = RunComparison.previous(at: options.jsonPath, quick: options.quick) {
            report.previousStartedAt = previous.startedAt
            report.movedSincePrevious = RunComparison.moved(report.measurements, since: previous)
        }
        print(report.table)
        let missed = report.measurements.filter { $0.met == false }.count
        print(String(format: "\n%d figures, %d targets missed; %.0f s in all.", report.measurements.count, missed, report.seconds))
        print("load average (1, 5, 15 min): \(report.loadAtStart ?? "unknown") at the start, \(report.loadAtEnd ?? "unknown") at the end")
        if let moved = report.movedSincePrevious, let since = report.previousStartedAt {
            print(moved.isEmpty
                ? "no figure moved more than 30% since the previous run (\(since))"
                : "moved more than 30% since the previous run (\(since)), so not to be trusted alone:\n  " + moved.joined(separator: "\n  "))
        }
        do {
            try report.writeJSON(to: options.jsonPath)
            print("results written to \(URL(fileURLWithPath: options.jsonPath).path)")
        } catch {
            print("attendbench: cannot write \(options.jsonPath): \(error)")
            return 1
        }
        if hostileFailures > 0 {
            print("attendbench: \(hostileFailures) invariants of the hostile soak failed (see above)")
            return 1
        }
        return 0
    }

    /// Runs one measurement unless `--only` leaves it out; a failure becomes an error row.
    private func section(_ which: BenchOptions.Section, _ title: String, _ reporter: Reporter, _ body: () throws -> Void) {
        guard options.runs(which) else { return }
        do {
            try body()
        } catch {
            reporter.add(.missing(title, "error", target: nil, note: "\(error)"))
        }
    }

    /// 1,000 idle connections need more descriptors than the usual soft limit of 1,024; the
    /// daemons inherit the raised limit.
    private func raiseFileLimit() {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 8_192 {
            limit.rlim_cur = min(limit.rlim_max, 8_192)
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}
