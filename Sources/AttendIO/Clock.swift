import AttendCore
import Glibc

/// The two clocks the daemon reads: wall time for records, monotonic time for durations.
///
/// The wall clock is the system's, unless a test started it elsewhere (`startWallClock(at:)`,
/// from `ATTENDD_TEST_CLOCK_START`): then it runs forward from there at real speed. The
/// monotonic clocks are never moved.
public enum Clock {
    /// The environment variable that starts the wall clock at an RFC 3339 time. For tests only
    /// (CI's end-to-end pass at 23:58 Vietnam time); never set in the systemd unit.
    public static let testStartVariable = "ATTENDD_TEST_CLOCK_START"

    /// Milliseconds added to the system's wall clock: 0 unless a test moved it.
    /// `nonisolated(unsafe)`: written once by `startWallClock(at:)` in `main`, before any thread
    /// starts, and only read after.
    nonisolated(unsafe) private static var wallOffsetMilliseconds: Int64 = 0

    /// Moves the wall clock so that it reads `start` now and runs on from there. Call once,
    /// from `main`, before any other thread starts.
    public static func startWallClock(at start: Timestamp) {
        wallOffsetMilliseconds = start.milliseconds - systemMilliseconds()
    }

    /// The wall clock, UTC.
    public static func now() -> Timestamp {
        Timestamp(milliseconds: systemMilliseconds() + wallOffsetMilliseconds)
    }

    /// The system's wall clock in milliseconds since 1970, unmoved.
    private static func systemMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// Nanoseconds on a clock that never jumps, for round-trip times.
    public static func monotonicNanoseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Milliseconds on a clock that never jumps, for timeouts and rates.
    public static func monotonicMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}

extension Clock {
    /// Where `environment` asks the wall clock to start (`ATTENDD_TEST_CLOCK_START`, tests
    /// only); nil when unset. attendd and attendctl read it the same way: a value that is no
    /// RFC 3339 time is a usage error (exit 2), never ignored, since a test that meant to move
    /// the clock and silently did not would pass at the wrong time of day.
    public static func testStart(in environment: [String: String]) throws(UsageError) -> Timestamp? {
        guard let text = environment[testStartVariable] else { return nil }
        guard let start = Timestamp(rfc3339: text) else {
            throw UsageError("\(testStartVariable)=\(text) is not an RFC 3339 time (2026-11-23T23:58:00+07:00)")
        }
        return start
    }
}
