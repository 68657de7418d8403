import AttendCore
import AttendIO
import AttendStore
import CAttendSys
import Foundation

/// The single writer: one thread owns the database and commits queued requests in groups.
///
/// While one group is being synced to disk, the event loop queues the next; each group is
/// one `BEGIN IMMEDIATE ... COMMIT`, so many requests share one fsync. Replies are released
/// only after their group committed: an `OK` means the request survives a power cut.
///
/// `@unchecked Sendable`: the queues are guarded by `condition`; `store` and `state` are
/// touched only by the writer thread after `start()`.
final class Writer: BackgroundPart, @unchecked Sendable {
    /// The most requests in one transaction; more wait for the next one.
    static let maxGroup = 8192

    let store: AttendanceStore
    let logger: Logger
    private let wakeFD: Int32
    private let condition = NSCondition()
    private var queued: [WriteJob] = []
    private var completed: [WriteResult] = []
    private var started = false
    private var finishing = false
    private var finished = false
    private var published = WriterStatus()
    /// Set by the checkpointer after a round that copied the log (see `Checkpointer`): the
    /// writer copies what it committed since, when it has nothing queued or after
    /// `maxCatchUpDeferrals` groups, so that its next transaction restarts the log.
    private var catchUpWanted = false
    private var catchUpDeferrals = 0
    /// Groups a catch-up waits for while requests keep coming: at most this many groups' worth
    /// of frames are then appended to the log before it restarts.
    static let maxCatchUpDeferrals = 16
    /// The last idle fold failed (`foldWhileIdle`); the next failure is not logged again.
    private var idleFoldFailing = false
    /// Where this thread's time went (published with the status).
    private var time = WriterTime()

    /// The writer thread's view of the open conference.
    var state: ConferenceState
    /// A failed group could not reload the state: it is read again before the next group.
    private var stateNeedsReload = false
    /// Each terminal's clock offset (server minus terminal, ms), from its live check-ins:
    /// corrects the scan times of check-ins it queued while the line was down.
    var clockOffsets = ClockOffsetTable()

    /// This bridge point's id when it pushes its tallies to a district; nil otherwise.
    let pushBridgeID: String?
    /// Called on the writer thread when a tally was queued for the district (wakes the pusher).
    /// Set before `start()`: the thread reads it without a lock (starting it orders the write first).
    var onQueued: (@Sendable () -> Void)?
    /// Called on the writer thread after each group committed (`ReportFiles.changed`: a flag and
    /// a wake-up, never a wait). Set before `start()`, like `onQueued`.
    var onCommitted: (@Sendable () -> Void)?
    /// Called on the writer thread with the events of each group committed (`EventSpool.post`:
    /// an append, never a wait). Set before `start()`.
    var onEvents: (@Sendable ([HallEvent]) -> Void)?
    /// The events the group being applied makes; handed on only once it committed.
    var pendingEvents: [HallEvent] = []
    /// `[daemon] site_name`, naming this hall in its events.
    var hallName = ""
    /// The bridge points a hub accepts tallies from, by id; nil when this is no hub.
    let hubKeys: [String: BridgeKey]?
    /// On a hub that pushes upward: conferences whose district total this group must refreeze.
    var upwardPending: Set<String> = []
    /// On a hub: minutes after a conference's first closed tally before the others count as missing.
    var reportDelayMinutes = 60
    /// `[terminals] void_minutes`, set at start; a reload that changes it waits for a restart (`Config.reloaded`).
    var voidMinutes = 10
    /// Plan requests (on a hub) and plans (on a bridge point) refused since start, by reason.
    var planRefusals: [String: Int] = [:]
    /// On a hub: each bridge point's clock offset at its last poll, seconds.
    var planClockOffsets: [String: Double] = [:]
    /// Bumped after a commit that imported an invited list (FIND's indexes go stale).
    let invitedGeneration = InvitedGeneration()

    /// `wakeFD` is an eventfd the event loop watches; it is signalled when results are ready.
    init(
        store: AttendanceStore, logger: Logger, wakeFD: Int32, pushBridgeID: String? = nil, hubKeys: [String: BridgeKey]? = nil
    ) throws(StoreError) {
        self.pushBridgeID = pushBridgeID
        self.hubKeys = hubKeys
        self.store = store
        self.logger = logger
        self.wakeFD = wakeFD
        state = ConferenceState()
        state = try loadState()
        published.conference = conferenceStatus(state)
        published.partBoundaries = state.partBoundaries
        published.openIncidents = try store.incidents.open()
        published.lineTests = try store.incidents.latestLineTests()
        published.missingReports = missingReports(at: Clock.now())
    }

    let partName = "writer"

    func start() {
        condition.lock()
        started = true
        condition.unlock()
        PartThreads.start(named: "attendd-writer") { [self] in run() }
    }

    /// Queues jobs for the next group commit.
    func submit(_ jobs: [WriteJob]) {
        guard !jobs.isEmpty else { return }
        condition.lock()
        queued.append(contentsOf: jobs)
        // Broadcast, not signal: `waitUntilStopped` may wait on this condition too.
        condition.broadcast()
        condition.unlock()
    }

    /// Asks for a catch-up checkpoint between two groups (the checkpointer's `onCopied`).
    func requestCatchUp() {
        condition.broadcast { catchUpWanted = true }
    }

    /// Takes the results of committed groups.
    func takeResults() -> [WriteResult] {
        condition.lock()
        defer { condition.unlock() }
        let results = completed
        completed.removeAll(keepingCapacity: true)
        return results
    }

    /// Jobs queued and not yet committed.
    var backlog: Int {
        condition.lock()
        defer { condition.unlock() }
        return queued.count
    }

    var status: WriterStatus {
        condition.lock()
        defer { condition.unlock() }
        return published
    }

    /// Commits what is queued, then stops the thread, which answers every job it committed
    /// first. `isFinished` turns true after. Jobs submitted once it finished are never run:
    /// the parts that hand it work are stopped before this is asked.
    func requestStop() {
        condition.broadcast { finishing = true }
    }

    var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return condition.wait(until: { !started || finished }, timeoutMilliseconds: timeoutMilliseconds)
    }

    private func run() {
        while true {
            condition.lock()
            if queued.isEmpty && !finishing && !catchUpWanted, let wait = idleFoldWait() {
                if wait == 0 {
                    condition.unlock()
                    foldWhileIdle()
                } else {
                    // Woken early by a submit, which then goes first.
                    _ = condition.wait(until: Date().addingTimeInterval(Double(wait) / 1000))
                    condition.unlock()
                }
                continue
            }
            while queued.isEmpty && !finishing && !catchUpWanted { condition.wait() }
            if catchUpWanted && !finishing && (queued.isEmpty || catchUpDeferrals >= Writer.maxCatchUpDeferrals) {
                catchUpWanted = false
                catchUpDeferrals = 0
                condition.unlock()
                catchUp()
                continue
            }
            if catchUpWanted { catchUpDeferrals += 1 }
            if queued.isEmpty {
                finished = true
                condition.broadcast()
                condition.unlock()
                attend_eventfd_signal(wakeFD)
                return
            }
            let group: [WriteJob]
            if queued.count <= Writer.maxGroup {
                group = queued
                queued.removeAll(keepingCapacity: true)
            } else {
                group = Array(queued.prefix(Writer.maxGroup))
                queued.removeFirst(Writer.maxGroup)
            }
            condition.unlock()

            var status = self.status
            let results = commit(group, status: &status)
            status.conference = conferenceStatus(state)
            status.partBoundaries = state.partBoundaries

            condition.lock()
            completed.append(contentsOf: results)
            published = status
            condition.unlock()
            attend_eventfd_signal(wakeFD)
        }
    }

    /// Counts the oldest check-ins after the presence mark into `presence` in a transaction of
    /// their own, while nothing is queued: the fold a group would otherwise meet every 16,384
    /// check-ins (tens of milliseconds with thousands of delegates) is spread between groups,
    /// what came in since the last idle fold (at most `foldChunkRows`) at a time. A failure is
    /// left for the group's fold to meet.
    private func foldWhileIdle() {
        let started = Clock.monotonicNanoseconds()
        defer { publishTime(idleFold: (Clock.monotonicNanoseconds() - started) / 1_000) }
        lastIdleFoldAt = Clock.monotonicMilliseconds()
        let rows = min(store.checkins.presenceRowsAfterMark ?? 0, Writer.foldChunkRows)
        do {
            try store.transaction { () throws(StoreError) in try store.checkins.foldOldestPresence(max(1, rows)) }
            idleFoldFailing = false
        } catch {
            // Logged once until a fold succeeds: under a storage failure it fails after every group.
            if !idleFoldFailing { logger.warning("presence fold failed; the check-ins fold it later", ["error": error.description]) }
            idleFoldFailing = true
        }
    }

    /// Check-ins after the presence mark from which each group also folds the oldest: a writer
    /// that is never idle spreads the fold too (see `foldWhileBusy`).
    static let busyFoldRows = 4_096
    /// The most an idle fold takes, and the least a busy one does: a few milliseconds at most.
    static let foldChunkRows = 256
    /// Idle folds come at most this often: at 20,000 check-ins a second, one every check-in's
    /// worth of 32 would be 625 transactions a second, each with its fsync; spaced, each folds
    /// what came in the meantime (about 200 rows), at 2,000 a second about 32.
    static let idleFoldSpacingMilliseconds: Int64 = 10
    /// When the last idle fold began (`Clock.monotonicMilliseconds`).
    private var lastIdleFoldAt: Int64 = 0

    /// Milliseconds until the idle writer may fold (0: now); nil when fewer than
    /// `CheckInRepository.idleFoldRows` check-ins wait to be folded.
    private func idleFoldWait() -> Int64? {
        guard (store.checkins.presenceRowsAfterMark ?? 0) >= CheckInRepository.idleFoldRows else { return nil }
        return max(0, lastIdleFoldAt + Writer.idleFoldSpacingMilliseconds - Clock.monotonicMilliseconds())
    }

    /// In the group's transaction, when `busyFoldRows` check-ins wait to be folded: folds the
    /// oldest, as many as the group has jobs (at least `foldChunkRows`), so that under steady
    /// load the rows are folded as they come instead of all at once at 16,384.
    private func foldWhileBusy(after group: [WriteJob]) throws(StoreError) {
        guard let after = store.checkins.presenceRowsAfterMark, after >= Writer.busyFoldRows else { return }
        try store.checkins.foldOldestPresence(max(Writer.foldChunkRows, group.count))
    }

    /// Copies the frames committed since the checkpointer's last round into the database file
    /// (and syncs it), on the writer's own connection so nothing is committed meanwhile. A
    /// failure is left to the checkpointer, which retries and logs.
    private func catchUp() {
        let started = Clock.monotonicNanoseconds()
        _ = try? store.checkpoint()
        publishTime(catchUp: (Clock.monotonicNanoseconds() - started) / 1_000)
    }

    /// Counts an idle fold's or a catch-up's time and publishes the sums.
    private func publishTime(idleFold: Int64 = 0, catchUp: Int64 = 0) {
        time.addIdleFold(idleFold)
        time.addCatchUp(catchUp)
        condition.lock()
        published.time = time
        condition.unlock()
    }

    /// Applies a group in one transaction; on a storage failure nothing is stored and every
    /// job is answered `unavailable`. Any other failure is one request's fault: the group is
    /// retried one job a transaction, so that request cannot take the others down with it.
    private func commit(_ group: [WriteJob], status: inout WriterStatus) -> [WriteResult] {
        var timing = GroupTiming()
        defer {
            timing.book(in: &time)
            status.time = time
        }
        if stateNeedsReload, let reloaded = try? loadState() {
            state = reloaded
            stateNeedsReload = false
        }
        // The group changes the state itself, not a copy kept for a rollback: the copy shared the
        // live figures' sets of ids with `state`, and the group's first arrival then copied them
        // whole (a quarter of the writer's samples at 2,000 check-ins a second, and growing with
        // the delegates present; issue 23). A group that fails reloads the state from the database.
        var next = state
        state = ConferenceState()
        var results: [WriteResult] = []
        results.reserveCapacity(group.count)
        do {
            try store.transaction { () throws(StoreError) in
                upwardPending = []
                pendingEvents = []
                var rule: CheckInRule?
                for job in group { results.append(try apply(job, to: &next, rule: &rule)) }
                timing.foldBegins()
                try foldWhileBusy(after: group)
                timing.foldEnds()
                // Once per conference however many of its tallies the group brought.
                for conference in upwardPending.sorted() { try freezeDistrictTotal(conference, at: group[0].receivedAt) }
                timing.bodyEnds()
            }
            timing.transactionEnds()
            state = next
            if group.contains(where: { job in
                switch job.work {
                case .request(.invite), .applyPlan: return true
                default: return false
                }
            }) { invitedGeneration.bump() }
            refreshFigures(after: group, in: &status)
            status.commits += 1
            status.planRefusals = planRefusals
            status.planClockOffsets = planClockOffsets
            status.stored += results.count(where: { $0.stored != nil })
            status.lastCommitAt = Clock.now()
            onCommitted?()
            if !pendingEvents.isEmpty { onEvents?(pendingEvents) }
            pendingEvents = []
            if status.storageFailing {
                logger.info("storage recovered")
                status.storageFailing = false
            }
        } catch {
            timing.transactionEnds()
            if let reloaded = try? loadState() {
                state = reloaded
            } else {
                // The database cannot be read either: keep what the group left and read it again
                // before the next group (which fails too while storage is down).
                state = next
                stateNeedsReload = true
            }
            if !error.isStorageFailure {
                if group.count > 1 {
                    timing.retryBegins()
                    return group.flatMap { commit([$0], status: &status) }
                }
                logger.error("request failed in the database", ["error": error.description])
                let failure = ProtocolError(.invalid, "the database refused this request (\(error.reason)); nothing stored")
                return [WriteResult(target: group[0].target, reply: .error(failure, echo: group[0].echo), terminal: group[0].terminal, stored: nil)]
            }
            let message = error.description
            if !status.storageFailing { logger.error("storage failed; refusing requests until it recovers", ["error": message]) }
            status.storageFailing = true
            status.lastStorageError = (Clock.now(), message)
            let refusal = ProtocolError(.unavailable, "storage unavailable (\(error.reason)); nothing stored, retry later")
            results = group.map { job in
                WriteResult(target: job.target, reply: .error(refusal, echo: job.echo), terminal: job.terminal, stored: nil)
            }
        }
        return results
    }

    /// Re-reads the figures the group may have changed, once each however many jobs touched them.
    private func refreshFigures(after group: [WriteJob], in status: inout WriterStatus) {
        var incidents = false, lineTests = false, reports = false
        for job in group {
            switch job.work {
            case .request(.incident): incidents = true
            case .recordLineTests: lineTests = true
            case .checkedTally, .followSchedule: reports = true
            case .request, .markPushed, .applyPlan, .planConfirmed: continue
            }
        }
        if incidents { status.openIncidents = (try? store.incidents.open()) ?? status.openIncidents }
        if lineTests { status.lineTests = (try? store.incidents.latestLineTests()) ?? status.lineTests }
        if reports {
            let before = status.missingReports ?? []
            status.missingReports = missingReports(at: Clock.now()) ?? status.missingReports
            pendingEvents += Self.newlyMissing(before: before, after: status.missingReports ?? [], at: Clock.now())
        }
    }

    /// On a hub, the conferences of the last 7 days with bridge points that have not reported
    /// `reportDelayMinutes` after the first closed (final) tally came; nil when this is no hub.
    func missingReports(at now: Timestamp) -> [StatusSnapshot.MissingReports]? {
        guard let hubKeys, let received = try? store.push.receivedConferences(since: MissingReportRule.watchedSince(now)) else { return nil }
        let all = Array(hubKeys.values)
        // A published conference expects its --bridges, not every line of the keys file.
        return received.flatMap { entry in
            let taking = (try? store.districtPlans.published(entry.conference))??.bridges
            let bridges = taking.map { selection in all.filter { selection.includes($0.id) } } ?? all
            return MissingReportRule.missing([entry], bridges: bridges, delayMinutes: reportDelayMinutes, at: now)
        }
    }

    /// A `hall_missing` event for each bridge point named missing now and not before (by name,
    /// as the status file names them).
    static func newlyMissing(
        before: [StatusSnapshot.MissingReports], after: [StatusSnapshot.MissingReports], at: Timestamp
    ) -> [HallEvent] {
        let known = Set(before.flatMap { entry in entry.missing.map { "\(entry.conference)\u{0}\($0)" } })
        return after.flatMap { entry in
            entry.missing.filter { !known.contains("\(entry.conference)\u{0}\($0)") }.map {
                HallEvent(kind: .hallMissing, conference: entry.conference, hall: $0, detail: String(entry.reported), at: at)
            }
        }
    }

    /// Posts results computed elsewhere (the report reader) to the event loop.
    func post(_ results: [WriteResult]) {
        condition.lock()
        completed.append(contentsOf: results)
        condition.unlock()
        attend_eventfd_signal(wakeFD)
    }
}

extension WriteJob {
    /// The terminal named in a check-in, for counts.
    var terminal: String? {
        if case .request(.check(let request)) = work { return request.terminal }
        return nil
    }
}
