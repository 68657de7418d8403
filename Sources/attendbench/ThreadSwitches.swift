import AttendIO
import Foundation
import Glibc

/// Context switches of each thread of a process, by thread name, from
/// /proc/PID/task/TID/status: a voluntary one is a thread going to sleep (waiting for a
/// condition, an fsync, `epoll_wait`) and being woken again, an involuntary one a thread the
/// scheduler took its core from. Per acknowledged request they say how often a stage waited,
/// a figure that does not depend on how slow the machine's other load made each wait.
enum ThreadSwitches {
    struct Counts: Sendable {
        var voluntary = 0
        var involuntary = 0
    }

    /// Counts by thread name (threads of one name summed).
    static func byName(_ pid: pid_t) -> [String: Counts] {
        var counts: [String: Counts] = [:]
        guard let dir = opendir("/proc/\(pid)/task") else { return counts }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let tid = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard Int(tid) != nil else { continue }
            var name = ""
            var thread = Counts()
            for line in ProcFile.read("/proc/\(pid)/task/\(tid)/status").split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let value = parts[1].drop { $0 == " " || $0 == "\t" }
                switch parts[0] {
                case "Name": name = String(value)
                case "voluntary_ctxt_switches": thread.voluntary = Int(value) ?? 0
                case "nonvoluntary_ctxt_switches": thread.involuntary = Int(value) ?? 0
                default: continue
                }
            }
            counts[name, default: Counts()].voluntary += thread.voluntary
            counts[name, default: Counts()].involuntary += thread.involuntary
        }
        return counts
    }

    /// `sleeps an ack: writer 1.02, loop 0.98, checkpointer 0.001, status 0.001; preempted a
    /// second: writer 350, loop 1770` from two readings around a run of `acks` acknowledged
    /// requests over `seconds`: how often each stage waited, and how often the scheduler took
    /// the writer's and the loop's core for another thread (the load generator's among them).
    static func describe(before: [String: Counts], after: [String: Counts], acks: Int, seconds: Double) -> String {
        guard acks > 0, seconds > 0 else { return "" }
        let names = [("attendd-writer", "writer"), ("attendd", "loop"), ("attendd-ckpt", "checkpointer"), ("attendd-status", "status")]
        let sleeps = names.map { thread, label in
            let switches = (after[thread]?.voluntary ?? 0) - (before[thread]?.voluntary ?? 0)
            return label + " " + String(format: "%.3f", Double(switches) / Double(acks))
        }
        let preempted = names.prefix(2).map { thread, label in
            let switches = (after[thread]?.involuntary ?? 0) - (before[thread]?.involuntary ?? 0)
            return label + " " + String(format: "%.0f", Double(switches) / seconds)
        }
        return "sleeps an ack: " + sleeps.joined(separator: ", ") + "; preempted a second: " + preempted.joined(separator: ", ")
    }
}
