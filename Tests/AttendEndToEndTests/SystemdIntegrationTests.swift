import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// What systemd sees of the real daemon: sd_notify messages, journald priority prefixes,
/// the control socket's mode.
@Suite struct SystemdIntegrationTests {
    @Test func notifiesReadyWatchdogAndStoppingAndLogsWithPriorities() throws {
        let directory = NSTemporaryDirectory() + "attendd-notify-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let socketPath = directory + "/notify.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(socketPath.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)

        let daemon = try DaemonHarness(environment: [
            "NOTIFY_SOCKET": socketPath, "WATCHDOG_USEC": "400000", "JOURNAL_STREAM": "8:1234",
        ])
        var messages: [String] = []
        func receive(until wanted: String) {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline && !messages.contains(where: { $0.contains(wanted) }) {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 200) == 1 else { continue }
                var buffer = [UInt8](repeating: 0, count: 4096)
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count > 0 { messages.append(String(decoding: buffer[..<count], as: UTF8.self)) }
            }
        }
        receive(until: "READY=1")
        #expect(messages.first?.hasPrefix("READY=1\nSTATUS=") == true)
        receive(until: "WATCHDOG=1")
        #expect(messages.contains("WATCHDOG=1"))
        try daemon.openConference("N")
        receive(until: "STATUS=N: 0 in")
        #expect(messages.contains { $0.hasPrefix("STATUS=N: 0 in, 0 out") })
        daemon.signal(SIGTERM)
        receive(until: "STOPPING=1")
        #expect(messages.contains("STOPPING=1"))
        #expect(daemon.stop() == 0)

        let lines = daemon.log.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("<6>") || $0.hasPrefix("<4>") || $0.hasPrefix("<3>") })
        #expect(lines.contains { $0.hasPrefix("<6>ready ") })
    }

    @Test func theControlSocketIsGroupOnly() throws {
        let daemon = try DaemonHarness()
        var info = stat()
        #expect(stat(daemon.controlSocket, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o660)
    }
}
