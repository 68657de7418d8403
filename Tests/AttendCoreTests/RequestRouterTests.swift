import Testing

@testable import AttendCore

/// 2026-11-23T07:45:00.000+07:00.
private let now = Timestamp(milliseconds: 1_795_394_700_000)

private let network = RequestRouter.Context(isControl: false, allowedTerminals: nil)
private let control = RequestRouter.Context(isControl: true, allowedTerminals: nil)

private func route(_ text: String, _ context: RequestRouter.Context) -> (RequestRouter.Routing, RequestRouter.Origin) {
    RequestRouter.route(text, context: context, now: now)
}

/// The reply of a line answered at once, or nil when it is routed elsewhere.
private func answer(_ text: String, _ context: RequestRouter.Context) -> Reply? {
    guard case .reply(let reply) = route(text, context).0 else { return nil }
    return reply
}

@Suite struct RequestRouterTests {
    // MARK: PING

    @Test func pingRepliesWithTimeAndProto() throws {
        let (routing, origin) = route("PING", network)
        #expect(routing == .reply(.ok([.init("time", "2026-11-23T07:45:00.000+07:00"), .init("proto", "1")])))
        #expect(origin == RequestRouter.Origin(verb: "PING", terminal: nil))
    }

    @Test func pingEchoesSeqFirst() throws {
        let reply = try #require(answer("ping seq=77 term=g1", network))
        #expect(reply.isOK)
        #expect(reply.fields.first == .init("seq", "77"))
        #expect(reply["time"] == now.vietnam)
        #expect(route("ping seq=77 term=g1", network).1 == RequestRouter.Origin(verb: "PING", terminal: "g1"))
    }

    @Test func pingIsAllowedWhateverTheTerminalList() throws {
        let strict = RequestRouter.Context(isControl: false, allowedTerminals: ["g1"])
        #expect(answer("PING term=stranger", strict)?.isOK == true)
        #expect(answer("PING", strict)?.isOK == true)
    }

    // MARK: Admin verbs

    @Test(arguments: [
        "OPEN conf=hn", "CLOSE", "CLOSE conf=hn", "RELOAD", "reload seq=4", "DEFINE conf=x", "INVITE bytes=1", "EXCUSE id=1",
        "REPORT", "HISTORY id=1", "CONFERENCES", "INCIDENTS", "LINETEST", "OUTBOX", "DISTRICT conf=x",
    ])
    func adminVerbsAreRefusedOffTheControlSocket(_ text: String) throws {
        let reply = try #require(answer(text, network))
        #expect(reply.error == .notAuthorised)
        #expect(reply["msg"]?.contains("control socket") == true)
    }

    @Test func adminRefusalEchoesSeq() throws {
        let reply = try #require(answer("OPEN conf=hn seq=12", network))
        #expect(reply.fields.first == .init("seq", "12"))
        #expect(reply.error == .notAuthorised)
    }

    @Test func adminVerbsGoToTheWriterOnTheControlSocket() {
        #expect(route("OPEN conf=hn title=\"Hà Nội\"", control).0
            == .store(.openConference(id: "hn", title: "Hà Nội"), echo: []))
        #expect(route("CLOSE", control).0 == .store(.closeConference(id: nil), echo: []))
        #expect(route("CLOSE conf=hn seq=3", control).0 == .store(.closeConference(id: "hn"), echo: [.init("seq", "3")]))
    }

    @Test func reloadOnTheControlSocket() {
        #expect(route("RELOAD", control).0 == .reload(echo: []))
        #expect(route("RELOAD seq=9", control).0 == .reload(echo: [.init("seq", "9")]))
    }

    // MARK: Check-ins

    @Test func checkInGoesToTheWriter() {
        let (routing, origin) = route("CHECKIN id=42 term=g1 seq=5", network)
        let request = CheckRequest(direction: .checkIn, delegate: "42", terminal: "g1", sequence: 5)
        #expect(routing == .store(.check(request), echo: [.init("seq", "5")]))
        #expect(origin == RequestRouter.Origin(verb: "CHECKIN", terminal: "g1"))
    }

    @Test func allowedTerminalsRefuseOthers() throws {
        let strict = RequestRouter.Context(isControl: false, allowedTerminals: ["g1", "g2"])
        #expect(route("CHECKIN id=1 term=g2", strict).0
            == .store(.check(CheckRequest(direction: .checkIn, delegate: "1", terminal: "g2")), echo: []))

        let stranger = try #require(answer("CHECKOUT id=1 term=g3 seq=8", strict))
        #expect(stranger.error == .notAuthorised)
        #expect(stranger["seq"] == "8")
        #expect(stranger["msg"]?.contains("terminal g3") == true)

        let anonymous = try #require(answer("CHECKIN id=1", strict))
        #expect(anonymous.error == .notAuthorised)
        #expect(anonymous["msg"]?.contains("term=") == true)
    }

    @Test func emptyAllowListRefusesEveryTerminal() throws {
        let none = RequestRouter.Context(isControl: false, allowedTerminals: [])
        #expect(answer("CHECKIN id=1 term=g1", none)?.error == .notAuthorised)
    }

    @Test func controlSocketIsNotBoundByTheAllowList() {
        let strictControl = RequestRouter.Context(isControl: true, allowedTerminals: ["g1"])
        #expect(route("CHECKIN id=1", strictControl).0
            == .store(.check(CheckRequest(direction: .checkIn, delegate: "1")), echo: []))
        #expect(route("CHECKIN id=1 term=g9", strictControl).0
            == .store(.check(CheckRequest(direction: .checkIn, delegate: "1", terminal: "g9")), echo: []))
    }

    // MARK: Errors

    @Test func commandErrorsEchoSeq() throws {
        let (routing, origin) = route("CHECKIN term=g1 seq=31", network)
        guard case .reply(let reply) = routing else {
            Issue.record("expected a reply, got \(routing)")
            return
        }
        #expect(reply.error == .invalid)
        #expect(reply.fields.first == .init("seq", "31"))
        #expect(reply["msg"] == "id is required")
        #expect(origin == RequestRouter.Origin(verb: "CHECKIN", terminal: "g1"))
    }

    @Test func unknownVerbEchoesSeq() throws {
        let reply = try #require(answer("FROB seq=2", network))
        #expect(reply.error == .unknownVerb)
        #expect(reply["seq"] == "2")
    }

    @Test func lineThatDoesNotDecodeHasNoEchoAndNoOrigin() throws {
        let (routing, origin) = route("CHECKIN seq=4 ID=1", network)
        guard case .reply(let reply) = routing else {
            Issue.record("expected a reply, got \(routing)")
            return
        }
        #expect(reply.error == .malformed)
        #expect(reply["seq"] == nil)
        #expect(reply.fields.map(\.key) == ["msg"])
        #expect(origin == RequestRouter.Origin())
    }

    @Test func invalidUTF8IsAnsweredAsSuch() throws {
        let bytes: [UInt8] = Array("CHECKIN id=".utf8) + [0xFF]
        let (routing, _) = bytes.withUnsafeBufferPointer { RequestRouter.route($0, context: network, now: now) }
        guard case .reply(let reply) = routing else {
            Issue.record("expected a reply, got \(routing)")
            return
        }
        #expect(reply.error == .badUTF8)
    }

    @Test(arguments: ["", "  ", "\t\r"])
    func blankLineIsIgnored(_ text: String) {
        let (routing, origin) = route(text, network)
        #expect(routing == .ignore)
        #expect(origin == RequestRouter.Origin())
    }
}
