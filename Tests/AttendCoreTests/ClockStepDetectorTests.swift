import Testing

@testable import AttendCore

/// A stepped system clock is noticed against the monotonic clock; ticking and slewing are not steps.
@Suite struct ClockStepDetectorTests {
    @Test func stepsBackAndForwardAreReportedWithTheirSize() {
        var detector = ClockStepDetector()
        var wall: Int64 = 1_790_000_000_000
        var monotonic: Int64 = 5_000
        #expect(detector.observe(wallMilliseconds: wall, monotonicMilliseconds: monotonic) == nil)
        for _ in 0..<10 {  // one reading a second, both clocks moving together (late ticks too)
            wall += 1_000 + 7
            monotonic += 1_000 + 7
            #expect(detector.observe(wallMilliseconds: wall, monotonicMilliseconds: monotonic) == nil)
        }
        // The admin steps the clock back two hours between two ticks.
        wall += 1_000 - 7_200_000
        monotonic += 1_000
        #expect(detector.observe(wallMilliseconds: wall, monotonicMilliseconds: monotonic) == -7_200_000)
        wall += 1_000
        monotonic += 1_000
        #expect(detector.observe(wallMilliseconds: wall, monotonicMilliseconds: monotonic) == nil)
        // NTP's first sync after a boot without a real-time clock: years ahead.
        let year: Int64 = 86_400_000 * 365
        wall += 1_000 + year
        monotonic += 1_000
        #expect(detector.observe(wallMilliseconds: wall, monotonicMilliseconds: monotonic) == year)
    }

    @Test func slewingIsNotAStep() {
        var detector = ClockStepDetector()
        var wall: Int64 = 0
        var monotonic: Int64 = 0
        var steps = 0
        _ = detector.observe(wallMilliseconds: wall, monotonicMilliseconds: monotonic)
        for _ in 0..<600 {  // NTP slews at most 0.5 ms a second
            monotonic += 1_000
            wall += 1_000 + (monotonic % 2_000 == 0 ? 1 : 0)
            steps += detector.observe(wallMilliseconds: wall, monotonicMilliseconds: monotonic) == nil ? 0 : 1
        }
        #expect(steps == 0)
    }
}
