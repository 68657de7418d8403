import Testing

@testable import AttendCore

/// `VOID`: what the line says, who may send it, and the rule the writer applies (clock injected).
@Suite struct VoidRuleTests {
    let made = Timestamp(rfc3339: "2026-11-23T07:45:00+07:00")!
    var target: VoidRule.Target { VoidRule.Target(event: 7, terminal: "g1", receivedAt: made) }

    func minutes(_ count: Int64) -> Timestamp { Timestamp(milliseconds: made.milliseconds + count * 60_000) }

    @Test func theLineNeedsAnEventAndAReason() throws {
        let line = try #require(try LineDecoder.decode("VOID event=7 reason=\"quẹt  nhầm\" term=g1"))
        #expect(try Request(line) == .write(.void(VoidRequest(event: 7, reason: "quẹt nhầm", terminal: "g1"))))
        for (text, message) in [
            ("VOID reason=x", "event is required"), ("VOID event=0 reason=x", "event must be a whole number from 1, got 0"),
            ("VOID event=+7 reason=x", "got +7"), ("VOID event=7", "reason is required (why event 7 is voided)"),
            ("VOID event=7 reason=\"  \"", "reason is required"),
        ] {
            let decoded = try #require(try LineDecoder.decode(text))
            #expect(throws: ProtocolError.self) { try Request(decoded) }
            do { _ = try Request(decoded) } catch { #expect(error.message.contains(message), "\(text): \(error.message)") }
        }
    }

    @Test func onlyAKeyedOrAllowedTerminalOrTheControlSocketMayVoid() {
        let now = made
        func route(_ text: String, _ context: RequestRouter.Context) -> RequestRouter.Routing { RequestRouter.route(text, context: context, now: now).0 }
        let open = RequestRouter.Context(isControl: false, allowedTerminals: nil)
        guard case .reply(let refused) = route("VOID event=7 reason=x term=g1", open) else { Issue.record("not refused"); return }
        #expect(refused.error == .notAuthorised)
        #expect(refused["msg"]?.contains("keys_file or listed in [terminals] allow") == true)
        let keyed = RequestRouter.Context(isControl: false, allowedTerminals: nil, keyedTerminals: ["g1"])
        #expect(route("VOID event=7 reason=x term=g1", keyed) == .store(.void(VoidRequest(event: 7, reason: "x", terminal: "g1")), echo: []))
        let allowed = RequestRouter.Context(isControl: false, allowedTerminals: ["g1"])
        #expect(route("VOID event=7 reason=x term=g1 seq=3", allowed)
            == .store(.void(VoidRequest(event: 7, reason: "x", terminal: "g1")), echo: [.init("seq", "3")]))
        guard case .reply(let anonymous) = route("VOID event=7 reason=x", allowed) else { Issue.record("not refused"); return }
        #expect(anonymous["msg"] == "VOID needs term= (the terminal that made the event)")
        let control = RequestRouter.Context(isControl: true, allowedTerminals: nil)
        #expect(route("VOID event=7 reason=x", control) == .store(.void(VoidRequest(event: 7, reason: "x", byControl: true)), echo: []))
        guard case .reply(let listing) = route("VOIDS", open) else { Issue.record("VOIDS allowed from the network"); return }
        #expect(listing.error == .notAuthorised)
        #expect(route("VOIDS conf=HN", control) == .query(.listVoids(conference: "HN"), echo: []))
    }

    @Test func aTerminalVoidsItsOwnEventsWithinTheLimit() {
        let own = VoidRequest(event: 7, reason: "x", terminal: "g1")
        #expect(VoidRule.decide(own, target: target, alreadyVoided: false, now: minutes(10), limitMinutes: 10) == .void)
        guard case .refuse(let late) = VoidRule.decide(own, target: target, alreadyVoided: false, now: Timestamp(milliseconds: minutes(10).milliseconds + 1), limitMinutes: 10) else {
            Issue.record("late void taken"); return
        }
        #expect(late.message == "event 7 is older than [terminals] void_minutes (10 minutes); void it with attendctl void")
        // A repeat is answered as the first was, even past the limit.
        #expect(VoidRule.decide(own, target: target, alreadyVoided: true, now: minutes(60), limitMinutes: 10) == .repeated)
        let other = VoidRequest(event: 7, reason: "x", terminal: "g2")
        guard case .refuse(let foreign) = VoidRule.decide(other, target: target, alreadyVoided: true, now: made, limitMinutes: 10) else {
            Issue.record("another terminal's event voided"); return
        }
        #expect(foreign.code == .notAuthorised)
        #expect(foreign.message.contains("made by terminal g1, not g2"))
        guard case .refuse(let unknown) = VoidRule.decide(own, target: nil, alreadyVoided: false, now: made, limitMinutes: 10) else {
            Issue.record("unknown event voided"); return
        }
        #expect(unknown.message == "event 7 is unknown: no check-in has that number")
        // The control socket: any event, any time.
        let control = VoidRequest(event: 7, reason: "x", byControl: true)
        #expect(VoidRule.decide(control, target: target, alreadyVoided: false, now: minutes(10_000), limitMinutes: 10) == .void)
    }

    @Test func theTallyIgnoresVoidedEvents() {
        let plan = ConferencePlan(id: "HN", title: "HN", date: "2026-11-23", parts: [])
        let events = [
            AttendanceEvent(delegate: "A", direction: .checkIn, at: made),
            AttendanceEvent(delegate: "B", direction: .checkIn, at: made, voided: true),
        ]
        let tally = TallyComputation.tally(plan: plan, invited: [], excuses: [:], events: events)
        #expect(tally.walkIns.map(\.id) == ["A"])
    }

    /// The audit trail names the control socket by how the void came, not by a name a terminal could take.
    @Test func aTerminalNamedControlIsNotTheControlSocket() {
        func voided(by: String, byControl: Bool) -> VoidedEvent {
            VoidedEvent(event: 1, delegate: "A", direction: .checkIn, at: "", voidedAt: "", by: by, byControl: byControl, reason: "x")
        }
        #expect(voided(by: "control", byControl: false).who(.vietnamese) == "máy control")
        #expect(voided(by: "control", byControl: true).who(.vietnamese) == "bàn điều khiển")
        #expect(voided(by: "control", byControl: true).who(.english) == "control socket")
    }
}
