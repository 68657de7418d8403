import AttendCore
import AttendDaemon
import AttendIO
import Foundation
import Glibc

/// A real `attendd` started for a test: its own folder, loopback, a port the kernel picked.
public final class DaemonHarness: @unchecked Sendable {
    public let directory: String
    public let configPath: String
    public private(set) var process: Process?
    /// The TCP and UDP port the daemon bound.
    public private(set) var port = 0

    public var dataDirectory: String { directory + "/data" }
    public var controlSocket: String { dataDirectory + "/run/control.sock" }
    public var statusPath: String { dataDirectory + "/run/status.json" }
    public var databasePath: String { dataDirectory + "/attendd.db" }
    public var logPath: String { directory + "/attendd.log" }

    /// The folder holding the built products (attendd, attendctl).
    public static var productsDirectory: URL { Bundle.main.bundleURL }

    /// Variables added to the daemon's environment (NOTIFY_SOCKET, JOURNAL_STREAM, ...).
    public var extraEnvironment: [String: String]

    /// Where every daemon's wall clock starts when this test process has `ATTENDD_TEST_CLOCK_START`
    /// (CI's pass at 23:58 Vietnam time); nil on the real clock.
    public static let injectedClockStart: Timestamp? = ProcessInfo.processInfo.environment[Clock.testStartVariable]
        .flatMap { Timestamp(rfc3339: $0) }
    /// The monotonic time of this daemon's first start, when its clock was injected: its wall
    /// clock read `injectedClockStart` then, and a restart carries on from where it got to.
    private var clockStartedAtMonotonic: Int64?

    /// Writes a config (`[listen]` on 127.0.0.1 port 0, plus `extraConfig`) and starts the daemon.
    public init(
        extraConfig: String = "", limits: String = "rate_per_source = 0", environment: [String: String] = [:]
    ) throws {
        extraEnvironment = environment
        directory = NSTemporaryDirectory() + "attendd-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        configPath = directory + "/attendd.conf"
        let config = """
            [listen]
            address = 127.0.0.1
            port = 0
            [limits]
            \(limits)
            \(extraConfig)
            """
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        try start()
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The daemon's wall clock as the test reads it: the system's, or, when the clock is injected,
    /// `injectedClockStart` plus the time since the daemon first started. Tests compute "today"
    /// and scan times from this, so they hold whatever the time of day.
    public func now() -> Timestamp {
        guard let start = Self.injectedClockStart, let startedAt = clockStartedAtMonotonic else { return Clock.now() }
        return Timestamp(milliseconds: start.milliseconds + (Clock.monotonicMilliseconds() - startedAt))
    }

    /// Today's date in Vietnam on the daemon's clock, `YYYY-MM-DD`.
    public var today: String { String(now().vietnam.prefix(10)) }

    /// The variable that gives a process started for this daemon (attendctl, the terminal) the
    /// daemon's wall clock; empty on the real clock.
    public var clockEnvironment: [String: String] {
        Self.injectedClockStart == nil ? [:] : [Clock.testStartVariable: now().vietnam]
    }

    /// Starts the daemon and waits until it logged `ready`.
    public func start(timeoutSeconds: Double = 20) throws {
        let logStart = (try? FileManager.default.attributesOfItem(atPath: logPath)[.size] as? Int) ?? 0
        if !FileManager.default.fileExists(atPath: logPath) { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        let process = Process()
        process.executableURL = Self.productsDirectory.appendingPathComponent("attendd")
        process.arguments = ["--config", configPath, "--data", dataDirectory]
        process.standardError = log
        process.standardOutput = log
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.removeValue(forKey: "JOURNAL_STREAM")
        environment.removeValue(forKey: "WATCHDOG_USEC")
        if Self.injectedClockStart != nil {
            if clockStartedAtMonotonic == nil { clockStartedAtMonotonic = Clock.monotonicMilliseconds() }
            environment.merge(clockEnvironment) { _, added in added }
        }
        environment.merge(extraEnvironment) { _, added in added }
        process.environment = environment
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        func logSinceStart() -> String {
            String(decoding: (FileManager.default.contents(atPath: logPath) ?? Data()).dropFirst(logStart), as: UTF8.self)
        }
        while Date() < deadline {
            let text = logSinceStart()
            if let range = text.range(of: "ready "), let tcp = text[range.upperBound...].range(of: "tcp=127.0.0.1:") {
                let digits = text[tcp.upperBound...].prefix(while: \.isNumber)
                port = Int(digits) ?? 0
                return
            }
            // Read again once it exited: it may have written its last words after the read above.
            if !process.isRunning { throw HarnessError("attendd exited with \(process.terminationStatus): \(logSinceStart())") }
            usleep(20_000)
        }
        throw HarnessError("attendd did not become ready in \(timeoutSeconds) s")
    }

    /// Rewrites the config to keep the port the kernel picked, so a restart listens there again
    /// (a peer that was told the port can find the daemon after it comes back).
    public func pinPort() throws {
        let text = try String(contentsOfFile: configPath, encoding: .utf8)
        try text.replacingOccurrences(of: "port = 0", with: "port = \(port)").write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    public func stop() -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    /// SIGKILL: the daemon dies at once, as in a crash.
    public func crash() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Sends a signal to the running daemon.
    public func signal(_ signal: Int32) {
        if let process { kill(process.processIdentifier, signal) }
    }

    /// A TCP connection to the daemon.
    public func connect() throws -> LineClient {
        try LineClient(host: "127.0.0.1", port: port)
    }

    /// A connection to the control socket.
    public func control() throws -> LineClient {
        try LineClient(unixPath: controlSocket)
    }

    /// Runs `attendctl --data DIR args...`; returns its status and output.
    /// `attendctl --config --data ... arguments`, run in `folder` when given (relative names as typed).
    public func attendctl(_ arguments: [String], in folder: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        try Self.run("attendctl", ["--config", configPath, "--data", dataDirectory] + arguments, in: folder, environment: clockEnvironment)
    }

    /// Runs a built product with arguments (in `folder` when given, with `environment` added);
    /// returns its status and output.
    public static func run(
        _ product: String, _ arguments: [String], in folder: String? = nil, environment: [String: String] = [:]
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(product)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        }
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// The daemon's log so far.
    public var log: String { String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self) }

    /// Reads the status file.
    public func status() throws -> StatusSnapshot {
        guard let data = FileManager.default.contents(atPath: statusPath) else { throw HarnessError("no status file") }
        return try StatusSnapshot.decode(json: data)
    }

    /// Waits until `condition` holds for the status file (it is written at most once a second).
    public func waitForStatus(timeoutSeconds: Double = 15, _ condition: (StatusSnapshot) -> Bool) throws -> StatusSnapshot {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            if let snapshot = try? status(), condition(snapshot) { return snapshot }
            usleep(100_000)
        }
        throw HarnessError("status did not reach the expected state in \(timeoutSeconds) s: \((try? status()).map { "\($0)" } ?? "none")")
    }

    /// Opens a conference over the control socket.
    public func openConference(_ id: String, title: String = "Hội nghị thử") throws {
        let reply = try control().request("OPEN conf=\(id) title=\"\(title)\"")
        guard reply.isOK else { throw HarnessError("OPEN failed: \(reply)") }
    }
}

/// A test setup failure, with what went wrong.
public struct HarnessError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension DaemonHarness {
    /// Raises this process's open-file limit to its hard limit (tests that open thousands of sockets).
    public static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
