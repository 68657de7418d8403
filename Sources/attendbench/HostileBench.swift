import AttendCore
import AttendSoak
import AttendStore
import Foundation
import Glibc

/// The hostile-neighbour soak (issue 13) against a release attendd with a hall's limits, a
/// keyed terminal, and a district hub's keys: `HostileSoak` runs the attacks, the good terminal and the admin; this
/// registers its figures, checks the database after the daemon stopped, and prints every
/// failed invariant in words. Unlike the other sections its invariants are not targets to
/// approach: `run` returns the number that failed, and attendbench exits 1 when any did.
enum HostileBench {
    static let section = "hostile neighbour (issue 13)"

    /// The good terminal's key (a bench-only key, written to a 0600 keys file).
    static let key = (0..<32).map { UInt8($0 &* 7 &+ 1) }

    /// The daemon's limits: a hall's defaults, an idle timeout of 5 s, and fewer connections
    /// than the attackers hold, so that holding them is a lever if it works.
    static func limits(_ options: BenchOptions) -> [String: String] {
        [
            "rate_per_source": "200", "rate_burst": "400", "max_pipeline": "1024", "max_line_bytes": "1024",
            "idle_timeout": "5", "max_connections": options.quick ? "128" : "512",
        ]
    }

    static func run(_ options: BenchOptions, reporter: Reporter) throws -> Int {
        let keys = options.directory + "attendbench-hostile-" + UUID().uuidString.prefix(8) + ".keys"
        do {
            try "hall-1 \(Hex.encode(key)) good terminal of the soak\n".write(toFile: keys, atomically: true, encoding: .utf8)
        } catch {
            throw BenchError("cannot write \(keys): \(error)")
        }
        chmod(keys, 0o600)
        defer { unlink(keys) }
        // A district hub too, where TALLY is served and 4 MiB payloads are legitimate.
        let hubKeys = keys + ".bridges"
        do {
            try "\(SoakPlan.hubBridge) \(Hex.encode(key)) bridge point of the soak\n".write(toFile: hubKeys, atomically: true, encoding: .utf8)
        } catch {
            throw BenchError("cannot write \(hubKeys): \(error)")
        }
        chmod(hubKeys, 0o600)
        defer { unlink(hubKeys) }
        let daemon = try BenchDaemon.start(
            options, name: "hostile", limits: limits(options), extra: "[terminals]\nkeys_file = \(keys)\n[hub]\nkeys_file = \(hubKeys)")
        var plan = SoakPlan(port: daemon.port, controlSocket: daemon.folder.controlSocket, pid: daemon.process.pid,
                            conference: BenchDaemon.conference) { LineAuthenticator.sign($0, key: key) }
        plan.attackSeconds = options.hostileSeconds
        plan.seed = options.hostileSeed
        plan.attackers = options.quick ? 3 : 6
        plan.heldConnections = options.quick ? 150 : 600
        plan.invited = options.quick ? 2_000 : 10_000
        plan.replyTimeout = options.quick ? 3 : 10

        let started = MonotonicClock.now()
        var result: SoakResult
        do {
            result = try HostileSoak.run(plan) { reporter.progress($0) }
        } catch {
            throw BenchError("\(error)")
        }
        let stop = daemon.stop()
        if stop.exit?.code != 0 { reporter.progress("hostile: attendd did not stop cleanly (\(stop.exit?.description ?? "no exit in 30 s"))") }
        do {
            let database = try Database(path: daemon.folder.databasePath, readOnly: true)
            let rows = try database.prepare("SELECT terminal, seq, delegate FROM checkin")
                .rows { (terminal: $0.optionalText(0), seq: $0.optionalInt64(1), delegate: $0.text(2)) }
            let integrity = try database.prepare("PRAGMA integrity_check").rows { $0.text(0) }.joined(separator: "; ")
            result.checkStored(rows: rows, integrity: integrity)
        } catch {
            result.checkStored(rows: [], integrity: "could not read the database: \(error)")
        }
        record(result, seconds: MonotonicClock.seconds(since: started), reporter: reporter)
        print(result.summary)
        return result.failures.count
    }

    /// One row per figure, each held to its invariant.
    private static func record(_ result: SoakResult, seconds: Double, reporter: Reporter) {
        let limits = result.plan.limits
        let attacks = result.attacks.values.reduce(0, +)
        func row(_ name: String, _ value: Double, _ unit: String, atMost: Double? = nil, note: String? = nil) {
            reporter.add(Measurement(section, name, value, unit, atMost: atMost, note: note))
        }
        row("attack rounds (\(Attack.allCases.count) kinds, seed \(result.plan.seed))", Double(attacks), "",
            note: String(format: "%.0f s of attack from 127.0.0.%d-%d; %.0f s in all", result.plan.attackSeconds,
                         result.plan.sources.lowerBound, result.plan.sources.upperBound, seconds))
        row("good terminal: reply p99", result.goodP99 * 1000, "ms", atMost: limits.goodP99Seconds * 1000,
            note: "\(result.terminal.replySeconds.count) requests over TCP, signed")
        row("good terminal: worst reply", result.goodWorst * 1000, "ms", atMost: limits.goodWorstSeconds * 1000,
            note: "to a \(result.terminal.slowest)")
        row("good terminal: requests refused or unanswered", Double(result.terminal.refused), "", atMost: 0,
            note: result.terminal.reasons.first)
        row("good terminal: retries not answered as the first time", Double(result.terminal.retriesAnsweredDifferently), "", atMost: 0,
            note: "of \(result.terminal.retries) retries")
        row("admin: reports failed", Double(result.admin.refused), "", atMost: 0,
            note: String(format: "%d reports, worst %.0f ms", result.admin.replySeconds.count, result.adminWorst * 1000))
        row("RSS before the attack", result.memoryBeforeMB, "MB")
        row("RSS peak during it", result.memoryPeakMB, "MB")
        row(String(format: "RSS %.0f s after it", result.plan.settleSeconds), result.memoryAfterMB, "MB",
            atMost: result.memoryBeforeMB + limits.memoryGrowthMB, note: "within 10 MB of before")
        row(String(format: "CPU in the %.0f s after it", result.plan.cpuSeconds), result.cpuAfterPercent, "%", atMost: limits.cpuPercent,
            note: "of one core")
        row("acknowledged check-ins not stored exactly once",
            Double(result.acknowledgedMissing + result.acknowledgedDuplicated + result.acknowledgedWrongDelegate), "", atMost: 0,
            note: "of \(result.terminal.acknowledged.count) acknowledged")
        row("attackers' check-ins stored", Double(result.forgedStored), "", atMost: 0)
        row("integrity_check", result.integrity == "ok" ? 0 : 1, "", atMost: 0, note: result.integrity)
    }
}
