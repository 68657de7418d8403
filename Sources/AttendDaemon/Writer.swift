import AttendCore
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
final class Writer: @unchecked Sendable {
    /// The most requests in one transaction; more wait for the next one.
    static let maxGroup = 8192

    private let store: AttendanceStore
    private let logger: Logger
    private let wakeFD: Int32
    private let condition = NSCondition()
    private var queued: [WriteJob] = []
    private var completed: [WriteResult] = []
    private var finishing = false
    private var finished = false
    private var published = WriterStatus()

    /// The writer thread's view of the open conference.
    private var state: ConferenceState

    private struct ConferenceState {
        var open: ConferenceRecord?
        var checkins = 0
        var checkouts = 0
    }

    /// `wakeFD` is an eventfd the event loop watches; it is signalled when results are ready.
    init(store: AttendanceStore, logger: Logger, wakeFD: Int32) throws(StoreError) {
        self.store = store
        self.logger = logger
        self.wakeFD = wakeFD
        state = ConferenceState()
        state = try loadState()
        published.conference = conferenceStatus(state)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "attendd-writer"
        thread.start()
    }

    /// Queues jobs for the next group commit.
    func submit(_ jobs: [WriteJob]) {
        guard !jobs.isEmpty else { return }
        condition.lock()
        queued.append(contentsOf: jobs)
        condition.signal()
        condition.unlock()
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

    /// Commits what is queued, then stops the thread. `isFinished` turns true after.
    func finish() {
        condition.lock()
        finishing = true
        condition.signal()
        condition.unlock()
    }

    var isFinished: Bool {
        condition.lock()
        defer { condition.unlock() }
        return finished
    }

    private func run() {
        while true {
            condition.lock()
            while queued.isEmpty && !finishing { condition.wait() }
            if queued.isEmpty {
                finished = true
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

            let (results, status) = commit(group)

            condition.lock()
            completed.append(contentsOf: results)
            published = status
            condition.unlock()
            attend_eventfd_signal(wakeFD)
        }
    }

    /// Applies a group in one transaction; on a storage failure nothing is stored and every
    /// job is answered `unavailable`.
    private func commit(_ group: [WriteJob]) -> ([WriteResult], WriterStatus) {
        var next = state
        var results: [WriteResult] = []
        results.reserveCapacity(group.count)
        var status = self.status
        do {
            try store.transaction { () throws(StoreError) in
                for job in group { results.append(try apply(job, to: &next)) }
            }
            state = next
            status.commits += 1
            status.stored += results.count(where: { $0.stored != nil })
            status.lastCommitAt = Clock.now()
            if status.storageFailing {
                logger.info("storage recovered")
                status.storageFailing = false
            }
        } catch {
            let message = error.description
            if !status.storageFailing { logger.error("storage failed; refusing requests until it recovers", ["error": message]) }
            status.storageFailing = true
            status.lastStorageError = (Clock.now(), message)
            let refusal = ProtocolError(.unavailable, "storage unavailable (\(error.reason)); nothing stored, retry later")
            results = group.map { job in
                WriteResult(target: job.target, reply: .error(refusal, echo: job.echo), terminal: job.terminal, stored: nil)
            }
            if let reloaded = try? loadState() { state = reloaded }
        }
        status.conference = conferenceStatus(state)
        return (results, status)
    }

    private func apply(_ job: WriteJob, to state: inout ConferenceState) throws(StoreError) -> WriteResult {
        func answer(_ reply: Reply, stored: Direction? = nil) -> WriteResult {
            WriteResult(target: job.target, reply: reply, terminal: job.terminal, stored: stored)
        }
        func refuse(_ code: ErrorCode, _ message: String) -> WriteResult {
            answer(.error(ProtocolError(code, message), echo: job.echo))
        }
        switch job.command {
        case .check(let request):
            guard let open = state.open else { return refuse(.noConference, "no conference is open") }
            if let named = request.conference, named != open.id {
                return refuse(.noConference, "conference \(named) is not open (open: \(open.id))")
            }
            switch try store.checkins.record(request, conference: open.id, receivedAt: job.receivedAt, source: job.source) {
            case .stored(let record):
                if record.direction == .checkIn { state.checkins += 1 } else { state.checkouts += 1 }
                return answer(.ok(job.echo + Writer.fields(of: record)), stored: record.direction)
            case .duplicate(let record):
                guard record.delegate == request.delegate, record.direction == request.direction else {
                    return refuse(.seqReused, "term \(record.terminal ?? "") seq \(record.sequence ?? 0) was used for \(record.direction == .checkIn ? "CHECKIN" : "CHECKOUT") id=\(record.delegate)")
                }
                return answer(.ok(job.echo + Writer.fields(of: record)))
            }
        case .openConference(let id, let title):
            if let open = state.open {
                guard open.id == id else { return refuse(.invalid, "conference \(open.id) is open; close it first") }
                // Already open: nothing changes, the reply says so.
                return answer(.ok(job.echo + [
                    .init("conf", id), .init("title", open.title), .init("opened_at", (open.openedAt ?? open.createdAt).vietnam),
                ]))
            }
            let record = try store.conferences.open(id: id, title: title, at: job.receivedAt)
            let counts = try store.checkins.counts(conference: id)
            state = ConferenceState(open: record, checkins: counts.checkins, checkouts: counts.checkouts)
            logger.info("conference opened", ["conf": id, "title": record.title])
            return answer(.ok(job.echo + [.init("conf", id), .init("title", record.title), .init("opened_at", job.receivedAt.vietnam)]))
        case .closeConference(let id):
            guard let open = state.open else { return refuse(.noConference, "no conference is open") }
            if let id, id != open.id { return refuse(.noConference, "conference \(id) is not open (open: \(open.id))") }
            try store.conferences.close(id: open.id, at: job.receivedAt)
            let reply = Reply.ok(job.echo + [
                .init("conf", open.id), .init("closed_at", job.receivedAt.vietnam),
                .init("checkins", String(state.checkins)), .init("checkouts", String(state.checkouts)),
            ])
            logger.info("conference closed", ["conf": open.id, "checkins": state.checkins, "checkouts": state.checkouts])
            state = ConferenceState()
            return answer(reply)
        case .ping, .reload:
            return answer(.ok(job.echo))
        }
    }

    /// The reply fields of a stored check-in: a retry gets exactly the same ones.
    static func fields(of record: CheckRecord) -> [RequestLine.Field] {
        [
            .init("event", String(record.event)), .init("conf", record.conference), .init("id", record.delegate),
            .init("at", record.receivedAt.vietnam),
        ]
    }

    private func loadState() throws(StoreError) -> ConferenceState {
        guard let open = try store.conferences.openOnes().last else { return ConferenceState() }
        let counts = try store.checkins.counts(conference: open.id)
        return ConferenceState(open: open, checkins: counts.checkins, checkouts: counts.checkouts)
    }

    private func conferenceStatus(_ state: ConferenceState) -> StatusSnapshot.ConferenceStatus? {
        state.open.map {
            StatusSnapshot.ConferenceStatus(
                id: $0.id, title: $0.title, openedAt: ($0.openedAt ?? $0.createdAt).vietnam,
                checkins: state.checkins, checkouts: state.checkouts)
        }
    }
}

extension WriteJob {
    /// The terminal named in a check-in, for counts.
    var terminal: String? {
        if case .check(let request) = command { return request.terminal }
        return nil
    }
}
