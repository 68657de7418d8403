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

/// A slow probe of the disk beside a latency run: 50 times a second, a 4 KiB write in place and
/// an `fdatasync` on a file of its own, for as long as the run lasts. A stall it meets is the
/// file system's or the device's, not attendd's, and it shows when in the run it came; 50 syncs
/// a second add about 1% to what attendd's own 2,000 a second ask of the disk.
final class DiskProbe: @unchecked Sendable {
    struct Result: Sendable {
        var syncs = 0
        /// Syncs that took over 10 ms, and the longest.
        var stalls = 0
        var longestMilliseconds = 0.0
    }

    private let stopAt = Box<UInt64>(UInt64.max)
    private let result = Box(Result())
    private var thread: BackgroundThread?

    init(directory: String) throws {
        let path = directory + "attendbench-probe-" + UUID().uuidString.prefix(8)
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(BenchSocket.errorText())") }
        let page = [UInt8](repeating: 0x43, count: DiskFloor.page)
        let written = page.withUnsafeBytes { pwrite(fd, $0.baseAddress, DiskFloor.page, 0) }
        guard written == DiskFloor.page, fsync(fd) == 0 else {
            close(fd)
            unlink(path)
            throw BenchError("write \(path): \(BenchSocket.errorText())")
        }
        let stopAt = stopAt, result = result
        // Ends by itself after 10 minutes, whatever happens to the run it watches.
        let giveUp = MonotonicClock.now() + 600_000_000_000
        thread = BackgroundThread("disk-probe") {
            defer {
                close(fd)
                unlink(path)
            }
            var next = MonotonicClock.now()
            var seen = Result()
            while MonotonicClock.now() < min(stopAt.value, giveUp) {
                next += 20_000_000
                MonotonicClock.sleep(until: next)
                let start = MonotonicClock.now()
                let ok = page.withUnsafeBytes { pwrite(fd, $0.baseAddress, DiskFloor.page, 0) } == DiskFloor.page && fdatasync(fd) == 0
                guard ok else { break }
                let took = Double(MonotonicClock.now() - start) / 1e6
                seen.syncs += 1
                if took > 10 { seen.stalls += 1 }
                seen.longestMilliseconds = max(seen.longestMilliseconds, took)
                if MonotonicClock.now() > next { next = MonotonicClock.now() }
            }
            result.value = seen
        }
    }

    /// Stops the probe and returns what it saw.
    func stop() -> Result {
        stopAt.value = 0
        thread?.join(timeoutSeconds: 60)
        return result.value
    }
}
