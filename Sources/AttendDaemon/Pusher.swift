import AttendCore
import AttendIO
import AttendStore
import Foundation
import Glibc

/// Delivers the outbox to the district hub on its own thread: the newest revision of each
/// closed conference, signed, over TCP in the line protocol. An entry leaves the outbox only on
/// the hub's OK; failures are retried on `PushRetrySchedule` (1 s doubling to 30 s, jitter, and
/// sooner when the plan poller hears the hub), across restarts, since the outbox is in the database.
///
/// `@unchecked Sendable`: `store` is used only by the push thread; `schedule` and the figures
/// shown in the status file are guarded by `lock` (the poll thread moves the schedule too).
final class Pusher: PeriodicPart, @unchecked Sendable {

    private let host: String
    private let port: Int
    private let bridge: BridgeKey
    private let path: String
    private let writer: Writer
    private let logger: Logger
    /// `[push] timeout`: a hub that accepts and does not answer within this is a failed attempt.
    var replyTimeoutSeconds = 15.0
    private let lock = NSLock()
    let thread = PeriodicThread(name: "attendd-push")
    /// Cuts the push under way short when a stop is asked (its socket is shut).
    private let interrupter = SocketInterrupter()
    private var store: AttendanceStore?
    /// When to try again after failures; read and moved under `lock`.
    private var schedule = PushRetrySchedule()
    private var lastSuccess: Timestamp?
    private var lastError: String?
    private var waiting = 0
    /// Failed attempts since start, for the metrics (`failures` is the streak, reset on success).
    private var failedAttempts = 0
    /// Called on the push thread when a push succeeds after failed ones (the plan poller fetches
    /// at once). Set before `start()`.
    var onReconnect: (@Sendable () -> Void)?

    init(to hostPort: String, bridge: BridgeKey, databasePath: String, writer: Writer, logger: Logger) throws(StartupError) {
        // The config parser has checked it.
        guard let (host, port) = IPv4Range.parseHostPort(hostPort) else { throw StartupError("[push] to must be IPV4:PORT, got \(hostPort)") }
        self.host = host
        self.port = port
        self.bridge = bridge
        path = databasePath
        self.writer = writer
        self.logger = logger
    }

    func start() {
        thread.start { [self] in pushNext() }
    }

    let partName = "pusher"

    /// Ends the pushes, cutting short the one under way: a push can wait `[push] timeout`
    /// twice (connect, reply), and a stopping daemon must not, so its socket is shut and the
    /// exchange ends at once. Its tally stays in the outbox and is sent again after the
    /// restart; a hub that had it already answers the repeat `new=0`.
    func requestStop() {
        thread.requestStop()
        interrupter.interrupt()
    }

    /// The pusher ends at once when asked (see `requestStop`); this bounds a stop that finds
    /// it somewhere no socket reaches (opening the database).
    var stopTimeoutMilliseconds: Int64 { 1_000 }



    /// For the status file.
    var status: StatusSnapshot.PushStatus {
        lock.lock()
        defer { lock.unlock() }
        return .init(to: "\(host):\(port)", bridge: bridge.id, waiting: waiting, lastSuccess: lastSuccess?.vietnam, lastError: lastError,
                     failures: failedAttempts)
    }

    /// The hub answered something else (a plan poll got through): a push waiting out its
    /// backoff comes forward to within `PushRetrySchedule.heardSpreadSeconds`. Any thread.
    func hubHeard() {
        lock.lock()
        let moved = schedule.hubHeard(at: Self.seconds(), random: Double.random(in: 0..<1))
        lock.unlock()
        if moved { poke() }
    }

    /// The schedule's time line: the monotonic clock in seconds, so a stepped wall clock moves no retry.
    private static func seconds() -> Double { Double(Clock.monotonicMilliseconds()) / 1000 }

    /// Delivers the next waiting tally, if any; returns the pause before the next attempt.
    private func pushNext() -> Double {
        lock.lock()
        let due = schedule.pause(at: Self.seconds())
        let wasFailing = schedule.failures > 0
        lock.unlock()
        if due > 0 { return due }  // woken before the schedule's time (a poke that moved nothing)
        do {
            let reader = try store ?? AttendanceStore(path: path, readOnly: true)
            store = reader
            let count = try reader.push.waiting()
            lock.lock()
            waiting = count
            lock.unlock()
            guard let next = try reader.push.nextPending() else { return 1 }
            try deliver(next.conference, next.revision, next.payload)
            if wasFailing { onReconnect?() }
            lock.lock()
            schedule.succeeded()
            lastSuccess = Clock.now()
            lastError = nil
            lock.unlock()
            return 0.2  // the writer marks it pushed; then the next one
        } catch where interrupter.isInterrupted {
            // Cut short by a stop: not a failure of the hub's; the tally waits in the outbox.
            logger.info("push cut short: attendd is stopping; it is sent again after the restart", ["error": "\(error)"])
            return 0
        } catch {
            lock.lock()
            let delay = schedule.failed(at: Self.seconds(), random: Double.random(in: 0..<1))
            let failures = schedule.failures
            lastError = "\(error)"
            failedAttempts += 1
            lock.unlock()
            if failures == 1 || failures % 10 == 0 {
                logger.warning("push to the district failed; retrying", ["error": "\(error)", "retry_in_s": Int(delay)])
            }
            return delay
        }
    }

    private func deliver(_ conference: String, _ revision: Int64, _ payload: [UInt8]) throws {
        // `[push] timeout` bounds the connect as well as the reply, so a stop never waits long.
        let client = try LineClient(
            host: host, port: port, connectTimeoutMilliseconds: Int32(replyTimeoutSeconds * 1000), interrupter: interrupter)
        let line = TallyPush.line(bridge: bridge.id, conference: conference, revision: revision, payload: payload, key: bridge.key)
        let reply: Reply
        do {
            reply = try client.request(
                line.text, payload: payload, timeoutSeconds: replyTimeoutSeconds)
        } catch let error as ProtocolError {
            throw PushUnreadable(problem: error.message)
        }
        guard reply.isOK else { throw PushRefused(reply: reply) }
        // Only a hub's OK for this very tally empties the outbox: a bare OK from something else
        // listening on the port (a misconfigured service, a broken proxy) must not.
        guard reply["bridge"] == bridge.id, reply["conf"] == conference, reply["rev"] == String(revision) else {
            throw PushRefused(reply: reply, unexpected: true)
        }
        writer.submit([WriteJob(
            work: .markPushed(conference: conference, revision: revision), echo: [], receivedAt: Clock.now(), source: nil,
            target: .none)])
        logger.info("tally delivered to the district", ["conf": conference, "rev": revision])
    }
}

/// The hub answered a push with an error.
struct PushRefused: Error, CustomStringConvertible {
    let reply: Reply
    /// An OK that does not name the tally sent: not a hub's answer.
    var unexpected = false
    var description: String {
        if unexpected { return "the district's reply does not name the tally sent: \(String(decoding: reply.encoded().prefix(120), as: UTF8.self))" }
        return "the district refused it: \(reply.error?.rawValue ?? "?") \(reply["msg"] ?? "")"
    }
}

/// The hub's answer is not a line of the protocol (another service on its port, a broken proxy).
struct PushUnreadable: Error, CustomStringConvertible {
    let problem: String
    var description: String { "the district's reply is not a protocol line: \(problem)" }
}
