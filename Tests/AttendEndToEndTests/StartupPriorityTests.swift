import AttendIO
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Under journald (`JOURNAL_STREAM` set) the reason attendd will not start is filed at error
/// priority (`<3>` on every line), so `journalctl -p err -u attendd` shows it.
@Suite struct StartupPriorityTests {
    /// Runs attendd as systemd would (JOURNAL_STREAM set) on a config of its own and waits for
    /// it to exit; returns its status and everything it wrote to stderr.
    static func startUnderJournald(config: String, arguments: [String] = []) throws -> (status: Int32, stderr: String) {
        let directory = NSTemporaryDirectory() + "attendd-prio-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configPath = directory + "/attendd.conf"
        try config.replacingOccurrences(of: "DIR", with: directory).write(toFile: configPath, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent("attendd")
        process.arguments = ["--config", configPath, "--data", directory + "/data"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment["JOURNAL_STREAM"] = "8:4242"
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Every line carries the error priority, and one of them says `wanted`.
    static func expectErrorPriority(_ stderr: String, saying wanted: String) {
        // Under CI's passes with a moved wall clock, the test clock's own warning (at <4>) comes
        // first; it is not the start-up's failure, so it is left out.
        let lines = stderr.split(separator: "\n").filter { !($0.hasPrefix("<4>") && $0.contains("wall clock moved for a test")) }
        #expect(!lines.isEmpty)
        for line in lines { #expect(line.hasPrefix("<3>"), "no <3> priority on: \(line)") }
        #expect(stderr.contains(wanted), "\(stderr)")
    }

    @Test func aBusyPortIsAnError() throws {
        let (fd, port) = try listenOnLoopback(port: 0)
        defer { close(fd) }
        let (status, stderr) = try Self.startUnderJournald(config: "[listen]\naddress = 127.0.0.1\nport = \(port)\n")
        #expect(status == 1)
        Self.expectErrorPriority(stderr, saying: "cannot listen: bind")
        #expect(stderr.contains("Address already in use"), "\(stderr)")
    }

    @Test func aConfigErrorIsAnErrorOnEveryLine() throws {
        let (status, stderr) = try Self.startUnderJournald(config: "[listen]\naddress = 127.0.0.1\nport = 0\nbogus = 1\n[limits]\nmax_connections = -5\n")
        #expect(status == 1)
        #expect(stderr.split(separator: "\n").count >= 2, "both problems reported: \(stderr)")
        Self.expectErrorPriority(stderr, saying: "bogus")
    }

    @Test func aKeysFileOthersMayReadIsAnError() throws {
        let keys = NSTemporaryDirectory() + "attendd-prio-keys-" + UUID().uuidString
        try "xa-a \(String(repeating: "0f", count: 32))\n".write(toFile: keys, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: keys) }
        chmod(keys, 0o644)
        let (status, stderr) = try Self.startUnderJournald(config: "[listen]\naddress = 127.0.0.1\nport = 0\n[hub]\nkeys_file = \(keys)\n")
        #expect(status == 1)
        Self.expectErrorPriority(stderr, saying: "is readable by other users")
    }

    @Test func aUsageErrorIsAnErrorOnEveryLine() throws {
        let (status, stderr) = try Self.startUnderJournald(config: "", arguments: ["--no-such-option"])
        #expect(status == 2)
        Self.expectErrorPriority(stderr, saying: "--no-such-option")
    }
}
