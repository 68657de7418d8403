/// The outcome of one probe check (a TCP connect or a UDP echo).
public enum ProbeResult: Equatable, Sendable {
    case ok(rttMilliseconds: Double)
    case failed(ProbeFailure)

    public var isOK: Bool { if case .ok = self { return true } else { return false } }

    /// The round trip of a successful check.
    public var rttMilliseconds: Double? { if case .ok(let rtt) = self { return rtt } else { return nil } }
}

/// The thresholds a probe target is judged by (`[probes]` in the configuration).
public struct ProbeSettings: Equatable, Sendable {
    /// Failures in a row that open a `line_down` incident.
    public var failAfter: Int
    /// Answered checks in a row that close `line_down`; fast ones in a row that close `degraded`.
    public var recoverAfter: Int
    /// A round trip slower than this is slow.
    public var degradedRTTMilliseconds: Double
    /// Slow checks in a row that open a `degraded` incident.
    public var degradedAfter: Int
    /// How many recent checks the loss percentage is taken over.
    public var window: Int
    /// Loss over a full window at or above this opens a `degraded` incident.
    public var degradedLossPercent: Double

    public init(
        failAfter: Int = 3, recoverAfter: Int = 5, degradedRTTMilliseconds: Double = 300, degradedAfter: Int = 5,
        window: Int = 20, degradedLossPercent: Double = 20
    ) {
        self.failAfter = failAfter
        self.recoverAfter = recoverAfter
        self.degradedRTTMilliseconds = degradedRTTMilliseconds
        self.degradedAfter = degradedAfter
        self.window = window
        self.degradedLossPercent = degradedLossPercent
    }
}

/// What the monitor asks the daemon to do after a check.
public enum ProbeAction: Equatable, Sendable {
    /// Start an incident of this kind from the probe, with its cause (stored as the note's code).
    case open(IncidentKind, cause: ProbeCause)
    /// End the probe's open incident of this kind.
    case close(IncidentKind)
}

/// Judges one probe target from its checks: a pure state machine, fed results and the time
/// they were taken, returning the incidents to open and close. The daemon carries them out.
///
/// The rules, with hysteresis so a flapping line gives one incident, not fifty:
/// - `ok` → `down` after `failAfter` failures in a row: open `line_down`.
/// - `ok` → `degraded` after `degradedAfter` slow answers in a row (round trip over
///   `degradedRTTMilliseconds`), or when a full window of `window` checks has lost
///   `degradedLossPercent` or more: open `degraded`. A line alternating answer and failure
///   never fails `failAfter` times in a row, so it lands here, once.
/// - `degraded` → `down` after `failAfter` failures in a row: close `degraded`, then open
///   `line_down` (line down supersedes poor quality), both returned by the same call.
/// - `degraded` → `ok` only after `recoverAfter` fast answers in a row and with the loss over
///   the window below the threshold again: close `degraded`.
/// - `down` → `ok` after `recoverAfter` answers in a row, fast or slow: close `line_down`.
///   The failures of that outage then leave the loss judgement (they are the `line_down`
///   already reported), so recovery does not open `degraded` on their account; a line that
///   came back slow does open `degraded` once its slow answers reach `degradedAfter`.
/// - While `down`, nothing else opens; one failure resets every run of answers.
public struct ProbeMonitor: Sendable {
    /// The target's condition, as the status file shows it.
    public enum State: String, Sendable, Codable { case ok, degraded, down }

    public let settings: ProbeSettings
    public private(set) var state: State = .ok
    /// When the monitor entered `state`; nil before the first change.
    public private(set) var stateSince: Timestamp?
    public private(set) var lastCheckedAt: Timestamp?
    public private(set) var lastResult: ProbeResult?
    /// The round trip of the last answered check.
    public private(set) var lastRTTMilliseconds: Double?
    public private(set) var consecutiveFailures = 0
    /// Answered checks in a row, fast or slow.
    public private(set) var consecutiveAnswers = 0
    /// Fast answers in a row.
    public private(set) var consecutiveFast = 0
    /// Slow answers in a row.
    public private(set) var consecutiveSlow = 0
    /// The last `window` checks, `true` for answered, oldest first.
    private var recent: [Bool] = []
    /// How many of the newest `recent` entries the loss judgement looks at (reset on recovery).
    private var judged = 0

    /// Counts below 1 are taken as 1: a threshold of 0 would open an incident on a success.
    public init(settings: ProbeSettings) {
        var settings = settings
        settings.failAfter = max(1, settings.failAfter)
        settings.recoverAfter = max(1, settings.recoverAfter)
        settings.degradedAfter = max(1, settings.degradedAfter)
        settings.window = max(1, settings.window)
        self.settings = settings
    }

    /// The incident the monitor holds open: `line_down`, `degraded`, or nil.
    public var openIncident: IncidentKind? {
        switch state {
        case .ok: return nil
        case .degraded: return .degraded
        case .down: return .lineDown
        }
    }

    /// Failed checks among the last `window` (fewer before that many were made), in percent; 0 before any.
    public var lossPercent: Double { Self.loss(recent[...]) }

    /// Takes one check; returns the incidents to close and open, in that order.
    public mutating func record(_ result: ProbeResult, at time: Timestamp) -> [ProbeAction] {
        lastCheckedAt = time
        lastResult = result
        recent.append(result.isOK)
        if recent.count > settings.window { recent.removeFirst(recent.count - settings.window) }
        judged = min(judged + 1, recent.count)
        switch result {
        case .failed:
            consecutiveFailures += 1
            consecutiveAnswers = 0
            consecutiveFast = 0
            consecutiveSlow = 0
        case .ok(let rtt):
            lastRTTMilliseconds = rtt
            consecutiveFailures = 0
            consecutiveAnswers += 1
            if rtt > settings.degradedRTTMilliseconds {
                consecutiveSlow += 1
                consecutiveFast = 0
            } else {
                consecutiveFast += 1
                consecutiveSlow = 0
            }
        }

        var actions: [ProbeAction] = []
        if state == .down {
            guard consecutiveAnswers >= settings.recoverAfter else { return [] }
            actions.append(.close(.lineDown))
            enter(.ok, at: time)
            judged = 0
        }
        if consecutiveFailures >= settings.failAfter {
            if state == .degraded { actions.append(.close(.degraded)) }
            actions.append(.open(.lineDown, cause: downCause(result)))
            enter(.down, at: time)
        } else if state == .ok, let cause = degradedCause() {
            actions.append(.open(.degraded, cause: cause))
            enter(.degraded, at: time)
        } else if state == .degraded, consecutiveFast >= settings.recoverAfter, !lossTooHigh {
            actions.append(.close(.degraded))
            enter(.ok, at: time)
        }
        return actions
    }

    private mutating func enter(_ next: State, at time: Timestamp) {
        state = next
        stateSince = time
    }

    /// Loss over a full window of judged checks at or above the threshold.
    private var lossTooHigh: Bool {
        judged >= settings.window && Self.loss(recent.suffix(judged)) >= settings.degradedLossPercent
    }

    private static func loss(_ checks: ArraySlice<Bool>) -> Double {
        checks.isEmpty ? 0 : Double(checks.filter { !$0 }.count) * 100 / Double(checks.count)
    }

    /// Why the line counts as down: so many failures in a row, and the last one's failure.
    private func downCause(_ result: ProbeResult) -> ProbeCause {
        if case .failed(let why) = result { return .noAnswer(times: consecutiveFailures, failure: why) }
        return .noAnswer(times: consecutiveFailures, failure: nil)
    }

    /// Why the line counts as degraded, or nil when it does not.
    private func degradedCause() -> ProbeCause? {
        if consecutiveSlow >= settings.degradedAfter {
            return .slow(thresholdMilliseconds: settings.degradedRTTMilliseconds, times: consecutiveSlow,
                         lastMilliseconds: lastRTTMilliseconds.flatMap { $0.isFinite && abs($0) < 1e15 ? Int($0.rounded()) : nil })
        }
        if lossTooHigh {
            return .loss(percent: (Self.loss(recent.suffix(judged)) * 10).rounded() / 10, checks: judged)
        }
        return nil
    }
}
