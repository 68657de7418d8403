import AttendCore
import AttendIO
import Foundation

/// The day-before line test (thử đường truyền): checks every probe target once a second for
/// the asked time on a thread of its own, then hands the results to the writer, which stores
/// them and answers the operator who asked.
enum LineTester {
    static let intervalMilliseconds = 1000

    /// Starts the test; `job` carries the reply's echo, receive time and target to the writer.
    static func start(seconds: Int, config: Config, writer: Writer, job: Job<Void>) {
        let targets = config.probeTargets
        let timeout = min(config.probeTimeoutMilliseconds, intervalMilliseconds)
        let thread = Thread {
            let startedAt = Clock.now()
            var results = targets.map { _ in [ProbeResult]() }
            let deadline = Clock.monotonicMilliseconds() + Int64(seconds) * 1000
            while Clock.monotonicMilliseconds() < deadline {
                let round = Clock.monotonicMilliseconds()
                for (index, target) in targets.enumerated() {
                    results[index].append(ProbeCheck.run(target, timeoutMilliseconds: timeout))
                }
                let pause = Int64(intervalMilliseconds) - (Clock.monotonicMilliseconds() - round)
                if pause > 0 { Thread.sleep(forTimeInterval: Double(pause) / 1000) }
            }
            let computed = targets.indices.map { index in
                LineTestResult.compute(
                    target: targets[index].name, startedAt: startedAt, intervalMilliseconds: intervalMilliseconds,
                    results: results[index])
            }
            writer.submit([job.with(WriterTask.recordLineTests(computed))])
        }
        thread.name = "attendd-linetest"
        thread.start()
    }
}
