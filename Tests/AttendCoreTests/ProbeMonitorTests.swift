@testable import AttendCore
import Testing

/// The probe state machine, fed checks one a second with the default thresholds: 3 failures
/// open `line_down`, 5 answers close it, 5 slow (over 300 ms) open `degraded`, 20% loss over
/// 20 checks opens it too.
@Suite struct ProbeMonitorTests {
    struct Run {
        var monitor = ProbeMonitor(settings: ProbeSettings())
        var second: Int64 = 0
        /// Every action returned, in order.
        var actions: [ProbeAction] = []

        /// Feeds `results`; returns the actions they caused.
        @discardableResult
        mutating func feed(_ results: [ProbeResult]) -> [ProbeAction] {
            var caused: [ProbeAction] = []
            for result in results {
                second += 1
                caused += monitor.record(result, at: Timestamp(milliseconds: second * 1000))
            }
            actions += caused
            return caused
        }

        var opened: [IncidentKind] {
            actions.compactMap { if case .open(let kind, _) = $0 { return kind } else { return nil } }
        }
    }

    static let fast = ProbeResult.ok(rttMilliseconds: 20)
    static let slow = ProbeResult.ok(rttMilliseconds: 450)
    static let fail = ProbeResult.failed(.refused)

    static func times(_ count: Int, _ result: ProbeResult) -> [ProbeResult] { Array(repeating: result, count: count) }

    @Test func threeFailuresOpenLineDownAndFiveAnswersCloseIt() {
        var run = Run()
        #expect(run.feed(Self.times(10, Self.fast)).isEmpty)
        #expect(run.feed(Self.times(2, Self.fail)).isEmpty)
        let opened = run.feed([Self.fail])
        #expect(opened == [.open(.lineDown, cause: .noAnswer(times: 3, failure: .refused))])
        #expect(run.monitor.state == .down)
        #expect(run.monitor.openIncident == .lineDown)
        #expect(run.monitor.stateSince == Timestamp(milliseconds: 13_000))
        #expect(run.feed(Self.times(30, Self.fail)).isEmpty)  // still the same incident
        #expect(run.feed(Self.times(4, Self.fast)).isEmpty)
        #expect(run.feed([Self.fast]) == [.close(.lineDown)])
        #expect(run.monitor.state == .ok)
        #expect(run.monitor.openIncident == nil)
    }

    @Test func aFlappingLineGivesOneIncidentNotFifty() {
        // Answer, failure, answer, failure... for 200 checks: never 3 failures in a row, but
        // half lost: one `degraded` once the window is full, and it stays open.
        var run = Run()
        for _ in 0..<100 { run.feed([Self.fast, Self.fail]) }
        #expect(run.opened == [.degraded])
        #expect(run.actions.count == 1)
        #expect(run.monitor.state == .degraded)
        #expect(run.monitor.lossPercent == 50)

        // Down in bursts with short recoveries: one `line_down` for the whole spell.
        var bursts = Run()
        for _ in 0..<50 { bursts.feed(Self.times(3, Self.fail) + Self.times(2, Self.fast)) }
        #expect(bursts.opened == [.lineDown])
        #expect(bursts.actions.count == 1)
        #expect(bursts.monitor.state == .down)
    }

    @Test func recoveryDoesNotReportTheOutageAgainAsLoss() {
        var run = Run()
        run.feed(Self.times(20, Self.fast))
        run.feed(Self.times(8, Self.fail))
        // The window now holds 8 failures in 20 (40%), but they were the line_down.
        #expect(run.feed(Self.times(5, Self.fast)) == [.close(.lineDown)])
        #expect(run.feed(Self.times(40, Self.fast)).isEmpty)
        #expect(run.opened == [.lineDown])
    }

    @Test func slowAnswersOpenDegradedAndLineDownSupersedesIt() {
        var run = Run()
        #expect(run.feed(Self.times(4, Self.slow)).isEmpty)
        let opened = run.feed([Self.slow])
        #expect(opened == [.open(.degraded, cause: .slow(thresholdMilliseconds: 300, times: 5, lastMilliseconds: 450))])
        #expect(run.monitor.state == .degraded)
        // The line then goes down: degraded closes first, line_down opens, in one call.
        run.feed(Self.times(2, Self.fail))
        #expect(run.feed([Self.fail]) == [.close(.degraded), .open(.lineDown, cause: .noAnswer(times: 3, failure: .refused))])
        #expect(run.monitor.state == .down)
        // Back, and fast: only line_down closes.
        #expect(run.feed(Self.times(5, Self.fast)) == [.close(.lineDown)])
        #expect(run.monitor.state == .ok)
    }

    @Test func aLineThatComesBackSlowIsDegraded() {
        var run = Run()
        run.feed(Self.times(3, Self.fail))
        // Slow answers still close line_down; five of them in a row are degraded quality.
        #expect(run.feed(Self.times(5, Self.slow)) == [
            .close(.lineDown), .open(.degraded, cause: .slow(thresholdMilliseconds: 300, times: 5, lastMilliseconds: 450)),
        ])
        #expect(run.monitor.state == .degraded)
    }

    @Test func degradedClosesOnlyAfterFastAnswersAndLowLoss() {
        var run = Run()
        run.feed(Self.times(5, Self.slow))
        #expect(run.monitor.state == .degraded)
        // Slow again after four fast: the run of fast answers starts over.
        #expect(run.feed(Self.times(4, Self.fast) + [Self.slow] + Self.times(4, Self.fast)).isEmpty)
        #expect(run.feed([Self.fast]) == [.close(.degraded)])

        // Degraded by loss (2 of every 5 lost): five fast answers are not enough while the
        // window still holds 20% loss; it closes once the old failures have left the window.
        var lossy = Run()
        for _ in 0..<4 { lossy.feed([Self.fast, Self.fail, Self.fast, Self.fail, Self.fast]) }
        #expect(lossy.opened == [.degraded])
        let cause = lossy.actions.first.flatMap { if case .open(_, let cause) = $0 { return cause } else { return nil } }
        #expect(cause == .loss(percent: 40, checks: 20))
        #expect(lossy.feed(Self.times(5, Self.fast)).isEmpty)
        var checks = 5
        while lossy.monitor.state == .degraded, checks < 40 {
            lossy.feed([Self.fast])
            checks += 1
        }
        #expect(lossy.monitor.state == .ok)
        #expect(lossy.monitor.lossPercent < 20)
        #expect(lossy.actions.last == .close(.degraded))
        #expect(lossy.opened == [.degraded])
    }

    @Test func theStatusFiguresFollowTheChecks() {
        var run = Run()
        #expect(run.monitor.lossPercent == 0)
        #expect(run.monitor.lastRTTMilliseconds == nil)
        run.feed([.ok(rttMilliseconds: 12.5), Self.fail, Self.fail, Self.slow])
        #expect(run.monitor.lastRTTMilliseconds == 450)
        #expect(run.monitor.lossPercent == 50)
        #expect(run.monitor.consecutiveSlow == 1)
        #expect(run.monitor.consecutiveAnswers == 1)
        #expect(run.monitor.consecutiveFailures == 0)
        run.feed([Self.fail])
        #expect(run.monitor.consecutiveFailures == 1)
        #expect(run.monitor.consecutiveAnswers == 0)
        #expect(run.monitor.lastResult == Self.fail)
        #expect(run.monitor.lastCheckedAt == Timestamp(milliseconds: 5_000))
        #expect(run.monitor.state.rawValue == "ok")
        // The window keeps only the last 20 checks.
        run.feed(Self.times(20, Self.fast))
        #expect(run.monitor.lossPercent == 0)
    }

    @Test func settingsChangeTheThresholds() {
        var run = Run(monitor: ProbeMonitor(settings: ProbeSettings(failAfter: 1, recoverAfter: 2)))
        #expect(run.feed([Self.fail]).count == 1)
        #expect(run.feed([Self.fast]).isEmpty)
        #expect(run.feed([Self.fast]) == [.close(.lineDown)])
        var settings = ProbeSettings()
        settings.degradedRTTMilliseconds = 500
        var tolerant = Run(monitor: ProbeMonitor(settings: settings))
        #expect(tolerant.feed(Self.times(10, Self.slow)).isEmpty)  // 450 ms is fast enough now
    }
}
