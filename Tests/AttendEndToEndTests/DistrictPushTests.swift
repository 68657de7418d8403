import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// A bridge point pushes its tally to a district hub on its own, as real processes on loopback.
@Suite struct DistrictPushTests {
    static let keyA = String(repeating: "a1", count: 32)
    static let keyB = String(repeating: "b2", count: 32)
    static let keyC = String(repeating: "c3", count: 32)

    static func writeKeys(_ directory: String, _ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    /// The `[push]` section of a bridge point (or of a hub pushing upward).
    static func pushConfig(to port: Int, bridge: String, keysFile: String) -> String {
        "[push]\nto = 127.0.0.1:\(port)\nbridge_id = \(bridge)\nkeys_file = \(keysFile)\n"
    }

    /// A hub that has been stopped, its port kept for when it comes back.
    static func downHub(keysFile: String, extra: String = "") throws -> DaemonHarness {
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(keysFile)\n\(extra)")
        try hub.pinPort()
        hub.stop()
        return hub
    }

    /// Defines and opens a conference for today, under way on the bridge's clock, checks in
    /// `count` delegates, closes it.
    static func holdConference(_ id: String, at bridge: DaemonHarness, checkIns count: Int, expected: Int? = nil) throws {
        let today = bridge.today
        var define = ["define", id, "--date", today, "--parts", bridge.partUnderWay()]
        if let expected { define += ["--expected", String(expected)] }
        #expect(try bridge.attendctl(define).status == 0)
        try bridge.openConference(id)
        for seq in 0..<count { #expect(try bridge.connect().request("CHECKIN id=D\(seq) term=t seq=\(seq)").isOK) }
        #expect(try bridge.attendctl(["close"]).status == 0)
    }

    /// A hub's roll-up of `conference`, as `attendctl district --json` prints it.
    static func rollup(_ hub: DaemonHarness, _ conference: String) throws -> DistrictRollup {
        let output = try hub.attendctl(["district", conference, "--json"])
        #expect(output.status == 0, "\(output)")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(DistrictRollup.self, from: Data(output.stdout.utf8))
    }

    /// Polls a hub's roll-up of `conference` until `done` holds (or 60 s pass); the last one read.
    static func rollup(_ hub: DaemonHarness, _ conference: String, until done: (DistrictRollup) -> Bool) throws -> DistrictRollup {
        let deadline = Date().addingTimeInterval(60)
        var rollup = try Self.rollup(hub, conference)
        while Date() < deadline && !done(rollup) {
            usleep(200_000)
            rollup = try Self.rollup(hub, conference)
        }
        return rollup
    }

    @Test func aClosedConferenceReachesTheHubEvenWhenItWasDown() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try Self.writeKeys(
            keys, "hub.keys",
            "# bridge points of the district\nxa-a \(Self.keyA) UBND xã A\nxa-b \(Self.keyB) UBND xã B\nxa-c \(Self.keyC) UBND xã C\n")
        let hub = try Self.downHub(keysFile: hubKeys, extra: "report_delay = 0")  // down when the bridges close
        let hubPort = hub.port
        let bridge = try DaemonHarness(extraConfig: Self.pushConfig(
            to: hubPort, bridge: "xa-a", keysFile: try Self.writeKeys(keys, "a.keys", "xa-a \(Self.keyA)\n")))
        let other = try DaemonHarness(extraConfig: Self.pushConfig(
            to: hubPort, bridge: "xa-b", keysFile: try Self.writeKeys(keys, "b.keys", "xa-b \(Self.keyB)\n")))
        try Self.holdConference("HN", at: bridge, checkIns: 1)
        try Self.holdConference("HN", at: other, checkIns: 2)
        // xa-b corrects its tally while the hub is still down: only revision 2 may go.
        #expect(try other.attendctl(["define", "HN", "--expected", "9"]).status == 0)
        var status = try bridge.waitForStatus { $0.push?.waiting == 1 && $0.push?.lastError != nil }
        #expect(status.push?.lastSuccess == nil)
        #expect(try bridge.attendctl(["outbox"]).stdout.contains("HN\t1\t"))

        try hub.start()  // back on the same port: the bridges' retries get through
        #expect(hub.port == hubPort)
        status = try bridge.waitForStatus(timeoutSeconds: 60) { $0.push?.waiting == 0 }
        #expect(status.push?.lastSuccess != nil)
        _ = try other.waitForStatus(timeoutSeconds: 60) { $0.push?.waiting == 0 }
        let rollup = try Self.rollup(hub, "HN") { $0.reported.count == 2 }
        #expect(rollup.reported.map(\.id) == ["xa-a", "xa-b"])
        #expect(rollup.reported.map(\.revision) == [1, 2])
        #expect(rollup.reported.first.map { [Int64($0.invited), Int64($0.present)] } == [0, 0])
        #expect(rollup.total.walkIns == 3)
        #expect(rollup.missing == ["UBND xã C"])
        let received = try StoredRows(path: hub.dataDirectory + "/attendd.db")
        #expect(try received.count("SELECT count(*) FROM received WHERE bridge = 'xa-b'") == 1)  // never the older revision
        #expect(try received.count("SELECT revision FROM received WHERE bridge = 'xa-b'") == 2)
        let text = try hub.attendctl(["district", "HN"])
        #expect(text.stdout.contains("Chưa báo cáo: UBND xã C"))
        let csv = try hub.attendctl(["district", "HN", "--csv", "--lang", "en"]).stdout
        #expect(csv.contains("xa-a,UBND xã A,reported,1,"))
        #expect(csv.contains(",UBND xã C,missing,"))
        // The hub's status names the bridge point that has not reported. Waited for as a whole: a
        // status file written between the two tallies' commits says 1 reported, A and C missing.
        let expected = [StatusSnapshot.MissingReports(conference: "HN", reported: 2, missing: ["UBND xã C"])]
        let hubStatus = try hub.waitForStatus { $0.missingReports == expected }
        #expect(hubStatus.missingReports == expected)
        #expect(try hub.attendctl(["status"]).stdout.contains("HN: 2 reported, MISSING UBND xã C"))

        // A correction after the close (the expected count) is revision 2; the hub keeps the newest.
        #expect(try bridge.attendctl(["define", "HN", "--expected", "5"]).status == 0)
        let latest = try Self.rollup(hub, "HN") { $0.reported.first?.revision == 2 }
        #expect(latest.reported.first?.report == 2)  // the bridge point's own number, carried in the tally
        #expect(latest.reported.first?.expected == 5)
        #expect(latest.expectedDelegates == 14)
        #expect(try bridge.attendctl(["outbox"]).stdout.contains("HN\t2\t"))
    }

    @Test func forgedUnknownAndMisattributedPushesAreRefused() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try Self.writeKeys(keys, "hub.keys", "xa-a \(Self.keyA)\nxa-b \(Self.keyB)\n")
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(hubKeys)")
        let client = try hub.connect()
        var tally = TallyComputation.tally(
            plan: ConferencePlan(id: "HN", title: "HN", date: "2026-11-23", parts: []), invited: [], excuses: [:], events: [])
        tally.bridge = "xa-a"
        let payload = Array(tally.jsonData())
        func push(_ bridge: String, key: String, conference: String = "HN", rev: Int64 = 1, body: [UInt8]? = nil) throws -> Reply {
            let bytes = body ?? payload
            let line = TallyPush.line(bridge: bridge, conference: conference, revision: rev, payload: bytes, key: Hex.decode(key)!)
            return try client.request(line.text, payload: bytes)
        }
        let good = try push("xa-a", key: Self.keyA)
        #expect(good.isOK)
        #expect(good["new"] == "1")
        #expect(try push("xa-a", key: Self.keyA)["new"] == "0")  // a repeat: OK, stored once
        #expect(try push("xa-a", key: Self.keyB).error == .notAuthorised)  // wrong key
        #expect(try push("xa-z", key: Self.keyA).error == .notAuthorised)  // unknown bridge point
        #expect(try push("xa-b", key: Self.keyB).error == .notAuthorised)  // xa-b sending xa-a's tally
        #expect(try push("xa-a", key: Self.keyA, body: Array("{not json".utf8)).error == .invalid)
        #expect(try push("xa-a", key: Self.keyA, conference: "OTHER").error == .notAuthorised)
        // An oversized tally is refused from its line, before a byte of it is read.
        let huge = try hub.connect().request("TALLY bridge=xa-a conf=HN rev=3 mac=\(Self.keyA) bytes=\(Tally.maxJSONBytes + 1)")
        #expect(huge.error == .invalid)
        #expect(huge["msg"]?.contains("bytes must give the size of the tally") == true)
        #expect(try client.request("PING").isOK)  // still serving
        #expect(try Self.rollup(hub, "HN").reported.map(\.id) == ["xa-a"])
    }

    @Test func theDayBeforeFiguresReachTheHubBeforeTheConference() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try Self.writeKeys(keys, "hub.keys", "xa-a \(Self.keyA) UBND xã A\nxa-b \(Self.keyB) UBND xã B\n")
        let bridgeKeys = try Self.writeKeys(keys, "bridge.keys", "xa-a \(Self.keyA)\n")
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(hubKeys)\nreport_delay = 0\n")
        let upstream = try LoopbackTCPServer()
        let bridge = try DaemonHarness(extraConfig: Self.pushConfig(to: hub.port, bridge: "xa-a", keysFile: bridgeKeys)
            + "[probes]\ntargets = district 127.0.0.1:\(upstream.port) tcp\ninterval = 1\ntimeout_ms = 400\n")
        let tomorrow = String(Timestamp(milliseconds: bridge.now().milliseconds + 86_400_000).vietnam.prefix(10))
        #expect(try bridge.attendctl(["define", "HN", "--date", tomorrow, "--parts", "Sáng 07:30-11:30", "--expected", "320"]).status == 0)
        let announced = try Self.rollup(hub, "HN") { $0.expectedDelegates == 320 }
        #expect(announced.reported.isEmpty)
        #expect(announced.announced.map(\.id) == ["xa-a"])
        #expect(announced.missing == ["UBND xã A", "UBND xã B"])

        // The line test goes up as soon as it is recorded.
        #expect(try bridge.attendctl(["linetest", "--seconds", "2"]).status == 0)
        let tested = try Self.rollup(hub, "HN") { $0.announced.first?.lineTestPassed != nil }
        #expect(tested.announced.first?.lineTestPassed == true)
        #expect(tested.announced.first?.lineTests.map(\.target) == ["district"])
        #expect(try hub.attendctl(["district", "HN"]).stdout.contains("Số lượng dự kiến: 320"))
        // Announcing is not reporting: the hub's missing-report clock has not started.
        let status = try hub.waitForStatus { _ in true }
        #expect(status.missingReports?.isEmpty != false)
    }

    @Test func aKeysFileOthersCanReadStopsStartup() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let open = try Self.writeKeys(keys, "hub.keys", "xa-a \(Self.keyA)\n", mode: 0o644)
        #expect(throws: HarnessError.self) { try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(open)") }
    }

    @Test func aBridgeKilledBeforeItsPushLosesNothing() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try Self.writeKeys(keys, "hub.keys", "xa-a \(Self.keyA) UBND xã A\n")
        let bridgeKeys = try Self.writeKeys(keys, "bridge.keys", "xa-a \(Self.keyA)\n")
        let hub = try Self.downHub(keysFile: hubKeys)
        let bridge = try DaemonHarness(extraConfig: Self.pushConfig(to: hub.port, bridge: "xa-a", keysFile: bridgeKeys))
        try Self.holdConference("K", at: bridge, checkIns: 20)
        bridge.crash()  // kill -9 with the tally still in the outbox
        try hub.start()
        try bridge.start()
        let rollup = try Self.rollup(hub, "K") { !$0.reported.isEmpty }
        #expect(rollup.reported.map(\.id) == ["xa-a"])
        #expect(rollup.reported.first.map { [$0.revision, Int64($0.invited), Int64($0.present)] } == [1, 0, 0])  // no one invited
        #expect(rollup.total.walkIns == 20)
        // Without [daemon] site_name, the printed report names the bridge point by its push id.
        let page = bridge.directory + "/k.html"
        #expect(try bridge.attendctl(["report", "K", "--html", page]).status == 0)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(html.contains("xa-a"))
        #expect(!html.contains("(chưa đặt tên)"))
    }
}

/// Commune → district → province with one program and one protocol.
@Suite struct UpwardPushTests {
    @Test func aDistrictHubPushesItsTotalToTheProvince() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        func write(_ name: String, _ text: String) throws -> String {
            try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
            let path = keys + "/" + name
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o600)
            return path
        }
        let communeKey = String(repeating: "c3", count: 32)
        let districtKey = String(repeating: "d4", count: 32)
        let province = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(try write("province.keys", "huyen-ts \(districtKey) Huyện Tây Sơn\n"))")
        let district = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(try write("district.keys", "xa-a \(communeKey) Xã A\n"))\n"
            + DistrictPushTests.pushConfig(to: province.port, bridge: "huyen-ts", keysFile: try write("district-push.keys", "huyen-ts \(districtKey)\n")))
        let commune = try DaemonHarness(extraConfig: DistrictPushTests.pushConfig(
            to: district.port, bridge: "xa-a", keysFile: try write("commune.keys", "xa-a \(communeKey)\n")))
        try DistrictPushTests.holdConference("HN", at: commune, checkIns: 1, expected: 7)
        // The commune's day-before figures (expected 7) go up first, then its closed tally.
        let rollup = try DistrictPushTests.rollup(province, "HN") { !$0.reported.isEmpty }
        #expect(rollup.reported.map(\.name) == ["Huyện Tây Sơn"])
        #expect(rollup.total.walkIns == 1)
        #expect(rollup.expectedDelegates == 7)
    }
}
