import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The event loop stays quiet after a peer goes away while a reply or a payload is owed
/// (issue 13, item 3): EPOLLHUP/EPOLLERR cannot be masked, so the connection must close.
/// Each repro is measured by the daemon's own CPU time from /proc/PID/stat over 2 s.
@Suite struct ConnectionSpinTests {
    /// The process's user + system CPU time in clock ticks.
    static func cpuTicks(_ pid: Int32) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, utime field 14, stime field 15.
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
    }

    /// The daemon's share of one core over `seconds` of wall time.
    static func cpuShare(_ pid: Int32, seconds: Double = 2) -> Double {
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let before = cpuTicks(pid)
        let started = Date()
        while Date().timeIntervalSince(started) < seconds { usleep(50_000) }
        return Double(cpuTicks(pid) - before) / ticksPerSecond / Date().timeIntervalSince(started)
    }

    static let hubKey = String(repeating: "ab", count: 32)

    /// A hub (it collects TALLY payloads) with a loopback probe target for the line test.
    static func hub(_ probe: Int, _ limits: String = "rate_per_source = 0") throws -> DaemonHarness {
        let directory = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let keys = directory + "/hub.keys"
        try "b1 \(hubKey)\n".write(toFile: keys, atomically: true, encoding: .utf8)
        chmod(keys, 0o600)
        defer { try? FileManager.default.removeItem(atPath: directory) }  // read at start
        return try DaemonHarness(
            extraConfig: "[hub]\nkeys_file = \(keys)\n[probes]\ntargets = up 127.0.0.1:\(probe) tcp\ninterval = 60\n", limits: limits)
    }

    static let tallyLine = "TALLY bridge=b1 conf=C rev=1 mac=\(String(repeating: "0", count: 64)) bytes=1000\n"

    /// The peer vanishes in each way the issue found; the daemon then uses under 10% of a core,
    /// and the stream connections are closed.
    @Test(arguments: ["invite-control", "linetest-control", "tally-shutwr", "tally-reset", "reply-reset"])
    func theLoopIsQuietAfterThePeerVanished(repro: String) throws {
        let upstream = try LoopbackTCPServer()
        let daemon = try Self.hub(upstream.port)
        let pid = try #require(daemon.process?.processIdentifier)
        switch repro {
        case "invite-control":
            let control = try daemon.control()
            try control.send("INVITE conf=X bytes=100")
            shutdown(control.fd, Int32(SHUT_RDWR))  // Ctrl-C of attendctl send: the daemon sees a hang-up
        case "linetest-control":
            let control = try daemon.control()
            try control.send("LINETEST seconds=20")
            shutdown(control.fd, Int32(SHUT_RDWR))
        case "tally-shutwr":
            let fd = try SourceBinding.connectTCP(from: "127.0.0.2", port: daemon.port)
            _ = Array((Self.tallyLine + "{\"part\":").utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            shutdown(fd, Int32(SHUT_WR))
            defer { close(fd) }
            #expect(Self.cpuShare(pid) < 0.10)
        case "tally-reset", "reply-reset":
            let fd = try SourceBinding.connectTCP(from: "127.0.0.2", port: daemon.port)
            let text = repro == "tally-reset" ? Self.tallyLine + "{\"part\":" : String(repeating: "PING\n", count: 2_000)
            _ = Array(text.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            close(fd)  // RST
        default:
            Issue.record("unknown repro \(repro)")
        }
        let share = Self.cpuShare(pid)
        #expect(share < 0.10, "\(repro): the daemon used \(Int(share * 100))% of a core after the peer vanished")
        print("spin \(repro): \(String(format: "%.1f", share * 100))% of a core over 2 s")
        let status = try daemon.waitForStatus { $0.connections.open == 0 }
        #expect(status.connections.open == 0)
        #expect(try daemon.connect().request("PING").isOK)
    }
}
