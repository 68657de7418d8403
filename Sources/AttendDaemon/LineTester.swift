import AttendCore
import AttendIO
import Foundation

/// The day-before line tests (thử đường truyền): each checks every probe target once a second
/// for the asked time on a thread of its own, then hands the results to the writer, which
/// stores them and answers the operator who asked.
///
/// One part for all the tests under way: a stop ends each after its current round, without
/// results (a test cut short measured less than was asked, so nothing is stored; the operator
/// asks again after the restart). The operator is told so at once (`cutShort`), through the
/// writer's result path, so the stop does not wait out its grace period for that reply; a
/// test asked for once the stop began is answered the same way.
///
/// `@unchecked Sendable`: `running` and `stopping` are guarded by `condition`.
final class LineTester: BackgroundPart, @unchecked Sendable {
    static let intervalMilliseconds = 1000

    private let condition = NSCondition()
    /// Tests whose thread has not ended yet.
    private var running = 0
    private var stopping = false

    let partName = "line-tests"

    /// The answer to a line test cut short, or asked for, while attendd stops.
    static let cutShort = ProtocolError(
        .unavailable, "the line test was cut short: attendd is stopping; nothing stored; run it again after the restart")

    /// Each test starts its own thread when asked.
    func start() {}

    /// Tests `config`'s probe targets for `seconds`, then submits `job` to `writer` with the results.
    func begin(seconds: Int, config: Config, writer: Writer, job: Job<Void>) {
        let targets = config.probeTargets
        let timeout = min(config.probeTimeoutMilliseconds, LineTester.intervalMilliseconds)
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return answerCutShort(job, through: writer) }
        running += 1
        PartThreads.start(named: "attendd-ltest") { [self] in
            defer { ended() }
            let startedAt = Clock.now()
            var results = targets.map { _ in [ProbeResult]() }
            let deadline = Clock.monotonicMilliseconds() + Int64(seconds) * 1000
            while Clock.monotonicMilliseconds() < deadline {
                let round = Clock.monotonicMilliseconds()
                for (index, target) in targets.enumerated() {
                    results[index].append(ProbeCheck.run(target, timeoutMilliseconds: timeout))
                }
                let pause = Int64(LineTester.intervalMilliseconds) - (Clock.monotonicMilliseconds() - round)
                if pauseOrStop(pause) { return answerCutShort(job, through: writer) }
            }
            let computed = targets.indices.map { index in
                LineTestResult.compute(
                    target: targets[index].name, startedAt: startedAt, intervalMilliseconds: LineTester.intervalMilliseconds,
                    results: results[index])
            }
            writer.submit([job.with(WriterTask.recordLineTests(computed))])
        }
    }

    /// Ends every test after its current round.
    func requestStop() {
        condition.broadcast { stopping = true }
    }

    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return condition.wait(until: { running == 0 }, timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Answers `job`'s asker `cutShort` through `writer`'s result path (the writer stops after
    /// this part, so it is still there to hand the reply to the event loop).
    private func answerCutShort(_ job: Job<Void>, through writer: Writer) {
        writer.post([WriteResult(target: job.target, reply: .error(LineTester.cutShort, echo: job.echo), terminal: nil, stored: nil)])
    }

    /// Pauses `milliseconds` between rounds; true when a stop was asked (before or during it).
    private func pauseOrStop(_ milliseconds: Int64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return condition.wait(until: { stopping }, timeoutMilliseconds: max(milliseconds, 0))
    }

    private func ended() {
        condition.broadcast { running -= 1 }
    }
}
