/// Notices the system clock being stepped (by NTP after a boot without a real-time clock, or by
/// hand): the wall clock moves against the monotonic one, which never jumps.
///
/// Fed one pair of readings a second; reports a step when wall minus monotonic changed by more
/// than `toleranceMilliseconds` since the last reading. Slewing (NTP's gradual correction, at
/// most 0.5 ms a second) stays far below it. Pure: the readings are passed in.
public struct ClockStepDetector: Sendable {
    public let toleranceMilliseconds: Int64
    private var lastDifference: Int64?

    public init(toleranceMilliseconds: Int64 = 2_000) {
        self.toleranceMilliseconds = toleranceMilliseconds
    }

    /// The step in milliseconds (positive: the wall clock jumped ahead), or nil when none.
    public mutating func observe(wallMilliseconds wall: Int64, monotonicMilliseconds monotonic: Int64) -> Int64? {
        let difference = wall - monotonic
        defer { lastDifference = difference }
        guard let last = lastDifference, abs(difference - last) > toleranceMilliseconds else { return nil }
        return difference - last
    }
}
