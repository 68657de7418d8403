import AttendCore
import AttendIO

extension Daemon {
    /// Once a second: a stepped system clock is logged with its size. Timeouts, rate limits,
    /// idle connections and retry pauses run on the monotonic clock and are not moved by it;
    /// receive times are wall-clock records, so check-ins around the step carry the new time.
    func noteClockStep(monotonic: Int64) {
        guard let step = clockSteps.observe(wallMilliseconds: Clock.now().milliseconds, monotonicMilliseconds: monotonic) else { return }
        logger.warning("system clock stepped; check-ins from now on carry the new time", [
            "by_s": Double(step) / 1000, "now": Clock.now().vietnam,
        ])
    }
}
