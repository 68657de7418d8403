import Testing

@testable import AttendCore

private let limits = ConnectionState.Limits(idleMilliseconds: 5_000, payloadMilliseconds: 30_000, maxPipeline: 4)

/// The connection's rules without a socket: every event and the clock are given.
@Suite struct ConnectionStateTests {
    @Test func aSilentConnectionOwingNothingClosesAfterTheIdleTimeout() {
        var state = ConnectionState(now: 0)
        #expect(state.check(now: 5_000, owed: .nothing, limits: limits) == .keep)
        #expect(state.check(now: 5_001, owed: .nothing, limits: limits) == .close(.idle))
        state.received(now: 4_000)
        #expect(state.check(now: 5_001, owed: .nothing, limits: limits) == .keep)
        state.sent(now: 8_000)
        #expect(state.check(now: 12_000, owed: .nothing, limits: limits) == .keep)
    }

    @Test func aConnectionOwedAReplyIsNotIdle() {
        let state = ConnectionState(now: 0)
        #expect(state.check(now: 60_000, owed: .init(unanswered: 1, unsentBytes: 0), limits: limits) == .keep)
    }

    @Test func waitingForAPayloadIsIdleLikeAnyOtherAndHasADeadline() {
        var state = ConnectionState(now: 0)
        state.payloadAnnounced(now: 0)
        #expect(state.phase == .payload(since: 0))
        // Silent: idle after idle_timeout, although the payload is not complete.
        #expect(state.check(now: 5_001, owed: .nothing, limits: limits) == .close(.idle))
        // Dripping one byte at a time keeps it from being idle, not past the payload deadline.
        for second in stride(from: Int64(1_000), through: 30_000, by: 1_000) {
            state.received(now: second)
            #expect(state.check(now: second, owed: .nothing, limits: limits) == .keep)
        }
        state.received(now: 30_001)
        #expect(state.check(now: 30_001, owed: .nothing, limits: limits) == .close(.payloadTimeout))
    }

    @Test func aPayloadThatArrivedEndsItsDeadline() {
        var state = ConnectionState(now: 0)
        state.payloadAnnounced(now: 0)
        state.received(now: 29_000)
        state.payloadEnded()
        #expect(state.phase == .lines)
        #expect(state.check(now: 31_000, owed: .init(unanswered: 1, unsentBytes: 0), limits: limits) == .keep)
    }

    @Test func eofInTheMiddleOfAPayloadClosesAtOnce() {
        var state = ConnectionState(now: 0)
        state.payloadAnnounced(now: 10)
        #expect(state.peerFinished() == .close(.payloadCutShort))
    }

    @Test func eofBetweenRequestsAnswersThenCloses() {
        var state = ConnectionState(now: 0)
        #expect(state.peerFinished() == .keep)
        #expect(state.phase == .finishing)
        let owing = ConnectionState.Owed(unanswered: 1, unsentBytes: 0)
        #expect(state.interest(owing, limits: limits) == .init(read: false, write: false))
        #expect(state.check(now: 1, owed: owing, limits: limits) == .keep)
        #expect(state.interest(.init(unanswered: 0, unsentBytes: 30), limits: limits) == .init(read: false, write: true))
        #expect(state.check(now: 2, owed: .init(unanswered: 0, unsentBytes: 30), limits: limits) == .keep)
        #expect(state.check(now: 3, owed: .nothing, limits: limits) == .close(.finished))
    }

    /// The mechanism of the spin: EPOLLHUP is reported whatever the interests, so a hang-up
    /// always closes, whatever is owed (a payload, a reply, a line test under way).
    @Test func aHangUpAlwaysCloses() {
        var state = ConnectionState(now: 0)
        #expect(state.hungUp() == .close(.hangUp))
        state.payloadAnnounced(now: 0)
        #expect(state.hungUp() == .close(.hangUp))
        _ = state.peerFinished()
        #expect(state.hungUp() == .close(.hangUp))
    }

    @Test func readingPausesAtThePipelineAndOutputLimits() {
        let state = ConnectionState(now: 0)
        #expect(state.interest(.nothing, limits: limits) == .init(read: true, write: false))
        #expect(state.interest(.init(unanswered: 4, unsentBytes: 0), limits: limits).read == false)
        #expect(state.interest(.init(unanswered: 0, unsentBytes: 256 * 1024), limits: limits) == .init(read: false, write: true))
        // One queued payload at a time: reading waits for its reply.
        #expect(state.interest(.init(unanswered: 1, unsentBytes: 0, payloadQueued: true), limits: limits).read == false)
    }

    @Test func aStoppingConnectionReadsNoMoreAndTakesNoPayload() {
        var state = ConnectionState(now: 0)
        state.stop()
        state.payloadAnnounced(now: 5)
        #expect(state.phase == .finishing)
        #expect(state.interest(.nothing, limits: limits).read == false)
    }
}
