import AttendCore
import Glibc

/// The clocks `attendctl` reads: wall time for `--at` and the queue's records, monotonic time
/// for the terminal's timeouts and retries. The same readings as the daemon's `Clock`, kept
/// here so the client does not link the daemon.
enum ClientClock {
    /// The wall clock, UTC.
    static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    /// Milliseconds on a clock that never jumps, for timeouts and retries.
    static func monotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
