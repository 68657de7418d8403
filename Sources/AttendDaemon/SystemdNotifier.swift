import CAttendSys
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd how the daemon is doing (sd_notify(3)) without linking libsystemd.
///
/// Each call sends one datagram of newline-separated `KEY=value` fields to the AF_UNIX
/// socket named in `$NOTIFY_SOCKET`. Notification is best effort: a failed send is not an
/// error the daemon can do anything about, so it is only reported as `false`.
public final class SystemdNotifier: Sendable {
    /// `$NOTIFY_SOCKET` as given: a filesystem path, or `@name` for the abstract namespace.
    public let socketName: String
    /// The bytes that go into `sun_path`: the name, with a leading `@` replaced by NUL.
    private let pathBytes: [UInt8]

    /// Returns nil when `NOTIFY_SOCKET` is unset (not started by systemd, or
    /// `Type=` is not `notify`) or names something other than an AF_UNIX socket that fits
    /// in `sun_path` (systemd 254+ may also pass `vsock:` addresses, which we do not speak).
    public init?(environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let name = environment["NOTIFY_SOCKET"], let first = name.first,
              first == "/" || first == "@" else { return nil }
        var bytes = Array(name.utf8)
        if first == "@" { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: sockaddr_un().sun_path)
        guard bytes.count >= 2, bytes.count <= capacity else { return nil }
        self.socketName = name
        self.pathBytes = bytes
    }

    /// Sends `fields` (e.g. `["READY=1", "STATUS=serving"]`) as one datagram, joined with
    /// newlines. Returns whether the whole datagram was sent.
    @discardableResult
    public func notify(_ fields: [String]) -> Bool {
        guard !fields.isEmpty else { return false }
        let payload = Array(fields.joined(separator: "\n").utf8)

        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: pathBytes)
        }
        // No trailing NUL: for the abstract namespace every byte of the length is the name.
        let length = socklen_t(Int(attend_sun_path_offset()) + pathBytes.count)

        var sent: Int
        repeat {
            sent = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    payload.withUnsafeBytes { buffer in
                        sendto(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL),
                               socketAddress, length)
                    }
                }
            }
        } while sent < 0 && errno == EINTR
        return sent == payload.count
    }

    /// Startup is complete: `READY=1` with a human-readable status line.
    @discardableResult
    public func ready(status: String) -> Bool {
        notify(["READY=1", "STATUS=" + Self.oneLine(status)])
    }

    /// Updates the status line shown by `systemctl status`.
    @discardableResult
    public func status(_ text: String) -> Bool {
        notify(["STATUS=" + Self.oneLine(text)])
    }

    /// Keeps the service watchdog (`WatchdogSec=`) from firing.
    @discardableResult
    public func watchdog() -> Bool {
        notify(["WATCHDOG=1"])
    }

    /// Graceful shutdown has begun.
    @discardableResult
    public func stopping() -> Bool {
        notify(["STOPPING=1"])
    }

    /// How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, as sd_watchdog_enabled(3)
    /// advises. Nil when the watchdog is off (unset, zero or unparsable), or when
    /// `$WATCHDOG_PID` names another process (the variable was inherited, not meant for us).
    public static func watchdogInterval(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        processID: pid_t = getpid()
    ) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0,
              usec <= UInt64(Int64.max) else { return nil }
        if let pidText = environment["WATCHDOG_PID"] {
            guard let pid = pid_t(pidText), pid == processID else { return nil }
        }
        return .microseconds(Int64(usec)) / 2
    }

    /// A newline inside a STATUS value would start a new (bogus) field.
    private static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
