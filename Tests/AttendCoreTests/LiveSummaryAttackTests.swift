import Foundation
import Testing

@testable import AttendCore

/// An outside attacker's look at `LIVE` (review of issue 17): figures a hall's bug or a stolen
/// key could send, and nonces that would shut a hall out of the hub's board.
@Suite struct LiveSummaryAttackTests {
    static let key = [UInt8](repeating: 0xA1, count: 32)
    static let keys = ["xa-a": BridgeKey(id: "xa-a", key: key, name: "UBND xã A")]
    static let hubNow = Timestamp(rfc3339: "2026-11-23T08:00:00+07:00")!

    static func summary(categories: [StatusSnapshot.ConferenceStatus.LiveCategory]) -> LiveSummary {
        LiveSummary(
            bridge: "xa-a", conference: "HN", title: "Hội nghị", at: hubNow, intervalSeconds: 60, invited: 50, arrived: 45, present: 40,
            walkIns: 0, categories: categories, curve: [], incidents: [])
    }

    static func refusal(_ summary: LiveSummary) -> String {
        do { _ = try LiveSummary.decode(summary.encoded()); return "" } catch { return error.message }
    }

    /// A category's counts were not bounded: two halls saying Int.max party members made the
    /// hub's district sum overflow (a trap: the hub gone). Rates must be finite, 0 or more.
    @Test func aCategorysCountsAndRatesAreBoundedAndEachCategoryComesOnce() throws {
        func category(invited: Int = 50, arrived: Int = 45, rate: Double? = 90, target: Double? = 98) -> StatusSnapshot.ConferenceStatus.LiveCategory {
            .init(category: "party_member", invited: invited, arrived: arrived, rate: rate, target: target, belowTarget: true)
        }
        #expect(Self.refusal(Self.summary(categories: [category(invited: Int.max)])).contains("party_member's invited must be 0 to 1000000"))
        #expect(Self.refusal(Self.summary(categories: [category(arrived: -1)])).contains("party_member's arrived must be 0 to 1000000"))
        #expect(Self.refusal(Self.summary(categories: [category(rate: -5)])).contains("party_member's rate"))
        #expect(Self.refusal(Self.summary(categories: [category(rate: 1e300)])).contains("party_member's rate"))
        #expect(Self.refusal(Self.summary(categories: [category(target: 1e300)])).contains("party_member's target"))
        #expect(Self.refusal(Self.summary(categories: [category(), category()])).contains("party_member twice"))
        // A hall with more arrived than invited (walk-ins) still has a rate over 100.
        #expect(Self.refusal(Self.summary(categories: [category(invited: 10, arrived: 12, rate: 120, target: nil)])) == "")
        // What the bound protects: 1,000 halls at the most each allows still add up.
        let most = Self.summary(categories: [category(invited: LiveSummary.maxCount, arrived: LiveSummary.maxCount, rate: 100)])
        var board = LiveBoard()
        var bridges: [BridgeKey] = []
        for hall in 0..<1_000 {
            var summary = most
            summary.bridge = "xa-\(hall)"
            board.offer(summary, seq: 1, heardAt: Self.hubNow)
            bridges.append(BridgeKey(id: summary.bridge, key: Self.key, name: summary.bridge))
        }
        let view = try #require(DistrictLive.compute(conference: "HN", board: board, bridges: bridges, at: Self.hubNow))
        #expect(view.categories.first?.invited == 1_000 * LiveSummary.maxCount)
    }

    /// A hall whose clock was set back sends its curve out of order; the district's curve walked
    /// it as sorted, so its first and last (and the sums between) were wrong. Sorted first now.
    @Test func aCurveOutOfOrderAddsUpAsIfSorted() {
        let late = LiveSummary.Point(at: "2026-11-23T08:10:00+07:00", present: 30)
        let early = LiveSummary.Point(at: "2026-11-23T08:00:00+07:00", present: 10)
        let other = [LiveSummary.Point(at: "2026-11-23T08:00:00+07:00", present: 5), .init(at: "2026-11-23T08:10:00+07:00", present: 5)]
        #expect(DistrictLive.districtCurve([[late, early], other]) == DistrictLive.districtCurve([[early, late], other]))
        let curve = DistrictLive.districtCurve([[late, early], other])
        #expect(curve.first?.present == 15 && curve.last?.present == 35)
    }

    /// A nonce far ahead of the hub's clock was kept, and every later summary of that hall, with
    /// nonces from a right clock, was answered new=0: the hall shown silent for as long as the hub
    /// ran. The hub now refuses a nonce more than `maxLeadMilliseconds` ahead of its clock, so a
    /// hall whose clock went back is shut out at most that long.
    @Test func aNonceFarAheadOfTheHubsClockIsRefusedAndCannotLockTheHallOut() throws {
        let payload = Self.summary(categories: []).encoded()
        func checked(_ seq: Int64) -> Result<LiveSummary, ProtocolError> {
            let line = LivePush.line(bridge: "xa-a", conference: "HN", seq: seq, payload: payload, key: Self.key)
            return try! LivePush(line).check(payload: payload, keys: Self.keys, now: Self.hubNow)
        }
        let now = Self.hubNow.milliseconds
        #expect(try checked(now).get().bridge == "xa-a")
        #expect(try checked(now + LivePush.maxLeadMilliseconds).get().bridge == "xa-a")
        let far = checked(now + LivePush.maxLeadMilliseconds + 1)
        #expect(far.failure?.message.contains("ahead of the hub's clock") == true)
        #expect(checked(Int64.max).failure?.code == .invalid)
        // An unsigned one learns nothing of the clock: the signature is checked first.
        let line = LivePush.line(bridge: "xa-a", conference: "HN", seq: Int64.max, payload: payload, key: [UInt8](repeating: 1, count: 32))
        #expect(try LivePush(line).check(payload: payload, keys: Self.keys, now: Self.hubNow).failure?.message.contains("signature") == true)
    }

    /// The hall's side: its nonce rises with its clock, by one when the clock stands still or went
    /// back a little, and starts again from the clock when its own last nonce is more than the
    /// lead ahead (the clock was set back): otherwise it would stay refused until a restart.
    @Test func theHallsNonceFollowsItsClockAndRecoversFromAClockSetBack() {
        let now = Self.hubNow
        #expect(LivePush.nextNonce(after: 0, now: now) == now.milliseconds)
        #expect(LivePush.nextNonce(after: now.milliseconds, now: now) == now.milliseconds + 1)
        #expect(LivePush.nextNonce(after: now.milliseconds + 5_000, now: now) == now.milliseconds + 5_001)
        let setBack = now.milliseconds + 24 * 3_600_000
        #expect(LivePush.nextNonce(after: setBack, now: now) == now.milliseconds)
        #expect(LivePush.nextNonce(after: Int64.max, now: now) == now.milliseconds)
    }
}
