import Testing

@testable import AttendDaemon

/// The input budget's bookkeeping, without sockets: what `StreamServer` tells the ledger and
/// what it then holds.
@Suite struct InputBudgetLedgerTests {
    @Test func aConnectionsBuffersAreCountedByTheirChange() {
        var ledger = InputBudgetLedger()
        ledger.recount(from: 0, to: 4096)
        ledger.recount(from: 0, to: 1000)
        #expect(ledger.held == 5096)
        ledger.recount(from: 4096, to: 512)
        #expect(ledger.held == 1512)
        ledger.closed(counting: 512)
        #expect(ledger.held == 1000)
        let asksForTrim = ledger.takeHeapTrim()
        #expect(!asksForTrim)  // nothing sizeable was freed
    }

    @Test func aQueuedPayloadIsCountedUntilItsReplyEvenAfterItsConnectionClosed() {
        var ledger = InputBudgetLedger()
        let payload = QueuedPayload(connection: 100, slot: 3)
        ledger.queue(2000, as: payload)
        ledger.recount(from: 0, to: 300)
        ledger.closed(counting: 300)  // its connection went away
        #expect(ledger.held == 2000)
        let released = ledger.release(payload)
        #expect(released)
        #expect(ledger.held == 0)
        let releasedAgain = ledger.release(payload)
        #expect(!releasedAgain)  // a second reply for the slot frees nothing
        #expect(ledger.held == 0)
    }

    @Test func onlyAReplyForTheSameSlotReleasesAPayload() {
        var ledger = InputBudgetLedger()
        ledger.queue(700, as: QueuedPayload(connection: 100, slot: 0))
        let otherSlotReleased = ledger.release(QueuedPayload(connection: 100, slot: 1))
        #expect(!otherSlotReleased)
        let otherConnectionReleased = ledger.release(QueuedPayload(connection: 101, slot: 0))
        #expect(!otherConnectionReleased)
        #expect(ledger.held == 700)
    }

    @Test func freeingABigBufferAsksForOneHeapTrim() {
        var ledger = InputBudgetLedger()
        ledger.queue(InputBudgetLedger.trimThreshold, as: QueuedPayload(connection: 100, slot: 0))
        ledger.recount(from: 0, to: InputBudgetLedger.trimThreshold - 1)
        let asksBeforeAnyFree = ledger.takeHeapTrim()
        #expect(!asksBeforeAnyFree)
        let released = ledger.release(QueuedPayload(connection: 100, slot: 0))
        #expect(released)
        ledger.closed(counting: InputBudgetLedger.trimThreshold - 1)  // just under: no trim of its own
        let asksAfterTheFree = ledger.takeHeapTrim()
        #expect(asksAfterTheFree)
        let asksAgain = ledger.takeHeapTrim()
        #expect(!asksAgain)  // said once
        ledger.closed(counting: 0)
        ledger.recount(from: 0, to: InputBudgetLedger.trimThreshold)
        ledger.closed(counting: InputBudgetLedger.trimThreshold)
        let asksAfterTheClose = ledger.takeHeapTrim()
        #expect(asksAfterTheClose)
        #expect(ledger.held == 0)
    }
}
