/// When a bridge point tries its hub again after a failed tally push: the pusher's schedule as a
/// value, on a time line of seconds the caller supplies (the monotonic clock in the daemon, a
/// fake one in tests), with the randomness passed in.
///
/// The promise it keeps: after an outage of any length, the next attempt comes at most
/// `latestAfterReturnSeconds` (37.5 s) after the hub is reachable again, since the pause stops
/// growing at `maxBackoffSeconds` (30 s) and the jitter is at most a quarter on top; a pause that
/// doubled to 5 minutes (the schedule before) could leave a closed tally 7.5 minutes late. The
/// hub being heard from another way (a plan poll got through) moves the next attempt to within
/// `heardSpreadSeconds` (3 s).
///
/// The price it keeps bounded: while the hub is down, a hall tries at most once per
/// `minimumPauseWhileDownSeconds` (22.5 s) once the pause has grown, so 1,000 halls send a down
/// hub at most about 44 connection attempts a second, spread by the jitter rather than in step.
public struct PushRetrySchedule: Equatable, Sendable {
    /// The first pause after a failure.
    public static let firstBackoffSeconds = 1.0
    /// The pause stops doubling here (before the jitter).
    public static let maxBackoffSeconds = 30.0
    /// Each pause is the backoff times a factor drawn from this range: halls that failed
    /// together spread out instead of returning in step.
    public static let jitter = 0.75...1.25
    /// After the hub is heard from, the next attempt is drawn from this many seconds, so a
    /// thousand halls whose polls get through together do not push in the same instant.
    public static let heardSpreadSeconds = 3.0

    /// The longest a failure can put off the next attempt: `maxBackoffSeconds` with the most jitter.
    public static var latestAfterReturnSeconds: Double { maxBackoffSeconds * jitter.upperBound }
    /// The shortest pause once the backoff has stopped growing.
    public static var minimumPauseWhileDownSeconds: Double { maxBackoffSeconds * jitter.lowerBound }

    /// Failed attempts in a row (0 after a success).
    public private(set) var failures = 0
    /// When the next attempt is due; nil when nothing has failed (attempt whenever there is work).
    public private(set) var nextAttempt: Double?

    public init() {}

    /// The backoff after `failures` failures in a row, before the jitter.
    public static func backoff(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        // 2^5 = 32 is past the cap already; the exponent stops there so it never overflows.
        return min(maxBackoffSeconds, firstBackoffSeconds * Double(1 << min(failures - 1, 5)))
    }

    /// Seconds from `now` until the next attempt is due (0 when it is due or nothing failed).
    public func pause(at now: Double) -> Double {
        guard let nextAttempt else { return 0 }
        return max(0, nextAttempt - now)
    }

    /// An attempt at `now` failed. `random` is a draw from 0..<1 (the jitter); returns the pause.
    @discardableResult
    public mutating func failed(at now: Double, random: Double) -> Double {
        failures += 1
        let factor = Self.jitter.lowerBound + (Self.jitter.upperBound - Self.jitter.lowerBound) * min(max(random, 0), 1)
        let pause = Self.backoff(afterFailures: failures) * factor
        nextAttempt = now + pause
        return pause
    }

    /// An attempt got through: the next one whenever there is work.
    public mutating func succeeded() {
        failures = 0
        nextAttempt = nil
    }

    /// The hub was heard from at `now` another way (a plan poll got through): if an attempt is
    /// waiting later than `heardSpreadSeconds`, it comes forward to `now` plus a draw from that
    /// spread (`random` in 0..<1). Returns true when the next attempt moved. The streak of
    /// failures stays, so a hub that answers polls but refuses pushes is not tried every few seconds
    /// for long: the next failure doubles on.
    @discardableResult
    public mutating func hubHeard(at now: Double, random: Double) -> Bool {
        guard let due = nextAttempt else { return false }
        let soon = now + Self.heardSpreadSeconds * min(max(random, 0), 1)
        guard soon < due else { return false }
        nextAttempt = soon
        return true
    }
}
