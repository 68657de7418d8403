import AttendCore
import AttendDaemon
import AttendIO
import AttendStore
import Foundation

/// `attendctl backup` of a database while a terminal checks in: how long the copy takes, and
/// the slowest acknowledgement during it (the copy is a reader; the writer should not wait).
enum BackupBench {
    /// Check-in acks one at a time on `terminal` until the backup of `databasePath` is done.
    static func measure(databasePath: String, terminal: LineClient, delegates: Int, seq: inout Int64) throws -> (backup: Double, slowestAck: Double, acks: Int, bytes: Int) {
        let destination = databasePath + ".backup"
        defer { try? FileManager.default.removeItem(atPath: destination) }
        let done = DispatchSemaphore(value: 0)
        let result = BackupResult()
        let began = MonotonicClock.now()
        Thread.detachNewThread {
            do {
                let summary = try DatabaseBackup.copy(from: databasePath, to: destination)
                result.set(seconds: MonotonicClock.seconds(since: began), bytes: summary.bytes)
            } catch {
                result.fail("\(error)")
            }
            done.signal()
        }
        var slowest = 0.0
        var acks = 0
        while done.wait(timeout: .now()) == .timedOut {
            seq += 1
            let sent = MonotonicClock.now()
            guard try terminal.request("CHECKIN id=DV-\(Int(seq) % delegates) term=bench seq=\(seq)").isOK else {
                throw BenchError("check-in refused during the backup")
            }
            slowest = max(slowest, MonotonicClock.seconds(since: sent) * 1000)
            acks += 1
        }
        if let error = result.error { throw BenchError("backup failed: \(error)") }
        return (result.seconds * 1000, slowest, acks, result.bytes)
    }
}

/// The backup thread's outcome.
private final class BackupResult: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var seconds = 0.0
    private(set) var bytes = 0
    private(set) var error: String?

    func set(seconds: Double, bytes: Int) {
        lock.lock()
        self.seconds = seconds
        self.bytes = bytes
        lock.unlock()
    }

    func fail(_ message: String) {
        lock.lock()
        error = message
        lock.unlock()
    }
}
