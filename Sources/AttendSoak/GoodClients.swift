import Foundation
import Glibc

/// A check-in the daemon acknowledged: it must be stored exactly once, under this id.
public struct Acknowledged: Sendable, Hashable {
    public var terminal: String
    public var seq: Int64
    public var delegate: String

    public init(terminal: String, seq: Int64, delegate: String) {
        self.terminal = terminal
        self.seq = seq
        self.delegate = delegate
    }
}

/// What a well-behaved client saw: reply times, and the requests refused (an ERR, no reply in
/// time, or a connection that could not be made), with the first few distinct reasons in words.
public struct ServiceRecord: Sendable {
    public var replySeconds: [Double] = []
    public var refused = 0
    public var reasons: [String] = []
    public var acknowledged: [Acknowledged] = []
    /// Retries of an acknowledged check-in (the same signed line again) and how many of them
    /// did not get the original reply byte for byte.
    public var retries = 0
    public var retriesAnsweredDifferently = 0
    /// The first retry answered differently: what came, and what came the first time.
    public var retrySample: String?

    /// The request that took longest, by its verb.
    public var slowest = ""

    mutating func note(_ request: String, seconds: Double) {
        if seconds > (replySeconds.max() ?? -1) { slowest = request }
        replySeconds.append(seconds)
    }

    mutating func refuse(_ reason: String) {
        refused += 1
        if reasons.count < 5 && !reasons.contains(reason) { reasons.append(reason) }
    }
}

/// The hall's terminal: a keyed terminal on 127.0.0.1 checking in invited delegates (every
/// tenth id with à) over TCP, signed, one at a time, with a SUMMARY and a signed FIND between
/// them as the terminal's screen asks for, reconnecting every `plan.reconnectEvery` requests.
/// Every line it sends is also "captured" for the replay attack.
struct GoodTerminal {
    let plan: SoakPlan
    let board: AttackBoard
    var record = ServiceRecord()
    private var seq: Int64 = 0
    /// The last reply line read.
    private var lastReply: String?
    /// The latest acknowledged check-ins, line and reply, for the retries.
    private var answered: [(line: String, reply: String)] = []
    static let answeredKept = 64

    init(plan: SoakPlan, board: AttackBoard) {
        self.plan = plan
        self.board = board
    }

    /// Runs until `stop` is set or the monotonic clock passes `deadline`.
    mutating func run(until stop: AttackBoard, deadline: UInt64 = .max) {
        var fd: Int32?
        var pending: [UInt8] = []
        var sent = 0
        while !stop.isStopped && SoakClock.now() < deadline {
            if fd == nil || sent % plan.reconnectEvery == 0 {
                if let open = fd { close(open) }
                pending.removeAll()
                fd = SoakSocket.connectTCP(from: "127.0.0.1", port: plan.port)
                if fd == nil {
                    record.refuse("could not connect")
                    usleep(100_000)
                    continue
                }
            }
            guard let connection = fd else { continue }
            sent += 1
            seq += 1
            let delegate = SoakPlan.delegateID(1 + Int(seq) % max(1, plan.invited))
            let line: String
            switch sent % 20 {
            case 7: line = "SUMMARY"
            case 13: line = plan.sign("FIND q=Thử term=\(plan.goodTerminal) seq=\(seq)")
            default: line = plan.sign("CHECKIN id=\(delegate) term=\(plan.goodTerminal) seq=\(seq)")
            }
            board.capture(line)
            let started = SoakClock.now()
            let outcome = exchange(connection, line, pending: &pending)
            record.note(Self.verb(line), seconds: SoakClock.seconds(since: started))
            switch outcome {
            case .ok where line.hasPrefix("CHECKIN"):
                record.acknowledged.append(Acknowledged(terminal: plan.goodTerminal, seq: seq, delegate: delegate))
                if let reply = lastReply {
                    answered.append((line, reply))
                    if answered.count > Self.answeredKept { answered.removeFirst() }
                }
                // Every tenth, a line sent a while ago again (its terminal never heard the reply,
                // and the admin may have re-imported the list since): the original reply, byte for byte.
                if seq % 10 == 3, let (old, original) = answered.first {
                    record.retries += 1
                    if exchange(connection, old, pending: &pending) == .ok, let again = lastReply, again != original {
                        record.retriesAnsweredDifferently += 1
                        if record.retrySample == nil { record.retrySample = "\(again) instead of \(original)" }
                    }
                }
            case .ok, .refused:
                break
            case .lost:
                close(connection)
                fd = nil
            }
            usleep(UInt32(plan.goodInterval * 1e6))
        }
        if let fd { close(fd) }
    }

    /// How one request went: answered OK, refused on a connection that goes on, or lost with
    /// its connection.
    enum Outcome { case ok, refused, lost }

    /// One request and its reply (and the reply's payload), noting why when it was not OK.
    private mutating func exchange(_ fd: Int32, _ line: String, pending: inout [UInt8]) -> Outcome {
        let deadline = SoakClock.after(plan.replyTimeout)
        guard SoakSocket.sendAll(fd, Array((line + "\n").utf8)) else {
            record.refuse("\(Self.verb(line)): the connection was gone")
            return .lost
        }
        guard let reply = SoakSocket.readLine(fd, pending: &pending, deadline: deadline) else {
            record.refuse("\(Self.verb(line)): no reply within \(Int(plan.replyTimeout)) s")
            return .lost
        }
        lastReply = reply
        guard reply.hasPrefix("OK") else {
            record.refuse("\(Self.verb(line)): \(reply.prefix(160))")
            return reply.hasPrefix("ERR busy") ? .lost : .refused
        }
        if let count = Self.payloadBytes(reply), !SoakSocket.readBytes(fd, count: count, pending: &pending, deadline: deadline) {
            record.refuse("\(Self.verb(line)): its \(count)-byte payload did not arrive")
            return .lost
        }
        return .ok
    }

    static func verb(_ line: String) -> String { String(line.prefix(while: { $0 != " " })) }

    /// The N of a reply's `bytes=N` field.
    static func payloadBytes(_ reply: String) -> Int? {
        reply.split(separator: " ").first { $0.hasPrefix("bytes=") }.flatMap { Int($0.dropFirst(6)) }
    }
}

/// The admin at the hall's desk: printed reports over the control socket, one after another
/// with a pause, and now and then the invited list imported again; each timed and checked.
struct SoakAdmin {
    let plan: SoakPlan
    var record = ServiceRecord()

    mutating func run(until stop: AttackBoard) {
        var round = 0
        while !stop.isStopped {
            round += 1
            let format = ["text", "json", "csv"][round % 3]
            let started = SoakClock.now()
            if round % 4 == 0 {
                // The office sends a corrected list: the same one again, imported over the old.
                do { try HostileSoak.importInvited(plan) } catch { record.refuse("INVITE: \(error)") }
            } else if let reason = report(format: format) {
                record.refuse("REPORT format=\(format): \(reason)")
            }
            record.note(round % 4 == 0 ? "INVITE" : "REPORT format=\(format)", seconds: SoakClock.seconds(since: started))
            usleep(200_000)
        }
    }

    /// Nil when the report came whole, else what went wrong.
    private func report(format: String) -> String? {
        guard let fd = SoakSocket.connectUnix(plan.controlSocket) else { return "cannot connect to \(plan.controlSocket)" }
        defer { close(fd) }
        let deadline = SoakClock.after(plan.replyTimeout)
        var pending: [UInt8] = []
        guard SoakSocket.sendAll(fd, Array("REPORT conf=\(plan.conference) format=\(format)\n".utf8)) else { return "could not send" }
        guard let reply = SoakSocket.readLine(fd, pending: &pending, deadline: deadline) else {
            return "no reply within \(Int(plan.replyTimeout)) s"
        }
        guard reply.hasPrefix("OK"), let count = GoodTerminal.payloadBytes(reply) else { return String(reply.prefix(160)) }
        return SoakSocket.readBytes(fd, count: count, pending: &pending, deadline: deadline) ? nil : "the report was cut short"
    }
}
