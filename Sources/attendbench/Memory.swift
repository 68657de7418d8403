import AttendIO
import Foundation
import Glibc

/// attendd's resident memory (VmRSS from /proc/PID/status): idle after start, with 1,000 idle
/// TCP connections, after a million check-ins, and after a 500-delegate day (`Memory+Day`).
enum Memory {
    static let section = "memory (attendd VmRSS)"

    /// VmRSS, its parts, and VmHWM (the peak) of a process, in MB.
    struct Usage: Sendable {
        var residentMB: Double
        var peakMB: Double
        /// Heap and stacks: what the daemon itself allocated.
        var anonymousMB: Double
        /// Pages of mapped files: mostly the Swift runtime, Foundation and ICU libraries.
        var fileMB: Double

        var parts: String { String(format: "%.1f MB heap and stacks, %.1f MB mapped libraries", anonymousMB, fileMB) }

        static func of(_ pid: pid_t) -> Usage {
            let text = ProcFile.read("/proc/\(pid)/status")
            func field(_ name: String) -> Double {
                guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                      let kB = Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
                else { return 0 }
                return kB / 1024
            }
            return Usage(
                residentMB: field("VmRSS"), peakMB: field("VmHWM"), anonymousMB: field("RssAnon"), fileMB: field("RssFile"))
        }
    }

    static func run(_ options: BenchOptions, storage: StorageLimit.Result?, reporter: Reporter) throws {
        let daemon = try BenchDaemon.start(options, name: "memory")
        MonotonicClock.sleep(seconds: 0.5)
        let idle = Usage.of(daemon.process.pid)
        // Issue 23's targets: 15 MB with the static runtime the install builds, 20 MB dynamic.
        let dynamic = linksSwiftDynamically(daemon.process.pid)
        let runtime = dynamic ? "Swift runtime linked dynamically" : "static Swift runtime"
        reporter.add(Measurement(
            section, "idle after start (\(runtime))", idle.residentMB, "MB", atMost: dynamic ? 20 : 15,
            note: idle.parts + "; most resident: " + largestMappings(daemon.process.pid)))

        reporter.progress("memory: opening \(options.idleConnections) idle connections")
        var fds: [Int32] = []
        defer { fds.forEach { close($0) } }
        for _ in 0..<options.idleConnections {
            let fd = try BenchSocket.connectTCP(port: daemon.port)
            fds.append(fd)
            // A PING answered means attendd accepted the connection and holds its state.
            guard BenchSocket.request(fd, "PING", timeoutSeconds: 5)?.hasPrefix("OK") == true else {
                throw BenchError("PING on connection \(fds.count) was not answered")
            }
        }
        MonotonicClock.sleep(seconds: 0.3)
        let connected = Usage.of(daemon.process.pid)
        reporter.add(Measurement(
            section, "with \(options.idleConnections) idle TCP connections", connected.residentMB, "MB", atMost: 40,
            note: String(format: "%.1f kB a connection; ", (connected.residentMB - idle.residentMB) * 1024 / Double(options.idleConnections))
                + connected.parts))
        fds.forEach { close($0) }
        fds.removeAll()

        let total = options.memoryCheckins
        reporter.progress("memory: storing \(total) check-ins over 8 connections")
        let lines = LineGenerator.perConnection(tag: "mem", connections: 8, total: total)
        let result = try PipelinedLoad(port: daemon.port, lines: lines, shape: .ingest(connections: 8)).run()
        MonotonicClock.sleep(seconds: 0.5)
        let after = Usage.of(daemon.process.pid)
        reporter.add(Measurement(
            section, "after \(Measurement.format(Double(result.okReplies), "")) check-ins", after.residentMB, "MB",
            note: String(format: "peak (VmHWM) %.1f MB; ", after.peakMB) + after.parts
                + (result.errors > 0 ? "; \(result.errors) ERR: \(result.firstError ?? "")" : "")))
        // The same number of rows as the storage limit wrote: the two compare over the whole growth.
        let limit = storage?.rowsPerSecond(upTo: total)
        reporter.add(Measurement(
            section, "  (ingest of those, 8 connections)", result.okPerSecond, "acks/s",
            note: limit.map { String(format: "%.2f of the storage limit over as many rows", result.okPerSecond / $0) } ?? ""))
        try runDay(options, dynamic: dynamic, runtime: runtime, reporter: reporter)
    }

    /// The five mappings with the most resident memory, by file (or `[heap]`, `[anon]` for heap
    /// arenas and thread stacks), from /proc/PID/smaps: `libswiftCore.so 4.8 MB, ...`.
    static func largestMappings(_ pid: pid_t, count: Int = 5) -> String {
        var byName: [String: Int] = [:]
        var current = "[anon]"
        for line in ProcFile.read("/proc/\(pid)/smaps").split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), first.allSatisfy({ $0.isHexDigit || $0 == "-" }) {
                current = fields.count > 5 ? String(fields[5].split(separator: "/").last ?? "") : "[anon]"
            } else if fields.first == "Rss:", fields.count > 1, let kB = Int(fields[1]) {
                byName[current, default: 0] += kB
            }
        }
        return byName.sorted { $0.value > $1.value }.prefix(count)
            .map { "\($0.key) " + String(format: "%.1f MB", Double($0.value) / 1024) }.joined(separator: ", ")
    }

    /// Whether the daemon maps libswiftCore.so (a plain `swift build`), or carries the runtime
    /// inside (`--static-swift-stdlib`, as systemd/install.sh builds it).
    private static func linksSwiftDynamically(_ pid: pid_t) -> Bool {
        ProcFile.read("/proc/\(pid)/maps").contains("libswiftCore.so")
    }

}
