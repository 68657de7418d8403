/// What the machine's CPUs did between two readings of /proc/stat's `cpu` line: how busy they
/// were and how much the hypervisor took (steal). A virtual machine whose host is busy loses
/// its vCPUs for milliseconds at a time: every thread of the daemon and of the benchmark waits
/// then, whatever either does (issue 23; `attendbench --only latency` notes it beside each p99).
public struct CPUTicks: Sendable, Equatable {
    /// The `cpu` line's first eight fields, in clock ticks: user, nice, system, idle, iowait,
    /// irq, softirq, steal.
    public let ticks: [UInt64]

    /// The first line of /proc/stat's `text` that starts `cpu `; nil when there is none or it
    /// has fewer than eight counters, or one that is not a number.
    public init?(procStat text: String) {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().prefix(8).map { UInt64($0) }
        guard fields.count == 8, !fields.contains(nil) else { return nil }
        ticks = fields.map { $0! }
    }

    /// Busy and steal shares (0-100 %) of all the ticks between `before` and `self`; a counter
    /// that went backwards counts 0, and no ticks at all gives (0, 0).
    public func since(_ before: CPUTicks) -> (busy: Double, steal: Double) {
        let delta = zip(ticks, before.ticks).map { $0 >= $1 ? $0 - $1 : 0 }
        let total = delta.reduce(0, +)
        guard total > 0 else { return (0, 0) }
        let idle = delta[3] + delta[4]
        let steal = delta[7]
        return (Double(total - idle - steal) * 100 / Double(total), Double(steal) * 100 / Double(total))
    }
}
