import AttendCore
import AttendStore

/// `VOID`: the writer's half. `VoidRule` decides; this stores the void, takes the event out of
/// the open conference's live figures, and sends a closed conference's tally again.
extension Writer {
    /// Voids an event, or answers a repeat as the first void was answered (`new=0`).
    func void(_ request: VoidRequest, job: WriteJob, state: inout ConferenceState) throws(StoreError) -> Reply {
        let record = try store.checkins.find(event: request.event)
        let existing = try store.voids.find(event: request.event)
        let target = record.map { VoidRule.Target(event: $0.event, terminal: $0.terminal, receivedAt: $0.receivedAt) }
        switch VoidRule.decide(request, target: target, alreadyVoided: existing != nil, now: job.receivedAt, limitMinutes: voidMinutes) {
        case .refuse(let error):
            return .error(error, echo: job.echo)
        case .repeated:
            return .ok(job.echo + Self.fields(of: existing!, new: false))
        case .void:
            break
        }
        let checkin = record!
        _ = try store.voids.void(
            checkin, reason: request.reason, terminal: request.terminal, byControl: request.byControl, source: job.source,
            at: job.receivedAt)
        if let open = state.open, open.id == checkin.conference { try reloadState(open, into: &state) }
        // After the close the district gets the corrected tally as the next revision.
        try refreeze(checkin.conference, at: job.receivedAt, after: .void)
        logger.warning("event voided", [
            "event": checkin.event, "conf": checkin.conference, "id": checkin.delegate, "by": request.byControl ? "control" : request.terminal ?? "",
            "reason": request.reason,
        ])
        // Stored just above in this transaction: not finding it is a bug here, not a database fault.
        guard let stored = try store.voids.find(event: request.event) else {
            preconditionFailure("void of event \(request.event) neither stored nor found in its own transaction")
        }
        return .ok(job.echo + Self.fields(of: stored, new: true))
    }

    /// The reply fields of a void, from what is stored, so a repeat gets the same ones.
    static func fields(of void: VoidRecord, new: Bool) -> [RequestLine.Field] {
        [
            .init("event", String(void.checkin.event)), .init("conf", void.checkin.conference), .init("id", void.checkin.delegate),
            .init("direction", void.checkin.direction.rawValue), .init("voided_at", void.voidedAt.vietnam), .init("by", void.by),
            .init("reason", void.reason), .init("new", new ? "1" : "0"),
        ]
    }
}
