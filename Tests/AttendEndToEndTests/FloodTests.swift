import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Floods on loopback from other addresses (127.0.0.2-5 stand for broken or hostile machines):
/// random and oversized UDP datagrams, half-open and endless TCP lines, connection churn,
/// while a well-behaved terminal on 127.0.0.1 keeps checking in. It is served throughout,
/// memory stays bounded, and every rejection is counted in the status file.
@Suite(.serialized) struct FloodTests {
    /// The daemon's resident memory in kB, from /proc.
    static func residentKilobytes(_ pid: Int32) -> Int {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// A blocking TCP socket from `source` to the daemon, or -1.
    static func connectTCP(from source: String, port: Int) -> Int32 {
        (try? SourceBinding.connectTCP(from: source, port: port)) ?? -1
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    @Test func aWellBehavedTerminalIsServedThroughAFlood() throws {
        DaemonHarness.raiseFileLimit()
        let daemon = try DaemonHarness(
            limits: "rate_per_source = 500\nrate_burst = 500\nmax_line_bytes = 256\nmax_connections = 600\nidle_timeout = 2")
        try daemon.openConference("FLOOD")
        let pid = try #require(daemon.process?.processIdentifier)
        let terminal = try daemon.connect()
        for seq in 1...50 { #expect(try terminal.request("CHECKIN id=W\(seq) term=good seq=\(seq)").isOK) }
        let baseline = Self.residentKilobytes(pid)
        let port = daemon.port
        let done = Flag()
        let group = DispatchGroup()

        // UDP from 127.0.0.2: garbage, oversized, unknown verbs, valid lines, as fast as it can.
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            guard let udp = try? UDPClient(port: port, from: "127.0.0.2") else { return }
            var random = SystemRandomNumberGenerator()
            var sent = 0
            while !done.isSet {
                switch sent % 5 {
                case 0: udp.send(bytes: (0..<Int.random(in: 1...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
                case 1: udp.send(bytes: [UInt8](repeating: 0x41, count: 2_000))
                case 2: udp.send("HELLO x=\(sent)")
                case 3: udp.send("CHECKIN id=F\(sent) term=flood seq=\(sent)")
                default: udp.send(bytes: Array("PING\nPING\n".utf8))
                }
                sent += 1
            }
        }
        // TCP from 127.0.0.3: half-open lines held open, past max_connections.
        var held: [Int32] = []
        for _ in 0..<700 {
            let fd = Self.connectTCP(from: "127.0.0.3", port: port)
            if fd >= 0 {
                Self.send(fd, Array("CHECKIN id=half".utf8))
                held.append(fd)
            }
        }
        // TCP from 127.0.0.4: endless lines, 64 KiB at a time; from 127.0.0.5: connect and leave.
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            let chunk = [UInt8](repeating: 0x42, count: 65_536)
            while !done.isSet {
                let endless = FloodTests.connectTCP(from: "127.0.0.4", port: port)
                if endless >= 0 {
                    for _ in 0..<8 { FloodTests.send(endless, chunk) }
                    FloodTests.send(endless, [0x0A])
                    usleep(20_000)
                    close(endless)
                }
                let churn = FloodTests.connectTCP(from: "127.0.0.5", port: port)
                if churn >= 0 { close(churn) }
            }
        }

        // Meanwhile the good terminal checks in every 10 ms over TCP, and over UDP as a UDP
        // terminal must: resending the same line (same seq) when no reply came in 300 ms. The
        // flood fills the kernel's buffer of the one UDP socket, so some of its datagrams are
        // dropped before attendd sees them (counted as kernel drops); the retries get through.
        let goodUDP = try UDPClient(port: port, from: "127.0.0.1")
        var peak = baseline
        var slowest = 0.0
        var served = 0
        var udpRetries = 0
        var udpLost = 0
        // The terminal's 50 rounds, each checked below, under the flood; the deadline only bounds
        // a hung run (a count in a fixed time would measure how busy the machine is).
        let floodEnds = Date().addingTimeInterval(60)
        var seq = 1_000
        while served < 50 && Date() < floodEnds {
            seq += 1
            let started = Date()
            let reply = try terminal.request("CHECKIN id=W\(seq % 300) term=good seq=\(seq)", timeoutSeconds: 5)
            #expect(reply.isOK, "\(reply)")
            slowest = max(slowest, Date().timeIntervalSince(started))
            seq += 1
            var answered = false
            for attempt in 0..<10 where !answered {
                if attempt > 0 { udpRetries += 1 }
                if let text = goodUDP.request("CHECKIN id=U\(seq % 300) term=good-udp seq=\(seq)", timeoutSeconds: 0.3) {
                    #expect((try? Reply.decode(text))?.isOK == true, "\(text)")
                    answered = true
                }
            }
            if !answered { udpLost += 1 }
            served += 1
            peak = max(peak, Self.residentKilobytes(pid))
            usleep(10_000)
        }
        done.set()
        #expect(group.wait(timeout: .now() + 30) == .success)
        #expect(served >= 50)
        #expect(slowest < 1.0, "the good TCP terminal waited \(slowest) s")
        #expect(udpLost == 0, "\(udpLost) UDP check-ins not answered in 10 tries")
        // Bounded: the flood's connections and lines cost little, nothing grows with it.
        #expect(peak - baseline < 64 * 1024, "resident memory grew from \(baseline) kB to \(peak) kB")

        // Every kind of rejection is counted. The half-open lines are closed by the idle timeout.
        let status = try daemon.waitForStatus(timeoutSeconds: 20) { $0.connections.idleClosed >= 500 }
        for fd in held { close(fd) }
        #expect(status.errors["rate_limited"] ?? 0 > 0)
        #expect(status.requests["rate_limited"] ?? 0 > 0)
        #expect(status.errors["too_long"] ?? 0 > 0)
        #expect(status.connections.refused > 0)
        #expect(status.datagrams?.received ?? 0 > 1_000)
        #expect(status.datagrams?.kernelDrops != nil)
        #expect(status.terminals.first { $0.id == "good" }?.errors == 0)
        #expect(status.terminals.first { $0.id == "good-udp" }?.errors == 0)
        print("flood: good terminal served \(served) times, slowest TCP \(Int(slowest * 1000)) ms, UDP retries \(udpRetries); RSS \(baseline) -> peak \(peak) kB; "
            + "datagrams \(status.datagrams.map { "\($0)" } ?? "-"); errors \(status.errors); connections \(status.connections)")
        #expect(daemon.stop() == 0)
    }

    @Test func everyRefusedDatagramIsCountedOnceByItsCode() throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nmax_line_bytes = 256")
        try daemon.openConference("COUNT")
        let udp = try UDPClient(port: daemon.port)
        var random = SplitMix64(state: 7)
        var replies: [String: Int] = [:]
        let total = 2_000
        for index in 0..<total {
            let bytes: [UInt8]
            switch index % 6 {
            case 0: bytes = (0..<(1 + Int(random.next() % 100))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1: bytes = [UInt8](repeating: 0x41, count: 1_000)
            case 2: bytes = Array("HELLO x=\(index)".utf8)
            case 3: bytes = Array("PING\nPING".utf8)
            case 4: bytes = Array("CHECKIN seq=oops".utf8)
            default: bytes = Array("CHECKIN id=C\(index) term=t seq=\(index)".utf8)
            }
            udp.send(bytes: bytes)
            let text = try #require(udp.receive(), "datagram \(index) got no reply")
            let reply = try Reply.decode(text)
            replies[reply.error?.rawValue ?? "ok", default: 0] += 1
        }
        let expectedErrors = total - (replies["ok"] ?? 0)
        let status = try daemon.waitForStatus { ($0.datagrams?.received ?? 0) == total && $0.errors.values.reduce(0, +) == expectedErrors }
        for (code, count) in replies where code != "ok" {
            #expect(status.errors[code] == count, "\(code): \(count) replies, \(status.errors[code] ?? 0) counted")
        }
        #expect(status.datagrams?.repliesDropped == 0)
        #expect(status.datagrams?.kernelDrops == 0)
        #expect(daemon.stop() == 0)
    }
}

/// A flag one thread sets and others read.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
    func set() {
        lock.lock()
        value = true
        lock.unlock()
    }
}
