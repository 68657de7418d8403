import AttendCore
import AttendStore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The database cannot be written at start (another daemon holds the folder, another program
/// holds SQLite's write lock, the file is read-only): attendd says why and exits non-zero,
/// instead of starting and refusing every check-in.
@Suite struct StartupFaultTests {
    /// A daemon that ran once (so the database exists) and stopped.
    static func stoppedDaemon() throws -> DaemonHarness {
        let daemon = try DaemonHarness()
        try daemon.openConference("F")
        #expect(daemon.stop() == 0)
        return daemon
    }

    /// Runs attendd on the harness's config and data (through `prefix`, e.g. setpriv) until it
    /// exits or `timeoutSeconds` pass; returns its status (nil: still running, killed) and stderr.
    static func startExpectingFailure(_ daemon: DaemonHarness, prefix: [String] = [], timeoutSeconds: Double = 20) throws -> (Int32?, String) {
        let process = Process()
        let attendd = DaemonHarness.productsDirectory.appendingPathComponent("attendd").path
        let command = prefix + [attendd, "--config", daemon.configPath, "--data", daemon.dataDirectory]
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let err = Pipe()
        process.standardError = err
        process.standardOutput = err
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        var status: Int32? = nil
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        } else {
            status = process.terminationStatus
        }
        process.waitUntilExit()
        return (status, String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test func anotherDaemonHoldingTheFolder() throws {
        let daemon = try Self.stoppedDaemon()
        let fd = open(daemon.dataDirectory + "/attendd.lock", O_RDWR)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX | LOCK_NB) == 0)
        let (status, output) = try Self.startExpectingFailure(daemon)
        #expect(status == 1)
        #expect(output.contains("attendd.lock is locked: another attendd is using"), "\(output)")
    }

    @Test func anotherProgramHoldingTheWriteLock() throws {
        let daemon = try Self.stoppedDaemon()
        // Say an admin left `sqlite3 attendd.db` inside a transaction.
        let other = try Database(path: daemon.databasePath)
        try other.execute("BEGIN IMMEDIATE")
        let (status, output) = try Self.startExpectingFailure(daemon)
        #expect(status == 1)
        #expect(output.contains("cannot take the write lock"), "\(output)")
        #expect(output.contains("is another program writing it?"))
        try other.execute("ROLLBACK")
        try daemon.start()  // once the lock is gone, it starts
        #expect(try daemon.connect().request("CHECKIN id=after").isOK)
    }

    @Test func aReadOnlyDatabase() throws {
        let daemon = try Self.stoppedDaemon()
        chmod(daemon.databasePath, 0o444)
        // root writes through file modes; run the daemon as nobody then, as systemd runs it as attendd.
        var prefix: [String] = []
        if getuid() == 0 {
            let chown = Process()
            chown.executableURL = URL(fileURLWithPath: "/bin/chown")
            chown.arguments = ["-R", "65534:65534", daemon.directory]
            try chown.run()
            chown.waitUntilExit()
            prefix = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        }
        let (status, output) = try Self.startExpectingFailure(daemon, prefix: prefix)
        #expect(status == 1)
        #expect(output.contains("attendd.db is read-only"), "\(output)")
    }
}
