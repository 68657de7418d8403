/// The result of a day-before line test (thử đường truyền) against one target.
///
/// Passed when loss is at most 5%, no outage lasted 10 seconds or more, and the 95th
/// percentile round trip is at most 300 ms.
public struct LineTestResult: Codable, Equatable, Sendable {
    public var target: String
    public var startedAt: String
    public var seconds: Double
    public var sent: Int
    public var lost: Int
    public var lossPercent: Double
    public var rttP50Ms: Double?
    public var rttP95Ms: Double?
    public var rttMaxMs: Double?
    /// The longest run of failed checks, in seconds.
    public var longestOutageSeconds: Double
    public var passed: Bool
    /// One sentence for a person.
    public var verdict: String

    public static let maxLossPercent = 5.0
    public static let maxOutageSeconds = 10.0
    public static let maxP95Milliseconds = 300.0

    /// Summarizes checks made every `intervalMilliseconds` from `startedAt`.
    public static func compute(
        target: String, startedAt: Timestamp, intervalMilliseconds: Int, results: [ProbeResult]
    ) -> LineTestResult {
        let rtts = results.compactMap { result -> Double? in
            if case .ok(let rtt) = result { return rtt } else { return nil }
        }.sorted()
        func percentile(_ p: Double) -> Double? {
            guard !rtts.isEmpty else { return nil }
            let rank = Int((p / 100 * Double(rtts.count)).rounded(.up)) - 1
            return (rtts[max(0, min(rtts.count - 1, rank))] * 10).rounded() / 10
        }
        var longest = 0
        var run = 0
        for result in results {
            run = result.isOK ? 0 : run + 1
            longest = max(longest, run)
        }
        let lost = results.count - rtts.count
        let loss = results.isEmpty ? 100 : (Double(lost) * 1000 / Double(results.count)).rounded() / 10
        let outage = Double(longest * intervalMilliseconds) / 1000
        let p95 = percentile(95)
        var problems: [String] = []
        if results.isEmpty { problems.append("no checks were made") }
        if loss > maxLossPercent { problems.append("\(loss)% lost (at most \(Int(maxLossPercent))%)") }
        if outage >= maxOutageSeconds { problems.append("an outage of \(outage) s (under \(Int(maxOutageSeconds)) s)") }
        if let p95, p95 > maxP95Milliseconds { problems.append("p95 round trip \(p95) ms (at most \(Int(maxP95Milliseconds)) ms)") }
        if rtts.isEmpty && !results.isEmpty { problems.append("no check answered") }
        let verdict = problems.isEmpty
            ? "passed: \(loss)% lost, p95 \(p95 ?? 0) ms, longest outage \(outage) s"
            : "failed: " + problems.joined(separator: "; ")
        return LineTestResult(
            target: target, startedAt: startedAt.vietnam, seconds: Double(results.count * intervalMilliseconds) / 1000,
            sent: results.count, lost: lost, lossPercent: loss, rttP50Ms: percentile(50), rttP95Ms: p95,
            rttMaxMs: rtts.last.map { ($0 * 10).rounded() / 10 }, longestOutageSeconds: outage, passed: problems.isEmpty,
            verdict: verdict)
    }
}
