import AttendCore
import AttendDaemon
import AttendIO
import AttendTestSupport
import Foundation
import Glibc
import Synchronization
import Testing

/// `LIVE` under attack at a real hub: many connections pipelining forged 16 KiB summaries
/// while a genuine hall keeps sending. Every summary waits for the tally checker holding its
/// bytes in the input budget, so the flood is bounded by `[limits] max_input_buffer`; the
/// genuine hall's summaries are answered and kept all along, and an old nonce changes nothing.
@Suite struct LiveFloodTests {
    static let hallKey = String(repeating: "e5", count: 32)

    static func summary(present: Int, at: Timestamp) -> LiveSummary {
        LiveSummary(
            bridge: "xa-a", conference: "HN", title: "Hội nghị", at: at, intervalSeconds: 60, invited: 500, arrived: present,
            present: present, walkIns: 0, categories: [], curve: [], incidents: [])
    }

    /// Sends the genuine hall's summary with `nonce`; the reply's `new=`.
    static func send(_ hub: DaemonHarness, present: Int, nonce: Int64) throws -> Reply {
        let payload = summary(present: present, at: hub.now()).encoded()
        let line = LivePush.line(bridge: "xa-a", conference: "HN", seq: nonce, payload: payload, key: Hex.decode(hallKey)!)
        return try hub.connect().request(line.text, payload: payload, timeoutSeconds: 10)
    }

    @Test func forgedSummariesPipelinedOnManyConnectionsAreBoundedAndTheHallIsStillHeard() throws {
        let keys = NSTemporaryDirectory() + "attendd-keys-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let budget = 4 * 1024 * 1024
        let hub = try DaemonHarness(
            extraConfig: "[hub]\nkeys_file = " + (try DistrictPushTests.writeKeys(keys, "hub.keys", "xa-a \(Self.hallKey) UBND xã A\n")) + "\n",
            limits: "rate_per_source = 0\nmax_input_buffer = \(budget)\nmax_connection_buffer = 1048576")
        let pid = try #require(hub.process?.processIdentifier)
        #expect(try Self.send(hub, present: 1, nonce: 1)["new"] == "1")
        let baseline = FloodTests.residentKilobytes(pid)

        // 16 connections each pipeline 200 summaries of 16 KiB signed with the wrong key: 51 MiB
        // announced at once, four times the budget.
        let connections = 16, perConnection = 200
        let forgedPayload = [UInt8](repeating: 0x20, count: LiveSummary.maxJSONBytes)
        let forged = LivePush.line(bridge: "xa-a", conference: "HN", seq: 99, payload: forgedPayload, key: Hex.decode(String(repeating: "00", count: 32))!)
        let request = Array((forged.text + "\n").utf8) + forgedPayload
        let answers = Mutex<[String: Int]>([:])
        let flood = DispatchGroup()
        for _ in 0..<connections {
            DispatchQueue.global().async(group: flood) {
                guard let client = try? hub.connect() else { return }
                client.setSendTimeout(seconds: 30)
                // A connection the hub sheds (the biggest holders of the budget go first) ends
                // here: its sends or reads fail, and what it had sent is dropped unanswered.
                for _ in 0..<perConnection { guard (try? client.send(bytes: request)) != nil else { break } }
                for _ in 0..<perConnection {
                    guard let line = try? client.readLine(timeoutSeconds: 30) else {
                        answers.withLock { $0["shed", default: 0] += 1 }
                        break
                    }
                    let kind = line.hasPrefix("ERR") ? String(line.split(separator: " ").prefix(2).joined(separator: " ")) : "OK"
                    answers.withLock { $0[kind, default: 0] += 1 }
                }
            }
        }
        // Meanwhile the genuine hall is answered and kept, and the hub's RSS stays bounded.
        var nonce: Int64 = 1
        var slowest = 0.0
        var peak = baseline
        while flood.wait(timeout: .now() + .milliseconds(200)) == .timedOut {
            nonce += 1
            let started = Date()
            let reply = try Self.send(hub, present: Int(nonce), nonce: nonce)
            #expect(reply.isOK && reply["new"] == "1", "\(reply)")
            slowest = max(slowest, Date().timeIntervalSince(started))
            peak = max(peak, FloodTests.residentKilobytes(pid))
        }
        let counted = answers.withLock { $0 }
        #expect(counted["OK"] == nil, "\(counted)")
        #expect((counted["ERR not_authorised"] ?? 0) > 0, "\(counted)")
        // Each flood connection was answered in full or shed, and the hub counted each it shed (with the payloads it dropped unread).
        let status = try hub.waitForStatus { $0.connections.shed >= counted["shed"] ?? 0 }
        #expect(status.connections.shed >= counted["shed"] ?? 0, "\(counted)")
        #expect((counted["ERR not_authorised"] ?? 0) + (counted["ERR busy"] ?? 0) + (counted["shed"] ?? 0) * perConnection >= connections * perConnection / 4)
        // The budget's bytes plus what 17 connections and the checker's thread cost.
        #expect(peak - baseline < budget / 1024 + 16 * 1024, "RSS grew from \(baseline) kB to \(peak) kB")
        #expect(slowest < 5, "the genuine hall waited \(slowest) s")

        // An older nonce with other figures is answered but changes nothing. The flood's last
        // payloads may hold the budget a moment longer (CI saw one such reply): a busy reply is
        // sent again, as a hall does, for up to 5 s.
        let deadline = Date().addingTimeInterval(5)
        var old = try Self.send(hub, present: 999, nonce: 1)
        while old.error == .busy && Date() < deadline { old = try Self.send(hub, present: 999, nonce: 1) }
        #expect(old.isOK && old["new"] == "0", "\(old)")
        let live = try #require(try DistrictPushTests.rollup(hub, "HN").live)
        #expect(live.present == Int(nonce))
        #expect(hub.stop() == 0)
    }
}
