import Testing

@testable import AttendCore

/// 2026-11-23T07:45:00.000+07:00.
private let now = Timestamp(milliseconds: 1_795_394_700_000)

private let network = RequestRouter.Context(isControl: false, allowedTerminals: nil)
private let control = RequestRouter.Context(isControl: true, allowedTerminals: nil)

private func route(_ text: String, _ context: RequestRouter.Context) -> RequestRouter.Routing {
    RequestRouter.route(text, context: context, now: now).0
}

/// Each verb routed where its `VerbTable` row places it, with the request's own sender rules.
@Suite struct RequestRouterPlacementTests {
    @Test func queriesGoToTheReader() {
        #expect(route("FIND q=an seq=4", network) == .query(.find(query: "an", conference: nil), echo: [.init("seq", "4")]))
        #expect(route("SUMMARY", network) == .query(.summary, echo: []))
        #expect(route("REPORT conf=HN format=csv", control) == .query(.report(conference: "HN", format: .csv, language: .vietnamese), echo: []))
        #expect(route("VOIDS", control) == .query(.listVoids(conference: nil), echo: []))
        #expect(route("OUTBOX", control) == .query(.listOutbox, echo: []))
    }

    /// A datagram is served only for a verb whose row has `.udp`: the others (a payload either
    /// way) are refused at their line, admin verbs as admin verbs first.
    @Test func aDatagramIsServedOnlyForTheVerbsWhoseRowHasUDP() {
        let udp = RequestRouter.Context(isControl: false, allowedTerminals: nil, isDatagram: true)
        let needsTCP = Reply.error(ProtocolError(.invalid, "this request needs TCP: a payload goes with it"), echo: [.init("seq", "4")])
        #expect(route("FIND q=an seq=4", udp) == .reply(needsTCP))
        #expect(route("SUMMARY seq=4", udp) == .reply(needsTCP))
        #expect(route("TALLY bridge=b conf=c rev=3 mac=\(String(repeating: "0f", count: 32)) bytes=77 seq=4", udp) == .reply(needsTCP))
        guard case .reply(let admin) = route("REPORT seq=4", udp) else { return #expect(Bool(false), "REPORT over UDP is not refused") }
        #expect(admin.error == .notAuthorised)
        #expect(route("CHECKIN id=D1 seq=4 term=T1", udp) == route("CHECKIN id=D1 seq=4 term=T1", network))
        #expect(route("PING", udp) == route("PING", network))
        // Every row's example line (VerbTableTests.examples, which has one per row).
        for row in VerbTable.verbs where !row.isAdmin {
            let text = VerbTableTests.examples[row.name] ?? row.name
            let refusal = Reply.error(ProtocolError(.invalid, "this request needs TCP: a payload goes with it"))
            let served: Bool
            if case .reply(let reply) = RequestRouter.route(text, context: udp, now: now).0, reply == refusal { served = false } else { served = true }
            #expect(served == row.senders.contains(.udp), "\(row.name)")
        }
    }

    @Test func anInviteAwaitsItsPayloadForTheWriter() {
        #expect(route("INVITE conf=HN bytes=120 seq=2", control)
            == .awaitPayload(.write(.invite(conference: "HN", bytes: 120, defaultCategory: nil)), echo: [.init("seq", "2")], bytes: 120))
    }

    @Test func aTallyAwaitsItsPayloadForTheCheckerOnAHubOnly() throws {
        let text = "TALLY bridge=b conf=c rev=3 mac=\(String(repeating: "0f", count: 32)) bytes=77"
        guard case .awaitPayload(.tallyPush(let push), let echo, let bytes) = route(text, network) else {
            Issue.record("TALLY is not awaiting its payload")
            return
        }
        #expect(push.bridge == "b" && push.conference == "c" && push.revision == 3 && push.bytes == 77)
        #expect(echo.isEmpty && bytes == 77)
        let bridge = RequestRouter.Context(isControl: false, allowedTerminals: nil, acceptsTallies: false)
        guard case .reply(let reply) = route(text, bridge) else {
            Issue.record("TALLY on a bridge point is not refused at its line")
            return
        }
        #expect(reply.error == .notAuthorised)
        #expect(reply["msg"] == "this attendd is not a district hub ([hub] keys_file is not set)")
    }

    @Test func theLineTestGoesToTheLineTester() {
        #expect(route("LINETEST seconds=5 seq=1", control) == .lineTest(seconds: 5, echo: [.init("seq", "1")]))
        #expect(route("LINETEST", control) == .lineTest(seconds: 60, echo: []))
    }

    @Test func aVoidFromTheControlSocketIsMarkedSoAndATerminalNeedsAKeyOrTheList() throws {
        #expect(route("VOID event=7 reason=x", control) == .store(.void(VoidRequest(event: 7, reason: "x", byControl: true)), echo: []))
        let keyed = RequestRouter.Context(isControl: false, allowedTerminals: nil, keyedTerminals: ["g1"])
        #expect(route("VOID event=7 reason=x term=g1", keyed) == .store(.void(VoidRequest(event: 7, reason: "x", terminal: "g1")), echo: []))
        guard case .reply(let unkeyed) = route("VOID event=7 reason=x term=g1", network),
              case .reply(let anonymous) = route("VOID event=7 reason=x", network) else {
            Issue.record("an unchecked VOID was not refused")
            return
        }
        #expect(unkeyed.error == .notAuthorised && unkeyed["msg"]?.contains("terminal g1 may not void") == true)
        #expect(anonymous.error == .notAuthorised && anonymous["msg"] == "VOID needs term= (the terminal that made the event)")
    }

    @Test func anIncidentNamesItsSource() throws {
        #expect(route("INCIDENT action=start kind=power note=x", control)
            == .store(.incident(IncidentRequest(action: .start, kind: .power, note: "x", source: .operator, sourceName: "")), echo: []))
        #expect(route("INCIDENT action=end kind=power term=g1", network)
            == .store(.incident(IncidentRequest(action: .end, kind: .power, source: .terminal, sourceName: "g1")), echo: []))
        let strict = RequestRouter.Context(isControl: false, allowedTerminals: ["g1"])
        guard case .reply(let reply) = route("INCIDENT action=end kind=power term=g2", strict) else {
            Issue.record("an unlisted terminal's incident was not refused")
            return
        }
        #expect(reply.error == .notAuthorised && reply["msg"] == "terminal g2 is not in [terminals] allow")
    }

    @Test func paperEntriesAreTheControlSocketsOnly() throws {
        guard case .reply(let reply) = route("CHECKIN id=1 paper=1 at=2026-11-23T07:45:00+07:00", network) else {
            Issue.record("paper=1 off the control socket was not refused")
            return
        }
        #expect(reply.error == .notAuthorised && reply["msg"] == "paper=1 is allowed only on the local control socket")
        guard case .store(.check(let request), _) = route("CHECKIN id=1 paper=1 at=2026-11-23T07:45:00+07:00", control) else {
            Issue.record("a paper entry on the control socket was not stored")
            return
        }
        #expect(request.paper)
    }
}
