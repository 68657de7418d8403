import Foundation
import Testing

@testable import AttendCore

/// The district's plans in the core: the bridge point's rules, the district's list split by
/// bridge point, and the signed poll, answer and confirmation. Pure: no sockets, no clock.
@Suite struct DistrictPlanTests {
    static let bridges = [
        BridgeKey(id: "xa-a", key: Array(repeating: 0xA1, count: 32), name: "UBND xã Bình Thuận"),
        BridgeKey(id: "xa-b", key: Array(repeating: 0xB2, count: 32), name: "UBND xã Tây Giang"),
    ]
    static let keys = Dictionary(uniqueKeysWithValues: bridges.map { ($0.id, $0) })

    static func plan(_ revision: Int64 = 2, bridge: String = "xa-a") -> DistrictPlan {
        DistrictPlan(
            conference: "HN-11", revision: revision, title: "Hội nghị", date: "2026-11-23",
            parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30", date: "2026-11-23"), graceMinutes: 10, bridge: bridge,
            delegates: [Delegate(id: "D1", fullName: "Nguyễn Văn An", category: .partyMember)])
    }

    // MARK: PlanAdoptionRule

    /// A bridge point took any OK to its PLANACK as the hub's, so anything on the line could
    /// answer `OK` and the confirmation was marked sent and never reached the district's board.
    /// Only an answer signed for this very confirmation is final now; so is a replay's last nonce.
    @Test func onlyTheHubsSignedAnswerToAConfirmationOrAReplayIsTaken() throws {
        let key = Self.bridges[0].key
        let confirmation = PlanConfirmation(bridge: "xa-a", seq: 42, conference: "HN-11", revision: 3, outcome: .applied, size: 2)
        let forged = try Reply.decode("OK bridge=xa-a conf=HN-11 rev=3 outcome=applied")
        #expect(!confirmation.isHubsReply(forged, key: key))
        let signed = confirmation.signing(forged, key: key)
        #expect(confirmation.isHubsReply(try Reply.decode(String(decoding: signed.encoded().dropLast(), as: UTF8.self)), key: key))
        #expect(!confirmation.isHubsReply(signed, key: Self.bridges[1].key))
        var later = confirmation
        later.seq = 43
        #expect(!later.isHubsReply(signed, key: key))  // an old signed answer does not confirm the next one
        let refusal = confirmation.signing(.error(ProtocolError(.invalid, "revision 3 was never published")), key: key)
        #expect(refusal["msg"] == "revision 3 was never published" && confirmation.isHubsReply(refusal, key: key))
        var flipped = refusal
        flipped.error = nil
        #expect(!confirmation.isHubsReply(flipped, key: key))  // a refusal's signature does not make an OK
        let replay = try Reply.decode("ERR not_authorised last_nonce=9223372036854775807 last_mac=\(String(repeating: "00", count: 32)) msg=replay")
        #expect(PlanPoll.signedLastNonce(replay, bridge: "xa-a", seq: 42, key: key) == nil)
    }

    @Test func aNewPlanIsAppliedAndAHandDefinedOneAdoptedOnlyIfNeverOpened() {
        typealias Hall = PlanAdoptionRule.Hall
        #expect(PlanAdoptionRule.decide(Self.plan(), bridge: "xa-a", hall: Hall()) == .apply)
        #expect(PlanAdoptionRule.decide(Self.plan(), bridge: "xa-a", hall: Hall(exists: true)) == .apply)
        guard case .refuse(let why) = PlanAdoptionRule.decide(Self.plan(), bridge: "xa-a", hall: Hall(exists: true, everOpened: true)) else {
            Issue.record("an opened hand-defined conference must refuse the plan")
            return
        }
        #expect(why.contains("defined here by hand and already opened"))
        // Once adopted, opening it is the district's conference running: later revisions apply.
        #expect(PlanAdoptionRule.decide(Self.plan(3), bridge: "xa-a", hall: Hall(heldRevision: 2, adopted: true, exists: true, everOpened: true)) == .apply)
    }

    @Test func aClosedConferenceReceivesWithoutApplying() {
        let hall = PlanAdoptionRule.Hall(heldRevision: 1, adopted: true, exists: true, everOpened: true, closed: true)
        guard case .receive(let why) = PlanAdoptionRule.decide(Self.plan(), bridge: "xa-a", hall: hall) else {
            Issue.record("a closed conference must keep the revision as received")
            return
        }
        #expect(why.contains("closed"))
    }

    @Test func misaddressedAndOlderPlansAreIgnoredAndNamed() {
        #expect(PlanAdoptionRule.decide(Self.plan(bridge: "xa-b"), bridge: "xa-a", hall: .init())
            == .ignore(.misaddressed, "plan HN-11 rev 2 is meant for xa-b, not xa-a"))
        #expect(PlanAdoptionRule.decide(Self.plan(2), bridge: "xa-a", hall: .init(heldRevision: 2, adopted: true, exists: true))
            == .ignore(.older, "plan HN-11 rev 2 is not newer than rev 2, held here"))
        #expect(PlanAdoptionRule.decide(Self.plan(1), bridge: "xa-a", hall: .init(heldRevision: 2, adopted: true, exists: true))
            == .ignore(.older, "plan HN-11 rev 1 is not newer than rev 2, held here"))
    }

    @Test func aLocalImportIntoADistrictConferenceIsRefused() {
        #expect(PlanAdoptionRule.localInviteRefusal(conference: "HN-11", adopted: false) == nil)
        #expect(PlanAdoptionRule.localInviteRefusal(conference: "HN-11", adopted: true)?.message.contains("the district's") == true)
    }

    @Test func theHallKeepsItsOwnExpectedCountAndAWithdrawnPlanStopsTheSchedule() {
        var plan = Self.plan()
        plan.expected = 40
        #expect(plan.localPlan(keepingExpected: 35).expected == 35)
        #expect(plan.localPlan(keepingExpected: nil).expected == nil)
        #expect(plan.localPlan(keepingExpected: nil).autoSchedule)
        plan.withdrawn = true
        #expect(!plan.localPlan(keepingExpected: nil).autoSchedule)
    }

    // MARK: DistrictListImport

    static func split(_ csv: String, taking: Set<String>? = nil, bridge: String? = nil) -> Result<DistrictListImport.Result, InvitedListErrors> {
        Result { () throws(InvitedListErrors) in
            try DistrictListImport.parse(Array(csv.utf8), file: "huyen.csv", bridges: Self.bridges, taking: taking, fixedBridge: bridge)
        }
    }

    static func errors(_ result: Result<DistrictListImport.Result, InvitedListErrors>) -> [String] {
        guard case .failure(let errors) = result else { return [] }
        return errors.errors.map(\.description)
    }

    @Test func rowsGoToTheirHallByIdOrNameWithoutDiacritics() throws {
        let csv = """
            Mã,Họ và tên,Đối tượng,Điểm cầu,Dự kiến
            D1,Nguyễn Văn An,đảng viên,xa-a,40
            D2,Trần Thị Bình,đảng viên,ubnd xa tay giang,
            D3,Lê Văn Cường,đảng viên,UBND XÃ BÌNH THUẬN,40
            """
        let result = try Self.split(csv).get()
        #expect(result.rows["xa-a"]?.map(\.id) == ["D1", "D3"])
        #expect(result.rows["xa-b"]?.map(\.id) == ["D2"])
        #expect(result.expected == ["xa-a": 40])
    }

    @Test func everyBadRowIsNamedByFileAndLine() {
        let csv = """
            Mã,Họ và tên,Đối tượng,Điểm cầu,Dự kiến
            D1,Nguyễn Văn An,đảng viên,xa-z,
            D2,Trần Thị Bình,đảng viên,,
            D3,Lê Văn Cường,đảng viên,xa-a,40
            D4,Phạm Thị Dung,đảng viên,xa-a,41
            D5,Hồ Văn Em,đảng viên,xa-b,many
            """
        #expect(Self.errors(Self.split(csv)) == [
            "huyen.csv:2: unknown bridge point \"xa-z\": not an id or a name in the hub's keys file",
            "huyen.csv:3: no bridge point given for D2",
            "huyen.csv:5: expected count 41 for xa-a differs from 40 on line 4",
            "huyen.csv:6: expected count \"many\" is not a whole number from 0",
        ])
        // A hall not taking part, and a file with neither the column nor --bridge.
        #expect(Self.errors(Self.split("Mã,Họ và tên,Đối tượng,Điểm cầu\nD1,An,đảng viên,xa-b\n", taking: ["xa-a"]))
            == ["huyen.csv:2: bridge point xa-b does not take part in this conference (--bridges)"])
        #expect(Self.errors(Self.split("Mã,Họ và tên,Đối tượng\nD1,An,đảng viên\n")).first?.contains("no bridge-point column") == true)
        // The bridge point's own rules still hold: a duplicate id names both lines.
        #expect(Self.errors(Self.split("Mã,Họ và tên,Đối tượng,Điểm cầu\nD1,An,đảng viên,xa-a\nD1,Bình,đảng viên,xa-b\n"))
            .first?.hasPrefix("huyen.csv:3:") == true)
    }

    @Test func oneHallsFileTakesBridgeAndDuplicatesAcrossHallsAreNamed() throws {
        let result = try Self.split("Mã,Họ và tên,Đối tượng\nD1,An,đảng viên\n", bridge: "xa-b").get()
        #expect(result.rows.keys.sorted() == ["xa-b"])
        #expect(Self.errors(Self.split("Mã,Họ và tên,Đối tượng,Điểm cầu\nD1,An,đảng viên,xa-b\nD2,Bình,đảng viên,xa-a\n", bridge: "xa-b"))
            == ["huyen.csv:3: the row is for xa-a, but the file is imported for xa-b (--bridge)"])
        #expect(Self.errors(Self.split("Mã,Họ và tên,Đối tượng\nD1,An,đảng viên\n", bridge: "xa-q")).first?.contains("unknown bridge point") == true)
        let one = Delegate(id: "D1", fullName: "An", category: .partyMember)
        #expect(DistrictListImport.crossHallDuplicate(["xa-a": [one], "xa-b": [one]]) == "delegate D1 is listed for both xa-a and xa-b")
        #expect(DistrictListImport.crossHallDuplicate(["xa-a": [one]]) == nil)
    }

    // MARK: The signed exchange

    @Test func aPollIsSignedAndItsReplayForgeryAndStrangerAreRefused() throws {
        let key = Self.bridges[0].key
        let poll = PlanPoll(bridge: "xa-a", seq: 100, clock: 1_795_000_000_000, have: [.init(conference: "HN-11", revision: 2, expected: 35)])
        let decoded = try PlanPoll(try #require(try LineDecoder.decode(poll.line(key: key).text)))
        #expect(decoded.have == poll.have)
        #expect(PlanRequestCheck.check(bridge: "xa-a", seq: 100, mac: decoded.mac, signed: decoded.signedBytes, keys: Self.keys, lastSeq: 99) == nil)
        #expect(PlanRequestCheck.check(bridge: "xa-a", seq: 100, mac: decoded.mac, signed: decoded.signedBytes, keys: Self.keys, lastSeq: 100)?.0 == .replayed)
        var altered = decoded
        altered.have = []
        #expect(PlanRequestCheck.check(bridge: "xa-a", seq: 100, mac: altered.mac, signed: altered.signedBytes, keys: Self.keys, lastSeq: nil)?.0 == .forged)
        let byB = PlanPoll(bridge: "xa-a", seq: 100, clock: 1, have: [])
        let forged = try PlanPoll(try #require(try LineDecoder.decode(byB.line(key: Self.bridges[1].key).text)))
        #expect(PlanRequestCheck.check(bridge: "xa-a", seq: 100, mac: forged.mac, signed: forged.signedBytes, keys: Self.keys, lastSeq: nil)?.0 == .forged)
        #expect(PlanRequestCheck.check(bridge: "xa-q", seq: 1, mac: forged.mac, signed: forged.signedBytes, keys: Self.keys, lastSeq: nil)?.0 == .unknown)
        #expect(PlanRequestCheck.check(bridge: "xa-a", seq: 1, mac: forged.mac, signed: forged.signedBytes, keys: nil, lastSeq: nil)?.0 == .unknown)
    }

    @Test func malformedPollsAndConfirmationsNameTheirField() throws {
        func problem(_ text: String) -> String? {
            do {
                _ = try Request(try #require(try LineDecoder.decode(text)))
                return nil
            } catch let error as ProtocolError {
                return error.message
            } catch {
                return "\(error)"
            }
        }
        let mac = String(repeating: "ab", count: 32)
        #expect(problem("PLANPOLL bridge=xa-a clock=1 mac=\(mac)") == "nonce must be a whole number from 0")
        #expect(problem("PLANPOLL bridge=xa-a nonce=1 clock=-4 mac=\(mac)") == "clock must be a whole number from 0")
        #expect(problem("PLANPOLL bridge=xa-a nonce=1 clock=1 have=HN:x mac=\(mac)") == "have item 1 must be CONF:REV or CONF:REV:EXPECTED, got HN:x")
        #expect(problem("PLANPOLL bridge=xa-a nonce=1 clock=1 mac=12") == "mac must be 64 hex digits (HMAC-SHA256)")
        let many = (0...PlanPoll.maxHoldings).map { "C\($0):1" }.joined(separator: ",")
        #expect(problem("PLANPOLL bridge=xa-a nonce=1 clock=1 have=\(many) mac=\(mac)") == "have lists more than \(PlanPoll.maxHoldings) conferences")
        #expect(problem("PLANACK bridge=xa-a nonce=1 conf=HN rev=1 outcome=maybe size=1 mac=\(mac)") == "outcome must be applied, received or refused")
        #expect(problem("PUBLISH conf=HN expected=4") == "expected is per bridge point: give it with the list (expected=ID=N,...)")
        #expect(problem("PUBLISH conf=HN bridges=xa-a,xa-a") == "bridges names a bridge point twice: xa-a,xa-a")
        #expect(problem("PLANLIST conf=HN expected=xa-a=x bytes=4") == "expected must be ID=N for each bridge point, got xa-a=x")
    }

    @Test func anAnswerIsCheckedAgainstThePollItAnswers() throws {
        let bridge = Self.bridges[0]
        let poll = PlanPoll(bridge: "xa-a", seq: 7, clock: 1, have: [])
        let batch = PlanBatch(plans: [Self.plan()])
        let answer = PlanPoll.answer(bridge: bridge, seq: 7, time: 5_000, batch: batch, echo: [])
        let checked = try poll.checkAnswer(answer, key: bridge.key)
        #expect(checked.hubTime == 5_000)
        #expect(checked.batch == batch)
        // An old answer replayed to a newer poll, an answer signed with another key, altered bytes.
        let old = PlanPoll.answer(bridge: bridge, seq: 6, time: 5_000, batch: batch, echo: [])
        #expect(throws: ProtocolError.self) { try poll.checkAnswer(old, key: bridge.key) }
        let other = PlanPoll.answer(bridge: Self.bridges[1], seq: 7, time: 5_000, batch: batch, echo: [])
        #expect(throws: ProtocolError.self) { try PlanPoll(bridge: "xa-b", seq: 7, clock: 1, have: []).checkAnswer(other, key: bridge.key) }
        var altered = answer
        altered.payload?[10] ^= 1
        #expect(throws: ProtocolError.self) { try poll.checkAnswer(altered, key: bridge.key) }
    }

    @Test func aBatchThatNoHallCanHoldIsRefusedNamingThePlanAndField() {
        func problem(_ plans: [DistrictPlan]) -> String? {
            do {
                _ = try PlanBatch.decode(PlanBatch(plans: plans).jsonBytes())
                return nil
            } catch {
                return error.message
            }
        }
        var overlapping = Self.plan()
        overlapping.parts.append(.init(name: "Trưa", start: overlapping.parts[0].start, end: overlapping.parts[0].end))
        #expect(problem([overlapping]) == "plan 1 (HN-11): part 2 (Trưa) starts before part 1 ends")
        var twice = Self.plan()
        twice.delegates.append(twice.delegates[0])
        #expect(problem([Self.plan(), twice]) == "plan 2 (HN-11): delegate D1 is listed twice")
        var spaced = Self.plan()
        spaced.conference = "HN 11"
        #expect(problem([spaced])?.contains("conference must be an id without spaces") == true)
        #expect(throws: ProtocolError.self) { try PlanBatch.decode(Array("{\"schema\":\"attendd.plans/1\"}".utf8)) }
        #expect(throws: ProtocolError.self) { try PlanBatch.decode(Array("{\"schema\":\"attendd.plans/2\",\"plans\":[]}".utf8)) }
        #expect(throws: ProtocolError.self) { try PlanBatch.decode(Array("{\"schema\":\"a\",\"schema\":\"b\",\"plans\":[]}".utf8)) }
        #expect(throws: ProtocolError.self) { try PlanBatch.decode(Array(repeating: 0x20, count: PlanBatch.maxJSONBytes + 1)) }
    }

    @Test func aPublicationNeedsADateAndPartsAndKeepsWhatItDoesNotChange() throws {
        #expect(throws: ProtocolError.self) { try PlanPublication(conference: "HN").applied(to: nil) }
        let first = try PlanPublication(conference: "HN", title: "T", date: "2026-11-23", parts: "Sáng 07:30-11:30").applied(to: nil)
        #expect(first.autoSchedule)
        #expect(first.parts.count == 1)
        let moved = try PlanPublication(conference: "HN", parts: "Sáng 08:00-12:00", autoSchedule: false).applied(to: first)
        #expect(moved.title == "T")
        #expect(!moved.autoSchedule)
        #expect(moved.parts[0].start.milliseconds - first.parts[0].start.milliseconds == 30 * 60_000)
        #expect(throws: ProtocolError.self) { try PlanPublication(conference: "HN", parts: "Sáng 07:30-11:30, Chiều 11:00-12:00").applied(to: first) }
    }
}
