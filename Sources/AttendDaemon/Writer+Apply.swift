import AttendCore
import AttendStore
import Foundation

/// What the writer does with each kind of request, inside the group's transaction.
extension Writer {
    /// The writer thread's view of the open conference, reloaded after a failed commit.
    struct ConferenceState {
        var open: ConferenceRecord?
        var plan: ConferencePlan?
        /// Its live figures for the status file.
        var figures = LiveFigures()
        /// When the schedule check last looked for parts that ended (`PartEndRule`); nil until the first.
        var partsCheckedAt: Timestamp?

        /// The open conference's part starts and ends (none without a plan).
        var partBoundaries: [Timestamp] { open == nil ? [] : (plan?.parts ?? []).flatMap { [$0.start, $0.end] } }

        /// The check-in rules for the open conference.
        var checkInRule: CheckInRule { CheckInRule(openConference: open?.id, plan: plan, invited: figures.invited) }
    }

    /// `rule`: the check-in rules a run of check-ins in one group shares, built by its first
    /// (a check-in changes none of what they are made of); any other job may, so it drops them.
    func apply(_ job: WriteJob, to state: inout ConferenceState, rule: inout CheckInRule?) throws(StoreError) -> WriteResult {
        if case .request(.check) = job.work {} else { rule = nil }
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
                    ?? answer(.error(CheckInRule.sequenceReused(by: earlier), echo: job.echo))
            }
            let checkInRule = rule ?? state.checkInRule
            rule = checkInRule
            let conference: String
            switch checkInRule.conference(taking: request) {
            case .success(let id): conference = id
            case .failure(let refusal): return try unlessRetry(answer(.error(refusal, echo: job.echo)))
            }
            let effective: Timestamp
            let offset = CheckInRule.terminalToCorrect(request).flatMap(clockOffset)
            switch checkInRule.effectiveTime(of: request, receivedAt: job.receivedAt, clockOffset: offset) {
            case .success(let time): effective = time
            case .failure(let error): return try unlessRetry(answer(.error(error, echo: job.echo)))
            }
            // The reply is kept in the row's own INSERT (for its retries), not by an UPDATE after.
            var replyFields: [RequestLine.Field] = []
            switch try store.checkins.record(
                request, conference: conference, receivedAt: job.receivedAt, source: job.source, effectiveAt: effective,
                origin: request.origin, reply: { record, repeated in
                    let reply = checkInRule.reply(of: record, repeated: repeated, after: job.echo)
                    replyFields = reply.fields
                    return reply.kept
                })
            {
            case .stored(let record, _):
                state.figures.noteStored(record.direction, delegate: record.delegate)
                // The offset that corrects this terminal's queued scans, once a live one with at= is stored.
                if let measured = CheckInRule.measuredOffset(record) { clockOffsets.set(measured.terminal, measured.milliseconds) }
                return answer(.ok(replyFields), stored: record.direction)
            case .duplicate(let record):
                return try retried(record, request: request, echo: job.echo, state: state).map { answer(.ok($0)) }
                    ?? answer(.error(CheckInRule.sequenceReused(by: record), echo: job.echo))
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
            if let open = state.open {
                // A part that ended since the last look: its categories below target, as one event.
                let since = state.partsCheckedAt ?? job.receivedAt
                for part in PartEndRule.endedParts(state.plan, after: since, at: job.receivedAt) {
                    let categories = conferenceStatus(state)?.categories ?? []
                    if let event = PartEndRule.event(
                        part: part, categories: categories, conference: open.id, hall: pushBridgeID ?? "local",
                        hallName: hallName.isEmpty ? nil : hallName, at: job.receivedAt) {
                        pendingEvents.append(event)
                    }
                }
                state.partsCheckedAt = job.receivedAt
                if ConferenceSchedule.closesOpenConference(plan: state.plan, at: job.receivedAt) {
                    _ = try close(at: job.receivedAt, state: &state)
                }
            } else if let due = ConferenceSchedule.conferenceToOpen(among: try store.plans.scheduledPlans(), at: job.receivedAt) {
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
            try refreeze(plan.id, at: job.receivedAt, after: .plan(hasExpectedCount: plan.expected != nil))
            return answer(.ok(job.echo + [
                .init("conf", plan.id), .init("date", plan.date), .init("parts", String(plan.parts.count)),
                .init("grace", String(plan.graceMinutes)),
            ] + (plan.expected.map { [.init("expected", String($0))] } ?? [])))

        case .request(.invite(let named, _, let defaultCategory)):
            guard let conference = named ?? state.open?.id else { return refuse(.noConference, "no conference is open; give conf=") }
            guard try store.conferences.find(conference) != nil else {
                return refuse(.invalid, "conference \(conference) is not defined; DEFINE or OPEN it first")
            }
            if let refusal = PlanAdoptionRule.localInviteRefusal(conference: conference, adopted: try store.hallPlans.held(conference)?.adopted == true) {
                return answer(.error(refusal, echo: job.echo))
            }
            let delegates: [Delegate]
            do {
                delegates = try InvitedListImport.parse(job.payload ?? [], file: "invited list", defaultCategory: defaultCategory)
            } catch {
                let shown = error.errors.prefix(5).map(\.description).joined(separator: "; ")
                return refuse(.invalid, error.errors.count > 5 ? "\(shown); and \(error.errors.count - 5) more" : shown)
            }
            try store.invited.replace(conference: conference, with: delegates)
            if let open = state.open, open.id == conference { try reloadState(open, into: &state) }
            try refreeze(conference, at: job.receivedAt, after: .invitedList)
            logger.info("invited list imported", ["conf": conference, "delegates": delegates.count])
            return answer(.ok(job.echo + [.init("conf", conference), .init("invited", String(delegates.count))]))

        case .request(.excuse(let named, let delegate, let reason)):
            guard let conference = named ?? state.open?.id else { return refuse(.noConference, "no conference is open; give conf=") }
            guard try store.invited.find(delegate, conference: conference) != nil else {
                return refuse(.invalid, "\(delegate) is not on the invited list of \(conference)")
            }
            try store.invited.excuse(delegate, conference: conference, reason: reason, at: job.receivedAt)
            try refreeze(conference, at: job.receivedAt, after: .excuse)
            return answer(.ok(job.echo + [
                .init("conf", conference), .init("id", delegate), .init("excused", reason.isEmpty ? "0" : "1"),
            ]))

        case .request(.reflect(let conference, _)):
            guard let plan = try store.plans.plan(conference) else {
                return refuse(.invalid, "conference \(conference) is not defined")
            }
            let rows: [ReflectionImport.Row]
            do {
                rows = try ReflectionImport.decodeWire(job.payload ?? [])
            } catch {
                return answer(.error(error, echo: job.echo))
            }
            let invited = Set(try store.invited.all(conference: conference).map(\.id))
            let problems = ReflectionImport.problems(
                rows, invited: invited, conferenceDate: plan.date, today: String(job.receivedAt.vietnam.prefix(10)))
            guard problems.isEmpty else {
                let shown = problems.prefix(5).joined(separator: "; ")
                return refuse(.invalid, problems.count > 5 ? "\(shown); and \(problems.count - 5) more" : shown)
            }
            var recorded = 0
            var withdrawn = 0
            for row in rows {
                if let submitted = row.submitted {
                    try store.reflections.record(
                        Reflection(delegate: row.delegate, submitted: submitted, grade: row.grade), conference: conference, at: job.receivedAt)
                    recorded += 1
                } else if try store.reflections.withdraw(row.delegate, conference: conference) {
                    withdrawn += 1
                }
            }
            try refreeze(conference, at: job.receivedAt, after: .reflection)
            logger.info("reflections recorded", ["conf": conference, "recorded": recorded, "withdrawn": withdrawn])
            return answer(.ok(job.echo + [
                .init("conf", conference), .init("recorded", String(recorded)), .init("withdrawn", String(withdrawn)),
            ]))

        case .request(.incident(let request)):
            switch request.action {
            case .start:
                let (incident, isNew) = try store.incidents.start(
                    request.kind, source: request.source, sourceName: request.sourceName, at: job.receivedAt, note: request.note)
                if isNew {
                    pendingEvents.append(HallEvent(
                        kind: .incidentOpened, conference: state.open?.id ?? "", hall: pushBridgeID ?? "local", hallName: hallName.isEmpty ? nil : hallName,
                        detail: request.kind.rawValue, at: job.receivedAt))
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

        case .checkedTally(let push, let summary, let year):
            return answer(try receive(push, payload: job.payload ?? [], summary: summary, year: year, at: job.receivedAt, echo: job.echo))

        case .request(.void(let request)):
            return answer(try void(request, job: job, state: &state))

        case .request(.printSheets(let request)):
            return answer(try printSheets(request, job: job))

        case .request(.paper(let request)):
            return answer(try paper(request, job: job, state: &state))
        case .request(.publishPlan), .request(.publishList), .request(.withdrawPlan), .request(.planPoll), .request(.planConfirmation):
            guard case .request(let request) = job.work, let reply = try applyPlanRequest(request, job: job) else {
                preconditionFailure("a plan request has its arm in applyPlanRequest")
            }
            return answer(reply)

        case .applyPlan(let plan):
            return answer(try applyDistrictPlan(plan, at: job.receivedAt, state: &state))

        case .planConfirmed(let conference, let revision):
            try store.hallPlans.confirmed(conference: conference, revision: revision)
            return answer(.ok())

        case .markPushed(let conference, let revision):
            try store.push.pushed(conference: conference, revision: revision, at: job.receivedAt)
            return answer(.ok())

        case .recordLineTests(let results):
            for result in results { try store.incidents.record(result, startedAt: job.receivedAt) }
            for conference in try comingConferences(at: job.receivedAt) { try refreeze(conference, at: job.receivedAt, after: .lineTest) }
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
        state.partsCheckedAt = at  // a part that ends before the next schedule check is still seen
        logger.info("conference opened", ["conf": id, "title": record.title, "auto": state.plan?.autoSchedule == true])
        return record
    }

    /// Closes the open conference; returns the reply's fields.
    private func close(at: Timestamp, state: inout ConferenceState) throws(StoreError) -> [RequestLine.Field] {
        guard let open = state.open else { return [] }
        try store.conferences.close(id: open.id, at: at)
        // The day's presence counted into its table: readers of a closed conference add nothing.
        try store.checkins.foldPresence()
        try freezeForDistrict(open.id, final: true, at: at)
        logger.info("conference closed", ["conf": open.id, "checkins": state.figures.checkins, "checkouts": state.figures.checkouts])
        let fields: [RequestLine.Field] = [
            .init("conf", open.id), .init("closed_at", at.vietnam),
            .init("checkins", String(state.figures.checkins)), .init("checkouts", String(state.figures.checkouts)),
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

    /// A change to what a conference's tally shows goes to the district as its next revision
    /// when `RefreezeRule` says so: final once the conference has closed (a correction: a late
    /// excuse, a corrected list or plan), the day-before figures before that.
    func refreeze(_ conference: String, at: Timestamp, after change: RefreezeRule.Change) throws(StoreError) {
        guard pushBridgeID != nil, let record = try store.conferences.find(conference),
              let freeze = RefreezeRule.freeze(after: change, closed: record.closedAt != nil) else { return }
        try freezeForDistrict(conference, final: freeze.isFinal, at: at)
    }

    /// Conferences a line test run now is for: not closed, not over, and starting within the
    /// line test's look-back (three days).
    private func comingConferences(at now: Timestamp) throws(StoreError) -> [String] {
        guard pushBridgeID != nil else { return [] }
        var coming: [String] = []
        for record in try store.conferences.all() where record.closedAt == nil {
            guard RefreezeRule.lineTestConcerns(
                span: try store.plans.plan(record.id)?.span, at: now, lookBackMilliseconds: AttendanceStore.lineTestLookBack)
            else { continue }
            coming.append(record.id)
        }
        return coming
    }

    /// A hub that itself pushes upward (`[push]` set) queues the district total as the next
    /// revision after each commit that brought a bridge point's tally; the province keeps the newest.
    /// For a conference the district published, the total counts only its `--bridges` (a tally
    /// from another hall of the keys file stays in the district's own roll-up, not in the
    /// province's figures), with the district's planned count for a hall that confirmed none.
    func freezeDistrictTotal(_ conference: String, at: Timestamp) throws(StoreError) {
        guard let district = pushBridgeID, let keys = hubKeys else { return }
        let scope = try DistrictScope.of(conference, bridges: Array(keys.values), store: store)
        let summaries = scope.withPlannedCounts(scope.taking(try store.push.newestSummaries(conference: conference)))
        let rollup = DistrictRollup.compute(conference: conference, bridges: scope.bridges, summaries: summaries)
        guard var total = rollup.asTally(from: summaries.map(\.summary), district: district) else { return }
        total.report = try reportNumber(conference, final: total.final ?? true)
        let revision = try store.push.enqueue(conference: conference, payload: Array(total.jsonData()), at: at)
        logger.info("district total queued for upward push", ["conf": conference, "rev": revision, "reported": rollup.reported.count])
        onQueued?()
    }

    /// Stores a checked push once; a repeat is answered OK again (`new=0`).
    private func receive(
        _ push: TallyPush, payload: [UInt8], summary: TallySummary, year: YearReport.HallTally, at: Timestamp, echo: [RequestLine.Field]
    ) throws(StoreError) -> Reply {
        let isNew = try store.push.receive(
            bridge: push.bridge, conference: push.conference, revision: push.revision, payload: payload,
            summary: summary, year: year, at: at)
        if isNew {
            if summary.final {
                pendingEvents.append(HallEvent(
                    kind: .reportArrived, conference: push.conference, hall: push.bridge, hallName: hubKeys?[push.bridge]?.name,
                    detail: String(summary.report ?? 1), at: at))
            }
            logger.info("tally received", ["bridge": push.bridge, "conf": push.conference, "rev": push.revision])
            if pushBridgeID != nil { upwardPending.insert(push.conference) }
        }
        return .ok(echo + [
            .init("bridge", push.bridge), .init("conf", push.conference), .init("rev", String(push.revision)), .init("new", isNew ? "1" : "0"),
        ])
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
        guard CheckInRule.isRetry(request, of: record) else { return nil }
        if let kept = try store.checkins.reply(event: record.event), let fields = CheckInRule.fields(ofKeptReply: kept, of: record) {
            return echo + fields
        }
        let repeated = try store.checkins.checkedInBefore(record.event, delegate: record.delegate, conference: record.conference)
        return echo + state.checkInRule.replyFields(of: record, repeated: repeated)
    }

    func loadState() throws(StoreError) -> ConferenceState {
        guard let open = try store.conferences.openOnes().last else { return ConferenceState() }
        return try loadState(open)
    }

    /// Reloads the open conference's state after its list or check-ins changed, keeping when
    /// the schedule check last looked for ended parts (a part ending meanwhile is still seen).
    func reloadState(_ open: ConferenceRecord, into state: inout ConferenceState) throws(StoreError) {
        let partsCheckedAt = state.partsCheckedAt
        state = try loadState(open)
        state.partsCheckedAt = partsCheckedAt
    }

    func loadState(_ open: ConferenceRecord) throws(StoreError) -> ConferenceState {
        let counts = try store.checkins.counts(conference: open.id)
        var figures = LiveFigures(invited: try store.invited.all(conference: open.id), checkins: counts.checkins, checkouts: counts.checkouts)
        for delegate in try store.checkins.checkedInDelegates(conference: open.id) { figures.noteArrival(delegate) }
        return ConferenceState(open: open, plan: try store.plans.plan(open.id), figures: figures)
    }

    /// The status file's view of the open conference; nil when none is open.
    func conferenceStatus(_ state: ConferenceState) -> StatusSnapshot.ConferenceStatus? {
        guard let open = state.open else { return nil }
        return state.figures.status(conference: open.id, title: open.title, openedAt: open.openedAt ?? open.createdAt)
    }
}
