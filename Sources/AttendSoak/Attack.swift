import Foundation
import Glibc

/// One kind of hostile traffic of issue 13 and of the flood tests, run once per call from one
/// source address. Every write an attacker attempts uses a delegate id starting `FORGED`, so
/// the database check after the soak can tell that none was stored.
public enum Attack: String, CaseIterable, Sendable {
    /// A line sent a byte at a time, never finished, and the connection kept.
    case slowLine = "slow line"
    /// `TALLY ... bytes=4194304` and only part of the payload, the connection kept (item 1).
    case unfinishedPayload = "unfinished payload"
    /// Gone after part of a line.
    case closeAfterPartialLine = "close after a partial line"
    /// Gone after a payload header and a few of its bytes.
    case closeAfterPayloadHeader = "close after a payload header"
    /// Gone with replies owed: pipelined PINGs and FINDs, nothing read (item 3).
    case closeWithReplyOwed = "close with replies owed"
    /// A partial TALLY, then a reset (SO_LINGER 0), or SHUT_WR then a reset (item 3).
    case resetAfterPartialPayload = "reset after a partial payload"
    /// 512 KiB without a line feed.
    case endlessLine = "endless line"
    /// PINGs naming a fresh terminal id each (item 7).
    case junkTerminals = "junk term= ids"
    /// Unsigned check-ins with `at=` from fresh unkeyed terminals (items 6 and 8).
    case unkeyedWrites = "unsigned writes from unkeyed terminals"
    /// Pipelined FINDs (item 5).
    case findFlood = "FIND flood"
    /// Datagrams of 1,025 and 2,000 bytes, two lines in one, random bytes (the smaller items).
    case badDatagrams = "oversized and garbage UDP"
    /// The good terminal's id with a wrong MAC, over TCP and UDP.
    case forgedSignedLines = "forged signed lines"
    /// The good terminal's captured lines sent again from elsewhere.
    case replays = "replayed signed lines"
    /// A whole TALLY push under a made-up MAC.
    case forgedPush = "forged tally push"
    /// An INVITE off the control socket whose payload is request lines (item 11).
    case payloadInjection = "payload read as requests"
    /// The seeded stateful fuzzer: verbs over several connections, left at random points.
    case fuzz = "network fuzzer"

    /// How long an attacker waits for a connect or a send: a daemon that stops reading from it
    /// must not slow the attack down (it moves on to the next one).
    static let sendTimeout = 0.25

    /// Runs the attack once from 127.0.0.`source`.
    func run(port: Int, source: String, random: inout SplitMix64, board: AttackBoard, conference: String, goodTerminal: String) {
        let tag = random.next() % 1_000_000_000
        switch self {
        case .slowLine:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            for byte in Array("CHECKIN id=FORGED-S\(tag) term=slow".utf8).prefix(6 + random.next(below: 20)) {
                SoakSocket.sendNow(fd, [byte])
                usleep(5_000)
            }
            board.hold(fd)
        case .unfinishedPayload:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            SoakSocket.sendNow(fd, Self.tallyHeader(bytes: 4_194_304, tag: tag, conference: conference) + Self.filler(random.next(below: 65_536)))
            board.hold(fd)
        case .closeAfterPartialLine:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            SoakSocket.sendNow(fd, Array("CHECKIN id=FORGED-P\(tag) term=".utf8))
            close(fd)
        case .closeAfterPayloadHeader:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            SoakSocket.sendNow(fd, Self.tallyHeader(bytes: 100 + random.next(below: 100_000), tag: tag, conference: conference) + Self.filler(random.next(below: 50)))
            close(fd)
        case .closeWithReplyOwed:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            var lines = ""
            for n in 0..<(20 + random.next(below: 60)) { lines += n % 5 == 0 ? "FIND q=Nguy\n" : "PING seq=\(n)\n" }
            SoakSocket.sendNow(fd, Array(lines.utf8))
            if random.next(below: 2) == 0 { SoakSocket.reset(fd) } else { close(fd) }
        case .resetAfterPartialPayload:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            SoakSocket.sendNow(fd, Self.tallyHeader(bytes: 4_194_304, tag: tag, conference: conference) + Self.filler(1_000))
            if random.next(below: 2) == 0 { SoakSocket.reset(fd) } else { SoakSocket.shutWriteThenReset(fd) }
        case .endlessLine:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            let chunk = [UInt8](repeating: 0x42, count: 65_536)
            for _ in 0..<8 where !board.isStopped && SoakSocket.sendAll(fd, chunk) { SoakSocket.drain(fd) }
            SoakSocket.sendNow(fd, [0x0A])
            close(fd)
        case .junkTerminals:
            pipeline(port: port, source: source, count: 200) { "PING term=junk-\(tag)-\($0) seq=\($0)" }
        case .unkeyedWrites:
            let at = Self.rfc3339(Date())
            pipeline(port: port, source: source, count: 50) { "CHECKIN id=FORGED-U\(tag)-\($0) term=scanner-\(tag)-\($0) seq=1 at=\(at)" }
        case .findFlood:
            pipeline(port: port, source: source, count: 100) { "FIND q=\(["Nguy", "Văn", "Thử 1", "a"][$0 % 4])" }
        case .badDatagrams:
            guard let fd = SoakSocket.connectUDP(from: source, port: port) else { return }
            defer { close(fd) }
            let long = "CHECKIN id=FORGED-L\(tag) term=udp-\(tag) seq=1 pad="
            let datagrams: [[UInt8]] = [
                Array((long + String(repeating: "x", count: 1_025 - long.utf8.count)).utf8),
                [UInt8](repeating: 0x41, count: 2_000),
                Array("PING\nPING\n".utf8),
                (0..<(1 + random.next(below: 300))).map { _ in UInt8(truncatingIfNeeded: random.next()) },
            ]
            for datagram in datagrams { _ = datagram.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) } }
        case .forgedSignedLines:
            let mac = (0..<4).map { _ in String(format: "%016llx", random.next()) }.joined()
            let line = "CHECKIN id=FORGED-M\(tag) term=\(goodTerminal) seq=\(900_000 + random.next(below: 1_000)) mac=\(mac)"
            pipeline(port: port, source: source, count: 1) { _ in line }
            if let fd = SoakSocket.connectUDP(from: source, port: port) {
                _ = Array(line.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                close(fd)
            }
        case .replays:
            guard let first = board.capturedLine(random.next(below: 1 << 20)) else { return }
            let second = board.capturedLine(random.next(below: 1 << 20)) ?? first
            pipeline(port: port, source: source, count: 4) { $0 % 2 == 0 ? first : second }
        case .forgedPush:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            let json = Array("{\"bridge\":\"b\(tag)\",\"bridge\":\"FORGED\",\"conference\":\"\(conference)\",\"rev\":1}".utf8)
            SoakSocket.sendAll(fd, Self.tallyHeader(bytes: json.count, tag: tag, conference: conference) + json)
            var pending: [UInt8] = []
            _ = SoakSocket.readLine(fd, pending: &pending, deadline: SoakClock.after(0.5))
            close(fd)
        case .payloadInjection:
            guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
            let body = Array((0..<5).map { "CHECKIN id=FORGED-I\(tag)-\($0) term=inject-\(tag) seq=\($0 + 1)\n" }.joined().utf8)
            SoakSocket.sendAll(fd, Array("INVITE conf=\(conference) bytes=\(body.count)\n".utf8) + body)
            var pending: [UInt8] = []
            let deadline = SoakClock.after(0.5)
            for _ in 0..<6 where SoakSocket.readLine(fd, pending: &pending, deadline: deadline) != nil {}
            close(fd)
        case .fuzz:
            var fuzzer = NetworkFuzzer(port: port, source: source, seed: random.next(), conference: conference)
            fuzzer.run(steps: 40 + random.next(below: 80), board: board)
        }
    }

    /// Sends `count` lines on one connection in batches, reading (and dropping) replies as it
    /// goes, then leaves.
    private func pipeline(port: Int, source: String, count: Int, _ line: (Int) -> String) {
        guard let fd = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout) else { return }
        defer { close(fd) }
        var batch: [UInt8] = []
        for n in 0..<count {
            batch += Array((line(n) + "\n").utf8)
            if batch.count > 8_192 || n == count - 1 {
                guard SoakSocket.sendAll(fd, batch) else { return }
                batch.removeAll(keepingCapacity: true)
                SoakSocket.drain(fd)
            }
        }
        // A moment for the replies, read and dropped, so the daemon is not left with a full buffer.
        var pending: [UInt8] = []
        _ = SoakSocket.readLine(fd, pending: &pending, deadline: SoakClock.after(0.05))
    }

    /// A TALLY line under a made-up MAC, from a bridge point a hub knows (`SoakPlan.hubBridge`,
    /// for even tags) or one it does not.
    static func tallyHeader(bytes: Int, tag: UInt64, conference: String) -> [UInt8] {
        let bridge = tag % 2 == 0 ? SoakPlan.hubBridge : "b\(tag)"
        return Array("TALLY bridge=\(bridge) conf=\(conference) rev=1 mac=\(String(repeating: "ab", count: 32)) bytes=\(bytes)\n".utf8)
    }

    static func filler(_ count: Int) -> [UInt8] { [UInt8](repeating: 0x7B, count: count) }

    /// RFC 3339 in UTC with a Z, as a terminal's `at=`.
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
