import Foundation

/// What one hostile-neighbour soak runs against and what it holds the daemon to (issue 13).
///
/// The daemon is started by the caller (attendbench or a test) on 127.0.0.1 with a keys file
/// holding `goodTerminal`'s key, and a conference open; the caller signs the good terminal's
/// lines with `sign` (the soak itself knows no HMAC: it is Foundation and Glibc only).
public struct SoakPlan: Sendable {
    public var port: Int
    public var controlSocket: String
    public var pid: Int32
    public var conference: String
    /// Signs one line (without LF) as `goodTerminal`: the line plus its ` mac=` field.
    public var sign: @Sendable (String) -> String
    /// The keyed terminal that checks in throughout, from 127.0.0.1.
    public var goodTerminal = "hall-1"
    /// A bridge point the daemon's `[hub] keys_file` may list: the forged pushes name it half the
    /// time (the daemon can also be no hub at all; then TALLY is refused either way).
    public static let hubBridge = "xa-soak"

    /// How long the attack lasts, and the seed every attacker's choices come from.
    public var attackSeconds = 10.0
    public var seed: UInt64 = 13
    /// Attacker threads; each picks an attack, a source address and its details from the seed.
    public var attackers = 4
    /// Connections the attackers keep open at most (slow and unfinished lines and payloads);
    /// past it the oldest is dropped. Above the daemon's `max_connections` on purpose.
    public var heldConnections = 200
    /// Attacker source addresses: 127.0.0.`sources`.
    public var sources: ClosedRange<Int> = 2...250
    /// Invited delegates imported before the attack (what FIND searches).
    public var invited = 2_000

    /// The good terminal's pause between requests, and how many it sends on one connection
    /// before it connects again (a terminal reconnects after a power cut or a line drop).
    public var goodInterval = 0.01
    public var reconnectEvery = 50
    /// How long the good terminal and the admin wait for a reply before counting it refused.
    public var replyTimeout = 10.0

    /// After the attack: CPU is measured over `cpuSeconds`, memory `settleSeconds` after it stopped.
    public var cpuSeconds = 5.0
    public var settleSeconds = 10.0

    /// The invariants' limits (the issue's, and for reply times the ones chosen here: a person at
    /// the door notices a second; a terminal's retry timer is longer).
    public var limits = Limits()

    public struct Limits: Sendable {
        public var goodWorstSeconds = 2.0
        public var goodP99Seconds = 0.5
        public var memoryGrowthMB = 10.0
        public var cpuPercent = 5.0
        public init() {}
    }

    public init(port: Int, controlSocket: String, pid: Int32, conference: String, sign: @escaping @Sendable (String) -> String) {
        self.port = port
        self.controlSocket = controlSocket
        self.pid = pid
        self.conference = conference
        self.sign = sign
    }

    /// The invited list imported before the attack: `invited` rows, every tenth id with à
    /// (C3 A0: the continuation byte of issue 13 item 4) so the good terminal checks those in too.
    public var invitedCSV: [UInt8] {
        var text = "Mã,Họ và tên,Đơn vị\n"
        for number in 1...max(1, invited) {
            text += "\(Self.delegateID(number)),Nguyễn Văn Thử \(number),Chi bộ \(number % 40)\n"
        }
        return Array(text.utf8)
    }

    /// The id of invited delegate `number`: `DV-00042`, or `Hà-00040` for every tenth.
    public static func delegateID(_ number: Int) -> String {
        let digits = String(number).count >= 5 ? String(number) : String(repeating: "0", count: 5 - String(number).count) + String(number)
        return (number % 10 == 0 ? "Hà-" : "DV-") + digits
    }
}
