import Foundation

/// What one soak measured, and the invariants of issue 13 judged against the plan's limits.
public struct SoakResult: Sendable {
    public var plan: SoakPlan
    public var terminal = ServiceRecord()
    public var admin = ServiceRecord()
    /// Rounds run per attack.
    public var attacks: [String: Int] = [:]
    public var memoryBeforeMB = 0.0
    public var memoryPeakMB = 0.0
    public var memoryAfterMB = 0.0
    /// CPU the daemon used in the `plan.cpuSeconds` after the attack stopped, in % of one core.
    public var cpuAfterPercent = 0.0
    public var daemonAlive = true
    /// From the database, filled in by `checkStored`.
    public var acknowledgedMissing = 0
    public var acknowledgedDuplicated = 0
    public var acknowledgedWrongDelegate = 0
    public var forgedStored = 0
    public var integrity = "not checked"

    public init(plan: SoakPlan) { self.plan = plan }

    public var goodP99: Double { Self.percentile(terminal.replySeconds, 99) }
    public var goodWorst: Double { terminal.replySeconds.max() ?? 0 }
    public var adminWorst: Double { admin.replySeconds.max() ?? 0 }
    public var memoryGrowthMB: Double { memoryAfterMB - memoryBeforeMB }

    /// Checks the stored check-ins (every row's terminal, seq and delegate, read by the caller
    /// from the stopped daemon's database) and the result of `PRAGMA integrity_check`.
    public mutating func checkStored(rows: [(terminal: String?, seq: Int64?, delegate: String)], integrity: String) {
        var byKey: [String: [String]] = [:]
        for row in rows {
            if row.delegate.hasPrefix("FORGED") { forgedStored += 1 }
            if let terminal = row.terminal, let seq = row.seq { byKey["\(terminal) \(seq)", default: []].append(row.delegate) }
        }
        for ack in terminal.acknowledged {
            let stored = byKey["\(ack.terminal) \(ack.seq)"] ?? []
            if stored.isEmpty { acknowledgedMissing += 1 }
            if stored.count > 1 { acknowledgedDuplicated += 1 }
            if stored.count == 1 && stored[0] != ack.delegate { acknowledgedWrongDelegate += 1 }
        }
        self.integrity = integrity
    }

    /// Every invariant that failed, in plain words; empty when the daemon held.
    public var failures: [String] {
        var out: [String] = []
        let limits = plan.limits
        if !daemonAlive { out.append("attendd died during the soak") }
        if terminal.refused > 0 {
            out.append("the good terminal had \(terminal.refused) of \(terminal.replySeconds.count) requests refused or unanswered (first: \(terminal.reasons.joined(separator: "; ")))")
        }
        if terminal.retriesAnsweredDifferently > 0 {
            out.append("\(terminal.retriesAnsweredDifferently) of \(terminal.retries) retries of an acknowledged check-in got a reply other than the original (first: \(terminal.retrySample ?? "?"))")
        }
        if terminal.replySeconds.count < 10 { out.append("the good terminal was served only \(terminal.replySeconds.count) times") }
        if goodWorst > limits.goodWorstSeconds {
            out.append(String(format: "the good terminal's slowest reply took %.2f s (limit %.1f s), to a ", goodWorst, limits.goodWorstSeconds) + terminal.slowest)
        }
        if goodP99 > limits.goodP99Seconds {
            out.append(String(format: "the good terminal's p99 reply time was %.0f ms (limit %.0f ms)", goodP99 * 1000, limits.goodP99Seconds * 1000))
        }
        if admin.refused > 0 {
            out.append("the admin's reports failed \(admin.refused) of \(admin.replySeconds.count) times (first: \(admin.reasons.joined(separator: "; ")))")
        }
        if memoryGrowthMB > limits.memoryGrowthMB {
            out.append(String(format: "memory did not come back: %.1f MB before, %.1f MB %.0f s after the attack (peak %.1f MB; limit +%.0f MB)",
                              memoryBeforeMB, memoryAfterMB, plan.settleSeconds, memoryPeakMB, limits.memoryGrowthMB))
        }
        if cpuAfterPercent > limits.cpuPercent {
            out.append(String(format: "attendd used %.0f%% of a core in the %.0f s after the attack stopped (limit %.0f%%): a loop spins",
                              cpuAfterPercent, plan.cpuSeconds, limits.cpuPercent))
        }
        if acknowledgedMissing > 0 { out.append("\(acknowledgedMissing) acknowledged check-ins are not in the database") }
        if acknowledgedDuplicated > 0 { out.append("\(acknowledgedDuplicated) acknowledged check-ins are stored more than once") }
        if acknowledgedWrongDelegate > 0 { out.append("\(acknowledgedWrongDelegate) acknowledged check-ins are stored under another delegate") }
        if forgedStored > 0 { out.append("\(forgedStored) check-ins sent by attackers (ids FORGED...) were stored") }
        if integrity != "ok" { out.append("PRAGMA integrity_check: \(integrity)") }
        return out
    }

    /// The figures, one a line, for a person.
    public var summary: String {
        var lines = [
            String(format: "hostile soak: %.0f s of attack, seed %llu, %d attacker threads from 127.0.0.%d-%d",
                   plan.attackSeconds, plan.seed, plan.attackers, plan.sources.lowerBound, plan.sources.upperBound),
            String(format: "  attack rounds: %d (%.0f a second)", attacks.values.reduce(0, +), Double(attacks.values.reduce(0, +)) / max(plan.attackSeconds, 0.001)),
            "  attacks run: " + attacks.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
            String(format: "  good terminal: %d requests, p99 %.1f ms, worst %.1f ms (\(terminal.slowest)), %d refused, %d check-ins acknowledged, %d of %d retries answered differently",
                   terminal.replySeconds.count, goodP99 * 1000, goodWorst * 1000, terminal.refused, terminal.acknowledged.count,
                   terminal.retriesAnsweredDifferently, terminal.retries),
            String(format: "  admin: %d reports and imports, worst %.0f ms (", admin.replySeconds.count, adminWorst * 1000) + admin.slowest
                + "), \(admin.refused) failed",
            String(format: "  memory: %.1f MB before, peak %.1f MB, %.1f MB %.0f s after", memoryBeforeMB, memoryPeakMB, memoryAfterMB, plan.settleSeconds),
            String(format: "  CPU in the %.0f s after: %.1f%% of one core", plan.cpuSeconds, cpuAfterPercent),
            "  stored: \(terminal.acknowledged.count - acknowledgedMissing - acknowledgedDuplicated) of \(terminal.acknowledged.count) acknowledged exactly once; "
                + "\(forgedStored) forged stored; integrity_check \(integrity)",
        ]
        let failed = failures
        lines.append(failed.isEmpty ? "  every invariant held" : "  FAILED:\n" + failed.map { "  - " + $0 }.joined(separator: "\n"))
        return lines.joined(separator: "\n")
    }

    /// Nearest-rank percentile (a reply time that was actually seen).
    static func percentile(_ samples: [Double], _ percent: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
