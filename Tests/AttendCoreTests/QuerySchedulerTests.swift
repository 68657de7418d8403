import AttendTestSupport
import Testing

@testable import AttendCore

/// The report reader's queue: sources take turns, each source and the whole queue are bounded,
/// and the queries of a closed connection never run.
@Suite struct QuerySchedulerTests {
    typealias Scheduler = QueryScheduler<String>
    static let flooder = Scheduler.Source.address(1)
    static let terminal = Scheduler.Source.address(2)

    private func drain(_ scheduler: inout Scheduler) -> [String] {
        var order: [String] = []
        while let job = scheduler.next() { order.append(job) }
        return order
    }

    private func queued(_ admission: Scheduler.Admission) -> Bool {
        if case .queued(nil) = admission { return true }
        return false
    }

    @Test func aFloodingSourceWaitsItsTurn() {
        var scheduler = Scheduler(perSource: 8, total: 64)
        for index in 0..<8 { #expect(queued(scheduler.enqueue("find\(index)", from: Self.flooder, connection: 10))) }
        #expect(queued(scheduler.enqueue("summary", from: Self.terminal, connection: 20)))
        // The terminal's SUMMARY comes second, not ninth.
        #expect(drain(&scheduler) == ["find0", "summary", "find1", "find2", "find3", "find4", "find5", "find6", "find7"])
        #expect(scheduler.count == 0)
    }

    @Test func threeSourcesRoundRobin() {
        var scheduler = Scheduler(perSource: 8, total: 64)
        for index in 0..<3 {
            for source in 1...3 { _ = scheduler.enqueue("s\(source)-\(index)", from: .address(UInt64(source)), connection: UInt64(source)) }
        }
        #expect(drain(&scheduler) == ["s1-0", "s2-0", "s3-0", "s1-1", "s2-1", "s3-1", "s1-2", "s2-2", "s3-2"])
    }

    @Test func theControlSocketHasEveryOtherTurn() {
        var scheduler = Scheduler(perSource: 8, total: 64)
        for index in 0..<4 { _ = scheduler.enqueue("find\(index)", from: Self.flooder, connection: 10) }
        for index in 0..<3 { _ = scheduler.enqueue("report\(index)", from: .control, connection: 1) }
        #expect(drain(&scheduler) == ["report0", "find0", "report1", "find1", "report2", "find2", "find3"])
    }

    @Test func aSourceHasAtMostPerSourceWaiting() {
        var scheduler = Scheduler(perSource: 8, total: 64)
        for index in 0..<8 { #expect(queued(scheduler.enqueue("find\(index)", from: Self.flooder, connection: 10))) }
        guard case .sourceFull = scheduler.enqueue("find8", from: Self.flooder, connection: 11) else {
            Issue.record("the 9th query of one source was queued")
            return
        }
        #expect(scheduler.waiting(from: Self.flooder) == 8)
        // Once one is answered, one more fits.
        #expect(scheduler.next() == "find0")
        #expect(queued(scheduler.enqueue("find9", from: Self.flooder, connection: 10)))
        #expect(scheduler.count == 8)
    }

    @Test func aFullQueueStillAdmitsASourceWithLessThanTheLargestShare() {
        var scheduler = Scheduler(perSource: 8, total: 16)
        for index in 0..<8 {
            _ = scheduler.enqueue("a\(index)", from: .address(5), connection: 5)
            _ = scheduler.enqueue("b\(index)", from: .address(6), connection: 6)
        }
        #expect(scheduler.count == 16)
        guard case .queued(let evicted?) = scheduler.enqueue("summary", from: Self.terminal, connection: 3) else {
            Issue.record("a new source was refused while others held 8 each")
            return
        }
        // The busiest source's newest query made room (answered busy by the caller).
        #expect(evicted == "a7" || evicted == "b7")
        #expect(scheduler.count == 16)
        // Shares of 8, 7 and 1: the one that lost a query cannot push the other's out.
        let lost: UInt64 = evicted.hasPrefix("a") ? 5 : 6
        guard case .queueFull = scheduler.enqueue("c", from: .address(lost), connection: lost) else {
            Issue.record("a source at the largest share got into a full queue")
            return
        }
        #expect(drain(&scheduler).prefix(3).contains("summary"))
    }

    @Test func queriesOfAClosedConnectionNeverRun() {
        var scheduler = Scheduler(perSource: 8, total: 64)
        for index in 0..<5 { _ = scheduler.enqueue("gone\(index)", from: Self.flooder, connection: 10) }
        _ = scheduler.enqueue("kept", from: Self.flooder, connection: 11)
        _ = scheduler.enqueue("summary", from: Self.terminal, connection: 20)
        #expect(scheduler.cancel(connection: 10) == 5)
        #expect(scheduler.count == 2)
        #expect(drain(&scheduler) == ["kept", "summary"])
        #expect(scheduler.cancel(connection: 10) == 0)
    }

    /// Seeded random enqueues, turns and closes from 40 sources: the bounds always hold and
    /// every admitted query is run, pushed out or cancelled exactly once.
    @Test func boundsHoldUnderARandomMix() {
        var scheduler = Scheduler(perSource: 8, total: 100)
        var random = SplitMix64(state: 0x13_05)
        var admitted = 0, ran = 0, evicted = 0, cancelled = 0, refused = 0
        var serial = 0
        for _ in 0..<20_000 {
            switch random.next() % 10 {
            case 0..<6:
                serial += 1
                let source = random.next() % 40
                let admission = scheduler.enqueue("\(serial)", from: source == 0 ? .control : .address(source), connection: source * 3 + random.next() % 3)
                switch admission {
                case .queued(let pushed):
                    admitted += 1
                    if pushed != nil { evicted += 1 }
                case .sourceFull, .queueFull: refused += 1
                }
            case 6..<9:
                if scheduler.next() != nil { ran += 1 }
            default:
                cancelled += scheduler.cancel(connection: random.next() % 120)
            }
            #expect(scheduler.count <= 100)
        }
        ran += drain(&scheduler).count
        #expect(admitted == ran + evicted + cancelled)
        #expect(refused > 0 && evicted > 0 && cancelled > 0)
    }
}
