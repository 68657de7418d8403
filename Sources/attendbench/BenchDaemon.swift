import AttendCore
import AttendDaemon
import AttendIO
import Foundation
import Glibc

/// A release `attendd` in a temporary folder of its own, on loopback, tuned to be measured:
/// no rate limit, room for 5,000 connections and deep pipelines.
final class BenchDaemon: @unchecked Sendable {
    let folder: DaemonFolder
    let process: BenchProcess
    /// The TCP and UDP port, known once `waitUntilReady` returned.
    private(set) var port: Int

    /// The conference every benchmark checks in to.
    static let conference = "BENCH-2026"

    /// `attendd`, next to this executable (both built by the same `swift build -c release`).
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("attendd").path
    }

    /// Whether the folder goes when the daemon does.
    private let ownsFolder: Bool

    /// Starts attendd in `folder` without waiting for it; `environment` is added to its
    /// environment (e.g. `ATTENDD_TEST_CLOCK_START`).
    init(
        folder: DaemonFolder, ownsFolder: Bool = true, dieWithParent: Bool = true, environment: [String: String] = [:]
    ) throws(BenchError) {
        guard access(Self.executable, X_OK) == 0 else {
            throw BenchError("no attendd next to attendbench at \(Self.executable): build with swift build -c release")
        }
        self.folder = folder
        self.ownsFolder = ownsFolder
        port = folder.port
        process = try BenchProcess(
            Self.executable, ["--config", folder.configPath, "--data", folder.dataDirectory],
            logPath: folder.logPath, dieWithParent: dieWithParent, extraEnvironment: environment)
    }

    /// Starts a daemon in a new folder, waits until it is ready and opens the bench conference.
    static func start(
        _ options: BenchOptions, name: String, limits: [String: String] = [:], extra: String = ""
    ) throws(BenchError) -> BenchDaemon {
        let daemon = try BenchDaemon(folder: try DaemonFolder(base: options.directory, name: name, limits: limits, extra: extra))
        try daemon.waitUntilReady()
        try daemon.openConference()
        return daemon
    }

    deinit {
        process.kill(force: true)
        if ownsFolder { folder.remove() }
    }

    /// Waits for the `ready` log line and reads the bound port from it.
    func waitUntilReady(timeoutSeconds: Double = 20) throws(BenchError) {
        let deadline = MonotonicClock.now() + UInt64(timeoutSeconds * 1e9)
        while MonotonicClock.now() < deadline {
            let log = folder.log
            if let ready = log.range(of: " ready "), let tcp = log[ready.upperBound...].range(of: "tcp=127.0.0.1:") {
                port = Int(log[tcp.upperBound...].prefix(while: \.isNumber)) ?? 0
                return
            }
            if !process.isRunning {
                throw BenchError("attendd exited (\(process.exit?.description ?? "?")): \(log.suffix(2000))")
            }
            usleep(2_000)
        }
        throw BenchError("attendd was not ready after \(timeoutSeconds) s: \(folder.log.suffix(2000))")
    }

    /// Opens the bench conference over the control socket.
    func openConference() throws(BenchError) {
        do {
            let reply = try LineClient(unixPath: folder.controlSocket)
                .request("OPEN conf=\(Self.conference) title=\"Hội nghị đo hiệu năng\"")
            guard reply.isOK else { throw BenchError("OPEN refused: \(reply)") }
        } catch let error as BenchError {
            throw error
        } catch {
            throw BenchError("OPEN over \(folder.controlSocket): \(error)")
        }
    }

    /// SIGTERM; returns how it ended and the seconds from the signal to the exit.
    func stop(timeoutSeconds: Double = 30) -> (exit: BenchProcess.Exit?, seconds: Double) {
        let start = MonotonicClock.now()
        process.signal(SIGTERM)
        let exit = process.waitForExit(timeoutSeconds: timeoutSeconds)
        let seconds = MonotonicClock.seconds(since: start)
        if exit == nil { process.kill(force: true) }
        return (exit, seconds)
    }
}

/// A daemon's temporary folder: its config, its data and its log.
struct DaemonFolder: Sendable {
    let directory: String
    /// The configured port (0: the kernel picks one; read it from the log).
    let port: Int

    var configPath: String { directory + "/attendd.conf" }
    var dataDirectory: String { directory + "/data" }
    var databasePath: String { dataDirectory + "/attendd.db" }
    var controlSocket: String { dataDirectory + "/run/control.sock" }
    var statusPath: String { dataDirectory + "/run/status.json" }
    /// The daemon's status file as it is now; nil while there is none or it cannot be read.
    var status: StatusSnapshot? {
        FileManager.default.contents(atPath: statusPath).flatMap { try? StatusSnapshot.decode(json: $0) }
    }
    var logPath: String { directory + "/attendd.log" }
    var log: String { String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self) }

    /// The limits the benchmark runs with; `limits` overrides or adds keys.
    static let benchLimits = [
        "rate_per_source": "0", "max_pipeline": "65536", "max_connections": "5000", "idle_timeout": "3600",
    ]

    /// Creates `base/attendbench-NAME-UUID` with a config on 127.0.0.1:`port`; `extra` is
    /// appended to it (more sections).
    init(base: String, name: String, port: Int = 0, limits: [String: String] = [:], extra: String = "") throws(BenchError) {
        directory = base + "attendbench-\(name)-" + UUID().uuidString.prefix(8)
        self.port = port
        let merged = Self.benchLimits.merging(limits) { $1 }
        let config = """
            # Written by attendbench: loopback, no rate limit, room for the load.
            [listen]
            address = 127.0.0.1
            port = \(port)
            [limits]
            \(merged.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n"))
            [log]
            level = info
            \(extra)
            """
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        } catch {
            throw BenchError("cannot prepare \(directory): \(error)")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
