import Foundation
import Glibc

/// A seeded, stateful network fuzzer: a few connections from one source address, each step
/// picking a connection (opening it when it is closed) and doing one thing on it: a verb line
/// (valid, mutated or cut short), a payload header with all, part or none of its payload, raw
/// garbage, reading what replies came, or leaving (FIN, reset, half-close) at whatever state
/// the connection is in. The same seed gives the same sequence of actions, so a run that finds
/// something can be replayed; the daemon's answers are only read, the soak's invariants judge it.
public struct NetworkFuzzer {
    public let port: Int
    public let source: String
    public let conference: String
    private var random: SplitMix64
    private var connections: [Int32?]
    /// Every action taken, in order: the same seed gives the same trace.
    public private(set) var trace: [String] = []

    public init(port: Int, source: String, seed: UInt64, conference: String, connections: Int = 4) {
        self.port = port
        self.source = source
        self.conference = conference
        random = SplitMix64(state: seed)
        self.connections = Array(repeating: nil, count: connections)
    }

    /// Runs `steps` actions, then closes what is still open. Stops early when the board says so.
    public mutating func run(steps: Int, board: AttackBoard? = nil) {
        for _ in 0..<steps where board?.isStopped != true { step() }
        for index in connections.indices { leave(index, how: random.next(below: 3)) }
    }

    /// The verbs a terminal or a stranger might send, with fields drawn from the seed.
    private mutating func verbLine() -> String {
        let n = random.next(below: 100_000)
        switch random.next(below: 9) {
        case 0: return "PING seq=\(n)"
        case 1: return "CHECKIN id=FORGED-Z\(n) term=fuzz-\(random.next(below: 50)) seq=\(n)"
        case 2: return "CHECKOUT id=FORGED-Z\(n) term=fuzz-\(random.next(below: 50)) seq=\(n) method=card"
        case 3: return "FIND q=\(["Nguy", "Hà", "Thử", "\"Văn Thử\""][random.next(below: 4)])"
        case 4: return "SUMMARY"
        case 5: return "INCIDENT action=start kind=line_down term=fuzz-\(n)"
        case 6: return "OPEN conf=FORGED-\(n) title=x"
        case 7: return "CHECKIN id=FORGED-Z\(n) conf=\(conference) at=2026-13-45T99:00:00+07:00"
        default: return "HELLO x=\(n)"
        }
    }

    private mutating func step() {
        let index = random.next(below: connections.count)
        if connections[index] == nil {
            connections[index] = SoakSocket.connectTCP(from: source, port: port, timeout: Attack.sendTimeout)
            note("connect")
        }
        guard let fd = connections[index] else { return }
        var sent = true
        switch random.next(below: 10) {
        case 0, 1, 2:
            sent = SoakSocket.sendNow(fd, Array((verbLine() + "\n").utf8))
            note("verb")
        case 3:
            let line = Array((verbLine() + "\n").utf8)
            sent = SoakSocket.sendNow(fd, random.mutate(line, edits: 1...4, interesting: Self.interesting))
            note("mutated verb")
        case 4:
            let line = Array(verbLine().utf8)
            sent = SoakSocket.sendNow(fd, Array(line.prefix(random.next(below: line.count + 1))))
            note("partial line")
        case 5:
            let size = [0, 10, 1_000, 70_000, 4_194_304, 50_000_000][random.next(below: 6)]
            let verb = random.next(below: 2) == 0 ? "TALLY bridge=f conf=\(conference) rev=1 mac=\(String(repeating: "0", count: 64))" : "INVITE conf=\(conference)"
            let part = min(size, random.next(below: 3) == 0 ? 262_144 : random.next(below: 2_000))
            sent = SoakSocket.sendNow(fd, Array("\(verb) bytes=\(size)\n".utf8) + [UInt8](repeating: 0x2C, count: part))
            note("payload header")
        case 6:
            sent = SoakSocket.sendNow(fd, (0..<(1 + random.next(below: 200))).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            note("garbage")
        case 7:
            SoakSocket.drain(fd)
            note("read")
        default:
            leave(index, how: random.next(below: 3))
            return
        }
        if !sent { leave(index, how: 0) }
    }

    /// Closes connection `index`: 0 a plain close, 1 a reset, 2 half-close then reset.
    private mutating func leave(_ index: Int, how: Int) {
        guard let fd = connections[index] else { return }
        switch how {
        case 0: close(fd)
        case 1: SoakSocket.reset(fd)
        default: SoakSocket.shutWriteThenReset(fd)
        }
        connections[index] = nil
        note(["close", "reset", "half-close and reset"][how])
    }

    private mutating func note(_ action: String) { trace.append(action) }

    /// The bytes a line parser trips on: separators, quotes, escapes, CR, NUL, 0xA0 and bad UTF-8.
    static let interesting: [UInt8] = [0x20, 0x09, 0x3D, 0x22, 0x5C, 0x0D, 0x0A, 0x00, 0xA0, 0xC3, 0xFF, 0x7F, 0x41]
}
