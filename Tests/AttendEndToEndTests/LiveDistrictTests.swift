import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// Live figures, hall -> district -> province, as real processes on loopback with
/// `[push] live_interval = 1`: a check-in at the hall is in the district's JSON roll-up within
/// seconds, the district's total in the province's; a hall that stops is silent after two
/// intervals with when it was last heard; forged and unknown senders keep nothing.
@Suite struct LiveDistrictTests {
    static let communeKey = String(repeating: "c3", count: 32)
    static let districtKey = String(repeating: "d4", count: 32)

    /// Reads `hub`'s roll-up of `conference` until `done` holds of its live view (or 30 s pass).
    static func live(_ hub: DaemonHarness, _ conference: String, until done: (DistrictLive) -> Bool) throws -> DistrictLive? {
        let deadline = Date().addingTimeInterval(30)
        var live = try DistrictPushTests.rollup(hub, conference).live
        while Date() < deadline && !(live.map(done) ?? false) {
            usleep(100_000)
            live = try DistrictPushTests.rollup(hub, conference).live
        }
        return live
    }

    @Test func aHallsCheckInsReachTheDistrictAndTheProvinceLive() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let province = try DaemonHarness(extraConfig: "[hub]\nkeys_file = "
            + (try DistrictPushTests.writeKeys(keys, "province.keys", "huyen-ts \(Self.districtKey) Huyện Tây Sơn\n")) + "\n")
        let reports = keys + "/reports", spool = keys + "/events"
        let district = try DaemonHarness(extraConfig: "[daemon]\nreports_dir = \(reports)\n[events]\nspool = \(spool)\n[hub]\nkeys_file = "
            + (try DistrictPushTests.writeKeys(keys, "district.keys", "xa-a \(Self.communeKey) UBND xã A\nxa-b \(DistrictPushTests.keyB) UBND xã B\n"))
            + "\n" + DistrictPushTests.pushConfig(to: province.port, bridge: "huyen-ts",
                keysFile: try DistrictPushTests.writeKeys(keys, "district-push.keys", "huyen-ts \(Self.districtKey)\n")) + "live_interval = 1\n")
        let hall = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: district.port, bridge: "xa-a", keysFile: try DistrictPushTests.writeKeys(keys, "a.keys", "xa-a \(Self.communeKey)\n"))
            + "live_interval = 1\n")
        try hall.openConference("HN")
        for seq in 1...3 { #expect(try hall.connect().request("CHECKIN id=D\(seq) term=t seq=\(seq)").isOK) }
        #expect(try hall.connect().request("CHECKOUT id=D3 term=t seq=4").isOK)
        #expect(try hall.control().request("INCIDENT action=start kind=audio_lost").isOK)

        let seen = try #require(try Self.live(district, "HN") { $0.present == 2 && $0.halls.first?.incidents.isEmpty == false })
        #expect(seen.halls.map(\.name) == ["UBND xã A"])
        #expect(seen.walkIns == 3)
        #expect(seen.halls.first?.incidents.map(\.kind) == ["audio_lost"])
        #expect(seen.halls.first?.intervalSeconds == 1)
        #expect(seen.silent.isEmpty)
        #expect(!seen.curve.isEmpty)
        // The district's printed page in the reports folder shows the live view and reloads by itself
        // (every live_interval, here 1 s, or 10 s if smaller); index.html names no silent hall yet.
        let page = ReportFilesTests.waitForFile(reports + "/HN-district.html") { $0.contains("TRỰC TIẾP") && $0.contains(">2 / 0 (") }
        #expect(page.contains("<meta http-equiv=\"refresh\" content=\"10\">"))
        #expect(page.contains("UBND xã A"))
        #expect(page.contains("đang nhận"))
        #expect(ReportFilesTests.read(reports + "/index.html").contains("refresh\" content=\"10\""))

        // Not a report: no tally stored, nobody reported or counted missing for it.
        let rollup = try DistrictPushTests.rollup(district, "HN")
        #expect(rollup.reported.isEmpty)
        let received = try StoredRows(path: district.dataDirectory + "/attendd.db")
        #expect(try received.count("SELECT count(*) FROM received") == 0)

        // The province sees the district as one hall, live.
        let upward = try #require(try Self.live(province, "HN") { $0.present == 2 })
        #expect(upward.halls.map(\.name) == ["Huyện Tây Sơn"])

        // Forged and unknown senders: refused by name, nothing kept.
        let summary = LiveSummary(
            bridge: "xa-b", conference: "HN", title: "x", at: district.now(), intervalSeconds: 60, invited: 9, arrived: 9, present: 9,
            walkIns: 0, categories: [], curve: [], incidents: [])
        let payload = summary.encoded()
        let forged = LivePush.line(bridge: "xa-b", conference: "HN", seq: 5, payload: payload, key: Hex.decode(Self.communeKey)!)
        let refused = try district.connect().request(forged.text, payload: payload, timeoutSeconds: 10)
        #expect(refused.error == .notAuthorised)
        var stranger = summary
        stranger.bridge = "xa-z"
        let strangerPayload = stranger.encoded()
        let unknown = LivePush.line(bridge: "xa-z", conference: "HN", seq: 5, payload: strangerPayload, key: Hex.decode(Self.communeKey)!)
        #expect(try district.connect().request(unknown.text, payload: strangerPayload, timeoutSeconds: 10).error == .notAuthorised)
        #expect(try DistrictPushTests.rollup(district, "HN").live?.halls.map(\.id) == ["xa-a"])

        // The hall stops: silent after two intervals, with when it was last heard, in JSON and text.
        hall.crash()
        let quiet = try #require(try Self.live(district, "HN") { !$0.silent.isEmpty })
        #expect(quiet.silent == ["UBND xã A"])
        #expect(quiet.halls.first?.silent == true)
        #expect(quiet.present == 2)  // its last figures stay
        // Told once, as an event, with when it was last heard; the index's silent column and the
        // district page show it (re-rendered by the silence timer: no message announces silence).
        let event = ReportFilesTests.waitForFile(spool + "/hall_silent-HN+xa-a.event") { !$0.isEmpty }
        #expect(event.contains("ATTEND_EVENT=\"hall_silent\""))
        #expect(event.contains("ATTEND_HALL_NAME=\"UBND xã A\""))
        #expect(event.contains("ATTEND_TEXT=\"Mất tín hiệu tại UBND xã A, hội nghị HN: nghe lần cuối lúc "))
        let index = ReportFilesTests.waitForFile(reports + "/index.html") { $0.contains("<td>UBND xã A</td>") }
        #expect(index.contains("<td>UBND xã A</td>"), "\(index)")
        let silentPage = ReportFilesTests.waitForFile(reports + "/HN-district.html") { $0.contains("<span class=\"miss-mark\">cuối</span>") }
        #expect(silentPage.contains("<span class=\"miss-mark\">mất</span> <span class=\"miss-mark\">tín</span>"))
        let counted = try district.waitForStatus { ($0.events?.written ?? 0) >= 1 }
        #expect(counted.events?.written == 1)  // once per silence, not again at each look
        let text = try district.attendctl(["district", "HN"]).stdout
        #expect(text.contains("TRỰC TIẾP"))
        #expect(text.contains("Mất tín hiệu: UBND xã A"))
        #expect(text.contains("mất tín hiệu, nghe lần cuối"))
        #expect(text.contains("Mất âm thanh"))
        #expect(try district.attendctl(["district", "HN", "--lang", "en"]).stdout.contains("Silent: UBND xã A"))
        let csv = try district.attendctl(["district", "HN", "--csv", "--lang", "en"]).stdout
        #expect(csv.contains("Present now,Arrived,Invited,Arrival rate (%),Below target,Open incidents,Silent,Last heard"))
        #expect(csv.contains("xa-a,UBND xã A,2,0,0,,,audio_lost,1,"))
        // The hub's status file and its text say so too.
        let status = try district.waitForStatus { $0.live?.first?.silent == ["UBND xã A"] }
        #expect(status.live == [.init(conference: "HN", halls: 1, silent: ["UBND xã A"], present: 2, invited: 0, incidentHalls: 1)])
        #expect(try district.attendctl(["status"]).stdout.contains("HN: 1 halls, 2 present of 0 invited, SILENT 1: UBND xã A"))
        #expect(district.stop() == 0)
        #expect(province.stop() == 0)
    }
}
