import AttendIO
import Foundation
import Testing

@testable import AttendDaemon

/// What the fake parts did, in order, across all of them.
private final class Journal: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String] = []

    func note(_ entry: String) {
        lock.lock()
        entries.append(entry)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}

/// A part that notes each call; `stops` says whether it has ended when waited for (a part that
/// never ends answers false at once: the group trusts the part's own deadline).
private final class FakePart: BackgroundPart, @unchecked Sendable {
    let partName: String
    let stopTimeoutMilliseconds: Int64
    private let journal: Journal
    var stops = true

    init(_ name: String, journal: Journal, timeout: Int64 = 5_000) {
        partName = name
        self.journal = journal
        stopTimeoutMilliseconds = timeout
    }

    func start() { journal.note("start \(partName)") }
    func requestStop() { journal.note("request \(partName)") }
    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool {
        journal.note("wait \(partName) \(timeoutMilliseconds)")
        return stops
    }
}

/// The daemon's one life cycle, with fake parts: the order and the deadlines.
@Suite struct PartGroupTests {
    private let logger = Logger(level: .error, environment: [:])

    @Test func startsInOrderAndStopsInReverseEachWaitedBeforeTheNext() {
        let journal = Journal()
        let parts = ["status", "writer", "prober"].map { FakePart($0, journal: journal) }
        let group = PartGroup(parts, logger: logger)
        group.start()
        #expect(group.stop().isEmpty)
        #expect(journal.all == [
            "start status", "start writer", "start prober",
            "request prober", "wait prober 5000", "request writer", "wait writer 5000", "request status", "wait status 5000",
        ])
        #expect(group.runningNames.isEmpty)
    }

    @Test func aStopAfterABoundaryLeavesItAndThoseBeforeRunning() {
        let journal = Journal()
        let parts = ["status", "writer", "checker", "prober"].map { FakePart($0, journal: journal) }
        let group = PartGroup(parts, logger: logger)
        group.start()
        group.stop(after: parts[1])
        #expect(group.runningNames == ["status", "writer"])
        group.stop(after: parts[0])
        #expect(group.runningNames == ["status"])
        #expect(journal.all.filter { $0.hasPrefix("request") } == ["request prober", "request checker", "request writer"])
    }

    @Test func eachPartIsWaitedForWithItsOwnDeadlineAndALateOneIsNamedAndOnlyLookedAtAgain() {
        let journal = Journal()
        let status = FakePart("status", journal: journal)
        let pusher = FakePart("pusher", journal: journal, timeout: 1_000)
        pusher.stops = false
        let prober = FakePart("prober", journal: journal)
        let group = PartGroup([status, pusher, prober], logger: logger)
        group.start()
        #expect(group.stop(after: status) == ["pusher"])
        // A late part does not hold up the rest, and stays in the group.
        #expect(group.runningNames == ["status", "pusher"])
        pusher.stops = true
        #expect(group.stop().isEmpty)
        #expect(group.runningNames.isEmpty)
        // Its deadline counts once: the second stop only looks whether it has ended since.
        #expect(journal.all.filter { $0.hasPrefix("wait") } == [
            "wait prober 5000", "wait pusher 1000", "wait pusher 0", "wait status 5000",
        ])
    }

    @Test func aLatePartStillRunningAtTheFinalStopIsNamedWithoutAnotherWait() {
        let journal = Journal()
        let status = FakePart("status", journal: journal)
        let pusher = FakePart("pusher", journal: journal, timeout: 1_000)
        pusher.stops = false
        let group = PartGroup([status, pusher], logger: logger)
        group.start()
        #expect(group.stop(after: status) == ["pusher"])
        #expect(group.stop() == ["pusher"])
        #expect(group.runningNames == ["pusher"])
        #expect(journal.all.filter { $0.hasPrefix("wait") } == ["wait pusher 1000", "wait pusher 0", "wait status 5000"])
    }

    @Test func anEarlyRequestDoesNotWaitAndTheStopStillWaitsInTurn() {
        let journal = Journal()
        let parts = ["status", "writer"].map { FakePart($0, journal: journal) }
        let group = PartGroup(parts, logger: logger)
        group.start()
        group.requestStop(parts[1])
        #expect(journal.all.last == "request writer")
        #expect(group.runningNames == ["status", "writer"])
        group.stop()
        #expect(journal.all.suffix(4) == ["request writer", "wait writer 5000", "request status", "wait status 5000"])
    }

    @Test func startingTwiceStartsEachPartOnce() {
        let journal = Journal()
        let group = PartGroup([FakePart("writer", journal: journal)], logger: logger)
        group.start()
        group.start()
        #expect(journal.all == ["start writer"])
    }

    /// The real waits: a thread that ends is seen at once, one that does not is given up on.
    @Test func aPeriodicThreadIsSeenStoppedAndANeverStartedOneCountsAsStopped() {
        let idle = PeriodicThread(name: "attendd-test")
        #expect(idle.waitUntilStopped(timeoutMilliseconds: 0))
        let thread = PeriodicThread(name: "attendd-test")
        thread.start { 3_600 }  // would pause an hour
        let began = Clock.monotonicMilliseconds()
        thread.requestStop()
        #expect(thread.waitUntilStopped(timeoutMilliseconds: 5_000))
        #expect(Clock.monotonicMilliseconds() - began < 5_000)
    }

    @Test func aConditionWaitGivesUpAtItsDeadline() {
        let condition = NSCondition()
        condition.lock()
        let began = Clock.monotonicMilliseconds()
        #expect(!condition.wait(until: { false }, timeoutMilliseconds: 30))
        #expect(Clock.monotonicMilliseconds() - began >= 30)
        #expect(condition.wait(until: { true }, timeoutMilliseconds: 0))
        condition.unlock()
    }

    @Test func aSerialWorkerRunsWhatItWasGivenInOrderThenEnds() {
        let journal = Journal()
        let worker = SerialWorker(name: "attendd-test")
        #expect(worker.waitUntilStopped(timeoutMilliseconds: 0))  // never started
        let gate = DispatchSemaphore(value: 0)
        worker.async { journal.note("one") }  // given before the start: runs after it
        worker.start()
        worker.async {
            _ = gate.wait(timeout: .now() + 5)
            journal.note("two")
        }
        worker.async { journal.note("three") }
        worker.requestStop()
        // Held by its second job: not stopped yet, and given up on at the deadline.
        #expect(!worker.waitUntilStopped(timeoutMilliseconds: 20))
        gate.signal()
        #expect(worker.waitUntilStopped(timeoutMilliseconds: 5_000))
        #expect(journal.all == ["one", "two", "three"])
        // Once ended, a job is refused (and so never runs), not queued behind nothing.
        #expect(!worker.async { journal.note("after the end") })
        #expect(journal.all == ["one", "two", "three"])
    }
}
