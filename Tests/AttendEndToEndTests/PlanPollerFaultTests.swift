import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// A bridge point's plan poller against something on the district's port that is not an honest
/// hub: an old signed answer replayed, an endless line, a payload announced over the bound. Each
/// is refused with its reason shown in the status file, nothing is stored, and the bridge point
/// keeps serving.
@Suite struct PlanPollerFaultTests {
    static let key = String(repeating: "a1", count: 32)

    static func bridge(polling hub: FakeHub, _ folder: String, _ name: String) throws -> DaemonHarness {
        let keys = try DistrictPushTests.writeKeys(folder, "\(name).keys", "xa-a \(Self.key)\n")
        return try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(to: hub.port, bridge: "xa-a", keysFile: keys) + "poll = 1\ntimeout = 2\n")
    }

    @Test func aReplayedAnswerAnEndlessLineAndAnOversizedPayloadAreRefused() throws {
        let folder = NSTemporaryDirectory() + "attendd-planfault-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A genuine answer, signed with the bridge point's key, to a poll of long ago (nonce 1).
        let plan = DistrictPlan(
            conference: "HN-11", revision: 1, title: "Hội nghị", date: "2026-11-23", parts: [], graceMinutes: 10, bridge: "xa-a",
            delegates: [Delegate(id: "D1", fullName: "Nguyễn Văn An", category: .partyMember)])
        let old = PlanPoll.answer(
            bridge: BridgeKey(id: "xa-a", key: Hex.decode(Self.key)!, name: "xa-a"), seq: 1, time: 0, batch: PlanBatch(plans: [plan]), echo: [])
        let replaying = try FakeHub(port: 0, behaviour: .garbage(old.encoded()))
        let endless = try FakeHub(port: 0, behaviour: .garbage(Array(repeating: UInt8(ascii: "A"), count: 200_000)))
        let huge = try FakeHub(port: 0, behaviour: .garbage(Array("OK bridge=xa-a nonce=1 time=0 plans=1 mac=00 bytes=\(PlanBatch.maxJSONBytes + 1)\n".utf8)))
        let cases: [(FakeHub, String)] = [
            (replaying, "the answer is not to this poll"), (endless, "a reply line longer than 65536 bytes"),
            (huge, "announced \(PlanBatch.maxJSONBytes + 1) bytes of plans; the limit is \(PlanBatch.maxJSONBytes)"),
        ]
        for (index, (hub, reason)) in cases.enumerated() {
            let bridge = try Self.bridge(polling: hub, folder, "b\(index)")
            let status = try bridge.waitForStatus { $0.planPoll?.lastError?.contains(reason) == true }
            #expect(status.planPoll?.plansFetched == 0)
            if index == 0 { #expect((status.planPoll?.refusedAnswers ?? 0) >= 1) }
            #expect(try StoredRows(path: bridge.dataDirectory + "/attendd.db").count("SELECT count(*) FROM conference WHERE id = 'HN-11'") == 0)
            #expect(try bridge.connect().request("PING").isOK)
        }
    }

    /// A hall's plan that grew over the 4 MiB a bridge point reads after its list was taken (the
    /// list checked at revision 1 without a planned count, then a longer title) was sent anyway:
    /// the bridge point refused every answer, and no later conference reached that hall. It is
    /// now left out (and logged), and the next conference arrives.
    @Test func aPlanGrownOverTheBoundDoesNotHoldBackTheHallsNextConference() throws {
        let folder = NSTemporaryDirectory() + "attendd-planbig-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hubKeys = try DistrictPushTests.writeKeys(folder, "hub.keys", "xa-a \(Self.key) Xã A\n")
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(hubKeys)\n")
        let now = hub.now()
        let part = PlanClock.part("Sáng", at: now, from: -60, to: 120)
        let day = PlanClock.day(PlanClock.minute(of: now, plus: -60))
        for conf in ["BIG", "NEXT"] {
            let define = try hub.attendctl(["district", "define", conf, "--date", day, "--parts", part, "--bridges", "xa-a"])
            #expect(define.status == 0, "\(define)")
        }
        // Long names (2 KB a row), so a list near the bound is a few thousand rows.
        let name = String(repeating: "Nguyen Van An ", count: 142) + "X"
        let csv = folder + "/big.csv"
        func size(rows: Int, padding: Int = 0) throws -> (Int32, Int?) {
            let text = "Mã,Họ và tên,Đối tượng\n" + (0..<rows).map { row in
                "D" + String(format: "%06d", row) + ",\(name)\(row == 0 && padding > 0 ? " " + String(repeating: "A", count: padding - 1) : ""),đảng viên\n"
            }.joined()
            try text.write(toFile: csv, atomically: true, encoding: .utf8)
            let out = try hub.attendctl(["district", "invite", "import", csv, "--conf", "BIG", "--bridge", "xa-a"])
            let said = out.stdout + out.stderr
            let bytes = said.range(of: #"would be [0-9]+ bytes"#, options: .regularExpression).map { Int(said[$0].split(separator: " ")[2])! }
            return (out.status, bytes)
        }
        // Two lists over the bound give a row's bytes; the third is 100 bytes under it.
        let (_, over) = try size(rows: 2_300)
        let (_, less) = try size(rows: 2_200)
        let perRow = (over! - less!) / 100
        let fit = 2_300 - (over! - PlanBatch.maxJSONBytes + perRow - 1) / perRow
        let gap = PlanBatch.maxJSONBytes - (over! - (2_300 - fit) * perRow)
        let (status, refusedAt) = try size(rows: fit, padding: max(0, gap - 100))
        #expect(status == 0 && refusedAt == nil)
        // A longer title puts BIG's plan over the bound; NEXT is published after it.
        #expect(try hub.attendctl(["district", "define", "BIG", "--title", String(repeating: "Hội nghị ", count: 36)]).status == 0)
        #expect(try hub.attendctl(["district", "define", "NEXT", "--title", "Họp chi bộ"]).status == 0)
        let bridge = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: hub.port, bridge: "xa-a", keysFile: try DistrictPushTests.writeKeys(folder, "a.keys", "xa-a \(Self.key)\n")) + "poll = 1\n")
        let rows = { try StoredRows(path: bridge.dataDirectory + "/attendd.db") }
        #expect(try DistrictPlansTests.wait(15) { try rows().count("SELECT count(*) FROM conference WHERE id = 'NEXT'") == 1 })
        #expect(try rows().count("SELECT count(*) FROM conference WHERE id = 'BIG'") == 0)
    }

    /// Anything on the line to the hub could answer a poll with an unsigned
    /// `last_nonce=9223372036854775807`: the poller took it as its seq, and the next round's
    /// `seq + 1` trapped, so the bridge point crashed at every poll (and again after each
    /// restart). An unsigned or wrongly signed last nonce is now ignored, and the seq never traps.
    @Test func aForgedLastNonceAtTheTopOfInt64NeitherMovesNorCrashesTheBridgePoint() throws {
        let folder = NSTemporaryDirectory() + "attendd-planfault-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let forged = try FakeHub(port: 0, behaviour: .garbage(Array(
            "ERR not_authorised last_nonce=9223372036854775807 last_mac=\(String(repeating: "00", count: 32)) msg=replay\n".utf8)))
        let bridge = try Self.bridge(polling: forged, folder, "top")
        // Three refused rounds (1 s, 2 s apart): the second is the one that trapped.
        let status = try bridge.waitForStatus { ($0.planPoll?.failures ?? 0) >= 3 }
        #expect(status.planPoll?.lastError?.contains("replay") == true)
        #expect(try bridge.connect().request("PING").isOK)
    }
}
