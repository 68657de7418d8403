import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// Under writes that never pause, the write-ahead log still restarts from its start after the
/// checkpointer's rounds (the writer's catch-up checkpoint, issue 23): without it the log grew
/// for as long as the writes went on and every commit appended to it.
@Suite struct WriteAheadLogRestartTests {
    /// The log header's checkpoint sequence number (bytes 12-15, big-endian), which SQLite
    /// increments each time the log restarts; nil before the log has a header.
    private func checkpointSequence(_ path: String) -> UInt32? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 32), header.count == 32 else { return nil }
        return header[12..<16].reduce(0) { $0 << 8 | UInt32($1) }
    }

    @Test func theLogRestartsWhileCheckInsKeepComing() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN")
        let client = try daemon.connect()
        let log = daemon.databasePath + "-wal"
        // 64 check-ins always in flight: the writer always has the next group queued, so the
        // checkpointer alone never finds the log wholly copied.
        var sent = 0
        func sendNext() throws {
            sent += 1
            try client.send("CHECKIN id=A\(sent % 500) term=t1 seq=\(sent)")
        }
        for _ in 0..<64 { try sendNext() }
        let start = try #require(checkpointSequence(log))
        var acknowledged = 0
        var restarts: UInt32 = 0
        let deadline = Date().addingTimeInterval(20)
        // Two restarts: the first could come from the pause before the first check-in.
        while restarts < 2 && Date() < deadline {
            let reply = try #require(try client.readLine(timeoutSeconds: 10))
            #expect(reply.hasPrefix("OK"), "\(reply)")
            acknowledged += 1
            try sendNext()
            restarts = (checkpointSequence(log) ?? start) &- start
        }
        #expect(restarts >= 2, "the log restarted \(restarts) times in \(acknowledged) check-ins")
        while acknowledged < sent {
            _ = try #require(try client.readLine(timeoutSeconds: 10))
            acknowledged += 1
        }
        #expect(daemon.stop() == 0)
        let rows = try StoredRows(path: daemon.databasePath)
        #expect(try rows.count("SELECT count(*) FROM checkin") == sent)
    }
}
