/// A bridge point's signed questions to its hub about the district's plans, and the hub's
/// signed answer:
///
///     PLANPOLL bridge=ID nonce=N clock=MS [have=CONF:REV[:EXPECTED],...] mac=HEX
///     OK bridge=ID nonce=N time=MS plans=K mac=HEX bytes=N      (then the attendd.plans/1 JSON)
///     PLANACK bridge=ID nonce=N conf=C rev=N outcome=applied|received|refused size=N [reason=".."] mac=HEX
///
/// Each MAC is HMAC-SHA256 under the bridge point's key (its tally-push key) over a fixed
/// prefix and the fields, each ended by LF (and for the answer, the exact JSON bytes), so a
/// signature cannot be moved to another bridge point, nonce or revision.
///
/// `nonce` grows with every request a bridge point makes (it starts from its clock in ms); a hub
/// refuses one not above the last it took from that bridge point, so a captured request
/// replayed is refused. The answer carries the request's `nonce`: a bridge point refuses an
/// answer that is not to the request it just made. `clock` is the box's clock when it asked,
/// `time` the hub's when it answered: both ends measure the offset from them.
public struct PlanPoll: Equatable, Sendable {
    public var bridge: String
    public var seq: Int64
    /// The bridge point's clock, ms since 1970 UTC.
    public var clock: Int64
    /// The newest revision it holds of each district conference, and the hall's own expected
    /// count (its confirmation), when it set one.
    public var have: [Holding]
    public var mac: [UInt8]

    /// What a bridge point holds of one conference.
    public struct Holding: Equatable, Sendable {
        public var conference: String
        public var revision: Int64
        public var expected: Int?

        public init(conference: String, revision: Int64, expected: Int? = nil) {
            self.conference = conference
            self.revision = revision
            self.expected = expected
        }
    }

    /// The most conferences a poll may list.
    public static let maxHoldings = 500

    public init(bridge: String, seq: Int64, clock: Int64, have: [Holding], mac: [UInt8] = []) {
        self.bridge = bridge
        self.seq = seq
        self.clock = clock
        self.have = have
        self.mac = mac
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        bridge = try RequestFields.identifier("bridge", line, required: true)!
        seq = try PlanPoll.number("nonce", line)
        clock = try PlanPoll.number("clock", line)
        have = try PlanPoll.holdings(line["have"] ?? "")
        mac = try PlanPoll.mac(line)
    }

    var haveText: String {
        have.map { "\($0.conference):\($0.revision)" + ($0.expected.map { ":\($0)" } ?? "") }.joined(separator: ",")
    }

    /// What the poll's MAC covers.
    public var signedBytes: [UInt8] { Array("attendd-poll/1\n\(bridge)\n\(seq)\n\(clock)\n\(haveText)\n".utf8) }

    /// The request line, signed with `key`.
    public func line(key: [UInt8]) -> RequestLine {
        var fields: [RequestLine.Field] = [.init("bridge", bridge), .init("nonce", String(seq)), .init("clock", String(clock))]
        if !have.isEmpty { fields.append(.init("have", haveText)) }
        fields.append(.init("mac", Hex.encode(HMACSHA256.authenticate(signedBytes, key: key))))
        return RequestLine(verb: "PLANPOLL", fields: fields)
    }

    /// What the hub's answer's MAC covers.
    public static func answerBytes(bridge: String, seq: Int64, time: Int64, payload: [UInt8]) -> [UInt8] {
        Array("attendd-plans/1\n\(bridge)\n\(seq)\n\(time)\n".utf8) + payload
    }

    /// The hub's answer: the batch, signed with the bridge point's key.
    public static func answer(bridge: BridgeKey, seq: Int64, time: Int64, batch: PlanBatch, echo: [RequestLine.Field]) -> Reply {
        let payload = batch.jsonBytes()
        let mac = HMACSHA256.authenticate(answerBytes(bridge: bridge.id, seq: seq, time: time, payload: payload), key: bridge.key)
        return .ok(echo + [
            .init("bridge", bridge.id), .init("nonce", String(seq)), .init("time", String(time)), .init("plans", String(batch.plans.count)),
            .init("mac", Hex.encode(mac)),
        ], payload: payload)
    }

    /// A bridge point's check of the answer to the poll it sent: the hub's signature over
    /// this very poll's `seq`, then the batch itself. Returns the hub's time and the plans.
    public func checkAnswer(_ reply: Reply, key: [UInt8]) throws(ProtocolError) -> (hubTime: Int64, batch: PlanBatch) {
        guard reply.isOK else { throw ProtocolError(reply.error ?? .invalid, "the hub refused the poll: \(reply["msg"] ?? "")") }
        guard reply["bridge"] == bridge, reply["nonce"] == String(seq) else {
            throw ProtocolError(.notAuthorised, "the answer is not to this poll (bridge \(reply["bridge"] ?? "-"), nonce \(reply["nonce"] ?? "-"))")
        }
        guard let timeText = reply["time"], let time = Int64(timeText) else { throw ProtocolError(.invalid, "the answer has no time=") }
        let payload = reply.payload ?? []
        guard let macText = reply["mac"], let mac = Hex.decode(macText),
              HMACSHA256.isValid(mac, for: Self.answerBytes(bridge: bridge, seq: seq, time: time, payload: payload), key: key)
        else { throw ProtocolError(.notAuthorised, "the answer's signature does not match this bridge point's key") }
        return (time, try PlanBatch.decode(payload))
    }

    /// What the MAC of a replay refusal's `last_nonce=` covers: the bridge point, the nonce it
    /// sent and the last one the hub took. An unsigned `last_nonce=` would let anything on the
    /// line to the hub move a bridge point's nonces (to the top of Int64, where they stop).
    public static func replayBytes(bridge: String, seq: Int64, last: Int64) -> [UInt8] {
        Array("attendd-replay/1\n\(bridge)\n\(seq)\n\(last)\n".utf8)
    }

    /// The hub's signed `last_nonce=` in a replay refusal of the request with `seq`, or nil when
    /// the refusal has none or its `last_mac=` is not under `key` for this very request.
    public static func signedLastNonce(_ reply: Reply, bridge: String, seq: Int64, key: [UInt8]) -> Int64? {
        guard let text = reply["last_nonce"], text.utf8.allSatisfy(\.isASCIIDigit), let last = Int64(text),
              let macText = reply["last_mac"], let mac = Hex.decode(macText),
              HMACSHA256.isValid(mac, for: replayBytes(bridge: bridge, seq: seq, last: last), key: key)
        else { return nil }
        return last
    }

    static func number(_ key: String, _ line: RequestLine) throws(ProtocolError) -> Int64 {
        guard let text = line[key], text.utf8.allSatisfy(\.isASCIIDigit), let value = Int64(text), value >= 0 else {
            throw ProtocolError(.invalid, "\(key) must be a whole number from 0")
        }
        return value
    }

    static func mac(_ line: RequestLine) throws(ProtocolError) -> [UInt8] {
        guard let text = line["mac"], let mac = Hex.decode(text), mac.count == 32 else {
            throw ProtocolError(.invalid, "mac must be 64 hex digits (HMAC-SHA256)")
        }
        return mac
    }

    static func holdings(_ text: String) throws(ProtocolError) -> [Holding] {
        guard !text.isEmpty else { return [] }
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        guard items.count <= maxHoldings else { throw ProtocolError(.invalid, "have lists more than \(maxHoldings) conferences") }
        var holdings: [Holding] = []
        for (index, item) in items.enumerated() {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard (2...3).contains(parts.count), !parts[0].isEmpty, parts[0].utf8.count <= Request.maxIdentifierBytes,
                  let revision = Int64(parts[1]), revision >= 0,
                  parts.count == 2 || Int(parts[2]).map({ (0...1_000_000).contains($0) }) == true
            else { throw ProtocolError(.invalid, "have item \(index + 1) must be CONF:REV or CONF:REV:EXPECTED, got \(item)") }
            holdings.append(Holding(conference: parts[0], revision: revision, expected: parts.count == 3 ? Int(parts[2]) : nil))
        }
        return holdings
    }
}

/// What a bridge point did with one plan revision, signed: the district's board shows it.
public struct PlanConfirmation: Equatable, Sendable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// In force at the hall.
        case applied
        /// Kept but not applied: the hall had closed the conference.
        case received
        /// Not taken (a hand-defined conference already opened, say): `reason` says why.
        case refused
    }

    public var bridge: String
    public var seq: Int64
    public var conference: String
    public var revision: Int64
    public var outcome: Outcome
    /// The hall's list size after it.
    public var size: Int
    public var reason: String
    public var mac: [UInt8]

    public init(bridge: String, seq: Int64, conference: String, revision: Int64, outcome: Outcome, size: Int, reason: String = "",
                mac: [UInt8] = []) {
        self.bridge = bridge
        self.seq = seq
        self.conference = conference
        self.revision = revision
        self.outcome = outcome
        self.size = size
        self.reason = reason
        self.mac = mac
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        bridge = try RequestFields.identifier("bridge", line, required: true)!
        seq = try PlanPoll.number("nonce", line)
        conference = try RequestFields.identifier("conf", line, required: true)!
        revision = try PlanPoll.number("rev", line)
        guard let text = line["outcome"], let outcome = Outcome(rawValue: text) else {
            throw ProtocolError(.invalid, "outcome must be applied, received or refused")
        }
        self.outcome = outcome
        size = Int(try PlanPoll.number("size", line))
        reason = try RequestFields.text("reason", line, maxBytes: Request.maxTitleBytes) ?? ""
        mac = try PlanPoll.mac(line)
    }

    /// What the confirmation's MAC covers.
    public var signedBytes: [UInt8] {
        Array("attendd-planack/1\n\(bridge)\n\(seq)\n\(conference)\n\(revision)\n\(outcome.rawValue)\n\(size)\n\(reason)\n".utf8)
    }

    /// What the MAC of the hub's reply to this confirmation (`ack_mac=`) covers: the bridge
    /// point, this confirmation's nonce and whether the hub took it.
    public func replyBytes(accepted: Bool) -> [UInt8] {
        Array("attendd-planack-reply/1\n\(bridge)\n\(seq)\n\(accepted ? "OK" : "ERR")\n".utf8)
    }

    /// `reply` signed as the hub's answer to this confirmation (`ack_mac=` before `msg=`).
    public func signing(_ reply: Reply, key: [UInt8]) -> Reply {
        var signed = reply
        let field = RequestLine.Field("ack_mac", Hex.encode(HMACSHA256.authenticate(replyBytes(accepted: reply.isOK), key: key)))
        signed.fields.insert(field, at: reply.isOK || signed.fields.isEmpty ? signed.fields.count : signed.fields.count - 1)
        return signed
    }

    /// Whether `reply` is the hub's own to this very confirmation: only then is it final. An
    /// unsigned OK or refusal (anything on the line can write one) leaves the confirmation to
    /// be sent again, so the district's board cannot be kept from it by a forged answer.
    public func isHubsReply(_ reply: Reply, key: [UInt8]) -> Bool {
        guard let text = reply["ack_mac"], let mac = Hex.decode(text) else { return false }
        return HMACSHA256.isValid(mac, for: replyBytes(accepted: reply.isOK), key: key)
    }

    /// The request line, signed with `key`.
    public func line(key: [UInt8]) -> RequestLine {
        var fields: [RequestLine.Field] = [
            .init("bridge", bridge), .init("nonce", String(seq)), .init("conf", conference), .init("rev", String(revision)),
            .init("outcome", outcome.rawValue), .init("size", String(size)),
        ]
        if !reason.isEmpty { fields.append(.init("reason", reason)) }
        fields.append(.init("mac", Hex.encode(HMACSHA256.authenticate(signedBytes, key: key))))
        return RequestLine(verb: "PLANACK", fields: fields)
    }
}

/// A hub's check of a bridge point's signed request, before anything is stored or answered:
/// the sender is one of its bridge points, the MAC is under that bridge point's key, and the
/// `nonce` is above the last one taken from it. The error names what failed (the refusal is
/// counted per reason in status and metrics).
public enum PlanRequestCheck {
    /// Why a request was refused, as the counts name it.
    public enum Refusal: String, Sendable, CaseIterable {
        case forged, replayed, unknown, misaddressed, older
    }

    public static func check(bridge: String, seq: Int64, mac: [UInt8], signed: [UInt8], keys: [String: BridgeKey]?,
                             lastSeq: Int64?) -> (Refusal, ProtocolError)? {
        guard let keys else { return (.unknown, ProtocolError(.notAuthorised, "this attendd is not a district hub")) }
        guard let sender = keys[bridge] else { return (.unknown, ProtocolError(.notAuthorised, "unknown bridge point \(bridge)")) }
        guard HMACSHA256.isValid(mac, for: signed, key: sender.key) else {
            return (.forged, ProtocolError(.notAuthorised, "the signature does not match the key of \(bridge)"))
        }
        if let lastSeq, seq <= lastSeq {
            return (.replayed, ProtocolError(.notAuthorised, "replay: nonce \(seq) is not above \(lastSeq), the last from \(bridge)"))
        }
        return nil
    }
}
