import Foundation
import Testing

@testable import AttendCore

/// What a hub checks before storing a push, each refusal named.
@Suite struct TallyPushCheckTests {
    let keyA = [UInt8](repeating: 0xA1, count: 32)
    let keyB = [UInt8](repeating: 0xB2, count: 32)
    var keys: [String: BridgeKey] {
        ["xa-a": BridgeKey(id: "xa-a", key: keyA, name: "Xã A"), "xa-b": BridgeKey(id: "xa-b", key: keyB, name: "Xã B")]
    }

    func payload(bridge: String = "xa-a", conference: String = "HN") -> [UInt8] {
        var tally = TallyComputation.tally(
            plan: ConferencePlan(id: conference, title: conference, date: "2026-11-23", parts: []), invited: [], excuses: [:], events: [])
        tally.bridge = bridge
        return Array(tally.jsonData())
    }

    func push(_ bridge: String, key: [UInt8], conference: String = "HN", payload: [UInt8]) throws -> TallyPush {
        try #require(try TallyPush(TallyPush.line(bridge: bridge, conference: conference, revision: 1, payload: payload, key: key)))
    }

    func refusal(_ result: Result<Tally, ProtocolError>) -> ProtocolError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test func aGoodPushIsItsBridgePointsTally() throws {
        let bytes = payload()
        let result = try push("xa-a", key: keyA, payload: bytes).check(payload: bytes, keys: keys)
        #expect(try result.get().bridge == "xa-a")
    }

    @Test func everyRefusalNamesWhatFailed() throws {
        let bytes = payload()
        let good = try push("xa-a", key: keyA, payload: bytes)
        #expect(refusal(good.check(payload: bytes, keys: nil))?.message == "this attendd is not a district hub")
        #expect(refusal(try push("xa-z", key: keyA, payload: bytes).check(payload: bytes, keys: keys))?.message == "unknown bridge point xa-z")
        #expect(refusal(try push("xa-a", key: keyB, payload: bytes).check(payload: bytes, keys: keys))?.message
            == "the signature does not match the key of xa-a")
        // One byte changed after signing.
        var altered = bytes
        altered[altered.count - 2] ^= 0x01
        #expect(refusal(good.check(payload: altered, keys: keys))?.code == .notAuthorised)
        let garbage = Array("{not json".utf8)
        let refused = refusal(try push("xa-a", key: keyA, payload: garbage).check(payload: garbage, keys: keys))
        #expect(refused?.code == .invalid)
        #expect(refused?.message.hasPrefix("not a tally:") == true)
        // Correctly signed by xa-b, but xa-a's tally; and a tally of another conference.
        #expect(refusal(try push("xa-b", key: keyB, payload: bytes).check(payload: bytes, keys: keys))?.message
            == "the tally is xa-a's for HN, not xa-b's for HN")
        #expect(refusal(try push("xa-a", key: keyA, conference: "OTHER", payload: bytes).check(payload: bytes, keys: keys))?.code
            == .notAuthorised)
    }

    /// A signed tally saying `bridge` twice reads one way to attendd and the other way to other readers:
    /// refused, naming the key, even though the signature is good.
    @Test func aTallyWithADuplicateKeyIsRefusedByName() throws {
        let bytes = Array("{\"bridge\":\"xa-b\",".utf8) + payload().dropFirst()
        let result = try push("xa-a", key: keyA, payload: bytes).check(payload: bytes, keys: keys)
        let message = try #require(refusal(result)?.message)
        #expect(message.hasPrefix("not a tally: tally JSON has the key \"bridge\" twice in the top level"), "\(message)")
    }
}
