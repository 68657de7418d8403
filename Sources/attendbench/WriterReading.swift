import AttendCore
import AttendIO
import Foundation
import Glibc

/// The writer's time (`WriterTime`) from a benchmark daemon's status file, read around a
/// latency run: where the writer's seconds went while the tail was measured.
struct WriterReading {
    var time: WriterTime
    /// Check-ins and check-outs the daemon had stored.
    var stored: Int

    /// The status file as it is: before a run, the daemon has been idle for seconds (the last
    /// run's disk-alone measure), and the status thread writes within a second of a change.
    static func current(_ folder: DaemonFolder) -> WriterReading? { read(folder) }

    /// Waits (up to 3 s) for a status file that counts `stored` check-ins or more: one written
    /// after every group of the run committed. Nil when none comes or it cannot be read.
    static func after(_ folder: DaemonFolder, stored: Int) -> WriterReading? {
        let started = MonotonicClock.now()
        while MonotonicClock.seconds(since: started) < 3 {
            if let reading = read(folder), reading.stored >= stored { return reading }
            // The status thread writes once a second: a file is waited for, not a time.
            MonotonicClock.sleep(seconds: 0.05)
        }
        return nil
    }

    private static func read(_ folder: DaemonFolder) -> WriterReading? {
        guard let snapshot = folder.status, let time = snapshot.writer else { return nil }
        return WriterReading(time: time, stored: snapshot.database.stored)
    }

    /// The writer's busy time between the two readings, in percent of the run's `seconds`, from
    /// its first send to its last reply (the writer has next to nothing to do outside the run).
    func busyShare(since earlier: WriterReading, over seconds: Double) -> Double {
        100 * Double(time.since(earlier.time).busyMicroseconds) / (seconds * 1e6)
    }

    /// `requests 31.2%, folds 9.8%, commits with their fsync 50.1%, catch-ups 0.4% of the run's 5 s (...); 7204 groups, 40 over 5 ms, ...`.
    func describe(since earlier: WriterReading, over seconds: Double) -> String {
        let delta = time.since(earlier.time)
        let share = { (microseconds: Int64) in String(format: "%.1f%%", 100 * Double(microseconds) / (seconds * 1e6)) }
        return "requests \(share(delta.requestsMicroseconds)), folds \(share(delta.foldsMicroseconds)), "
            + "commits with their fsync \(share(delta.commitsMicroseconds)), catch-ups \(share(delta.catchUpsMicroseconds)) "
            + "of the run's \(String(format: "%.2f", seconds)) s from its first send to its last reply (its groups and the folds after it, from the status file before it and after); "
            + "\(delta.groups) groups, \(delta.groups(longerThan: 5_000)) over 5 ms, \(delta.groups(longerThan: 10_000)) over 10 ms, "
            + "\(delta.groups(longerThan: 20_000)) over 20 ms"
    }
}
