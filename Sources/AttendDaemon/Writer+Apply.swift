import AttendCore
import AttendStore
import Foundation

/// What the writer does with each kind of request, inside the group's transaction.
extension Writer {
    /// The writer thread's view of the open conference, reloaded after a failed commit.
    struct ConferenceState {
        var open: ConferenceRecord?
        var plan: ConferencePlan?
        var invited: [String: Delegate] = [:] {
            didSet { invitedByCategory = invited.values.reduce(into: [:]) { $0[$1.category, default: 0] += 1 } }
        }
        /// Invited delegates who checked in at least once.
        private(set) var arrived: Set<String> = []
        /// Delegates not invited who checked in.
        private(set) var walkIns: Set<String> = []
        var checkins = 0
        var checkouts = 0
        /// Kept as check-ins arrive, so the status after each commit costs a few additions, not
        /// a walk over the whole invited list.
        private(set) var invitedByCategory: [DelegateCategory: Int] = [:]
        private(set) var arrivedByCategory: [DelegateCategory: Int] = [:]

        /// A delegate checked in: arrived (counted in their category) or a walk-in.
        mutating func noteArrival(_ delegate: String) {
            guard let invitee = invited[delegate] else {
                walkIns.insert(delegate)
                return
            }
            if arrived.insert(delegate).inserted { arrivedByCategory[invitee.category, default: 0] += 1 }
        }
    }

    func apply(_ job: WriteJob, to state: inout ConferenceState) throws(StoreError) -> WriteResult {
        func answer(_ reply: Reply, stored: Direction? = nil) -> WriteResult {
            WriteResult(target: job.target, reply: reply, terminal: job.terminal, stored: stored)
        }
        func refuse(_ code: ErrorCode, _ message: String) -> WriteResult {
            answer(.error(ProtocolError(code, message), echo: job.echo))
        }
        switch job.work {
        case .request(.check(let request)):
            // Before any refusal, a retry of a stored (term, seq) gets its original reply, even when
            // its conference was closed since or the plan no longer admits its time.
            func unlessRetry(_ refusal: WriteResult) throws(StoreError) -> WriteResult {
                guard let terminal = request.terminal, let sequence = request.sequence,
                      let earlier = try store.checkins.stored(terminal: terminal, sequence: sequence) else { return refusal }
                return try retried(earlier, request: request, echo: job.echo, state: state).map { answer(.ok($0)) }
                    ?? refuse(.seqReused, seqReusedMessage(earlier))
            }
            guard let open = state.open else { return try unlessRetry(refuse(.noConference, "no conference is open")) }
            if let named = request.conference, named != open.id {
                return try unlessRetry(refuse(.noConference, "conference \(named) is not open (open: \(open.id))"))
            }
            let effective: Timestamp
            switch effectiveTime(request, receivedAt: job.receivedAt, plan: state.plan) {
            case .success(let time): effective = time
            case .failure(let error): return try unlessRetry(answer(.error(error, echo: job.echo)))
            }
            switch try store.checkins.record(
                request, conference: open.id, receivedAt: job.receivedAt, source: job.source, effectiveAt: effective,
                origin: request.origin)
            {
            case .stored(let record, let repeated):
                if record.direction == .checkIn {
                    state.checkins += 1
                    state.noteArrival(record.delegate)
                } else {
                    state.checkouts += 1
                }
                // The offset that corrects this terminal's queued scans, once a live one with at= is stored.
                if record.origin == .live, let terminal = record.terminal, let at = record.terminalAt {
                    clockOffsets.set(terminal, record.receivedAt.milliseconds - at.milliseconds)
                }
                let replyFields = fields(of: record, repeated: repeated, state: state)
                if record.terminal != nil, record.sequence != nil {
                    try store.checkins.keepReply(String(RequestLine(verb: "OK", fields: replyFields).text.dropFirst(3)), event: record.event)
                }
                return answer(.ok(job.echo + replyFields), stored: record.direction)
            case .duplicate(let record):
                return try retried(record, request: request, echo: job.echo, state: state).map { answer(.ok($0)) }
                    ?? refuse(.seqReused, seqReusedMessage(record))
            }

        case .request(.openConference(let id, let title)):
            if let open = state.open {
                guard open.id == id else { return refuse(.invalid, "conference \(open.id) is open; close it first") }
                return answer(.ok(job.echo + [
                    .init("conf", id), .init("title", open.title), .init("opened_at", (open.openedAt ?? open.createdAt).vietnam),
                ]))
            }
            let record = try open(id, title: title, at: job.receivedAt, state: &state)
            return answer(.ok(job.echo + [.init("conf", id), .init("title", record.title), .init("opened_at", job.receivedAt.vietnam)]))

        case .request(.closeConference(let id)):
            guard let open = state.open else { return refuse(.noConference, "no conference is open") }
            if let id, id != open.id { return refuse(.noConference, "conference \(id) is not open (open: \(open.id))") }
            return answer(.ok(job.echo + (try close(at: job.receivedAt, state: &state))))

        case .followSchedule:
            if state.open != nil {
                if state.plan?.scheduledAction(at: job.receivedAt, isOpen: true) == .close {
                    _ = try close(at: job.receivedAt, state: &state)
                }
            } else if let due = try store.plans.scheduledPlans().first(where: {
                $0.scheduledAction(at: job.receivedAt, isOpen: false) == .open
            }) {
                _ = try open(due.id, title: nil, at: job.receivedAt, state: &state)
            }
            return answer(.ok())

        case .request(.define(let change)):
            let existing = try store.plans.plan(change.conference)
            let plan: ConferencePlan
            do {
                plan = try change.applied(to: existing)
            } catch {
                return answer(.error(error, echo: job.echo))
            }
            try store.plans.save(plan, at: job.receivedAt)
            if state.open?.id == plan.id { state.plan = plan }
            try refreeze(plan.id, at: job.receivedAt, beforeClose: plan.expected != nil)
            return answer(.ok(job.echo + [
                .init("conf", plan.id), .init("date", plan.date), .init("parts", String(plan.parts.count)),
                .init("grace", String(plan.graceMinutes)),
            ] + (plan.expected.map { [.init("expected", String($0))] } ?? [])))

        case .request(.invite(let named, _, let defaultCategory)):
            guard let conference = named ?? state.open?.id else { return refuse(.noConference, "no conference is open; give conf=") }
            guard try store.conferences.find(conference) != nil else {
                return refuse(.invalid, "conference \(conference) is not defined; DEFINE or OPEN it first")
            }
            let delegates: [Delegate]
            do {
                delegates = try InvitedListImport.parse(job.payload ?? [], file: "invited list", defaultCategory: defaultCategory)
            } catch {
                let shown = error.errors.prefix(5).map(\.description).joined(separator: "; ")
                return refuse(.invalid, error.errors.count > 5 ? "\(shown); and \(error.errors.count - 5) more" : shown)
            }
            try store.invited.replace(conference: conference, with: delegates)
            if let open = state.open, open.id == conference { state = try loadState(open) }
            try refreeze(conference, at: job.receivedAt)
            logger.info("invited list imported", ["conf": conference, "delegates": delegates.count])
            return answer(.ok(job.echo + [.init("conf", conference), .init("invited", String(delegates.count))]))

        case .request(.excuse(let named, let delegate, let reason)):
            guard let conference = named ?? state.open?.id else { return refuse(.noConference, "no conference is open; give conf=") }
            guard try store.invited.find(delegate, conference: conference) != nil else {
                return refuse(.invalid, "\(delegate) is not on the invited list of \(conference)")
            }
            try store.invited.excuse(delegate, conference: conference, reason: reason, at: job.receivedAt)
            try refreeze(conference, at: job.receivedAt, beforeClose: false)
            return answer(.ok(job.echo + [
                .init("conf", conference), .init("id", delegate), .init("excused", reason.isEmpty ? "0" : "1"),
            ]))

        case .request(.incident(let request)):
            switch request.action {
            case .start:
                let (incident, isNew) = try store.incidents.start(
                    request.kind, source: request.source, sourceName: request.sourceName, at: job.receivedAt, note: request.note)
                if isNew {
                    logger.warning("incident started", [
                        "kind": incident.kind.rawValue, "source": incident.source.rawValue, "by": request.sourceName, "note": request.note,
                    ])
                }
                return answer(.ok(job.echo + [
                    .init("incident", String(incident.id)), .init("kind", incident.kind.rawValue),
                    .init("started_at", incident.start.vietnam), .init("new", isNew ? "1" : "0"),
                ]))
            case .end:
                // Ending what is not open is answered OK: a terminal retrying an end is not wrong.
                let ended = try store.incidents.end(
                    request.kind, source: request.source, sourceName: request.sourceName,
                    anySource: request.source == .operator, at: job.receivedAt)
                for incident in ended {
                    logger.info("incident ended", ["kind": incident.kind.rawValue, "incident": incident.id])
                }
                return answer(.ok(job.echo + [.init("kind", request.kind.rawValue), .init("ended", String(ended.count))]))
            }

        case .checkedTally(let push, let summary):
            return answer(try receive(push, payload: job.payload ?? [], summary: summary, at: job.receivedAt, echo: job.echo))

        case .request(.void(let request)):
            return answer(try void(request, job: job, state: &state))

        case .markPushed(let conference, let revision):
            try store.push.pushed(conference: conference, revision: revision, at: job.receivedAt)
            return answer(.ok())

        case .recordLineTests(let results):
            for result in results { try store.incidents.record(result, startedAt: job.receivedAt) }
            for conference in try comingConferences(at: job.receivedAt) { try refreeze(conference, at: job.receivedAt) }
            let failed = results.filter { !$0.passed }.map(\.target)
            if !failed.isEmpty { logger.warning("line test failed", ["targets": failed.joined(separator: ",")]) }
            let text = results.map { "\($0.target)\t\($0.passed ? "PASSED" : "FAILED")\t\($0.verdict)\n" }.joined()
            return answer(.ok(job.echo + [.init("targets", String(results.count)), .init("failed", String(failed.count))],
                              payload: Array(text.utf8)))
        }
    }

    /// Opens a conference (by hand or on its schedule) and loads its list into the state.
    private func open(_ id: String, title: String?, at: Timestamp, state: inout ConferenceState) throws(StoreError) -> ConferenceRecord {
        let record = try store.conferences.open(id: id, title: title, at: at)
        state = try loadState(record)
        logger.info("conference opened", ["conf": id, "title": record.title, "auto": state.plan?.autoSchedule == true])
        return record
    }

    /// Closes the open conference; returns the reply's fields.
    private func close(at: Timestamp, state: inout ConferenceState) throws(StoreError) -> [RequestLine.Field] {
        guard let open = state.open else { return [] }
        try store.conferences.close(id: open.id, at: at)
        try freezeForDistrict(open.id, final: true, at: at)
        logger.info("conference closed", ["conf": open.id, "checkins": state.checkins, "checkouts": state.checkouts])
        let fields: [RequestLine.Field] = [
            .init("conf", open.id), .init("closed_at", at.vietnam),
            .init("checkins", String(state.checkins)), .init("checkouts", String(state.checkouts)),
        ]
        state = ConferenceState()
        return fields
    }

    /// Freezes the conference's tally as its next revision in the outbox, when this bridge
    /// point pushes to a district: final at the close and after, the day-before figures before.
    private func freezeForDistrict(_ conference: String, final: Bool, at: Timestamp) throws(StoreError) {
        guard let bridge = pushBridgeID, var tally = try store.tally(conference: conference) else { return }
        tally.bridge = bridge
        tally.final = final
        tally.report = try reportNumber(conference, final: final)
        let revision = try store.push.enqueue(conference: conference, payload: Array(tally.jsonData()), at: at)
        logger.info(final ? "tally queued for the district" : "day-before figures queued for the district", ["conf": conference, "rev": revision])
        onQueued?()
    }

    /// The number a reader calls the tally frozen now (`Tally.reportNumber`), after those
    /// frozen before; an unreadable one counts as none. Day-before figures read nothing, and a
    /// final one reads only each earlier tally's `final` (this runs on the writer).
    private func reportNumber(_ conference: String, final: Bool) throws(StoreError) -> Int? {
        guard final else { return nil }
        let finals = try store.push.frozen(conference: conference).filter { Tally.isFinal(json: $0) == true }.count
        return Tally.reportNumber(final: true, finalsBefore: finals)
    }

    /// A change to what a conference's tally shows goes to the district as its next revision:
    /// final once the conference has closed (a correction: a late excuse, a corrected list or
    /// plan), the day-before figures before that (expected count, invited list, line test),
    /// unless `beforeClose` is false.
    func refreeze(_ conference: String, at: Timestamp, beforeClose: Bool = true) throws(StoreError) {
        guard pushBridgeID != nil, let record = try store.conferences.find(conference) else { return }
        let closed = record.closedAt != nil
        guard closed || beforeClose else { return }
        try freezeForDistrict(conference, final: closed, at: at)
    }

    /// Conferences a line test run now is for: not closed, not over, and starting within the
    /// line test's look-back (three days).
    private func comingConferences(at now: Timestamp) throws(StoreError) -> [String] {
        guard pushBridgeID != nil else { return [] }
        var coming: [String] = []
        for record in try store.conferences.all() where record.closedAt == nil {
            guard let span = try store.plans.plan(record.id)?.span, span.end > now,
                  span.start.milliseconds - now.milliseconds <= AttendanceStore.lineTestLookBack else { continue }
            coming.append(record.id)
        }
        return coming
    }

    /// A hub that itself pushes upward (`[push]` set) queues the district total as the next
    /// revision after each commit that brought a bridge point's tally; the province keeps the newest.
    func freezeDistrictTotal(_ conference: String, at: Timestamp) throws(StoreError) {
        guard let district = pushBridgeID, let keys = hubKeys else { return }
        let summaries = try store.push.newestSummaries(conference: conference)
        let rollup = DistrictRollup.compute(conference: conference, bridges: Array(keys.values), summaries: summaries)
        guard var total = rollup.asTally(from: summaries.map(\.summary), district: district) else { return }
        total.report = try reportNumber(conference, final: total.final ?? true)
        let revision = try store.push.enqueue(conference: conference, payload: Array(total.jsonData()), at: at)
        logger.info("district total queued for upward push", ["conf": conference, "rev": revision, "reported": rollup.reported.count])
        onQueued?()
    }

    /// Stores a checked push once; a repeat is answered OK again (`new=0`).
    private func receive(
        _ push: TallyPush, payload: [UInt8], summary: TallySummary, at: Timestamp, echo: [RequestLine.Field]
    ) throws(StoreError) -> Reply {
        let isNew = try store.push.receive(
            bridge: push.bridge, conference: push.conference, revision: push.revision, payload: payload,
            summary: summary, at: at)
        if isNew {
            logger.info("tally received", ["bridge": push.bridge, "conf": push.conference, "rev": push.revision])
            if pushBridgeID != nil { upwardPending.insert(push.conference) }
        }
        return .ok(echo + [
            .init("bridge", push.bridge), .init("conf", push.conference), .init("rev", String(push.revision)), .init("new", isNew ? "1" : "0"),
        ])
    }

    /// When a check-in counts: now for live ones; the scan time, corrected by the terminal's
    /// clock offset, for queued ones; the sheet's time for paper ones. Future times and times
    /// outside the conference are refused.
    private func effectiveTime(
        _ request: CheckRequest, receivedAt: Timestamp, plan: ConferencePlan?
    ) -> Result<Timestamp, ProtocolError> {
        guard request.queued || request.paper, let scanned = request.terminalTime else { return .success(receivedAt) }
        var effective = scanned
        if request.queued, let terminal = request.terminal, let offset = clockOffset(terminal) {
            effective.milliseconds += offset
        }
        if effective.milliseconds > receivedAt.milliseconds + 60_000 {
            return .failure(ProtocolError(.invalid, "at \(effective.vietnam) is in the future"))
        }
        if let plan, !plan.admits(effective) {
            return .failure(ProtocolError(.invalid, "at \(effective.vietnam) is outside conference \(plan.id)"))
        }
        return .success(effective)
    }

    /// A terminal's clock offset: measured from its live check-ins since start, or, after a
    /// restart, derived from the newest one stored (a terminal draining its queue when attendd
    /// comes back sends its queued scans before any live one).
    private func clockOffset(_ terminal: String) -> Int64? {
        if let known = clockOffsets[terminal] { return known }
        guard let stored = try? store.checkins.lastClockOffset(terminal: terminal) else { return nil }
        clockOffsets.set(terminal, stored)
        return stored
    }

    /// The reply fields of a retry of `record`: the echo and the fields kept at the first commit
    /// (rebuilt from the record for rows stored before replies were kept); nil when the retry is
    /// another request under the same (term, seq).
    private func retried(
        _ record: CheckRecord, request: CheckRequest, echo: [RequestLine.Field], state: ConferenceState
    ) throws(StoreError) -> [RequestLine.Field]? {
        guard record.delegate == request.delegate, record.direction == request.direction else { return nil }
        if let kept = try store.checkins.reply(event: record.event),
           let line = try? LineDecoder.decode(Array(("OK " + kept).utf8)) {
            return echo + line.fields
        }
        let repeated = try store.checkins.checkedInBefore(record.event, delegate: record.delegate, conference: record.conference)
        return echo + fields(of: record, repeated: repeated, state: state)
    }

    private func seqReusedMessage(_ record: CheckRecord) -> String {
        let verb = record.direction == .checkIn ? "CHECKIN" : "CHECKOUT"
        return "term \(record.terminal ?? "") seq \(record.sequence ?? 0) was used for \(verb) id=\(record.delegate)"
    }

    /// The reply fields of a stored check-in. Derived from the stored record, so a retry gets
    /// the same ones: who it was, whether invited, whether the first arrival, and how late.
    func fields(of record: CheckRecord, repeated: Bool, state: ConferenceState) -> [RequestLine.Field] {
        var fields: [RequestLine.Field] = [
            .init("event", String(record.event)), .init("conf", record.conference), .init("id", record.delegate),
            .init("at", record.receivedAt.vietnam),
        ]
        if record.origin != .live { fields.append(.init("effective_at", record.effectiveAt.vietnam)) }
        let delegate = state.invited[record.delegate]
        if let delegate { fields.append(.init("name", delegate.fullName)) }
        fields.append(.init("invited", delegate == nil ? "0" : "1"))
        if record.direction == .checkIn {
            fields.append(.init("first", repeated ? "0" : "1"))
            if !repeated, let late = state.plan?.lateness(at: record.effectiveAt) {
                fields.append(.init("late", String(late.minutes)))
                fields.append(.init("part", late.part))
            }
        }
        return fields
    }

    func loadState() throws(StoreError) -> ConferenceState {
        guard let open = try store.conferences.openOnes().last else { return ConferenceState() }
        return try loadState(open)
    }

    func loadState(_ open: ConferenceRecord) throws(StoreError) -> ConferenceState {
        let counts = try store.checkins.counts(conference: open.id)
        let invited = Dictionary(try store.invited.all(conference: open.id).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var state = ConferenceState(open: open, plan: try store.plans.plan(open.id), checkins: counts.checkins, checkouts: counts.checkouts)
        state.invited = invited
        for delegate in try store.checkins.checkedInDelegates(conference: open.id) { state.noteArrival(delegate) }
        return state
    }

    func conferenceStatus(_ state: ConferenceState) -> StatusSnapshot.ConferenceStatus? {
        guard let open = state.open else { return nil }
        var status = StatusSnapshot.ConferenceStatus(
            id: open.id, title: open.title, openedAt: (open.openedAt ?? open.createdAt).vietnam,
            checkins: state.checkins, checkouts: state.checkouts)
        status.invited = state.invited.count
        status.arrived = state.arrived.count
        status.walkIns = state.walkIns.count
        status.categories = DelegateCategory.allCases.compactMap { category in
            guard let invited = state.invitedByCategory[category] else { return nil }
            var figures = Tally.Figures(belowTarget: false)
            figures.invited = invited
            figures.present = state.arrivedByCategory[category] ?? 0
            figures.finish(target: category.target)
            return .init(
                category: category.rawValue, invited: invited, arrived: figures.present, rate: figures.rate,
                target: figures.target, belowTarget: figures.belowTarget)
        }
        return status
    }
}
