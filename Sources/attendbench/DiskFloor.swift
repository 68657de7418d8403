import Foundation
import Glibc

/// The ack latency an ideal durable server would reach on this disk at a given pace: arrivals
/// due every 1/rate s, answered in groups, each group one 4 KiB write and one `fdatasync`, with no
/// CPU spent on anything else. A latency run of attendd is followed by this one at the same pace
/// for the same seconds, so a tail the disk itself had in those seconds is shown beside attendd's
/// (the disk of a shared VM stalls for tens or hundreds of milliseconds a few times a minute, and
/// every commit waiting then waits with it).
///
/// The writes go in place over a file written and synced beforehand, as a write-ahead log
/// restarted after a checkpoint is: no sync of this run has to grow the file.
enum DiskFloor {
    struct Run: Sendable {
        var samples: Percentiles
        var syncs: Int
        /// Syncs that took over 10 ms.
        var stalls: Int
        var longestSyncMilliseconds: Double
    }

    static let page = 4096
    /// Pages the writes cycle through (4 MiB, about a second of attendd's log at 2,000 acks a second).
    static let pages = 1024

    static func measure(rate: Int, seconds: Double, directory: String) throws -> Run {
        let path = directory + "attendbench-floor-" + UUID().uuidString.prefix(8)
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(BenchSocket.errorText())") }
        defer {
            close(fd)
            unlink(path)
        }
        let bytes = [UInt8](repeating: 0x42, count: page)
        func write(at index: Int) throws {
            let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, page, off_t(index * page)) }
            guard written == page else { throw BenchError("write \(path): \(BenchSocket.errorText())") }
        }
        for k in 0..<pages { try write(at: k) }
        guard fsync(fd) == 0 else { throw BenchError("fsync \(path): \(BenchSocket.errorText())") }

        let total = max(1, Int(Double(rate) * seconds))
        let interval = 1e9 / Double(rate)
        var latencies: [Double] = []
        latencies.reserveCapacity(total)
        var syncs = 0, stalls = 0
        var longest: UInt64 = 0
        var next = 0
        let start = MonotonicClock.now()
        func due(_ i: Int) -> UInt64 { start + UInt64(Double(i) * interval) }
        while next < total {
            let now = MonotonicClock.now()
            if now < due(next) {
                MonotonicClock.sleep(until: due(next))
                continue
            }
            // Every arrival due by now is in this group.
            let arrived = min(total, Int(Double(now - start) / interval) + 1)
            let syncStart = MonotonicClock.now()
            try write(at: syncs % pages)
            guard fdatasync(fd) == 0 else { throw BenchError("fdatasync \(path): \(BenchSocket.errorText())") }
            let done = MonotonicClock.now()
            syncs += 1
            longest = max(longest, done - syncStart)
            if done - syncStart > 10_000_000 { stalls += 1 }
            for i in next..<arrived { latencies.append(Double(done - due(i)) / 1e6) }
            next = arrived
        }
        return Run(samples: Percentiles(latencies), syncs: syncs, stalls: stalls, longestSyncMilliseconds: Double(longest) / 1e6)
    }
}
