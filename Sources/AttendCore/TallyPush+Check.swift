import Foundation

extension TallyPush {
    /// What a hub checks before it stores a push, in order: the sender is one of its bridge
    /// points, the signature over the exact bytes is that bridge point's, the bytes are an
    /// `attendd.tally/1` tally, and the tally is that bridge point's for that conference.
    /// `keys` nil: this attendd is no hub. The error names what failed.
    public func check(payload: [UInt8], keys: [String: BridgeKey]?) -> Result<Tally, ProtocolError> {
        guard let keys else { return .failure(ProtocolError(.notAuthorised, "this attendd is not a district hub")) }
        guard let sender = keys[bridge] else { return .failure(ProtocolError(.notAuthorised, "unknown bridge point \(bridge)")) }
        let signed = TallyPush.signedBytes(bridge: bridge, conference: conference, revision: revision, payload: payload)
        guard HMACSHA256.isValid(mac, for: signed, key: sender.key) else {
            return .failure(ProtocolError(.notAuthorised, "the signature does not match the key of \(bridge)"))
        }
        let tally: Tally
        do {
            tally = try Tally.decode(json: Data(payload))
        } catch {
            return .failure(ProtocolError(.invalid, "not a tally: \(error)"))
        }
        guard tally.bridge == bridge, tally.conference.id == conference else {
            return .failure(ProtocolError(
                .notAuthorised, "the tally is \(tally.bridge ?? "nobody")'s for \(tally.conference.id), not \(bridge)'s for \(conference)"))
        }
        return .success(tally)
    }
}
