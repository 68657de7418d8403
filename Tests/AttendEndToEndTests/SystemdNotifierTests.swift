import AttendDaemon
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The sd_notify messages, read back from a real AF_UNIX datagram socket playing systemd.
@Suite struct SystemdNotifierTests {
    @Test func readyReachesASocketInTheFilesystem() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("attendd-notify-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("notify").path

        let systemd = try #require(FakeSystemd(name: path))
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": path]))

        #expect(notifier.ready(status: "serving 3 terminals"))
        #expect(systemd.receive() == "READY=1\nSTATUS=serving 3 terminals")
    }

    @Test func everyMessageReachesASocketInTheAbstractNamespace() throws {
        let name = "@attendd-test-\(UUID().uuidString)"
        let systemd = try #require(FakeSystemd(name: name))
        let notifier = try #require(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]))

        #expect(notifier.ready(status: "ready"))
        #expect(systemd.receive() == "READY=1\nSTATUS=ready")
        #expect(notifier.status("line one\nline two"))
        #expect(systemd.receive() == "STATUS=line one line two")
        #expect(notifier.watchdog())
        #expect(systemd.receive() == "WATCHDOG=1")
        #expect(notifier.stopping())
        #expect(systemd.receive() == "STOPPING=1")
        #expect(systemd.receive() == nil)
    }

    @Test func noNotifySocketMeansNoNotifier() {
        #expect(SystemdNotifier(environment: [:]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": ""]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/path"]) == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)]) == nil)
    }

    @Test func aMissingSocketIsReportedNotFatal() throws {
        let notifier = try #require(
            SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent/attendd-\(UUID().uuidString)"]))
        #expect(notifier.ready(status: "nobody listens") == false)
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() {
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "30000000"]) == .seconds(15))
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "3"]) == .nanoseconds(1_500))
        #expect(SystemdNotifier.watchdogInterval(environment: [:]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "0"]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "soon"]) == nil)
        #expect(SystemdNotifier.watchdogInterval(environment: ["WATCHDOG_USEC": "-5"]) == nil)
    }

    @Test func watchdogPidMustBeOurs() {
        let ours = ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": String(getpid())]
        #expect(SystemdNotifier.watchdogInterval(environment: ours) == .seconds(5))
        #expect(SystemdNotifier.watchdogInterval(environment: ours, processID: getpid() + 1) == nil)
        let garbled = ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "init"]
        #expect(SystemdNotifier.watchdogInterval(environment: garbled) == nil)
    }
}

/// A bound AF_UNIX datagram socket standing in for systemd's notification socket.
private final class FakeSystemd {
    private let fd: Int32
    private let path: String?

    /// Binds `name`: a filesystem path, or `@name` for the abstract namespace.
    init?(name: String) {
        var bytes = Array(name.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        var address = sockaddr_un()
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let offset = MemoryLayout<sockaddr_un>.offset(of: \.sun_path)!
        let length = socklen_t(offset + bytes.count)

        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        path = abstract ? nil : name
        guard fd >= 0 else { return nil }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else {
            close(fd)
            return nil
        }
    }

    deinit {
        close(fd)
        if let path { unlink(path) }
    }

    /// The next queued datagram as text, or nil when none is waiting (sendto on a local
    /// datagram socket queues before it returns, so there is nothing to wait for).
    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
