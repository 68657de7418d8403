/// The result of a day-before line test (thử đường truyền) against one target: checks made
/// at a fixed interval for a given time, summarized for the district and the status file.
///
/// How it is computed (`compute`):
/// - `sent` is the number of checks, `lost` those that failed; `loss_percent` is
///   lost / sent to one decimal, half up (100 when no check was made).
/// - Round-trip percentiles by nearest rank over the answered checks: the p-th is the smallest
///   round trip with at least p% of the answers at or below it. Milliseconds to one decimal;
///   nil when nothing answered.
/// - `longest_outage_seconds`: the longest run of failed checks in a row, times the interval
///   (a run of 3 failures a second apart is a 3-second outage).
/// - `seconds`: checks times the interval.
/// - Passed when at least one check was made and, by default (`PassRule`), loss is at most 5%,
///   the longest outage is under 10 seconds, and the 95th-percentile round trip is at most
///   300 ms (so at least one check must have answered). The verdict names every rule missed.
public struct LineTestResult: Codable, Equatable, Sendable {
    /// The probe target's name (`bridge`, `district`).
    public var target: String
    /// RFC 3339 in Vietnam's local time.
    public var startedAt: String
    public var seconds: Double
    /// Checks made.
    public var sent: Int
    /// Checks that failed.
    public var lost: Int
    public var lossPercent: Double
    public var rttP50Ms: Double?
    public var rttP95Ms: Double?
    public var rttMaxMs: Double?
    /// The longest run of failed checks, in seconds.
    public var longestOutageSeconds: Double
    public var passed: Bool
    /// One sentence for a person: the figures when passed, what was missed when failed.
    public var verdict: String

    public init(
        target: String, startedAt: String, seconds: Double, sent: Int, lost: Int, lossPercent: Double, rttP50Ms: Double?,
        rttP95Ms: Double?, rttMaxMs: Double?, longestOutageSeconds: Double, passed: Bool, verdict: String
    ) {
        self.target = target
        self.startedAt = startedAt
        self.seconds = seconds
        self.sent = sent
        self.lost = lost
        self.lossPercent = lossPercent
        self.rttP50Ms = rttP50Ms
        self.rttP95Ms = rttP95Ms
        self.rttMaxMs = rttMaxMs
        self.longestOutageSeconds = longestOutageSeconds
        self.passed = passed
        self.verdict = verdict
    }

    /// What a line must show to pass.
    public struct PassRule: Equatable, Sendable {
        /// Loss at or below this, in percent, passes.
        public var maxLossPercent: Double
        /// An outage this long or longer, in seconds, fails.
        public var maxOutageSeconds: Double
        /// A 95th-percentile round trip above this, in milliseconds, fails.
        public var maxP95Milliseconds: Double

        public init(maxLossPercent: Double = 5, maxOutageSeconds: Double = 10, maxP95Milliseconds: Double = 300) {
            self.maxLossPercent = maxLossPercent
            self.maxOutageSeconds = maxOutageSeconds
            self.maxP95Milliseconds = maxP95Milliseconds
        }
    }

    /// Summarizes `results`, checks made every `intervalMilliseconds` from `startedAt`.
    public static func compute(
        target: String, startedAt: Timestamp, intervalMilliseconds: Int, results: [ProbeResult], rule: PassRule = PassRule()
    ) -> LineTestResult {
        let rtts = results.compactMap(\.rttMilliseconds).sorted()
        func percentile(_ p: Int) -> Double? {
            guard !rtts.isEmpty else { return nil }
            let rank = (p * rtts.count + 99) / 100  // ceil(p% of n), 1-based
            return tenths(rtts[max(0, min(rtts.count - 1, rank - 1))])
        }
        var longestRun = 0
        var run = 0
        for result in results {
            run = result.isOK ? 0 : run + 1
            longestRun = max(longestRun, run)
        }
        let sent = results.count
        let lost = sent - rtts.count
        let loss = sent == 0 ? 100 : Double((lost * 2000 / sent + 1) / 2) / 10
        let outage = Double(longestRun * intervalMilliseconds) / 1000
        let (p50, p95) = (percentile(50), percentile(95))

        var missed: [String] = []
        if sent == 0 { missed.append("no checks were made") }
        if sent > 0, Double(lost) * 100 > rule.maxLossPercent * Double(sent) {
            missed.append("\(number(loss))% lost (at most \(number(rule.maxLossPercent))%)")
        }
        if outage >= rule.maxOutageSeconds {
            missed.append("an outage of \(number(outage)) s (under \(number(rule.maxOutageSeconds)) s)")
        }
        if let p95, p95 > rule.maxP95Milliseconds {
            missed.append("p95 round trip \(number(p95)) ms (at most \(number(rule.maxP95Milliseconds)) ms)")
        }
        if sent > 0, rtts.isEmpty { missed.append("no check answered") }
        let figures = "\(number(loss))% of \(sent) checks lost, round trip p50 \(p50.map(number) ?? "—") ms, "
            + "p95 \(p95.map(number) ?? "—") ms, longest outage \(number(outage)) s"
        return LineTestResult(
            target: target, startedAt: startedAt.vietnam, seconds: Double(sent * intervalMilliseconds) / 1000, sent: sent,
            lost: lost, lossPercent: loss, rttP50Ms: p50, rttP95Ms: p95, rttMaxMs: rtts.last.map(tenths),
            longestOutageSeconds: outage, passed: missed.isEmpty,
            verdict: missed.isEmpty ? figures : missed.joined(separator: "; "))
    }

    /// To one decimal.
    private static func tenths(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// `5`, `12.5`: one decimal, without a `.0`.
    private static func number(_ value: Double) -> String {
        let rounded = tenths(value)
        guard rounded.isFinite, abs(rounded) < 1e15 else { return String(value) }
        return rounded == rounded.rounded() ? String(Int64(rounded)) : String(rounded)
    }
}
