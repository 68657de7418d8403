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

    /// What a hub checks before it keeps a summary: the sender is one of its bridge points, the
    /// signature is that bridge point's over these very bytes, the JSON is a bounded
    /// `attendd.live/1` summary of that bridge point for that conference. `keys` nil: no hub.
    public func check(payload: [UInt8], keys: [String: BridgeKey]?) -> Result<LiveSummary, ProtocolError> {
        guard let keys else { return .failure(ProtocolError(.notAuthorised, "this attendd is not a district hub")) }
        guard let sender = keys[bridge] else { return .failure(ProtocolError(.notAuthorised, "unknown bridge point \(bridge)")) }
        guard HMACSHA256.isValid(mac, for: Self.signedBytes(bridge: bridge, conference: conference, seq: seq, payload: payload), key: sender.key) else {
            return .failure(ProtocolError(.notAuthorised, "the signature does not match the key of \(bridge)"))
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
