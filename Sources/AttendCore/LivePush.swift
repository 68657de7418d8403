/// `LIVE bridge=ID conf=C nonce=N mac=HEX bytes=N` and the summary's JSON after it: a bridge
/// point's live summary (`LiveSummary`) for its hub.
///
/// Signed as `TALLY` is, with the bridge point's key, over its own prefix (`attendd-live/1`), the
/// bridge, conference and nonce, each ended by LF, then the exact JSON, so neither a tally's nor
/// another summary's signature can be moved onto it. `nonce` rises with every summary (the hall's
/// clock in milliseconds, as `PLANPOLL`'s nonce): the hub keeps a summary only when its nonce is above
/// the one it holds, so a replayed summary stores nothing.
public struct LivePush: Equatable, Sendable {
    public var bridge: String
    public var conference: String
    public var seq: Int64
    public var mac: [UInt8]
    public var bytes: Int

    public init(bridge: String, conference: String, seq: Int64, mac: [UInt8], bytes: Int) {
        self.bridge = bridge
        self.conference = conference
        self.seq = seq
        self.mac = mac
        self.bytes = bytes
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        bridge = try RequestFields.identifier("bridge", line, required: true)!
        conference = try RequestFields.identifier("conf", line, required: true)!
        guard let text = line["nonce"], let seq = Int64(text), seq >= 1 else {
            throw ProtocolError(.invalid, "nonce must be a whole number from 1")
        }
        self.seq = seq
        guard let text = line["mac"], let mac = Hex.decode(text), mac.count == 32 else {
            throw ProtocolError(.invalid, "mac must be 64 hex digits (HMAC-SHA256)")
        }
        self.mac = mac
        guard let text = line["bytes"], let bytes = Int(text), bytes > 0, bytes <= LiveSummary.maxJSONBytes else {
            throw ProtocolError(.invalid, "bytes must give the size of the summary that follows, 1 to \(LiveSummary.maxJSONBytes)")
        }
        self.bytes = bytes
    }

    /// What the MAC covers.
    public static func signedBytes(bridge: String, conference: String, seq: Int64, payload: [UInt8]) -> [UInt8] {
        Array("attendd-live/1\n\(bridge)\n\(conference)\n\(seq)\n".utf8) + payload
    }

    /// The request line for a summary, signed with `key`.
    public static func line(bridge: String, conference: String, seq: Int64, payload: [UInt8], key: [UInt8]) -> RequestLine {
        let mac = HMACSHA256.authenticate(signedBytes(bridge: bridge, conference: conference, seq: seq, payload: payload), key: key)
        return RequestLine(verb: "LIVE", fields: [
            .init("bridge", bridge), .init("conf", conference), .init("nonce", String(seq)), .init("mac", Hex.encode(mac)),
            .init("bytes", String(payload.count)),
        ])
    }

    /// How far ahead of the hub's clock a nonce may be (the hall's clock runs ahead). The board
    /// keeps a hall's highest nonce, so a nonce far ahead would have every later summary of a
    /// right clock answered `new=0` while the hub runs: with this bound a hall whose clock was
    /// set back is shut out of the live view at most 10 minutes.
    public static let maxLeadMilliseconds: Int64 = 10 * 60 * 1000

    /// The hall's next nonce after `last`: its clock in milliseconds, or one above `last` when the
    /// clock stands still or went back a little; from the clock again when `last` is more than
    /// `maxLeadMilliseconds` ahead of it (the clock was set back), since the hub would refuse
    /// every nonce above `last` until a restart.
    public static func nextNonce(after last: Int64, now: Timestamp) -> Int64 {
        let clock = now.milliseconds
        guard last >= clock else { return clock }
        return last - clock >= maxLeadMilliseconds ? clock : last + 1
    }

    /// What a hub checks before it keeps a summary: the sender is one of its bridge points, the
    /// signature is that bridge point's over these very bytes, the nonce is not more than
    /// `maxLeadMilliseconds` ahead of the hub's clock `now`, the JSON is a bounded
    /// `attendd.live/1` summary of that bridge point for that conference. `keys` nil: no hub.
    public func check(payload: [UInt8], keys: [String: BridgeKey]?, now: Timestamp) -> Result<LiveSummary, ProtocolError> {
        guard let keys else { return .failure(ProtocolError(.notAuthorised, "this attendd is not a district hub")) }
        guard let sender = keys[bridge] else { return .failure(ProtocolError(.notAuthorised, "unknown bridge point \(bridge)")) }
        guard HMACSHA256.isValid(mac, for: Self.signedBytes(bridge: bridge, conference: conference, seq: seq, payload: payload), key: sender.key) else {
            return .failure(ProtocolError(.notAuthorised, "the signature does not match the key of \(bridge)"))
        }
        let lead = seq > now.milliseconds ? seq - now.milliseconds : 0
        guard lead <= Self.maxLeadMilliseconds else {
            return .failure(ProtocolError(
                .invalid, "nonce \(seq) is \(lead / 1000) s ahead of the hub's clock (at most \(Self.maxLeadMilliseconds / 1000) s): set \(bridge)'s clock"))
        }
        let summary: LiveSummary
        do {
            summary = try LiveSummary.decode(payload)
        } catch {
            return .failure(error)
        }
        guard summary.bridge == bridge, summary.conference == conference else {
            return .failure(ProtocolError(.notAuthorised, "the summary is \(summary.bridge)'s for \(summary.conference), not \(bridge)'s for \(conference)"))
        }
        return .success(summary)
    }
}
