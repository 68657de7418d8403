import AttendCore
import AttendStore
import Foundation

/// The sign-in sheets (`SHEET`) and the entries typed from them (`PAPER`), inside the group's
/// transaction: the rules are `SignInSheet`, `SheetRequest.parts(of:)` and `PaperBatch.plan`.
extension Writer {
    /// Builds the sheets of every part asked for, stores each under a new code, and answers with
    /// them as a JSON array (attendctl prints them). Nothing is stored when one is refused.
    func printSheets(_ request: SheetRequest, job: WriteJob) throws(StoreError) -> Reply {
        func refuse(_ message: String) -> Reply { .error(ProtocolError(.invalid, message), echo: job.echo) }
        let record = try store.conferences.find(request.conference)
        guard let plan = try store.plans.plan(request.conference)
            ?? record.map({ ConferencePlan(id: $0.id, title: $0.title, date: String(($0.openedAt ?? $0.createdAt).vietnam.prefix(10)), parts: []) })
        else { return refuse("conference \(request.conference) is not defined; DEFINE or OPEN it first") }
        let invited = try store.invited.all(conference: request.conference)
        guard !invited.isEmpty else {
            return refuse("conference \(request.conference) has no invited list; import one first (attendctl invite import FILE --conf \(request.conference))")
        }
        guard invited.count <= SignInSheet.maxRows else {
            return refuse("\(invited.count) invited; a sheet holds at most \(SignInSheet.maxRows)")
        }
        let parts: [ConferencePlan.Part?]
        switch request.parts(of: plan) {
        case .success(let found): parts = found
        case .failure(let error): return .error(error, echo: job.echo)
        }
        var generator = SystemRandomNumberGenerator()
        var sheets: [SignInSheet] = []
        for part in parts {
            var sheet: SignInSheet?
            // 32⁵ codes: a collision is rare, eight in a row is not going to happen.
            for _ in 0..<8 {
                let candidate = SignInSheet(
                    code: SheetCode.random(using: &generator), conference: plan.id, title: plan.title, date: plan.date, part: part,
                    invited: invited, blank: request.blank, printedAt: job.receivedAt)
                if try store.sheets.save(candidate, at: job.receivedAt) {
                    sheet = candidate
                    break
                }
            }
            guard let sheet else { throw StoreError(code: 1, message: "no free sheet code after 8 draws") }
            sheets.append(sheet)
        }
        logger.info("sign-in sheets printed", ["conf": plan.id, "sheets": sheets.map(\.code).joined(separator: ","), "rows": invited.count])
        let payload = Array("[".utf8) + Array(sheets.map { Array($0.jsonData()) }.joined(separator: Array(",".utf8))) + Array("]".utf8)
        return .ok(job.echo + [
            .init("conf", plan.id), .init("sheets", sheets.map(\.code).joined(separator: ",")),
            .init("rows", String(invited.count)), .init("blank", String(request.blank)),
        ], payload: payload)
    }

    /// Reads the numbers against the stored sheet and, unless a dry run, stores one paper
    /// check-in per row not checked in already, and the batch, in this transaction. A batch
    /// stored before is answered with what it stored then (`new=0`), and stores nothing.
    func paper(_ request: PaperRequest, job: WriteJob, state: inout ConferenceState) throws(StoreError) -> Reply {
        func refuse(_ message: String) -> Reply { .error(ProtocolError(.invalid, message), echo: job.echo) }
        func reply(_ batch: PaperBatch, isNew: Bool) -> Reply {
            .ok(job.echo + [
                .init("conf", batch.conference), .init("sheet", batch.sheet), .init("batch", batch.batch),
                .init("checkins", String(batch.checkIns.count)), .init("already", String(batch.already.count)),
                .init("new", isNew ? "1" : "0"),
            ], payload: Array(batch.jsonData()))
        }
        if let id = request.batch, let earlier = try store.sheets.batch(id) { return reply(earlier, isNew: false) }
        guard let code = SheetCode.normalized(request.sheet), let sheet = try store.sheets.sheet(code) else {
            return refuse("no sheet \(request.sheet) was printed here (the code is the \(SheetCode.length) characters on the sheet)")
        }
        guard sheet.conference == request.conference else {
            return refuse("sheet \(code) is of conference \(sheet.conference), not \(request.conference)")
        }
        guard let text = String(validating: job.payload ?? [], as: UTF8.self) else { return refuse("the numbers are not UTF-8 text") }
        let conference = sheet.conference
        let invited = try store.invited.all(conference: conference)
        let plan = try store.plans.plan(conference)
        // Checked in already means inside during the sheet's part, not at any time of the day:
        // the afternoon's sheet of someone who left at noon is their afternoon.
        let voided = Set(try store.voids.all(conference: conference).map(\.checkin.event))
        let events = try store.checkins.all(conference: conference).map {
            AttendanceEvent(delegate: $0.delegate, direction: $0.direction, at: $0.effectiveAt, voided: voided.contains($0.event))
        }
        let planned = PaperBatch.plan(
            sheet: sheet, numbers: text, at: request.at, batch: request.batch, plan: plan,
            checkedIn: PaperBatch.alreadyPresent(events: events, plan: plan, part: sheet.part),
            invited: Dictionary(invited.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }), now: job.receivedAt)
        let batch: PaperBatch
        switch planned {
        case .success(let result): batch = result
        case .failure(let refusal):
            let problems = refusal.all
            let shown = problems.prefix(8).map(\.description).joined(separator: "; ")
            return refuse("nothing stored: " + (problems.count > 8 ? "\(shown); and \(problems.count - 8) more" : shown))
        }
        if let earlier = try store.sheets.batch(batch.batch) { return reply(earlier, isNew: false) }
        if request.dryRun { return reply(batch, isNew: true) }
        for item in batch.checkIns {
            var check = CheckRequest(
                direction: .checkIn, delegate: item.id, conference: conference, method: .manual, terminalTime: Timestamp(rfc3339: item.at))
            check.paper = true
            guard case .stored(let record, _) = try store.checkins.record(
                check, conference: conference, receivedAt: job.receivedAt, source: job.source, effectiveAt: Timestamp(rfc3339: item.at),
                origin: .paper)
            else { throw StoreError(code: 1, message: "a paper check-in without term/seq was not stored") }
            if state.open?.id == conference { state.figures.noteStored(record.direction, delegate: record.delegate) }
        }
        try store.sheets.record(batch, at: job.receivedAt)
        try refreeze(conference, at: job.receivedAt, after: .paperEntry)
        logger.info("paper sheet entered", ["conf": conference, "sheet": batch.sheet, "batch": batch.batch, "checkins": batch.checkIns.count])
        return reply(batch, isNew: true)
    }
}
