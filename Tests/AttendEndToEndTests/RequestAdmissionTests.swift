import AttendCore
import Testing

@testable import AttendDaemon

/// 2026-11-23T07:45:00.000+07:00.
private let receivedAt = Timestamp(milliseconds: 1_795_394_700_000)
/// 192.168.1.20 as a number (`PeerAddress.ipv4`).
private let hall: UInt64 = 0xC0A8_0114

/// What TCP and UDP lines go through before routing, without sockets or a store: the rate
/// limit, the counts by verb and the terminals seen.
@Suite struct RequestAdmissionTests {
    private func admission(rate: Int = 200, burst: Int = 1000, allowed: Set<String>? = nil) throws -> (RequestAdmission, RequestCounts) {
        var config = Config(stateDirectory: "/nonexistent/state", runtimeDirectory: "/nonexistent/run")
        config.ratePerSource = rate
        config.rateBurst = burst
        config.allowedTerminals = allowed
        let counts = RequestCounts()
        let admission = try RequestAdmission(
            config: config, logger: Logger(level: .error, environment: [:]), counts: counts, checkins: nil)
        return (admission, counts)
    }

    private func admit(_ admission: RequestAdmission, _ text: String, from source: UInt64?, now: Int64 = 0) -> RequestRouter.Routing {
        Array(text.utf8).withUnsafeBufferPointer {
            admission.admit(
                $0, sourceIPv4: source, context: admission.streamContext(isControl: source == nil), receivedAt: receivedAt, now: now)
        }
    }

    @Test func anAddressPastItsRateIsRefusedAndCountedAndTheControlSocketIsNot() throws {
        let (admission, counts) = try admission(rate: 1, burst: 1)
        #expect(admit(admission, "PING", from: hall) == .reply(.ok([.init("time", receivedAt.vietnam), .init("proto", "1")])))
        #expect(admit(admission, "PING", from: hall)
            == .reply(.error(ProtocolError(.rateLimited, "more than 1 requests a second from this address"))))
        #expect(admit(admission, "PING", from: hall + 1).isReplyOK)  // another address has its own bucket
        #expect(admit(admission, "PING", from: nil).isReplyOK)
        #expect(admit(admission, "PING", from: nil).isReplyOK)
        #expect(admit(admission, "PING", from: hall, now: 1000).isReplyOK)  // a second later, a token again
        #expect(counts.requests == ["PING": 5, "rate_limited": 1])
    }

    @Test func requestsAreCountedByVerbWithUnknownVerbsTogether() throws {
        let (admission, counts) = try admission()
        _ = admit(admission, "PING", from: hall)
        _ = admit(admission, "FROBNICATE a=1", from: hall)
        _ = admit(admission, "SMURF", from: hall)
        #expect(counts.requests == ["PING": 1, "other": 2])  // a sender of garbage cannot grow the counters
    }

    @Test func aTerminalIsSeenWhenItsLineIsRoutedAndCountedWhenItsRequestIsAnswered() throws {
        let (admission, _) = try admission()
        guard case .store = admit(admission, "CHECKIN id=42 term=g1 seq=5", from: hall) else {
            Issue.record("a check-in goes to the writer")
            return
        }
        #expect(admission.terminals.statuses() == [.init(id: "g1", lastSeen: receivedAt.vietnam)])
        admission.answered("g1", stored: .checkIn, error: false)
        admission.answered("g1", stored: nil, error: true)
        #expect(admission.terminals.statuses() == [.init(id: "g1", lastSeen: receivedAt.vietnam, checkins: 1, errors: 1)])
    }

    @Test func aTerminalOffTheAllowListIsRefusedAndTakesNoSlot() throws {
        let (admission, counts) = try admission(allowed: ["g1"])
        let routing = admit(admission, "CHECKIN id=42 term=stranger seq=5", from: hall)
        guard case .reply(let reply) = routing else {
            Issue.record("a stranger's check-in is answered at once")
            return
        }
        #expect(reply.error == .notAuthorised)
        #expect(counts.requests == ["CHECKIN": 1])
        #expect(!admission.terminals.statuses().contains { $0.id == "stranger" })
        #expect(admission.terminals.statuses().map(\.id) == ["g1"])  // named in the config: pinned
    }
}

extension RequestRouter.Routing {
    fileprivate var isReplyOK: Bool {
        if case .reply(let reply) = self { return reply.isOK }
        return false
    }
}
