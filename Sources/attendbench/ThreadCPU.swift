import AttendIO
import Glibc

/// CPU seconds (user + system) each thread of a process has used, by thread name, from
/// /proc/PID/task/TID/stat: where an ingest run's two cores went, in microseconds an ack,
/// a figure the machine's other load moves far less than a rate.
enum ThreadCPU {
    /// Seconds by thread name (threads of one name summed).
    static func byName(_ pid: pid_t) -> [String: Double] {
        var seconds: [String: Double] = [:]
        guard let dir = opendir("/proc/\(pid)/task") else { return seconds }
        defer { closedir(dir) }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        while let entry = readdir(dir) {
            let tid = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard Int(tid) != nil else { continue }
            let text = ProcFile.read("/proc/\(pid)/task/\(tid)/stat")
            guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { continue }
            let name = String(text[text.index(after: open)..<close])
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { continue }
            seconds[name, default: 0] += (user + system) / ticks
        }
        return seconds
    }

    /// This process's own CPU seconds (every thread): the load generator's share.
    static func ownSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// `writer 9.1, loop 4.0, other 0.3, generator 3.2 µs an ack`.
    static func describe(daemon: [String: Double], generatorSeconds: Double, acks: Int) -> String {
        guard acks > 0 else { return "" }
        let perAck = { (seconds: Double) in seconds * 1e6 / Double(acks) }
        let writer = daemon["attendd-writer"] ?? 0
        let loop = daemon["attendd"] ?? 0
        let other = daemon.values.reduce(0, +) - writer - loop
        return String(format: "CPU an ack: writer %.1f, loop %.1f, other threads %.1f, generator %.1f µs",
                      perAck(writer), perAck(loop), perAck(other), perAck(generatorSeconds))
    }
}
