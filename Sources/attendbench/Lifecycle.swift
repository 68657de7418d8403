import AttendStore
import Foundation
import Glibc

/// Start-up (launch until a TCP PING is answered) and shutdown (SIGTERM until exit, with 64
/// connections' pipelines full).
enum Lifecycle {
    static let section = "start-up and shutdown"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        try startup(options, reporter: reporter)
        try shutdown(options, reporter: reporter)
    }

    /// The first start creates the database; the median is over restarts on it.
    static func startup(_ options: BenchOptions, reporter: Reporter) throws {
        let folder = try DaemonFolder(base: options.directory, name: "startup", port: try BenchSocket.freePort())
        defer { folder.remove() }
        reporter.progress("start-up: \(options.startups + 1) starts")
        let first = try timeToFirstPing(folder)
        var times: [Double] = []
        for _ in 0..<options.startups { times.append(try timeToFirstPing(folder)) }
        let sorted = Percentiles(times)
        reporter.add(Measurement(
            section, "start-up to first PING answered (median of \(times.count))", sorted.at(50), "ms", atMost: 100,
            note: String(format: "max %.1f ms; first start, creating the database: %.1f ms", sorted.max, first)))
    }

    /// Launches attendd and sends PING until it is answered; returns the milliseconds, after
    /// stopping the daemon again.
    private static func timeToFirstPing(_ folder: DaemonFolder) throws -> Double {
        let start = MonotonicClock.now()
        // Spawned directly (no setpriv hop) so the figure is attendd's own; it is stopped below.
        let daemon = try BenchDaemon(folder: folder, ownsFolder: false, dieWithParent: false)
        let deadline = start + 20_000_000_000
        while MonotonicClock.now() < deadline {
            if let fd = try? BenchSocket.connectTCP(port: folder.port) {
                let reply = BenchSocket.request(fd, "PING", timeoutSeconds: 5)
                close(fd)
                if reply?.hasPrefix("OK") == true {
                    let milliseconds = Double(MonotonicClock.now() - start) / 1e6
                    let stopped = daemon.stop()
                    guard stopped.exit?.code == 0 else {
                        throw BenchError("attendd did not stop cleanly (\(stopped.exit?.description ?? "timeout")): \(folder.log.suffix(1000))")
                    }
                    return milliseconds
                }
            }
            guard daemon.process.isRunning else {
                throw BenchError("attendd exited during start-up (\(daemon.process.exit?.description ?? "?")): \(folder.log.suffix(1000))")
            }
            usleep(200)
        }
        throw BenchError("attendd did not answer PING within 20 s")
    }

    /// 64 connections keep their pipelines full; SIGTERM; time to exit, status, and whether
    /// every acknowledged check-in is in the database.
    static func shutdown(_ options: BenchOptions, reporter: Reporter) throws {
        let connections = 64
        let daemon = try BenchDaemon.start(options, name: "shutdown")
        let perConnection = options.quick ? 2_000 : 20_000
        let lines = LineGenerator.perConnection(tag: "stop", connections: connections, total: connections * perConnection)
        let shape = PipelinedLoad.Shape(window: 2_048, block: 512, expectReplies: true, timeoutSeconds: 60)
        reporter.progress("shutdown: SIGTERM under load from \(connections) connections")
        let load = try PipelinedLoad(port: daemon.port, lines: lines, shape: shape)
        let result = Box(LoadResult())
        let driver = BackgroundThread("shutdown-load") { result.value = load.run() }
        MonotonicClock.sleep(seconds: options.quick ? 0.2 : 1)
        let stopped = daemon.stop()
        driver.join(timeoutSeconds: 90)
        let load64 = result.value
        let stored = (try? Database(path: daemon.folder.databasePath, readOnly: true)
            .scalar("SELECT count(*) FROM checkin")) ?? -1
        var status = Measurement(section, "shutdown: exit status", stopped.exit?.code.map(Double.init), "",
            note: stopped.exit?.description ?? "did not exit in 30 s: killed")
        status.target = "0"
        status.met = stopped.exit?.code == 0
        reporter.add(Measurement(
            section, "shutdown: SIGTERM to exit, \(connections) full pipelines", stopped.seconds * 1000, "ms",
            note: "\(load64.okReplies) acknowledged of \(load64.sent) sent; \(stored) stored; "
                + (stored >= Int64(load64.okReplies) ? "every OK stored" : "ACKNOWLEDGED ROWS MISSING")))
        reporter.add(status)
    }
}
