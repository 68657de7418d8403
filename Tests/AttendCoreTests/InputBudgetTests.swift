import Testing

@testable import AttendCore

private func holder(_ id: UInt64, held: Int, since: Int64? = nil, active: Int64 = 0, owesNothing: Bool = true) -> InputBudget.Holder {
    InputBudget.Holder(id: id, heldBytes: held, payloadSince: since, lastActivity: active, owesNothing: owesNothing)
}

@Suite struct InputBudgetTests {
    @Test func underTheLimitNothingIsShed() {
        #expect(InputBudget.shed([holder(1, held: 100, since: 0)], total: 100, limit: 100).isEmpty)
    }

    @Test func theBiggestUnfinishedPayloadsGoFirstUntilUnderTheLimit() {
        let holders = [
            holder(1, held: 1_000, since: 5), holder(2, held: 4_000, since: 9), holder(3, held: 9_000),  // 3: no payload
            holder(4, held: 2_000, since: 1), holder(5, held: 2_000, since: 3),
        ]
        // 18,000 held, limit 12,000: shed 4,000 (2), then 2,000 (4, the older of the two at 2,000).
        #expect(InputBudget.shed(holders, total: 18_000, limit: 12_000) == [2, 4])
        #expect(InputBudget.shed(holders, total: 18_000, limit: 13_000) == [2, 4])
        #expect(InputBudget.shed(holders, total: 18_000, limit: 14_000) == [2])
    }

    @Test func aNewConnectionTakesTheSlotOfAPayloadHolderFirst() {
        let holders = [holder(1, held: 10, active: 0), holder(2, held: 4_096, since: 50, active: 90), holder(3, held: 10, since: 10, active: 95)]
        #expect(InputBudget.victimForNewConnection(holders, now: 100) == 2)
    }

    @Test func thenTheConnectionSilentLongestWithNothingOwed() {
        let holders = [
            holder(1, held: 10, active: 30), holder(2, held: 10, active: 5, owesNothing: false), holder(3, held: 10, active: 20),
        ]
        #expect(InputBudget.victimForNewConnection(holders, now: 5_000) == 3)
        // Silent for less than a second: a terminal between two check-ins keeps its place.
        #expect(InputBudget.victimForNewConnection(holders, now: 1_010) == nil)
    }

    @Test func connectionsOwedRepliesAreNeverShedForANewcomer() {
        #expect(InputBudget.victimForNewConnection([holder(1, held: 10, owesNothing: false)], now: 60_000) == nil)
        #expect(InputBudget.victimForNewConnection([], now: 60_000) == nil)
    }
}
