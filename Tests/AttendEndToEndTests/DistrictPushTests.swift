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

    func writeKeys(_ directory: String, _ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
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

    /// Defines and opens a conference for today, checks in `count` delegates, closes it.
    static func holdConference(_ id: String, at bridge: DaemonHarness, checkIns count: Int, expected: Int? = nil) throws {
        let today = String(Clock.now().vietnam.prefix(10))
        var define = ["define", id, "--date", today, "--parts", "00:00-23:59"]
        if let expected { define += ["--expected", String(expected)] }
        #expect(try bridge.attendctl(define).status == 0)
        try bridge.openConference(id)
        for seq in 0..<count { #expect(try bridge.connect().request("CHECKIN id=D\(seq) term=t seq=\(seq)").isOK) }
        #expect(try bridge.attendctl(["close"]).status == 0)
    }

    /// Polls a hub's roll-up of `conference` until it contains `text` (or 60 s pass).
    static func rollup(_ hub: DaemonHarness, _ conference: String, until text: String) throws -> String {
        let deadline = Date().addingTimeInterval(60)
        var output = ""
        while Date() < deadline && !output.contains(text) {
            usleep(200_000)
            output = try hub.attendctl(["district", conference]).stdout
        }
        return output
    }

    @Test func aClosedConferenceReachesTheHubEvenWhenItWasDown() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try writeKeys(keys, "hub.keys", "# bridge points of the district\nxa-a \(Self.keyA) UBND xã A\nxa-b \(Self.keyB) UBND xã B\n")
        let bridgeKeys = try writeKeys(keys, "bridge.keys", "xa-a \(Self.keyA)\n")
        let hub = try Self.downHub(keysFile: hubKeys, extra: "report_delay = 0")  // down when the bridge closes
        let hubPort = hub.port
        let bridge = try DaemonHarness(extraConfig: Self.pushConfig(to: hubPort, bridge: "xa-a", keysFile: bridgeKeys))
        try Self.holdConference("HN", at: bridge, checkIns: 1)
        var status = try bridge.waitForStatus { $0.push?.waiting == 1 && $0.push?.lastError != nil }
        #expect(status.push?.lastSuccess == nil)

        #expect(try bridge.attendctl(["outbox"]).stdout.contains("HN\t1\t"))

        try hub.start()  // back on the same port: the bridge's retries get through
        #expect(hub.port == hubPort)
        status = try bridge.waitForStatus(timeoutSeconds: 60) { $0.push?.waiting == 0 }
        #expect(status.push?.lastSuccess != nil)
        let rollup = try hub.attendctl(["district", "HN"])
        #expect(rollup.stdout.contains("reported=1"))
        #expect(rollup.stdout.contains("missing=1"))
        #expect(rollup.stdout.contains("xa-a\tUBND xã A\trev 1\t0\t0"))
        #expect(rollup.stdout.contains("MISSING\tUBND xã B"))
        // The hub's status names the bridge point that has not reported.
        let hubStatus = try hub.waitForStatus { $0.missingReports?.isEmpty == false }
        #expect(hubStatus.missingReports == [.init(conference: "HN", reported: 1, missing: ["UBND xã B"])])
        #expect(try hub.attendctl(["status"]).stdout.contains("HN: 1 reported, MISSING UBND xã B"))

        // A correction after the close (the expected count) is revision 2; the hub keeps the newest.
        #expect(try bridge.attendctl(["define", "HN", "--expected", "5"]).status == 0)
        let latest = try Self.rollup(hub, "HN", until: "rev 2")
        #expect(latest.contains("xa-a\tUBND xã A\trev 2"))
        #expect(try bridge.attendctl(["outbox"]).stdout.contains("HN\t2\t"))
    }

    @Test func forgedUnknownAndMisattributedPushesAreRefused() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try writeKeys(keys, "hub.keys", "xa-a \(Self.keyA)\nxa-b \(Self.keyB)\n")
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(hubKeys)")
        let client = try hub.connect()
        var tally = TallyComputation.tally(
            plan: ConferencePlan(id: "HN", title: "HN", date: "2026-11-23", parts: []), invited: [], excuses: [:], events: [])
        tally.bridge = "xa-a"
        let payload = Array(tally.jsonData())
        func push(_ bridge: String, key: String, conference: String = "HN", rev: Int64 = 1, body: [UInt8]? = nil) throws -> Reply {
            let bytes = body ?? payload
            let line = TallyPush.line(bridge: bridge, conference: conference, revision: rev, payload: bytes, key: Hex.decode(key)!)
            return try client.request(String(decoding: LineEncoder.encode(line).dropLast(), as: UTF8.self), payload: bytes)
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
        #expect(try client.request("PING").isOK)  // still serving
        let rollup = try hub.attendctl(["district", "HN"])
        #expect(rollup.stdout.contains("reported=1"))
    }

    @Test func aKeysFileOthersCanReadStopsStartup() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let open = try writeKeys(keys, "hub.keys", "xa-a \(Self.keyA)\n", mode: 0o644)
        #expect(throws: HarnessError.self) { try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(open)") }
    }

    @Test func aBridgeKilledBeforeItsPushLosesNothing() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let hubKeys = try writeKeys(keys, "hub.keys", "xa-a \(Self.keyA) UBND xã A\n")
        let bridgeKeys = try writeKeys(keys, "bridge.keys", "xa-a \(Self.keyA)\n")
        let hub = try Self.downHub(keysFile: hubKeys)
        let bridge = try DaemonHarness(extraConfig: Self.pushConfig(to: hub.port, bridge: "xa-a", keysFile: bridgeKeys))
        try Self.holdConference("K", at: bridge, checkIns: 20)
        bridge.crash()  // kill -9 with the tally still in the outbox
        try hub.start()
        try bridge.start()
        let rollup = try Self.rollup(hub, "K", until: "reported=1")
        #expect(rollup.contains("reported=1"))
        #expect(rollup.contains("xa-a\tUBND xã A\trev 1\t0\t0"))  // no one invited; 20 walk-ins
        #expect(rollup.contains("walk-ins 20"))
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
        let rollup = try DistrictPushTests.rollup(province, "HN", until: "reported=1")
        #expect(rollup.contains("huyen-ts\tHuyện Tây Sơn\trev 1"))
        #expect(rollup.contains("walk-ins 1"))
    }
}
