import AttendCore
import AttendIO
import AttendStore
import Foundation

/// Answers every `Query` (reports, FIND, SUMMARY, HISTORY, OUTBOX, the lists) on a read-only
/// connection of its own, off the event loop and the writer, so a tally of thousands of
/// delegates never delays a check-in's acknowledgement.
///
/// Queries wait in a `QueryScheduler`: sources take turns (the control socket every other
/// turn), each source and the whole queue are bounded (excess answered `ERR busy` at once), and
/// the queries of a connection that closed are dropped before they run.
///
/// `@unchecked Sendable`: `store` and `findIndexes` are used only on `queue`'s thread;
/// `scheduler` is guarded by `lock`.
final class QueryReader: BackgroundPart, @unchecked Sendable {
    /// Queries one source may have waiting: a terminal asks one at a time, attendctl too.
    static let perSource = 8
    /// Queries waiting in all (each holds its command and reply slot, a few hundred bytes).
    static let queueLimit = 256

    private let queue = SerialWorker(name: "attendd-reports")
    private let path: String
    let writer: Writer
    private var store: AttendanceStore?
    /// FIND's folded-name index of each recently searched conference.
    var findIndexes = FindIndexes()
    /// On a hub, the bridge points it expects tallies from.
    let bridges: [BridgeKey]
    /// `[push] clock_offset_limit`: the plan board flags a bridge point's clock beyond it.
    var clockOffsetLimitSeconds = 30
    /// The hub's live board; set before `start()`.
    var liveBoard: LiveBoardStore?

    /// The live roll-up of `conference` at this moment, as a value (what `DISTRICT` shows, and the
    /// entry point for reports); nil when no hall sent a summary of it.
    func liveRollup(_ conference: String) -> DistrictLive? {
        guard let liveBoard else { return nil }
        return DistrictLive.compute(conference: conference, board: liveBoard.snapshot, bridges: bridges, at: Clock.now())
    }
    /// `[daemon] site_name`, for the printed (HTML) reports.
    let siteName: String
    /// `[report]`, for the printed (HTML) reports; set before `start()`.
    var heading = ReportHeading()
    private let lock = NSLock()
    private var scheduler = QueryScheduler<QueryJob>(perSource: QueryReader.perSource, total: QueryReader.queueLimit)

    init(path: String, writer: Writer, bridges: [BridgeKey] = [], siteName: String = "") {
        self.path = path
        self.writer = writer
        self.bridges = bridges
        self.siteName = siteName
    }

    let partName = "query-reader"

    func start() { queue.start() }

    /// Ends the thread once the queries queued have been answered (the daemon reads no more).
    func requestStop() { queue.requestStop() }

    func waitUntilStopped(timeoutMilliseconds: Int64) -> Bool { queue.waitUntilStopped(timeoutMilliseconds: timeoutMilliseconds) }

    /// Queues the query of `source` sent on `connection`; its reply reaches the event loop
    /// through the writer's results (a refusal at once, `ERR busy`).
    func submit(_ job: QueryJob, source: QueryScheduler<QueryJob>.Source, connection: UInt64) {
        lock.lock()
        let admission = scheduler.enqueue(job, from: source, connection: connection)
        lock.unlock()
        switch admission {
        case .queued(let evicted):
            if let evicted { refuse(evicted, "the query queue is full; retry") }
            queue.async { [self] in runNext() }
        case .sourceFull:
            refuse(job, "more than \(Self.perSource) queries waiting from this address; retry when they are answered")
        case .queueFull:
            refuse(job, "the query queue is full (\(Self.queueLimit) waiting); retry")
        }
    }

    /// Drops the queries still waiting from `connection`, which closed.
    func cancel(connection: UInt64) {
        lock.lock()
        scheduler.cancel(connection: connection)
        lock.unlock()
    }

    private func refuse(_ job: QueryJob, _ message: String) {
        writer.post([WriteResult(target: job.target, reply: .error(ProtocolError(.busy, message), echo: job.echo), terminal: nil, stored: nil)])
    }

    /// Runs the query whose turn it is (one `runNext` is queued for each admitted query; a
    /// query dropped or pushed out leaves one with nothing to do).
    private func runNext() {
        lock.lock()
        let next = scheduler.next()
        lock.unlock()
        guard let job = next else { return }
        let reply: Reply
        do {
            reply = try answer(job.work, echo: job.echo)
        } catch let error as ProtocolError {
            reply = .error(error, echo: job.echo)
        } catch {
            reply = .error(ProtocolError(.unavailable, "cannot read the database: \(error)"), echo: job.echo)
        }
        writer.post([WriteResult(target: job.target, reply: reply, terminal: nil, stored: nil)])
    }

    /// This reader's read-only connection, opened on first use (on the thread that uses it).
    func readStore() throws -> AttendanceStore {
        let store = try self.store ?? AttendanceStore(path: path, readOnly: true)
        self.store = store
        return store
    }

    /// The reply to `query`; also called by `ReportFiles` on its own thread and reader.
    func answer(_ query: Query, echo: [RequestLine.Field]) throws -> Reply {
        let store = try readStore()
        switch query {
        case .report(let named, let format, let language, let number):
            guard let conference = try named ?? store.conferences.openOnes().last?.id ?? store.conferences.lastClosedOne()?.id else {
                throw ProtocolError(.noConference, "no conference to report on; give conf=")
            }
            guard let tally = try store.tally(conference: conference) else {
                throw ProtocolError(.noConference, "conference \(conference) does not exist")
            }
            let voids = try store.voids.all(conference: conference).map(\.reported)
            let body: [UInt8]
            switch format {
            case .text: body = Array(tally.textReport(language: language, voids: voids).utf8)
            case .csv: body = tally.csv(language: language)
            case .json: body = Array(tally.jsonData())
            case .html:
                let lineTests = try store.incidents.latestLineTests()
                body = Array(tally.htmlReport(
                    language: language, site: siteName, generatedAt: Clock.now(), lineTests: lineTests, voids: voids, heading: heading.numbered(number)).utf8)
            case .xlsx: body = tally.xlsx(language: language, site: siteName, generatedAt: Clock.now())
            }
            return .ok(echo + [.init("conf", conference), .init("format", format.rawValue)], payload: body)
        case .history(let delegate):
            var entries: [DelegateHistory.Entry] = []
            var name: String?
            let records = try store.checkins.all(delegate: delegate)
            let conferences = Set(try store.invited.conferences(of: delegate)).union(records.map(\.conference))
            for conference in conferences.sorted() {
                guard let plan = try store.plans.plan(conference) else { continue }
                let invited = try store.invited.find(delegate, conference: conference)
                name = name ?? invited?.fullName
                let voided = Set(try store.voids.all(conference: conference).map(\.checkin.event))
                let events = records.filter { $0.conference == conference }.map {
                    AttendanceEvent(delegate: $0.delegate, direction: $0.direction, at: $0.effectiveAt, voided: voided.contains($0.event))
                }
                // Not invited and every scan voided: as if never scanned, not a walk-in.
                if invited == nil, events.allSatisfy(\.voided) { continue }
                entries.append(DelegateHistory.entry(
                    plan: plan, delegate: invited, id: delegate, reason: try store.invited.excuses(conference: conference)[delegate],
                    events: events))
            }
            let history = DelegateHistory(delegate: delegate, name: name, entries: entries)
            return .ok(echo + [.init("id", delegate), .init("conferences", String(entries.count))], payload: Array(history.textReport().utf8))
        case .year(let query):
            return try year(query, store: store, echo: echo)
        case .find(let query, let named):
            return try find(query, conference: named, echo: echo, store: store)
        case .listIncidents:
            // Open incidents, then those of the last 7 days.
            let now = Clock.now()
            let recent = try store.incidents.overlapping(from: Timestamp(milliseconds: now.milliseconds - 7 * 86_400_000), to: now)
            var body = ""
            for incident in recent.sorted(by: { ($0.end == nil ? 0 : 1, $0.start) < ($1.end == nil ? 0 : 1, $1.start) }) {
                let minutes = ((incident.end ?? now).milliseconds - incident.start.milliseconds) / 60_000
                body += "\(incident.id)\t\(incident.kind.rawValue)\t\(incident.end == nil ? "OPEN" : "ended")\t"
                    + "\(incident.start.vietnam)\t\(incident.end?.vietnam ?? "-")\t\(minutes) min\t"
                    + "\(incident.source.rawValue)\(incident.sourceName.map { " " + $0 } ?? "")\t\(incident.note)\n"
            }
            let open = recent.filter { $0.end == nil }.count
            return .ok(echo + [.init("open", String(open)), .init("recent", String(recent.count))], payload: Array(body.utf8))
        case .listOutbox:
            // One entry a line: conference, revision, created, pushed (or "waiting").
            let entries = try store.push.outbox()
            let body = entries.map { "\($0.conference)\t\($0.revision)\t\($0.createdAt.vietnam)\t\($0.pushedAt?.vietnam ?? "waiting")\n" }.joined()
            return .ok(echo + [.init("waiting", String(entries.filter { $0.pushedAt == nil }.count))], payload: Array(body.utf8))
        case .districtRollup(let conference, let format, let language, let number):
            let scope = try districtScope(conference, store: store)
            let summaries = scope.withPlannedCounts(try store.push.newestSummaries(conference: conference))
            var rollup = DistrictRollup.compute(conference: conference, bridges: scope.bridges, summaries: summaries)
            rollup.plan = try planBoard(conference, store: store)
            rollup.live = liveRollup(conference)
            let body: [UInt8]
            switch format {
            case .text: body = Array((scope.notice(language) + rollup.textReport(language: language)).utf8)
            case .csv: body = rollup.csv(language: language)
            case .json: body = Array(rollup.jsonData())
            case .html:
                body = Array(rollup.htmlReport(
                    conference: summaries.first?.summary.conference, district: siteName, language: language, generatedAt: Clock.now(),
                    heading: heading.numbered(number)).utf8)
            case .xlsx: body = rollup.xlsx(conference: summaries.first?.summary.conference, language: language, generatedAt: Clock.now())
            }
            return .ok(echo + [
                .init("conf", conference), .init("reported", String(rollup.reported.count)), .init("missing", String(rollup.missing.count)),
                .init("invited", String(rollup.total.invited)), .init("present", String(rollup.total.present)),
                .init("format", format.rawValue),
            ] + scope.replyFields, payload: body)
        case .listConferences:
            // One conference a line: id, date, state, parts, invited, delegates who came (walk-ins too), title.
            var body = ""
            let records = try store.conferences.all()
            for record in records {
                let plan = try store.plans.plan(record.id)
                let state = record.isOpen ? "open" : record.closedAt != nil ? "closed" : plan?.autoSchedule == true ? "scheduled" : "planned"
                let invited = try store.invited.count(conference: record.id)
                let arrived = try store.checkins.checkedInDelegates(conference: record.id).count
                body += "\(record.id)\t\(plan?.date ?? "")\t\(state)\t\(plan?.parts.count ?? 0)\t\(invited)\t\(arrived)\t\(record.title)\n"
            }
            return .ok(echo + [.init("conferences", String(records.count))], payload: Array(body.utf8))
        case .listVoids(let conference):
            // One void a line: event, conference, delegate, direction, received, voided, by, reason.
            let voids = try store.voids.all(conference: conference)
            let body = voids.map { void in
                let checkin = void.checkin
                return [String(checkin.event), checkin.conference, checkin.delegate, checkin.direction.rawValue, checkin.receivedAt.vietnam,
                        void.voidedAt.vietnam, void.by, void.reason].joined(separator: "\t") + "\n"
            }.joined()
            return .ok(echo + [.init("voids", String(voids.count))], payload: Array(body.utf8))
        case .roster(let named, let bridge):
            if let halls = try hallRosters(named, bridge: bridge, store: store) {
                return .ok(echo + [
                    .init("conf", halls.first?.conference ?? named ?? ""), .init("invited", String(halls.map(\.delegates.count).reduce(0, +))),
                    .init("halls", String(halls.count)),
                ], payload: Array(Roster.list(halls)))
            }
            let roster = try self.roster(named, store: store)
            return .ok(echo + [.init("conf", roster.conference), .init("invited", String(roster.delegates.count))], payload: Array(roster.jsonData()))
        case .planBoard(let conference, let format, let language):
            return try planBoard(conference, format: format, language: language, store: store, echo: echo)
        case .summary:
            guard let open = try store.conferences.openOnes().last else { throw ProtocolError(.noConference, "no conference is open") }
            let invited = Set(try store.invited.all(conference: open.id).map(\.id))
            let came = try store.checkins.checkedInDelegates(conference: open.id)
            let arrived = came.filter(invited.contains).count
            return .ok(echo + [
                .init("conf", open.id), .init("title", open.title), .init("invited", String(invited.count)),
                .init("arrived", String(arrived)), .init("walk_ins", String(came.count - arrived)),
            ])
        }
    }
}

extension VoidRecord {
    /// The void as the reports list it: at the time the entry counted (a queued scan's or a
    /// paper sheet's time), as the tally and its lists show it.
    var reported: VoidedEvent {
        VoidedEvent(
            event: checkin.event, delegate: checkin.delegate, direction: checkin.direction, at: checkin.effectiveAt.vietnam,
            voidedAt: voidedAt.vietnam, by: by, byControl: byControl, reason: reason)
    }
}
