import AttendCore
import AttendIO
import Foundation

/// Checks the configured upstreams on its own thread, every `[probes] interval` seconds, and
/// turns failures and recoveries into incidents through the writer (the `ProbeMonitor` in
/// the core decides, with hysteresis, so a flapping line gives one incident, not fifty).
///
/// `@unchecked Sendable`: `monitors` and `last` are guarded by `lock`; only the probe thread changes them.
final class Prober: PeriodicPart, @unchecked Sendable {
    private let targets: [ProbeTarget]
    private let interval: Double
    private let timeoutMilliseconds: Int
    private let writer: Writer
    private let lock = NSLock()
    let thread = PeriodicThread(name: "attendd-probes")
    private var monitors: [ProbeMonitor]
    private var last: [(at: Timestamp, result: ProbeResult)?]

    init(config: Config, writer: Writer) {
        targets = config.probeTargets
        interval = Double(config.probeIntervalSeconds)
        timeoutMilliseconds = config.probeTimeoutMilliseconds
        self.writer = writer
        let settings = Prober.settings(config)
        monitors = targets.map { _ in ProbeMonitor(settings: settings) }
        last = targets.map { _ in nil }
    }

    /// The monitor's thresholds from the configuration.
    static func settings(_ config: Config) -> ProbeSettings {
        var settings = ProbeSettings()
        settings.failAfter = config.probeFailAfter
        settings.recoverAfter = config.probeRecoverAfter
        settings.degradedRTTMilliseconds = Double(config.probeDegradedRTTMilliseconds)
        return settings
    }

    func start() {
        guard !targets.isEmpty else { return }
        thread.start { [self] in
            checkAll()
            return interval
        }
    }

    let partName = "prober"

    /// Ends the thread after the round of checks under way (its incidents reach the writer).


    /// Each target's state for the status file.
    func statuses() -> [StatusSnapshot.ProbeStatus] {
        lock.lock()
        defer { lock.unlock() }
        return targets.indices.map { index in
            let target = targets[index]
            let monitor = monitors[index]
            var rtt: Double?
            var error: String?
            switch last[index]?.result {
            case .ok(let milliseconds)?: rtt = milliseconds
            case .failed(let failure)?: error = failure.text(.english)  // the status file is English for admins
            case nil: break
            }
            return .init(
                name: target.name, target: "\(target.host):\(target.port) \(target.method.rawValue)",
                state: last[index] == nil ? "unknown" : monitor.state.rawValue, lastRttMs: rtt,
                lossPercent: last[index] == nil ? nil : monitor.lossPercent, lastCheckedAt: last[index]?.at.vietnam,
                lastError: error)
        }
    }

    /// Checks every target once and hands the monitors' decisions to the writer.
    private func checkAll() {
        for (index, target) in targets.enumerated() {
            let result = ProbeCheck.run(target, timeoutMilliseconds: timeoutMilliseconds)
            let now = Clock.now()
            lock.lock()
            last[index] = (now, result)
            let actions = monitors[index].record(result, at: now)
            lock.unlock()
            let jobs = actions.map { action -> WriteJob in
                let request: IncidentRequest
                switch action {
                case .open(let kind, let cause):
                    // The note stores the cause's code; each report renders it in its language.
                    request = IncidentRequest(action: .start, kind: kind, note: cause.note, source: .probe, sourceName: target.name)
                case .close(let kind):
                    request = IncidentRequest(action: .end, kind: kind, source: .probe, sourceName: target.name)
                }
                return WriteJob(work: .request(.incident(request)), echo: [], receivedAt: now, source: nil, target: .none)
            }
            writer.submit(jobs)
        }
    }
}
