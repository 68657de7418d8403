import AttendCore
import Testing

struct CPUTicksTests {
    /// Two readings as /proc/stat gives them (two spaces after `cpu`, per-CPU lines after it).
    @Test func busyAndStealAreSharesOfAllTheTicksBetween() throws {
        let before = try #require(CPUTicks(procStat: "cpu  100 0 50 800 40 0 10 0 0 0\ncpu0 50 0 25 400 20 0 5 0 0 0\n"))
        let after = try #require(CPUTicks(procStat: "cpu  160 0 70 1000 50 0 20 100 0 0\ncpu0 80 0 35 500 25 0 10 50 0 0\n"))
        // Between them: user 60, system 20, idle 200, iowait 10, softirq 10, steal 100 of 400 ticks.
        let share = after.since(before)
        #expect(share.busy == 22.5)
        #expect(share.steal == 25)
    }

    @Test func noTicksAndCountersThatWentBackwardsCountNothing() throws {
        let reading = try #require(CPUTicks(procStat: "cpu  1 2 3 4 5 6 7 8 9 10"))
        #expect(reading.since(reading).busy == 0)
        #expect(reading.since(reading).steal == 0)
        let earlier = try #require(CPUTicks(procStat: "cpu  1 2 3 4 5 6 7 80"))
        // Only steal went backwards: the 0 ticks left give (0, 0), not a negative share.
        #expect(reading.since(earlier).busy == 0)
        #expect(reading.since(earlier).steal == 0)
    }

    @Test(arguments: [
        "",  // no text
        "cpu0 1 2 3 4 5 6 7 8",  // only a per-CPU line
        "cpu  1 2 3 4 5 6 7",  // seven counters
        "cpu  1 2 3 x 5 6 7 8",  // one not a number
        "cpu  1 2 3 -4 5 6 7 8",  // a negative one
    ])
    func malformedTextIsRefused(_ text: String) {
        #expect(CPUTicks(procStat: text) == nil)
    }
}
