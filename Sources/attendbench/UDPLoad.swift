import Foundation
import Glibc

/// UDP request/reply at rising offered rates: each rate is paced for a while from a few
/// sockets (one terminal each); replies are counted until 1 s after sending stops.
enum UDPLoad {
    static let sockets = 4
    static let section = "UDP request/reply"

    struct Step: Sendable {
        var offered: Int
        var sent = 0
        var sendSeconds = 0.0
        var ok = 0
        var errors = 0
        var lost: Int { sent - ok - errors }
        var lossPercent: Double { sent > 0 ? 100 * Double(lost) / Double(sent) : 0 }
        var repliesPerSecond: Double { sendSeconds > 0 ? Double(ok) / sendSeconds : 0 }
    }

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let daemon = try BenchDaemon.start(options, name: "udp")
        var fds: [Int32] = []
        defer { fds.forEach { close($0) } }
        for _ in 0..<sockets { fds.append(try BenchSocket.connectUDP(port: daemon.port)) }
        for rate in options.udpRates {
            reporter.progress("UDP: \(rate)/s for \(options.udpSeconds) s")
            let step = measure(rate: rate, seconds: options.udpSeconds, fds: fds)
            let label = "offered \(Measurement.format(Double(rate), "/s"))"
            reporter.add(Measurement(
                section, "\(label): replies", step.repliesPerSecond, "replies/s",
                note: "sent \(step.sent) (\(Measurement.format(Double(step.sent) / step.sendSeconds, "/s")) achieved), \(step.ok) OK, \(step.errors) ERR"))
            reporter.add(Measurement(section, "\(label): loss", step.lossPercent, "%", note: "\(step.lost) without a reply"))
        }
    }

    /// Sends `rate × seconds` CHECKINs, paced, round-robin over `fds`; counts the replies.
    static func measure(rate: Int, seconds: Double, fds: [Int32]) -> Step {
        let total = max(fds.count, Int(Double(rate) * seconds))
        let lines = LineGenerator.perConnection(tag: "udp\(rate)", connections: fds.count, total: total)
        let counts = Box<(ok: Int, errors: Int)>((0, 0))
        let sendingEnded = Box<UInt64>(0)
        let receiver = BackgroundThread("udp-receiver") {
            counts.value = receive(fds: fds, expected: total, sendingEnded: sendingEnded)
        }
        var step = Step(offered: rate)
        let start = MonotonicClock.now()
        let interval = 1e9 / Double(rate)
        for i in 0..<total {
            let due = start + UInt64(Double(i) * interval)
            if MonotonicClock.now() < due { MonotonicClock.sleep(until: due) }
            let k = i % fds.count
            let range = lines[k].byteRange((i / fds.count)..<(i / fds.count + 1))
            let sent = lines[k].bytes.withUnsafeBytes { bytes in
                send(fds[k], bytes.baseAddress! + range.lowerBound, range.count, Int32(MSG_NOSIGNAL))
            }
            if sent == range.count { step.sent += 1 }
        }
        step.sendSeconds = MonotonicClock.seconds(since: start)
        sendingEnded.value = MonotonicClock.now()
        receiver.join(timeoutSeconds: 30)
        (step.ok, step.errors) = counts.value
        return step
    }

    /// Counts reply datagrams until all came or 1 s after sending ended.
    private static func receive(fds: [Int32], expected: Int, sendingEnded: Box<UInt64>) -> (ok: Int, errors: Int) {
        var ok = 0
        var errors = 0
        var pollers = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var datagram = [UInt8](repeating: 0, count: 2048)
        let giveUp = MonotonicClock.now() + 120_000_000_000
        while ok + errors < expected && MonotonicClock.now() < giveUp {
            let ended = sendingEnded.value
            if ended != 0 && MonotonicClock.now() > ended + 1_000_000_000 { break }
            if poll(&pollers, nfds_t(pollers.count), 10) <= 0 { continue }
            for p in pollers.indices where pollers[p].revents != 0 {
                while true {
                    let received = datagram.withUnsafeMutableBytes { recv(fds[p], $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                    if received <= 0 { break }
                    if datagram[0] == UInt8(ascii: "O") { ok += 1 } else { errors += 1 }
                }
            }
        }
        return (ok, errors)
    }
}
