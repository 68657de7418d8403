import AttendCore
import Foundation
import Testing

/// The day-before line test's summary and its pass rule: loss ≤ 5%, longest outage < 10 s,
/// p95 round trip ≤ 300 ms.
@Suite struct LineTestResultTests {
    static let startedAt = ConferencePlan.localTime("2026-11-22", "15:00")!

    static func compute(_ results: [ProbeResult], interval: Int = 1000) -> LineTestResult {
        LineTestResult.compute(target: "bridge", startedAt: startedAt, intervalMilliseconds: interval, results: results)
    }

    /// Answers of 1, 2, ... `count` ms.
    static func answers(_ count: Int) -> [ProbeResult] {
        (1...count).map { .ok(rttMilliseconds: Double($0)) }
    }

    static let fail = ProbeResult.failed(.timedOut)

    @Test func aGoodLinePassesWithItsFigures() {
        let result = Self.compute(Self.answers(100))
        #expect(result.passed)
        #expect(result.target == "bridge")
        #expect(result.startedAt == "2026-11-22T15:00:00.000+07:00")
        #expect(result.sent == 100)
        #expect(result.lost == 0)
        #expect(result.lossPercent == 0)
        #expect(result.seconds == 100)
        #expect(result.rttP50Ms == 50)
        #expect(result.rttP95Ms == 95)
        #expect(result.rttMaxMs == 100)
        #expect(result.longestOutageSeconds == 0)
        #expect(result.verdict == "0% of 100 checks lost, round trip p50 50 ms, p95 95 ms, longest outage 0 s")
    }

    @Test func percentilesAreByNearestRank() {
        let result = Self.compute([.ok(rttMilliseconds: 30.04), .ok(rttMilliseconds: 10), .ok(rttMilliseconds: 20), Self.fail])
        #expect(result.rttP50Ms == 20)  // the 2nd of 3
        #expect(result.rttP95Ms == 30)  // the 3rd, to one decimal
        #expect(result.rttMaxMs == 30)
        let one = Self.compute([.ok(rttMilliseconds: 7.25)])
        #expect(one.rttP50Ms == 7.3)
        #expect(one.rttP95Ms == 7.3)
    }

    @Test func tooMuchLossFails() {
        // 6 lost in 100, never two in a row.
        var results = Self.answers(94)
        for k in 0..<6 { results.insert(Self.fail, at: k * 15) }
        let result = Self.compute(results)
        #expect(result.lost == 6)
        #expect(result.lossPercent == 6)
        #expect(!result.passed)
        #expect(result.verdict == "6% lost (at most 5%)")
        #expect(result.longestOutageSeconds == 1)
        // 5 in 100 is still within the rule.
        results.remove(at: 0)
        results.append(.ok(rttMilliseconds: 1))
        #expect(Self.compute(results).passed)
    }

    @Test func aTenSecondOutageFailsANineSecondOneDoesNot() {
        let nine = Self.answers(100) + Array(repeating: Self.fail, count: 9) + Self.answers(100)
        #expect(Self.compute(nine).longestOutageSeconds == 9)
        #expect(Self.compute(nine).passed)
        let ten = Self.answers(100) + Array(repeating: Self.fail, count: 10) + Self.answers(100)
        let result = Self.compute(ten)
        #expect(result.longestOutageSeconds == 10)
        #expect(!result.passed)
        #expect(result.verdict == "an outage of 10 s (under 10 s)")
        // The interval scales the outage: 4 failures half a second apart are 2 seconds.
        #expect(Self.compute(Self.answers(10) + Array(repeating: Self.fail, count: 4), interval: 500).longestOutageSeconds == 2)
    }

    @Test func aSlowLineFails() {
        let slow = (1...100).map { ProbeResult.ok(rttMilliseconds: $0 <= 90 ? 50 : 400) }
        let result = Self.compute(slow)
        #expect(result.rttP95Ms == 400)
        #expect(!result.passed)
        #expect(result.verdict == "p95 round trip 400 ms (at most 300 ms)")
        let custom = LineTestResult.compute(
            target: "bridge", startedAt: Self.startedAt, intervalMilliseconds: 1000, results: slow,
            rule: .init(maxP95Milliseconds: 500))
        #expect(custom.passed)
    }

    @Test func aDeadLineOrNoChecksFail() {
        let dead = Self.compute(Array(repeating: Self.fail, count: 30))
        #expect(!dead.passed)
        #expect(dead.lossPercent == 100)
        #expect(dead.rttP50Ms == nil)
        #expect(dead.rttP95Ms == nil)
        #expect(dead.rttMaxMs == nil)
        #expect(dead.longestOutageSeconds == 30)
        #expect(dead.verdict == "100% lost (at most 5%); an outage of 30 s (under 10 s); no check answered")
        let none = Self.compute([])
        #expect(!none.passed)
        #expect(none.sent == 0)
        #expect(none.lossPercent == 100)
        #expect(none.verdict == "no checks were made")
    }

    @Test func lossIsRoundedToOneDecimalHalfUp() {
        let results = Self.answers(2) + [Self.fail]  // 33.33...%
        #expect(Self.compute(results).lossPercent == 33.3)
        let twoThirds = [Self.fail, Self.fail, .ok(rttMilliseconds: 1)]
        #expect(Self.compute(twoThirds).lossPercent == 66.7)
    }

    @Test func itRoundTripsThroughJSON() throws {
        let result = Self.compute(Self.answers(50) + [Self.fail])
        let data = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(LineTestResult.self, from: data) == result)
        let dead = Self.compute([Self.fail])
        #expect(try JSONDecoder().decode(LineTestResult.self, from: JSONEncoder().encode(dead)) == dead)
    }
}
