import Foundation
import Testing

@testable import AttendCore

/// Live summaries: signed and checked like a tally, bounded, newest-only at the hub, silent after
/// two promised intervals, added up into the district's view (fake clock throughout).
@Suite struct LiveSummaryTests {
    static let key = [UInt8](repeating: 0xA1, count: 32)
    static let keys = ["xa-a": BridgeKey(id: "xa-a", key: key, name: "UBND xã A"), "xa-b": BridgeKey(id: "xa-b", key: [UInt8](repeating: 0xB2, count: 32), name: "UBND xã B")]
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    static func summary(_ bridge: String = "xa-a", present: Int = 40, at: String = "2026-11-23T08:00:00+07:00",
                        curve: [LiveSummary.Point] = [], incidents: [LiveSummary.OpenIncident] = []) -> LiveSummary {
        LiveSummary(
            bridge: bridge, conference: "HN", title: "Hội nghị", at: time(at), intervalSeconds: 60, invited: 50, arrived: 45, present: present,
            walkIns: 2,
            categories: [.init(category: "party_member", invited: 50, arrived: 45, rate: 90, target: 98, belowTarget: true)],
            curve: curve, incidents: incidents)
    }

    func push(_ summary: LiveSummary, seq: Int64 = 7, key: [UInt8] = key, bridge: String? = nil) -> (LivePush, [UInt8]) {
        let payload = summary.encoded()
        let line = LivePush.line(bridge: bridge ?? summary.bridge, conference: summary.conference, seq: seq, payload: payload, key: key)
        return (try! LivePush(line), payload)
    }

    @Test func aSignedSummaryRoundTripsAndAForgedOneIsRefusedByName() throws {
        let (live, payload) = push(Self.summary())
        #expect(try live.check(payload: payload, keys: Self.keys, now: Self.time("2026-11-23T08:00:00+07:00")).get() == Self.summary())
        // The wrong key, an unknown sender, no hub, a summary moved to another bridge point.
        let forged = push(Self.summary(), key: [UInt8](repeating: 0xB2, count: 32))
        #expect(forged.0.check(payload: forged.1, keys: Self.keys, now: Self.time("2026-11-23T08:00:00+07:00")).failure?.message.contains("signature") == true)
        let stranger = push(Self.summary("xa-z"))
        #expect(stranger.0.check(payload: stranger.1, keys: Self.keys, now: Self.time("2026-11-23T08:00:00+07:00")).failure?.message.contains("unknown bridge point xa-z") == true)
        #expect(live.check(payload: payload, keys: nil, now: Self.time("2026-11-23T08:00:00+07:00")).failure?.code == .notAuthorised)
        let moved = push(Self.summary("xa-b"), key: [UInt8](repeating: 0xB2, count: 32), bridge: "xa-b")
        var tampered = moved.1
        tampered[tampered.count - 2] ^= 1
        #expect(moved.0.check(payload: tampered, keys: Self.keys, now: Self.time("2026-11-23T08:00:00+07:00")).failure?.code == .notAuthorised)
        // A tally's signature over the same bytes is not a summary's.
        let tallyMAC = HMACSHA256.authenticate(TallyPush.signedBytes(bridge: "xa-a", conference: "HN", revision: 7, payload: payload), key: Self.key)
        #expect(LivePush(bridge: "xa-a", conference: "HN", seq: 7, mac: tallyMAC, bytes: payload.count).check(payload: payload, keys: Self.keys, now: Self.time("2026-11-23T08:00:00+07:00")).failure != nil)
    }

    @Test func malformedAndOversizedSummariesAreNamed() {
        func refusal(_ json: String) -> String { (try? LiveSummary.decode(Array(json.utf8))) == nil ? "\(refused(json))" : "" }
        func refused(_ json: String) -> String {
            do { _ = try LiveSummary.decode(Array(json.utf8)); return "" } catch { return error.message }
        }
        #expect(refused("{") == "live summary is not JSON")
        #expect(refused("{\"format\":\"attendd.live/1\"}").contains("lacks"))
        var big = Self.summary()
        big.curve = (0..<49).map { .init(at: "2026-11-23T08:00:00+07:00", present: $0) }
        #expect(refused(String(decoding: big.encoded(), as: UTF8.self)).contains("curve has 49 points; the limit is 48"))
        var wrong = Self.summary()
        wrong.intervalSeconds = 0
        #expect(refused(String(decoding: wrong.encoded(), as: UTF8.self)).contains("interval_seconds"))
        wrong = Self.summary(incidents: [.init(kind: "fire", since: "2026-11-23T08:00:00+07:00")])
        #expect(refused(String(decoding: wrong.encoded(), as: UTF8.self)).contains("incident fire"))
        let twice = String(decoding: Self.summary().encoded(), as: UTF8.self).replacingOccurrences(of: "{\"arrived\"", with: "{\"arrived\":1,\"arrived\"")
        #expect(refused(twice).contains("twice"))
        #expect(refused(String(repeating: " ", count: LiveSummary.maxJSONBytes + 1)).contains("the limit is 16384"))
        #expect(refusal("{") != "")
        // A full summary stays well under the bound.
        var full = Self.summary(incidents: Array(repeating: .init(kind: "audio_lost", since: "2026-11-23T08:00:00+07:00"), count: 16))
        full.curve = (0..<48).map { .init(at: "2026-11-23T08:00:00+07:00", present: 100_000 + $0) }
        full.categories = DelegateCategory.allCases.map { .init(category: $0.rawValue, invited: 100_000, arrived: 99_999, rate: 99.9, target: 98, belowTarget: false) }
        #expect(full.encoded().count < 6_000)
        #expect((try? LiveSummary.decode(full.encoded())) == full)
    }

    @Test func theBoardKeepsTheNewestOnlyAndAtMostFourConferencesAHall() {
        var board = LiveBoard()
        let first = board.offer(Self.summary(present: 40), seq: 10, heardAt: Self.time("2026-11-23T08:00:00+07:00"))
        let replayed = board.offer(Self.summary(present: 1), seq: 10, heardAt: Self.time("2026-11-23T08:01:00+07:00"))
        let older = board.offer(Self.summary(present: 2), seq: 9, heardAt: Self.time("2026-11-23T08:01:00+07:00"))
        #expect([first, replayed, older] == [true, false, false])
        #expect(board.summaries(of: "HN")["xa-a"]?.summary.present == 40)
        let newer = board.offer(Self.summary(present: 41), seq: 11, heardAt: Self.time("2026-11-23T08:01:00+07:00"))
        #expect(newer)
        #expect(board.summaries(of: "HN")["xa-a"]?.summary.present == 41)
        for index in 0..<10 {
            var other = Self.summary()
            other.conference = "K\(index)"
            board.offer(other, seq: 100 + Int64(index), heardAt: Self.time("2026-11-23T09:0\(index):00+07:00"))
        }
        #expect(board.count == LiveBoard.conferencesPerBridge)
        #expect(board.conferences == ["K6", "K7", "K8", "K9"])
    }

    @Test func aHallIsSilentOnceTwoPromisedIntervalsPassed() {
        let heard = Self.time("2026-11-23T08:00:00+07:00")
        #expect(!LiveSilenceRule.isSilent(heardAt: heard, intervalSeconds: 60, at: Self.time("2026-11-23T08:01:59+07:00")))
        #expect(!LiveSilenceRule.isSilent(heardAt: heard, intervalSeconds: 60, at: Self.time("2026-11-23T08:02:00+07:00")))
        #expect(LiveSilenceRule.isSilent(heardAt: heard, intervalSeconds: 60, at: Self.time("2026-11-23T08:02:01+07:00")))
        #expect(!LiveSilenceRule.isSilent(heardAt: heard, intervalSeconds: 600, at: Self.time("2026-11-23T08:19:00+07:00")))
        // Across midnight in Vietnam.
        #expect(LiveSilenceRule.isSilent(heardAt: Self.time("2026-11-23T23:59:00+07:00"), intervalSeconds: 30, at: Self.time("2026-11-24T00:00:01+07:00")))
    }

    @Test func theDistrictViewAddsTheHallsUpAndNamesTheSilentOnes() throws {
        var board = LiveBoard()
        let curveA: [LiveSummary.Point] = [.init(at: "2026-11-23T07:30:00+07:00", present: 10), .init(at: "2026-11-23T08:00:00+07:00", present: 40)]
        let curveB: [LiveSummary.Point] = [.init(at: "2026-11-23T07:45:00+07:00", present: 5)]
        board.offer(Self.summary("xa-a", present: 40, curve: curveA), seq: 1, heardAt: Self.time("2026-11-23T08:00:00+07:00"))
        board.offer(Self.summary("xa-b", present: 5, curve: curveB, incidents: [.init(kind: "audio_lost", since: "2026-11-23T07:50:00+07:00")]),
                    seq: 1, heardAt: Self.time("2026-11-23T07:45:00+07:00"))
        let bridges = [Self.keys["xa-b"]!, Self.keys["xa-a"]!]
        let live = try #require(DistrictLive.compute(conference: "HN", board: board, bridges: bridges, at: Self.time("2026-11-23T08:00:30+07:00")))
        #expect(live.halls.map(\.id) == ["xa-b", "xa-a"])  // the keys file's order
        #expect(live.silent == ["UBND xã B"])
        #expect(live.halls.first?.lastHeard == "2026-11-23T07:45:00.000+07:00")
        let counts: [Int] = [live.present, live.arrived, live.invited, live.walkIns, live.incidentHalls]
        #expect(counts == [45, 90, 100, 4, 1])
        #expect(live.rate == 90)
        #expect(live.categories.first?.belowTarget == true)
        #expect(live.curve.count == DistrictLive.curvePoints)
        #expect(live.curve.first == LiveSummary.Point(at: "2026-11-23T07:30:00.000+07:00", present: 10))
        #expect(live.curve.last == LiveSummary.Point(at: "2026-11-23T08:00:00.000+07:00", present: 45))
        // The text shows the curve a line per minute, at most twelve, and the silent hall's last hearing.
        let text = live.textLines(.vietnamese)
        let bars = text.filter { $0.contains("█") }
        #expect((10...12).contains(bars.count))
        #expect(bars.first?.hasPrefix("  07:30") == true)
        #expect(bars.last?.hasPrefix("  08:00") == true)
        #expect(text.contains { $0.contains("UBND xã B") && $0.contains("mất tín hiệu, nghe lần cuối 07:45") && $0.contains("Mất âm thanh 07:50") })
        #expect(text.contains("  Mất tín hiệu: UBND xã B"))
        #expect(DistrictLive.compute(conference: "OTHER", board: board, bridges: bridges, at: Self.time("2026-11-23T08:00:30+07:00")) == nil)
        // Upward, the district is one hall of the province.
        let upward = live.summary(bridge: "huyen-ts", conference: "HN", title: "Hội nghị", at: Self.time("2026-11-23T08:00:30+07:00"), intervalSeconds: 60)
        #expect(try LiveSummary.decode(upward.encoded()).present == 45)
    }

    @Test func theCurveKeepsItsShapeWithinItsBound() {
        var curve = LiveCurve(capacity: 48)
        let start = Self.time("2026-11-23T07:00:00+07:00")
        for minute in 0..<600 { curve.add(at: Timestamp(milliseconds: start.milliseconds + Int64(minute) * 60_000), present: minute) }
        #expect(curve.points.count <= 48)
        #expect(curve.points.first?.present == 0)
        #expect(curve.points.last?.present == 599)
        #expect(curve.points.map(\.present) == curve.points.map(\.present).sorted())
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
