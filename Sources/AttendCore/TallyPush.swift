/// `TALLY bridge=ID conf=C rev=N mac=HEX bytes=N` and the tally JSON after it.
///
/// The MAC is HMAC-SHA256, with the bridge point's key, over `signedBytes`: a fixed prefix,
/// the bridge id, conference and revision, each ended by LF, then the exact JSON bytes, so a
/// signature cannot be moved to another bridge point, conference or revision.
public struct TallyPush: Equatable, Sendable {
    public var bridge: String
    public var conference: String
    public var revision: Int64
    public var mac: [UInt8]
    public var bytes: Int

    public init(bridge: String, conference: String, revision: Int64, mac: [UInt8], bytes: Int) {
        self.bridge = bridge
        self.conference = conference
        self.revision = revision
        self.mac = mac
        self.bytes = bytes
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        bridge = try RequestFields.identifier("bridge", line, required: true)!
        conference = try RequestFields.identifier("conf", line, required: true)!
        guard let text = line["rev"], let revision = Int64(text), revision >= 1 else {
            throw ProtocolError(.invalid, "rev must be a revision number from 1")
        }
        self.revision = revision
        guard let text = line["mac"], let mac = Hex.decode(text), mac.count == 32 else {
            throw ProtocolError(.invalid, "mac must be 64 hex digits (HMAC-SHA256)")
        }
        self.mac = mac
        guard let text = line["bytes"], let bytes = Int(text), bytes > 0, bytes <= Tally.maxJSONBytes else {
            throw ProtocolError(.invalid, "bytes must give the size of the tally that follows, 1 to \(Tally.maxJSONBytes)")
        }
        self.bytes = bytes
    }

    /// What the MAC covers.
    public static func signedBytes(bridge: String, conference: String, revision: Int64, payload: [UInt8]) -> [UInt8] {
        Array("attendd-push/1\n\(bridge)\n\(conference)\n\(revision)\n".utf8) + payload
    }

    /// The request line for a push, signed with `key`.
    public static func line(bridge: String, conference: String, revision: Int64, payload: [UInt8], key: [UInt8]) -> RequestLine {
        let mac = HMACSHA256.authenticate(signedBytes(bridge: bridge, conference: conference, revision: revision, payload: payload), key: key)
        return RequestLine(verb: "TALLY", fields: [
            .init("bridge", bridge), .init("conf", conference), .init("rev", String(revision)), .init("mac", Hex.encode(mac)),
            .init("bytes", String(payload.count)),
        ])
    }
}
