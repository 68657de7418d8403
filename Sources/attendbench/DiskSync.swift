import Foundation
import Glibc

/// The disk's own sync latency: append 4 KiB to a file and `fdatasync` it, many times. An
/// acknowledged check-in waits for at least one such sync, so this bounds the ack latency
/// from below on this machine.
enum DiskSync {
    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let samples = options.quick ? 200 : 2_000
        let path = options.directory + "attendbench-sync-" + UUID().uuidString.prefix(8)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BenchError("cannot create \(path): \(BenchSocket.errorText())") }
        defer {
            close(fd)
            unlink(path)
        }
        let page = [UInt8](repeating: 0x41, count: 4096)
        var times: [Double] = []
        times.reserveCapacity(samples)
        for k in 0..<samples {
            let start = MonotonicClock.now()
            let written = page.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(k * 4096)) }
            guard written == 4096, fdatasync(fd) == 0 else { throw BenchError("write/fdatasync \(path): \(BenchSocket.errorText())") }
            times.append(Double(MonotonicClock.now() - start) / 1e6)
        }
        let sorted = Percentiles(times)
        reporter.add(Measurement(
            StorageLimit.section, "disk: 4 KiB append + fdatasync, p50", sorted.at(50), "ms",
            note: String(format: "p99 %.2f ms, max %.2f ms over %d syncs: the floor under every ack", sorted.at(99), sorted.max, samples)))
    }
}
