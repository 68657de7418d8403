import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The district is not down but broken: it accepts and never answers, or answers garbage, or a
/// bare `OK` from something that is not a hub. The outbox keeps the tally, the status names the
/// last error, and the tally is delivered once a real hub takes the port.
@Suite struct DistrictFaultTests {
    static let key = String(repeating: "c3", count: 32)

    /// One broken district, then the real one on the same port.
    func deliversOnceARealHubAppears(behind behaviour: FakeHub.Behaviour, errorMentions expected: String) throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        try FileManager.default.createDirectory(atPath: keys, withIntermediateDirectories: true)
        let hubKeys = keys + "/hub.keys"
        let bridgeKeys = keys + "/bridge.keys"
        try "xa-a \(Self.key) UBND xã A\n".write(toFile: hubKeys, atomically: true, encoding: .utf8)
        try "xa-a \(Self.key)\n".write(toFile: bridgeKeys, atomically: true, encoding: .utf8)
        chmod(hubKeys, 0o600)
        chmod(bridgeKeys, 0o600)
        let hub = try DistrictPushTests.downHub(keysFile: hubKeys)
        let fake = try FakeHub(port: hub.port, behaviour: behaviour)

        let bridge = try DaemonHarness(
            extraConfig: DistrictPushTests.pushConfig(to: hub.port, bridge: "xa-a", keysFile: bridgeKeys) + "timeout = 1\n")
        try DistrictPushTests.holdConference("HN", at: bridge, checkIns: 2)
        let failing = try bridge.waitForStatus { ($0.push?.lastError ?? "").contains(expected) }
        #expect(failing.push?.waiting == 1)
        #expect(failing.push?.lastSuccess == nil)
        #expect(fake.connections >= 1)
        #expect(try bridge.attendctl(["outbox"]).stdout.contains("HN\t1\t"))
        #expect(try bridge.attendctl(["outbox"]).stdout.contains("waiting"))

        fake.stop()
        try hub.start()
        let delivered = try bridge.waitForStatus(timeoutSeconds: 60) { $0.push?.waiting == 0 && $0.push?.lastSuccess != nil }
        #expect(delivered.push?.lastError == nil)
        let rollup = try DistrictPushTests.rollup(hub, "HN") { !$0.reported.isEmpty }
        #expect(rollup.reported.map(\.name) == ["UBND xã A"])
        #expect(rollup.reported.first?.revision == 1)
        #expect(bridge.stop() == 0)
        #expect(hub.stop() == 0)
    }

    @Test func aHubThatAcceptsAndNeverAnswers() throws {
        try deliversOnceARealHubAppears(behind: .silent, errorMentions: "no reply")
    }

    /// SIGTERM while a push waits on a hub that never answers: the daemon does not wait for it.
    @Test func aStopDoesNotWaitForAPushUnderWay() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        _ = try DistrictPushTests.writeKeys(keys, "bridge.keys", "xa-a \(Self.key)\n")
        let fake = try FakeHub(port: 0, behaviour: .silent)
        let bridge = try DaemonHarness(
            extraConfig: DistrictPushTests.pushConfig(to: fake.port, bridge: "xa-a", keysFile: keys + "/bridge.keys") + "timeout = 60\n")
        try DistrictPushTests.holdConference("HN", at: bridge, checkIns: 1)
        let deadline = Date().addingTimeInterval(30)
        while fake.connections == 0 && Date() < deadline { usleep(50_000) }
        #expect(fake.connections >= 1)  // the push is waiting for its reply
        let began = Date()
        #expect(bridge.stop() == 0)
        #expect(Date().timeIntervalSince(began) < 10, "the stop waited for the push")
        fake.stop()
    }

    @Test func aHubThatAnswersGarbage() throws {
        try deliversOnceARealHubAppears(behind: .garbage([0xFF, 0x00, 0x13, 0x37] + Array("\n".utf8)), errorMentions: "is not a protocol line")
    }

    @Test func somethingElseThatSaysOK() throws {
        try deliversOnceARealHubAppears(behind: .garbage(Array("OK\n".utf8)), errorMentions: "does not name the tally")
    }

    @Test func anHTTPServerOnTheHubsPort() throws {
        try deliversOnceARealHubAppears(
            behind: .garbage(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8)), errorMentions: "is not a protocol line")
    }
}
