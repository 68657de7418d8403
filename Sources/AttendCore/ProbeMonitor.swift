/// The outcome of one probe check.
public enum ProbeResult: Equatable, Sendable {
    case ok(rttMilliseconds: Double)
    case failed(reason: String)

    public var isOK: Bool { if case .ok = self { return true } else { return false } }
}

/// The thresholds a probe target is judged by.
public struct ProbeSettings: Equatable, Sendable {
    /// Failures in a row that open a `line_down` incident.
    public var failAfter = 3
    /// Successes in a row (fast enough) that close an open incident.
    public var recoverAfter = 5
    /// A round trip slower than this is slow.
    public var degradedRTTMilliseconds: Double = 300
    /// Slow checks in a row that open a `degraded` incident.
    public var degradedAfter = 5
    /// How many recent checks the loss percentage is taken over.
    public var window = 20
    /// Loss over the window at or above this opens a `degraded` incident.
    public var degradedLossPercent: Double = 20

    public init() {}
}

/// What the monitor asks for after a check.
public enum ProbeAction: Equatable, Sendable {
    case open(IncidentKind, reason: String)
    case close(IncidentKind)
}

/// Judges one probe target from its checks, with hysteresis: an incident opens only after
/// `failAfter` failures (or `degradedAfter` slow checks, or too much loss) in a row and closes
/// only after `recoverAfter` good checks in a row, so a flapping line gives one incident.
public struct ProbeMonitor: Sendable {
    public enum State: String, Sendable { case ok, degraded, down }

    public let settings: ProbeSettings
    public private(set) var state: State = .ok
    public private(set) var consecutiveFailures = 0
    public private(set) var consecutiveSlow = 0
    public private(set) var consecutiveGood = 0
    public private(set) var lastRTTMilliseconds: Double?
    private var recent: [Bool] = []

    public init(settings: ProbeSettings) { self.settings = settings }

    /// Failed checks among the last `window`, in percent.
    public var lossPercent: Double {
        recent.isEmpty ? 0 : Double(recent.filter { !$0 }.count) * 100 / Double(recent.count)
    }

    /// Takes one check; returns the incidents to open or close (in that order).
    public mutating func record(_ result: ProbeResult, at time: Timestamp) -> [ProbeAction] {
        recent.append(result.isOK)
        if recent.count > settings.window { recent.removeFirst(recent.count - settings.window) }
        switch result {
        case .failed:
            consecutiveFailures += 1
            consecutiveGood = 0
            consecutiveSlow = 0
        case .ok(let rtt):
            lastRTTMilliseconds = rtt
            consecutiveFailures = 0
            if rtt > settings.degradedRTTMilliseconds {
                consecutiveSlow += 1
                consecutiveGood = 0
            } else {
                consecutiveSlow = 0
                consecutiveGood += 1
            }
        }
        var actions: [ProbeAction] = []
        switch state {
        case .ok, .degraded:
            if consecutiveFailures >= settings.failAfter {
                if state == .degraded { actions.append(.close(.degraded)) }
                actions.append(.open(.lineDown, reason: reason(result, "no answer \(consecutiveFailures) times in a row")))
                state = .down
            } else if state == .ok && (consecutiveSlow >= settings.degradedAfter
                || (recent.count >= settings.window && lossPercent >= settings.degradedLossPercent)) {
                actions.append(.open(.degraded, reason: consecutiveSlow >= settings.degradedAfter
                    ? "round trip over \(Int(settings.degradedRTTMilliseconds)) ms \(consecutiveSlow) times in a row"
                    : "\(Int(lossPercent))% of the last \(recent.count) checks lost"))
                state = .degraded
            } else if state == .degraded && consecutiveGood >= settings.recoverAfter {
                actions.append(.close(.degraded))
                state = .ok
            }
        case .down:
            if consecutiveGood >= settings.recoverAfter {
                actions.append(.close(.lineDown))
                state = .ok
            }
        }
        return actions
    }

    private func reason(_ result: ProbeResult, _ summary: String) -> String {
        if case .failed(let why) = result { return "\(summary): \(why)" }
        return summary
    }
}
