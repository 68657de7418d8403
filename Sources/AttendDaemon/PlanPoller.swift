import AttendCore
import AttendIO
import AttendStore
import Foundation

/// A bridge point's fetch of the district's plans: commune halls sit behind NAT and only
/// connect upward, so the bridge point asks. At start, every `[push] poll` seconds, and after a
/// failed poll again within seconds (1 s doubling, at most the poll interval), so it has what
/// was published during an outage within seconds of the line coming back.
///
/// Each round first sends the confirmations the hub lacks (`hall_plan.confirmed = 0`, kept
/// across restarts), then polls (`PlanPoll`): the answer's signature is checked against this
/// very poll, its plans handed to the writer, which applies them (`PlanAdoptionRule`) and
/// keeps the outcome for the next round's confirmation. Every poll measures the box's clock
/// against the hub's.
///
/// `@unchecked Sendable`: `store`, `seq`, `failures` and `submitted` are used only by the poll
/// thread; the figures shown in the status file are guarded by `lock`.
final class PlanPoller: PeriodicPart, @unchecked Sendable {
    private let host: String
    private let port: Int
    private let bridge: BridgeKey
    private let path: String
    private let writer: Writer
    private let logger: Logger
    private let pollSeconds: Double
    private let timeoutSeconds: Double
    private let clockOffsetLimitSeconds: Int
    let thread = PeriodicThread(name: "attendd-plans")
    private let interrupter = SocketInterrupter()
    private var store: AttendanceStore?
    /// The last seq used; the next is above it and above the clock in ms.
    private var seq: Int64 = 0
    private var failures = 0
    /// Revisions handed to the writer and maybe not committed yet, with when: the next polls
    /// say the hall has them. Forgotten after `submittedMilliseconds`, so a revision the writer could
    /// not store (storage failing) is fetched again.
    private var submitted: [String: (revision: Int64, at: Int64)] = [:]
    private static let submittedMilliseconds: Int64 = 30_000
    private let lock = NSLock()
    /// Called on the poll thread after every poll that got through (the pusher, waiting out a
    /// backoff, tries at once: the hub is back). Set before `start()`.
    var onHubHeard: (@Sendable () -> Void)?
    private var figures = StatusSnapshot.PlanPollStatus(from: "", every: 0)

    init(to hostPort: String, bridge: BridgeKey, databasePath: String, writer: Writer, logger: Logger, pollSeconds: Int,
         timeoutSeconds: Int, clockOffsetLimitSeconds: Int) throws(StartupError) {
        guard let (host, port) = IPv4Range.parseHostPort(hostPort) else { throw StartupError("[push] to must be IPV4:PORT, got \(hostPort)") }
        self.host = host
        self.port = port
        self.bridge = bridge
        path = databasePath
        self.writer = writer
        self.logger = logger
        self.pollSeconds = Double(pollSeconds)
        self.timeoutSeconds = Double(timeoutSeconds)
        self.clockOffsetLimitSeconds = clockOffsetLimitSeconds
        figures = StatusSnapshot.PlanPollStatus(from: "\(host):\(port)", every: pollSeconds)
        figures.clockOffsetLimit = clockOffsetLimitSeconds
    }

    let partName = "plan-poller"

    func start() { thread.start { [self] in round() } }

    func requestStop() {
        thread.requestStop()
        interrupter.interrupt()
    }

    var stopTimeoutMilliseconds: Int64 { 1_000 }



    var status: StatusSnapshot.PlanPollStatus {
        lock.lock()
        defer { lock.unlock() }
        return figures
    }

    /// One round; returns the pause before the next.
    private func round() -> Double {
        do {
            let reader = try store ?? AttendanceStore(path: path, readOnly: true)
            store = reader
            let client = try LineClient(
                host: host, port: port, connectTimeoutMilliseconds: Int32(timeoutSeconds * 1000), interrupter: interrupter)
            let held = try reader.hallPlans.all()
            let notApplied = held.filter { $0.outcome != .applied }.map { "\($0.conference) rev \($0.revision) \($0.outcome.rawValue): \($0.reason)" }
            lock.lock()
            figures.notApplied = notApplied.isEmpty ? nil : notApplied
            lock.unlock()
            for record in held where !record.confirmed { try confirm(record, over: client) }
            let fetched = try poll(held: held, store: reader, over: client)
            onHubHeard?()
            let wasFailing = failures > 0
            failures = 0
            lock.lock()
            figures.lastError = nil
            lock.unlock()
            if wasFailing { logger.info("the district's plans are reachable again", ["hub": "\(host):\(port)"]) }
            // Fetched plans are confirmed as soon as the writer has applied them.
            return fetched > 0 ? 0.2 : pollSeconds
        } catch where interrupter.isInterrupted {
            return 0
        } catch {
            failures += 1
            lock.lock()
            figures.lastError = "\(error)"
            figures.failures += 1
            lock.unlock()
            if failures == 1 || failures % 10 == 0 {
                logger.warning("polling the district for plans failed; retrying", ["error": "\(error)"])
            }
            return min(pollSeconds, pow(2, Double(min(failures - 1, 10))))
        }
    }

    /// Never traps: at the top of Int64 the seq stays there (the hub refuses it, and says so).
    private func nextSeq() -> Int64 {
        let (above, overflow) = seq.addingReportingOverflow(1)
        seq = max(overflow ? seq : above, Clock.now().milliseconds)
        return seq
    }

    /// Sends one exchange, reading at most a line of 64 KiB and a payload of `PlanBatch.maxJSONBytes`.
    private func exchange(_ line: RequestLine, over client: LineClient) throws -> Reply {
        client.setSendTimeout(seconds: timeoutSeconds)
        try client.send(bytes: LineEncoder.encode(line))
        guard let text = try client.readLine(timeoutSeconds: timeoutSeconds, maxBytes: 65_536) else {
            throw PlanExchangeError("the hub closed the connection without a reply")
        }
        var reply = try Reply.decode(text)
        if reply.isOK, let count = reply["bytes"].flatMap(Int.init) {
            guard (0...PlanBatch.maxJSONBytes).contains(count) else {
                throw PlanExchangeError("the hub announced \(count) bytes of plans; the limit is \(PlanBatch.maxJSONBytes)")
            }
            guard let body = try client.readBytes(count, timeoutSeconds: timeoutSeconds) else {
                throw PlanExchangeError("the hub's plans were cut short")
            }
            reply.payload = body
        }
        if !reply.isOK, let sent = line["nonce"].flatMap(Int64.init),
           let last = PlanPoll.signedLastNonce(reply, bridge: bridge.id, seq: sent, key: bridge.key), last >= seq {
            // The hub took a higher seq from this bridge point before (its clock went back): go on
            // above it. Only the hub's signed word moves it: an unsigned last_nonce= is ignored.
            seq = last
        }
        return reply
    }

    private func confirm(_ record: HallPlanRecord, over client: LineClient) throws {
        let confirmation = PlanConfirmation(
            bridge: bridge.id, seq: nextSeq(), conference: record.conference, revision: record.revision, outcome: record.outcome,
            size: record.size, reason: String(record.reason.utf8.prefix(Request.maxTitleBytes)) ?? "")
        let reply = try exchange(confirmation.line(key: bridge.key), over: client)
        // A replayed seq is retried in the next round above the hub's; an answer not signed as the
        // hub's to this confirmation (a forged OK would keep it from the board for good) is retried
        // too; a signed refusal is final for this revision (the hub will not take it later either).
        if PlanPoll.signedLastNonce(reply, bridge: bridge.id, seq: confirmation.seq, key: bridge.key) != nil {
            throw PlanExchangeError("the hub refused the confirmation's seq; retrying above it")
        }
        guard confirmation.isHubsReply(reply, key: bridge.key) else {
            throw PlanExchangeError("the answer to the confirmation of \(record.conference) rev \(record.revision) is not signed by the hub: \(reply["msg"] ?? "")")
        }
        if !reply.isOK {
            logger.warning("the district refused a plan confirmation", ["conf": record.conference, "rev": record.revision, "why": reply["msg"] ?? ""])
        }
        writer.submit([WriteJob(
            work: .planConfirmed(conference: record.conference, revision: record.revision), echo: [], receivedAt: Clock.now(), source: nil,
            target: .none)])
    }

    /// Polls once; returns how many plans were fetched and handed to the writer.
    private func poll(held: [HallPlanRecord], store: AttendanceStore, over client: LineClient) throws -> Int {
        let now = Clock.monotonicMilliseconds()
        submitted = submitted.filter { now - $0.value.at < Self.submittedMilliseconds }
        var holdings: [PlanPoll.Holding] = []
        for record in held.prefix(PlanPoll.maxHoldings) {
            let revision = max(record.revision, submitted[record.conference]?.revision ?? 0)
            holdings.append(.init(conference: record.conference, revision: revision, expected: try store.plans.plan(record.conference)?.expected))
        }
        for (conference, entry) in submitted where !held.contains(where: { $0.conference == conference }) {
            holdings.append(.init(conference: conference, revision: entry.revision))
        }
        let sentAt = Clock.now().milliseconds
        let poll = PlanPoll(bridge: bridge.id, seq: nextSeq(), clock: sentAt, have: holdings)
        let reply = try exchange(poll.line(key: bridge.key), over: client)
        let answeredAt = Clock.now().milliseconds
        let answer: (hubTime: Int64, batch: PlanBatch)
        do {
            answer = try poll.checkAnswer(reply, key: bridge.key)
        } catch {
            if error.code == .notAuthorised || error.code == .invalid {
                lock.lock()
                figures.refusedAnswers += 1
                lock.unlock()
            }
            throw PlanExchangeError(error.message)
        }
        // The hub's clock minus the box's, at the middle of the exchange.
        let offset = Double(answer.hubTime - (sentAt + answeredAt) / 2) / 1000
        if abs(offset) > Double(clockOffsetLimitSeconds) {
            logger.warning("this box's clock is off from the district's", ["offset_s": offset, "limit_s": clockOffsetLimitSeconds])
        }
        lock.lock()
        figures.lastPoll = Clock.now().vietnam
        figures.clockOffsetSeconds = (offset * 10).rounded() / 10
        figures.plansFetched += answer.batch.plans.count
        lock.unlock()
        for plan in answer.batch.plans where plan.revision > submitted[plan.conference]?.revision ?? 0 {
            submitted[plan.conference] = (plan.revision, Clock.monotonicMilliseconds())
        }
        writer.submit(answer.batch.plans.map { WriteJob(work: .applyPlan($0), echo: [], receivedAt: Clock.now(), source: nil, target: .none) })
        if !answer.batch.plans.isEmpty {
            logger.info("district plans fetched", ["plans": answer.batch.plans.map { "\($0.conference)@\($0.revision)" }.joined(separator: ",")])
        }
        return answer.batch.plans.count
    }
}

/// A plan exchange with the hub that did not complete.
struct PlanExchangeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
