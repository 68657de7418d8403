import AttendCore
import AttendIO
import AttendStore
import Foundation

/// The district's plans in the writer's transaction: on a hub, what its operator publishes and
/// what its bridge points poll and confirm; on a bridge point, applying a revision it fetched
/// (`PlanAdoptionRule` decides) and noting that the hub has its answer.
extension Writer {
    /// A hub's answer to one of the plan requests (`PUBLISH`, `PLANLIST`, `WITHDRAW`,
    /// `PLANPOLL`, `PLANACK`), or nil when `request` is none of them.
    func applyPlanRequest(_ request: WriteRequest, job: WriteJob) throws(StoreError) -> Reply? {
        func refuse(_ code: ErrorCode, _ message: String) -> Reply { .error(ProtocolError(code, message), echo: job.echo) }
        let notHub = "this attendd is not a district hub ([hub] keys_file is not set)"
        switch request {
        case .publishPlan(let publication):
            guard let keys = hubKeys else { return refuse(.notAuthorised, notHub) }
            let existing = try store.districtPlans.published(publication.conference)
            let plan: ConferencePlan
            do {
                plan = try publication.applied(to: existing?.plan)
            } catch {
                return .error(error, echo: job.echo)
            }
            let bridges = publication.bridges ?? existing?.bridges ?? .all
            if case .only(let ids) = bridges, let unknown = ids.first(where: { keys[$0] == nil }) {
                return refuse(.invalid, "bridges names \(unknown), which is not in the hub's keys file")
            }
            let published = PublishedPlan(
                plan: plan, revision: (existing?.revision ?? 0) + 1, bridges: bridges, withdrawn: false, changedAt: job.receivedAt)
            try store.districtPlans.save(published)
            logger.info("district plan published", ["conf": plan.id, "rev": published.revision, "bridges": bridges.text])
            return .ok(job.echo + [
                .init("conf", plan.id), .init("rev", String(published.revision)), .init("date", plan.date),
                .init("parts", String(plan.parts.count)), .init("bridges", bridges.text),
            ])

        case .publishList(let conference, let bridge, let expected, _, let defaultCategory):
            guard let keys = hubKeys else { return refuse(.notAuthorised, notHub) }
            guard var published = try store.districtPlans.published(conference) else {
                return refuse(.invalid, "conference \(conference) is not published here: district define it first")
            }
            guard !published.withdrawn else { return refuse(.invalid, "conference \(conference) was withdrawn: define it again first") }
            let taking: Set<String>? = if case .only(let ids) = published.bridges { Set(ids) } else { nil }
            let bridgeList = keys.values.sorted { $0.id < $1.id }
            let result: DistrictListImport.Result
            do {
                result = try DistrictListImport.parse(
                    job.payload ?? [], file: "district list", bridges: bridgeList, taking: taking, fixedBridge: bridge,
                    defaultCategory: defaultCategory)
            } catch {
                let shown = error.errors.prefix(5).map(\.description).joined(separator: "; ")
                return refuse(.invalid, error.errors.count > 5 ? "\(shown); and \(error.errors.count - 5) more" : shown)
            }
            if let unknown = expected.keys.sorted().first(where: { keys[$0] == nil }) {
                return refuse(.invalid, "expected names \(unknown), which is not in the hub's keys file")
            }
            var rows = result.rows
            if bridge != nil {
                for (other, delegates) in try store.districtPlans.allRows(conference: conference) where rows[other] == nil {
                    rows[other] = delegates
                }
            }
            if let duplicate = DistrictListImport.crossHallDuplicate(rows) { return refuse(.invalid, duplicate) }
            for (hall, delegates) in rows {
                let size = PlanBatch(plans: [DistrictPlan(
                    conference: conference, revision: 1, title: published.plan.title, date: published.plan.date, parts: published.plan.parts,
                    graceMinutes: published.plan.graceMinutes, bridge: hall, delegates: delegates)]).jsonBytes().count
                if size > PlanBatch.maxJSONBytes {
                    return refuse(.invalid, "the plan for \(hall) would be \(size) bytes, over the \(PlanBatch.maxJSONBytes) a bridge point takes: split the hall")
                }
            }
            try store.districtPlans.replaceRows(conference: conference, with: bridge == nil ? rows : result.rows, onlyThese: bridge != nil)
            for (hall, count) in result.expected.merging(expected, uniquingKeysWith: { _, given in given }) {
                try store.districtPlans.setPlanned(conference: conference, bridge: hall, count: count)
            }
            published.revision += 1
            published.changedAt = job.receivedAt
            try store.districtPlans.save(published)
            let invited = rows.values.reduce(0) { $0 + $1.count }
            logger.info("district list published", ["conf": conference, "rev": published.revision, "delegates": invited])
            return .ok(job.echo + [
                .init("conf", conference), .init("rev", String(published.revision)), .init("invited", String(invited)),
                .init("bridges", String(rows.count)),
            ])

        case .withdrawPlan(let conference):
            guard hubKeys != nil else { return refuse(.notAuthorised, notHub) }
            guard var published = try store.districtPlans.published(conference) else {
                return refuse(.invalid, "conference \(conference) is not published here")
            }
            if !published.withdrawn {
                published.withdrawn = true
                published.revision += 1
                published.changedAt = job.receivedAt
                try store.districtPlans.save(published)
                logger.info("district plan withdrawn", ["conf": conference, "rev": published.revision])
            }
            return .ok(job.echo + [.init("conf", conference), .init("rev", String(published.revision)), .init("withdrawn", "1")])

        case .planPoll(let poll):
            let peer = try store.districtPlans.peer(poll.bridge)
            if let (reason, error) = PlanRequestCheck.check(
                bridge: poll.bridge, seq: poll.seq, mac: poll.mac, signed: poll.signedBytes, keys: hubKeys, lastSeq: peer?.lastSeq)
            {
                return refusePlanRequest(reason, error, bridge: poll.bridge, seq: poll.seq, peer: peer, job: job)
            }
            let offset = job.receivedAt.milliseconds - poll.clock
            try store.districtPlans.notePeer(poll.bridge, seq: poll.seq, polledAt: job.receivedAt, offsetMilliseconds: offset)
            planClockOffsets[poll.bridge] = (Double(offset) / 100).rounded() / 10
            let held = Dictionary(poll.have.map { ($0.conference, $0) }, uniquingKeysWith: { a, _ in a })
            var plans: [DistrictPlan] = []
            for published in try store.districtPlans.allPublished() {
                let holding = held[published.plan.id]
                let taking = published.bridges.includes(poll.bridge)
                if let holding {
                    try store.districtPlans.setConfirmed(conference: published.plan.id, bridge: poll.bridge, count: holding.expected)
                }
                guard holding != nil || (taking && !published.withdrawn) else { continue }
                guard published.revision > holding?.revision ?? 0 else { continue }
                plans.append(try districtPlan(published, for: poll.bridge, taking: taking))
            }
            let batch = boundedBatch(plans, for: poll.bridge)
            return PlanPoll.answer(bridge: hubKeys![poll.bridge]!, seq: poll.seq, time: Clock.now().milliseconds, batch: batch, echo: job.echo)

        case .planConfirmation(let confirmation):
            let peer = try store.districtPlans.peer(confirmation.bridge)
            if let (reason, error) = PlanRequestCheck.check(
                bridge: confirmation.bridge, seq: confirmation.seq, mac: confirmation.mac, signed: confirmation.signedBytes, keys: hubKeys,
                lastSeq: peer?.lastSeq)
            {
                return refusePlanRequest(reason, error, bridge: confirmation.bridge, seq: confirmation.seq, peer: peer, job: job)
            }
            try store.districtPlans.notePeer(confirmation.bridge, seq: confirmation.seq, polledAt: nil, offsetMilliseconds: nil)
            // From here every answer is signed (ack_mac=): the bridge point takes only a signed one as final.
            let key = hubKeys![confirmation.bridge]!.key
            guard let published = try store.districtPlans.published(confirmation.conference) else {
                return confirmation.signing(refuse(.invalid, "conference \(confirmation.conference) is not a district conference here"), key: key)
            }
            guard confirmation.revision <= published.revision else {
                return confirmation.signing(refuse(
                    .invalid, "revision \(confirmation.revision) of \(confirmation.conference) was never published (newest: \(published.revision))"),
                    key: key)
            }
            try store.districtPlans.confirm(confirmation, at: job.receivedAt)
            if confirmation.outcome != .applied {
                logger.warning("a bridge point did not apply the district's plan", [
                    "bridge": confirmation.bridge, "conf": confirmation.conference, "rev": confirmation.revision,
                    "outcome": confirmation.outcome.rawValue, "why": confirmation.reason,
                ])
            }
            return confirmation.signing(.ok(job.echo + [
                .init("bridge", confirmation.bridge), .init("conf", confirmation.conference), .init("rev", String(confirmation.revision)),
                .init("outcome", confirmation.outcome.rawValue),
            ]), key: key)

        default:
            return nil
        }
    }

    /// The plans that fit the bound a bridge point reads, oldest first: the rest go at the next
    /// poll, at once. A plan that alone is over the bound (a hall's list near it, then a longer
    /// title or a planned count) is left out and logged: sent, the bridge point refused the whole
    /// answer at every poll, so that hall got no later conference either.
    private func boundedBatch(_ plans: [DistrictPlan], for bridge: String) -> PlanBatch {
        var batch = PlanBatch(plans: [])
        let wrapper = batch.jsonBytes().count
        var total = wrapper
        for plan in plans {
            let size = PlanBatch(plans: [plan]).jsonBytes().count - wrapper
            guard wrapper + size <= PlanBatch.maxJSONBytes else {
                logger.warning("a hall's plan is over the bound a bridge point reads; not sent", [
                    "bridge": bridge, "conf": plan.conference, "rev": plan.revision, "bytes": wrapper + size,
                ])
                continue
            }
            let added = size + (batch.plans.isEmpty ? 0 : 1)  // the comma between plans
            guard total + added <= PlanBatch.maxJSONBytes else { break }
            batch.plans.append(plan)
            total += added
        }
        return batch
    }

    /// One hall's plan of a published conference: its rows, and withdrawn when it no longer takes part.
    private func districtPlan(_ published: PublishedPlan, for bridge: String, taking: Bool) throws(StoreError) -> DistrictPlan {
        let plan = published.plan
        let planned = try store.districtPlans.expected(conference: plan.id)[bridge]?.planned
        var sent = DistrictPlan(
            conference: plan.id, revision: published.revision, withdrawn: published.withdrawn || !taking, title: plan.title, date: plan.date,
            parts: plan.parts, graceMinutes: plan.graceMinutes, autoSchedule: plan.autoSchedule, bridge: bridge, expected: planned,
            delegates: taking ? try store.districtPlans.rows(conference: plan.id, bridge: bridge) : [])
        sent.reflectionDue = plan.reflectionDue
        return sent
    }

    /// Refuses a bridge point's plan request, counted by reason; a replay's refusal names the
    /// last seq taken, signed for the refused request's seq (`last_mac=`), so a bridge point whose
    /// clock went back can go on above it and nothing else on the line can move its nonces.
    private func refusePlanRequest(
        _ reason: PlanRequestCheck.Refusal, _ error: ProtocolError, bridge: String, seq: Int64, peer: PlanPeer?, job: WriteJob
    ) -> Reply {
        planRefusals[reason.rawValue, default: 0] += 1
        logger.warning("plan request refused", ["why": error.message])
        var reply = Reply.error(error, echo: job.echo)
        if reason == .replayed, let peer, let key = hubKeys?[bridge]?.key {
            let mac = HMACSHA256.authenticate(PlanPoll.replayBytes(bridge: bridge, seq: seq, last: peer.lastSeq), key: key)
            reply.fields.insert(contentsOf: [.init("last_nonce", String(peer.lastSeq)), .init("last_mac", Hex.encode(mac))], at: reply.fields.count - 1)
        }
        return reply
    }

    /// On a bridge point: a revision fetched from the hub, applied or kept as `PlanAdoptionRule`
    /// decides, in this transaction; the outcome waits in `hall_plan` for the poller to confirm.
    func applyDistrictPlan(_ plan: DistrictPlan, at: Timestamp, state: inout ConferenceState) throws(StoreError) -> Reply {
        guard let bridge = pushBridgeID else { return .error(ProtocolError(.notAuthorised, "this attendd pushes to no district")) }
        let held = try store.hallPlans.held(plan.conference)
        let record = try store.conferences.find(plan.conference)
        let hall = PlanAdoptionRule.Hall(
            heldRevision: held?.revision, adopted: held?.adopted ?? false, exists: record != nil, everOpened: record?.openedAt != nil,
            closed: record?.closedAt != nil)
        var kept = HallPlanRecord(
            conference: plan.conference, revision: plan.revision, outcome: .applied, reason: "", adopted: held?.adopted ?? false,
            withdrawn: plan.withdrawn, size: try store.invited.count(conference: plan.conference), receivedAt: at, confirmed: false)
        switch PlanAdoptionRule.decide(plan, bridge: bridge, hall: hall) {
        case .ignore(let reason, let message):
            planRefusals[reason.rawValue, default: 0] += 1
            logger.warning("district plan refused", ["why": message])
            return .error(ProtocolError(.notAuthorised, message))
        case .refuse(let message):
            kept.outcome = .refused
            kept.reason = message
            logger.warning("district plan refused", ["conf": plan.conference, "rev": plan.revision, "why": message])
        case .receive(let message):
            kept.outcome = .received
            kept.reason = message
            logger.warning("district plan received, not applied", ["conf": plan.conference, "rev": plan.revision, "why": message])
        case .apply:
            let local = plan.localPlan(keepingExpected: try store.plans.plan(plan.conference)?.expected)
            try store.plans.save(local, at: at)
            try store.invited.replace(conference: plan.conference, with: plan.delegates)
            if state.open?.id == plan.conference, let open = state.open { try reloadState(open, into: &state) }
            try refreeze(plan.conference, at: at, after: .invitedList)
            kept.adopted = true
            kept.size = plan.delegates.count
            logger.info("district plan applied", [
                "conf": plan.conference, "rev": plan.revision, "delegates": plan.delegates.count, "withdrawn": plan.withdrawn,
            ])
        }
        try store.hallPlans.record(kept)
        return .ok([.init("conf", plan.conference), .init("rev", String(plan.revision)), .init("outcome", kept.outcome.rawValue)])
    }
}
