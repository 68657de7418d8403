import Foundation
import Glibc

/// A child process started with `posix_spawn` and reaped with `waitpid`, so start-up and
/// shutdown are timed to the syscall (Foundation's `Process` reaps on its own schedule).
///
/// With `dieWithParent`, the child is started through util-linux `setpriv --pdeathsig KILL`:
/// if the benchmark itself dies, the kernel kills its daemons too. Spawn such children from
/// the main thread: the signal fires when the spawning *thread* exits.
final class BenchProcess: @unchecked Sendable {
    let pid: pid_t
    let executable: String
    private let lock = NSLock()
    private var exitStatus: Int32?

    /// How a finished process ended.
    struct Exit: Sendable, CustomStringConvertible {
        /// The exit code, or nil when a signal killed it.
        var code: Int32?
        var signal: Int32?
        var description: String {
            if let code { return "exit \(code)" }
            return signal.map { "killed by signal \($0)" } ?? "exit status unknown"
        }
    }

    private static let setpriv = "/usr/bin/setpriv"
    /// Marks a child reaped by someone else.
    private static let unknownStatus: Int32 = -1

    /// Starts `executable arguments...` with stdout and stderr appended to `logPath`, and
    /// `extraEnvironment` added to the benchmark's own environment.
    init(
        _ executable: String, _ arguments: [String], logPath: String, dieWithParent: Bool = true,
        extraEnvironment: [String: String] = [:]
    ) throws(BenchError) {
        self.executable = executable
        var path = executable
        var argv = [executable] + arguments
        if dieWithParent && access(Self.setpriv, X_OK) == 0 {
            path = Self.setpriv
            argv = [Self.setpriv, "--pdeathsig", "KILL", "--"] + argv
        }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NOTIFY_SOCKET")
        environment.removeValue(forKey: "JOURNAL_STREAM")
        environment.removeValue(forKey: "LISTEN_FDS")
        environment.merge(extraEnvironment) { $1 }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        // The benchmark ignores SIGPIPE; its children get the default dispositions and no mask.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, path, &actions, &attributes, cArguments, cEnvironment)
        guard rc == 0 else { throw BenchError("cannot start \(executable): \(BenchSocket.errorText(rc))") }
        pid = child
    }

    deinit { kill(force: true) }

    /// Sends a signal unless the process already ended.
    func signal(_ number: Int32) {
        if isRunning { Glibc.kill(pid, number) }
    }

    /// Checks without waiting.
    var isRunning: Bool {
        lock.withLock {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { exitStatus = status }
            // ECHILD: someone else reaped it (it is gone, its status unknown).
            if reaped < 0 && errno == ECHILD { exitStatus = Self.unknownStatus }
            return exitStatus == nil
        }
    }

    /// Waits up to `timeoutSeconds` for the process to end; nil if it did not.
    /// Polls every 0.2 ms so the exit time is known to well under a millisecond.
    func waitForExit(timeoutSeconds: Double) -> Exit? {
        let deadline = MonotonicClock.now() + UInt64(timeoutSeconds * 1e9)
        while isRunning {
            if MonotonicClock.now() > deadline { return nil }
            usleep(200)
        }
        return exit
    }

    /// How it ended, once it has.
    var exit: Exit? {
        lock.withLock {
            guard let status = exitStatus else { return nil }
            if status == Self.unknownStatus { return Exit(code: nil, signal: nil) }
            let signal = status & 0x7F
            return signal == 0 ? Exit(code: (status >> 8) & 0xFF, signal: nil) : Exit(code: nil, signal: signal)
        }
    }

    /// SIGTERM (or SIGKILL when `force`), then waits; SIGKILL after 10 s if needed.
    func kill(force: Bool = false) {
        guard isRunning else { return }
        Glibc.kill(pid, force ? SIGKILL : SIGTERM)
        if waitForExit(timeoutSeconds: force ? 5 : 10) == nil {
            Glibc.kill(pid, SIGKILL)
            _ = waitForExit(timeoutSeconds: 5)
        }
    }
}
