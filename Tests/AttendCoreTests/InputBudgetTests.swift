import Testing

@testable import AttendCore

private func holder(_ id: UInt64, held: Int, since: Int64? = nil) -> InputBudget.Holder {
    InputBudget.Holder(id: id, heldBytes: held, payloadSince: since)
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

    @Test func aNewConnectionTakesTheSlotOfTheBiggestPayloadHolder() {
        let holders = [
            holder(1, held: 10), holder(2, held: 4_096, since: 50), holder(3, held: 10, since: 10),
            holder(4, held: 4_096, since: 40),  // as big as 2, and older
        ]
        #expect(InputBudget.victimForNewConnection(holders) == 4)
    }

    /// A terminal keeping its connection between check-ins is never pushed out for a newcomer.
    @Test func connectionsWithoutAPayloadAreNeverShedForANewcomer() {
        let holders = [holder(1, held: 10), holder(2, held: 300), holder(3, held: 10)]
        #expect(InputBudget.victimForNewConnection(holders) == nil)
        #expect(InputBudget.victimForNewConnection([]) == nil)
    }
}
