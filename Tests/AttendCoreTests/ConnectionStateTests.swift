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

/// A hang-up in every state the connection can be in, on a fake clock: epoll's HUP or ERR
/// (`hungUp`) and the peer's EOF (`peerFinished`), each followed by what the loop sees after.
@Suite struct ConnectionStateHangUpTests {
    /// A state the connection can be in, with what it owes in it and when it was reached.
    struct Situation: CustomTestStringConvertible {
        let name: String
        let state: ConnectionState
        let owed: ConnectionState.Owed
        var testDescription: String { name }
    }

    static let oneReply = ConnectionState.Owed(unanswered: 1, unsentBytes: 0)

    static let situations: [Situation] = {
        var idle = ConnectionState(now: 0)
        idle.sent(now: 1_000)
        var readingALine = ConnectionState(now: 0)
        readingALine.received(now: 1_000)  // part of a line, no LF yet: nothing owed
        var awaitingAPayload = ConnectionState(now: 0)
        awaitingAPayload.received(now: 1_000)
        awaitingAPayload.payloadAnnounced(now: 1_000)
        var payloadQueued = ConnectionState(now: 0)
        payloadQueued.payloadAnnounced(now: 500)
        payloadQueued.received(now: 1_000)
        payloadQueued.payloadEnded()
        var repliesOwed = ConnectionState(now: 0)
        repliesOwed.received(now: 1_000)
        var finishing = ConnectionState(now: 0)
        finishing.received(now: 1_000)
        _ = finishing.peerFinished()
        var stopping = ConnectionState(now: 0)
        stopping.received(now: 1_000)
        stopping.stop()
        return [
            Situation(name: "idle", state: idle, owed: .nothing),
            Situation(name: "reading a line", state: readingALine, owed: .nothing),
            Situation(name: "awaiting a payload", state: awaitingAPayload, owed: .nothing),
            Situation(name: "payload queued", state: payloadQueued, owed: .init(unanswered: 1, unsentBytes: 0, payloadQueued: true)),
            Situation(name: "replies owed", state: repliesOwed, owed: .init(unanswered: 2, unsentBytes: 300)),
            Situation(name: "finishing", state: finishing, owed: oneReply),
            Situation(name: "stopping", state: stopping, owed: oneReply),
        ]
    }()

    /// HUP or ERR closes in every state, whatever is owed, and changes nothing else: the kernel
    /// reports it whatever the interests, so a connection kept would spin the loop.
    @Test(arguments: situations) func epollHangUpClosesInEveryState(_ situation: Situation) {
        let before = situation.state
        #expect(situation.state.hungUp() == .close(.hangUp))
        #expect(situation.state == before)
    }

    /// EOF: a payload still owed can never arrive, so that closes at once; in every other state
    /// the connection reads no more, answers what it owes (never idle-closed meanwhile), and
    /// closes `finished` the moment nothing is owed.
    @Test(arguments: situations) func peerEOFInEveryState(_ situation: Situation) {
        var state = situation.state
        let action = state.peerFinished()
        if situation.name == "awaiting a payload" {
            #expect(action == .close(.payloadCutShort))
            return
        }
        #expect(action == .keep)
        #expect(state.phase == .finishing)
        #expect(state.interest(situation.owed, limits: limits).read == false)
        #expect(state.interest(situation.owed, limits: limits).write == (situation.owed.unsentBytes > 0))
        if situation.owed == .nothing {
            #expect(state.check(now: 1_001, owed: .nothing, limits: limits) == .close(.finished))
        } else {
            // Owing a reply past the idle timeout is not idle.
            #expect(state.check(now: 60_000, owed: situation.owed, limits: limits) == .keep)
            // The replies are out but not all taken: the socket took some just now.
            state.sent(now: 60_001)
            #expect(state.check(now: 60_001, owed: .init(unanswered: 0, unsentBytes: 10), limits: limits) == .keep)
            #expect(state.check(now: 60_002, owed: .nothing, limits: limits) == .close(.finished))
        }
        // A second EOF (or a payload line after it) changes nothing.
        #expect(state.peerFinished() == .keep)
        state.payloadAnnounced(now: 60_003)
        #expect(state.phase == .finishing)
        #expect(state.hungUp() == .close(.hangUp))
    }

    /// After EOF, a peer that takes none of its reply bytes for the idle timeout is closed idle:
    /// the bytes are owed, but a peer that never reads must not hold the connection for ever.
    @Test func afterEOFAPeerThatStopsReadingItsRepliesIsClosedIdle() {
        var state = ConnectionState(now: 0)
        #expect(state.peerFinished() == .keep)
        state.sent(now: 1_000)
        let unsent = ConnectionState.Owed(unanswered: 0, unsentBytes: 300)
        #expect(state.check(now: 6_000, owed: unsent, limits: limits) == .keep)
        #expect(state.check(now: 6_001, owed: unsent, limits: limits) == .close(.idle))
    }

    /// Without a hang-up, each state keeps its own deadline on the fake clock.
    @Test func eachStateKeepsItsDeadlineUntilAHangUp() {
        let byName = Dictionary(uniqueKeysWithValues: Self.situations.map { ($0.name, $0) })
        // Idle and a half-read line owe nothing: idle after idle_timeout from the last byte.
        for name in ["idle", "reading a line"] {
            let state = byName[name]!.state
            #expect(state.check(now: 6_000, owed: .nothing, limits: limits) == .keep)
            #expect(state.check(now: 6_001, owed: .nothing, limits: limits) == .close(.idle))
        }
        // Awaiting a payload: idle like any other, and past payload_timeout however it drips.
        let awaiting = byName["awaiting a payload"]!.state
        #expect(awaiting.check(now: 6_001, owed: .nothing, limits: limits) == .close(.idle))
        var dripping = awaiting
        dripping.received(now: 31_001)
        #expect(dripping.check(now: 31_001, owed: .nothing, limits: limits) == .close(.payloadTimeout))
        // A queued payload, replies owed, finishing or stopping with a reply owed: never idle.
        for name in ["payload queued", "replies owed", "finishing", "stopping"] {
            let situation = byName[name]!
            #expect(situation.state.check(now: 600_000, owed: situation.owed, limits: limits) == .keep)
        }
        // A queued payload pauses reading until its reply; replies owed past the pipeline too.
        #expect(byName["payload queued"]!.state.interest(byName["payload queued"]!.owed, limits: limits).read == false)
    }
}
