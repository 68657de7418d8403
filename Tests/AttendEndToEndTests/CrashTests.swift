import AttendCore
import AttendDaemon
import AttendIO
import AttendTestSupport
import Foundation
import Testing

/// kill -9 in the middle of heavy pipelined ingest, `ATTENDD_CRASH_ROUNDS` times (default 5):
/// every acknowledged check-in survives, exactly once, and the database stays sound.
@Suite struct CrashTests {
    @Test func everyAcknowledgedCheckInSurvivesKillNine() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("K")
        let acks = Acknowledgements()
        var sequenceBase: Int64 = 1
        // ATTENDD_CRASH_ROUNDS=50 swift test --filter CrashTests: the long run; 5 in `swift test`.
        let rounds = ProcessInfo.processInfo.environment["ATTENDD_CRASH_ROUNDS"].flatMap(Int.init) ?? 5
        for _ in 0..<rounds {
            let group = DispatchGroup()
            for index in 0..<4 {
                let terminal = "k\(index)"
                let start = sequenceBase
                let port = daemon.port
                group.enter()
                Thread.detachNewThread {
                    defer { group.leave() }
                    Self.pipeline(port: port, terminal: terminal, from: start, count: 20_000, into: acks)
                }
            }
            sequenceBase += 20_000
            // Kill at a random moment once ingest is under way, whatever the machine's speed.
            let before = acks.total
            let deadline = Date().addingTimeInterval(60)
            while acks.total < before + 500 && Date() < deadline { usleep(5_000) }
            usleep(UInt32.random(in: 0...300_000))
            daemon.crash()
            #expect(group.wait(timeout: .now() + 60) == .success)
            try daemon.start()
            // The open conference survived the crash too.
            #expect(try daemon.connect().request("CHECKIN id=after-crash").isOK)
        }
        #expect(daemon.stop() == 0)

        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.integrityCheck() == "ok")
        let stored = try rows.sequences()
        var total = 0
        for (terminal, acknowledged) in acks.byTerminal {
            let kept = stored[terminal] ?? []
            #expect(kept.count == Set(kept).count, "a check-in of \(terminal) stored twice")
            let missing = acknowledged.subtracting(kept)
            #expect(missing.isEmpty, "\(missing.count) acknowledged check-ins of \(terminal) lost")
            total += acknowledged.count
        }
        #expect(total >= 2500, "the crashes came too early to test much: \(total) acknowledged")
    }

    /// Pipelines `count` check-ins from one terminal while reading replies, noting each
    /// acknowledged sequence number. Ends when the daemon dies.
    static func pipeline(port: Int, terminal: String, from start: Int64, count: Int, into acks: Acknowledgements) {
        guard let client = try? LineClient(host: "127.0.0.1", port: port) else { return }
        let sender = Thread {
            for block in stride(from: 0, to: count, by: 500) {
                var lines = ""
                for offset in block..<(block + 500) {
                    let seq = start + Int64(offset)
                    lines += "CHECKIN id=D\(seq % 700) term=\(terminal) seq=\(seq)\n"
                }
                if (try? client.send(bytes: Array(lines.utf8))) == nil { return }
            }
        }
        sender.start()
        while let line = try? client.readLine(timeoutSeconds: 10) {
            if let reply = try? Reply.decode(line), reply.isOK, let seq = reply["seq"].flatMap(Int64.init) {
                acks.record(terminal, seq)
            }
        }
    }
}

/// Acknowledged sequence numbers per terminal, collected from several threads.
final class Acknowledgements: @unchecked Sendable {
    private let lock = NSLock()
    private var sets: [String: Set<Int64>] = [:]

    private var count = 0

    func record(_ terminal: String, _ seq: Int64) {
        lock.lock()
        sets[terminal, default: []].insert(seq)
        count += 1
        lock.unlock()
    }

    /// Acknowledgements seen so far.
    var total: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    var byTerminal: [String: Set<Int64>] {
        lock.lock()
        defer { lock.unlock() }
        return sets
    }
}
