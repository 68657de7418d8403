import AttendIO

/// What the machine's CPUs did between two readings of /proc/stat's `cpu` line: how busy they
/// were and how much the hypervisor took (steal). A virtual machine whose host is busy loses
/// its vCPUs for milliseconds at a time: every thread of the daemon and of the benchmark waits
/// then, whatever either does (issue 23).
struct CPUShare: Sendable {
    /// The `cpu` line's fields, in clock ticks: user, nice, system, idle, iowait, irq, softirq, steal.
    var ticks: [UInt64]

    static func now() -> CPUShare { CPUShare(statLine: ProcFile.read("/proc/stat")) }

    /// Reads the first `cpu ` line of /proc/stat's text; missing fields read as 0.
    init(statLine text: String) {
        let line = text.split(separator: "\n").first { $0.hasPrefix("cpu ") } ?? ""
        var fields = line.split(separator: " ").dropFirst().prefix(8).map { UInt64($0) ?? 0 }
        while fields.count < 8 { fields.append(0) }
        ticks = fields
    }

    /// Busy and steal shares (0-100 %) of all the ticks between `before` and `self`.
    func since(_ before: CPUShare) -> (busy: Double, steal: Double) {
        let delta = zip(ticks, before.ticks).map { $0 >= $1 ? $0 - $1 : 0 }
        let total = delta.reduce(0, +)
        guard total > 0 else { return (0, 0) }
        let idle = delta[3] + delta[4]
        let steal = delta[7]
        return (Double(total - idle - steal) * 100 / Double(total), Double(steal) * 100 / Double(total))
    }
}
