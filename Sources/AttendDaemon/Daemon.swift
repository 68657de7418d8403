import AttendCore
import AttendIO
import AttendStore
import CAttendSys
import Foundation
import Glibc

/// The running daemon: one event-loop thread for every socket, one writer thread for SQLite.
///
/// The loop reads lines, routes them with the pure `RequestRouter`, answers what needs no
/// storage at once and queues the rest for the writer; after each group commit the writer
/// wakes the loop, which sends the replies in request order.
public final class Daemon {
    enum Token {
        static let tcpListener: UInt64 = 1
        static let udp: UInt64 = 2
        static let controlListener: UInt64 = 3
        static let writerWake: UInt64 = 4
        static let signals: UInt64 = 5
        static let timer: UInt64 = 6
        static let firstConnection: UInt64 = 100
    }

    /// How long a stopping daemon waits for replies to drain before it exits anyway.
    static let stopGraceMilliseconds: Int64 = 10_000
    /// UDP requests waiting for the writer beyond this get `ERR busy`.
    static let maxDatagramsInFlight = 65_536

    let options: DaemonOptions
    var config: Config
    var logger: Logger
    let notifier: SystemdNotifier?
    let loop: EventLoop
    let writer: Writer
    let reports: QueryReader
    let tallyChecker: TallyChecker
    let checkpointer: Checkpointer
    /// Checks the `[probes]` targets; nil without targets.
    let prober: Prober?
    /// Delivers the outbox to the district; nil unless `[push] to` is set.
    let pusher: Pusher?
    let lineTester = LineTester()
    /// Every background part above, started and stopped in one order.
    let parts: PartGroup
    let startedAt = Clock.now()
    let signalFD: Int32
    let wakeFD: Int32
    let timerFD: Int32
    let lockFD: Int32
    var tcpListener: Int32 = -1
    var udpSocket: Int32 = -1
    var controlListener: Int32 = -1
    /// The TCP and UDP port actually bound (the configured one, or the kernel's pick for 0).
    var port = 0

    var connections: [UInt64: Connection] = [:]
    var nextConnectionID = Token.firstConnection
    /// Terminal connections open now (the control socket's are not counted).
    var streamConnections = 0
    /// Jobs routed in this loop turn, handed to the writer together at its end.
    var jobs: [WriteJob] = []
    /// Connections with new replies to send at the end of this loop turn.
    var touched: [Connection] = []
    var datagramsInFlight = 0
    /// Bytes all connections' buffers hold now, against `[limits] max_input_buffer`.
    var inputBytesHeld = 0
    /// Payloads handed to the writer or the tally checker, by their reply target, with their
    /// size: counted in `inputBytesHeld` until their reply, even after their connection closed.
    var queuedPayloads: [QueuedPayload: Int] = [:]
    /// A connection holding a sizeable buffer closed since the heap was last trimmed.
    var heapToTrim = false
    var rateLimiter: RateLimiter
    /// `[terminals] from` and the terminal keys: who may talk from the network.
    var authenticator: LineAuthenticator
    var clockSteps = ClockStepDetector()
    var terminals = TerminalRegistry()
    var counters = StatusCounters()
    let statusReporter: StatusReporter
    var watchdogInterval: Int64?
    var lastWatchdog: Int64 = 0
    var lastScheduleCheck: Int64 = 0
    /// How often conferences that follow their schedule are checked for opening or closing.
    static let scheduleCheckMilliseconds: Int64 = 10_000
    var stopping = false
    var stopRequested = false
    var stopDeadline: Int64 = 0
    /// The last STATUS= line sent to systemd.
    var statusSummary = ""
    /// Reused for every read.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)

    /// Sets everything up and binds the sockets; throws a message for the admin on failure.
    /// Call `blockSignals()` first, before any thread exists.
    public init(options: DaemonOptions, config: Config, signalFD: Int32) throws(StartupError) {
        self.options = options
        self.config = config
        self.signalFD = signalFD
        logger = Logger(level: config.logLevel, environment: options.environment)
        notifier = SystemdNotifier(environment: options.environment)
        rateLimiter = RateLimiter(rate: config.ratePerSource, burst: config.rateBurst)
        statusReporter = StatusReporter(logger: logger)
        let files = Daemon.raiseFileLimit()
        // A fixed mmap threshold: a payload buffer over 128 KiB is its own mapping, given back
        // to the system when freed. glibc's default raises the threshold after such a free, so
        // later buffers came from the heap and RSS stayed up after an attack ended.
        _ = attend_fix_mmap_threshold(128 * 1024)
        if files < config.maxConnections + 64 {
            logger.warning("open-file limit is below max_connections; raise LimitNOFILE", ["limit": files])
        }
        do {
            loop = try EventLoop()
            for directory in [config.stateDirectory, config.runtimeDirectory] {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            }
        } catch {
            throw StartupError("cannot prepare directories: \(error)")
        }
        lockFD = try Daemon.lockStateDirectory(config.stateDirectory)
        let store: AttendanceStore
        do {
            store = try AttendanceStore(path: config.databasePath, autoCheckpoint: false)
            checkpointer = try Checkpointer(path: config.databasePath, logger: logger)
        } catch {
            throw StartupError("cannot open the database \(config.databasePath): \(error)")
        }
        authenticator = try Daemon.terminalAuthenticator(config, checkins: store.checkins)
        wakeFD = attend_eventfd()
        timerFD = attend_timerfd(1000)
        guard wakeFD >= 0, timerFD >= 0 else { throw StartupError("eventfd/timerfd: \(SystemError("create"))") }
        let pushKey = try Daemon.pushKey(config)
        let hubBridges = config.hubKeysFile.isEmpty ? nil : try Daemon.readKeys(config.hubKeysFile)
        do {
            writer = try Writer(
                store: store, logger: logger, wakeFD: wakeFD, pushBridgeID: pushKey?.id,
                hubKeys: hubBridges.map { Dictionary($0.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) })
        } catch {
            throw StartupError("cannot read the database \(config.databasePath): \(error)")
        }
        writer.reportDelayMinutes = config.hubReportDelayMinutes
        writer.voidMinutes = config.voidMinutes
        reports = QueryReader(path: config.databasePath, writer: writer, bridges: hubBridges ?? [], siteName: config.siteName.isEmpty ? config.bridgeID : config.siteName)
        tallyChecker = TallyChecker(keys: writer.hubKeys, writer: writer, logger: logger)
        if let pushKey {
            pusher = try Pusher(to: config.pushTo, bridge: pushKey, databasePath: config.databasePath, writer: writer, logger: logger)
            pusher?.replyTimeoutSeconds = Double(config.pushTimeoutSeconds)
        } else {
            pusher = nil
        }
        prober = config.probeTargets.isEmpty ? nil : Prober(config: config, writer: writer)
        if let pusher { writer.onQueued = { pusher.poke() } }  // before any thread starts: read without a lock
        parts = PartGroup.daemonParts(status: statusReporter, checkpointer: checkpointer, reports: reports, pusher: pusher,
                                      writer: writer, tallyChecker: tallyChecker, prober: prober, lineTester: lineTester, logger: logger)
        if let interval = SystemdNotifier.watchdogInterval(environment: options.environment) {
            watchdogInterval = Int64(interval.components.seconds) * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
        }
        do throws(SystemError) {
            try bindNetwork()
            try bindControlSocket()
            try loop.add(wakeFD, events: EventLoop.readable, token: Token.writerWake)
            try loop.add(signalFD, events: EventLoop.readable, token: Token.signals)
            try loop.add(timerFD, events: EventLoop.readable, token: Token.timer)
        } catch {
            throw StartupError("cannot listen: \(error)")
        }
        pinTerminals()
    }

    /// Blocks SIGINT, SIGTERM and SIGHUP and returns a signalfd for them. Call first in `main`,
    /// before any thread starts, so every thread inherits the mask.
    public static func blockSignals() -> Int32 {
        attend_ignore_sigpipe()
        return attend_signalfd()
    }

    /// Serves until SIGTERM or SIGINT; returns the exit status.
    public func run() -> Int32 {
        parts.start()
        _ = notifier?.ready(status: "listening on port \(port)")
        writeStatus(force: true)
        logger.info("ready", [
            "version": attenddVersion, "tcp": "\(config.listenAddress):\(port)", "udp": "\(config.listenAddress):\(port)",
            "control": config.controlSocketPath, "database": config.databasePath,
        ])
        while true {
            loop.poll(timeoutMilliseconds: stopping ? 100 : -1) { token, events in
                handle(token: token, events: events)
            }
            writer.submit(jobs)
            jobs.removeAll(keepingCapacity: true)
            if stopRequested && !stopping { beginStop() }
            flushTouched()
            if stopping && isDrained() { break }
        }
        finishStop()
        return 0
    }

    private func handle(token: UInt64, events: UInt32) {
        switch token {
        case Token.tcpListener: acceptConnections(from: tcpListener, isControl: false)
        case Token.controlListener: acceptConnections(from: controlListener, isControl: true)
        case Token.udp: readDatagrams()
        case Token.writerWake: deliverWriterResults()
        case Token.signals: handleSignals()
        case Token.timer: tick()
        default: serviceConnection(token, events: events)
        }
    }

    private func handleSignals() {
        while true {
            let signal = attend_signalfd_read(signalFD)
            if signal == 0 { return }
            if signal == SIGHUP {
                logger.info("SIGHUP: reloading the configuration", ["file": options.configPath])
                _ = reload()
            } else {
                logger.info("stopping", ["signal": signal == SIGTERM ? "SIGTERM" : "SIGINT"])
                stopRequested = true
            }
        }
    }

    /// Once a second: watchdog, idle connections, the status files.
    private func tick() {
        _ = attend_timerfd_drain(timerFD)
        let now = Clock.monotonicMilliseconds()
        if let watchdogInterval, now - lastWatchdog >= watchdogInterval {
            _ = notifier?.watchdog()
            lastWatchdog = now
        }
        checkConnections(now: now)
        noteClockStep(monotonic: now)
        if now - lastScheduleCheck >= Daemon.scheduleCheckMilliseconds && !stopping {
            lastScheduleCheck = now
            jobs.append(WriteJob(work: .followSchedule, echo: [], receivedAt: Clock.now(), source: nil, target: .none))
        }
        writeStatus(force: false)
    }

    private func deliverWriterResults() {
        _ = attend_eventfd_drain(wakeFD)
        for result in writer.takeResults() {
            if let terminal = result.terminal {
                terminals.count(terminal, stored: result.stored, error: !result.reply.isOK)
            }
            count(result.reply)
            switch result.target {
            case .stream(let id, let slot):
                releaseQueuedPayload(connection: id, slot: slot)
                guard let connection = connections[id] else { continue }
                connection.fill(slot: slot, with: result.reply)
                touch(connection)
            case .datagram(let peer):
                datagramsInFlight -= 1
                sendDatagram(result.reply, to: peer)
            case .none:
                break
            }
        }
    }

    /// Re-reads the configuration; a bad file keeps the running one. Returns the errors.
    func reload() -> [String] {
        let fresh: Config
        do {
            fresh = try options.loadConfig()
        } catch {
            for problem in error.errors { logger.error("configuration not reloaded", ["error": problem.description]) }
            return error.errors.map(\.description)
        }
        if let problem = reloadTerminalAuth(fresh) { return [problem] }
        let (next, unchanged) = config.reloaded(from: fresh)
        if !unchanged.isEmpty {
            logger.warning("these sections change only on restart", ["sections": unchanged.joined(separator: " ")])
        }
        config = next
        logger.level = config.logLevel
        rateLimiter.rate = config.ratePerSource
        rateLimiter.burst = config.rateBurst
        pinTerminals()
        logger.info("configuration reloaded")
        return []
    }

    private func beginStop() {
        stopping = true
        stopDeadline = Clock.monotonicMilliseconds() + Daemon.stopGraceMilliseconds
        _ = notifier?.stopping()
        // Stop taking new work; answer what was already read.
        for fd in [tcpListener, controlListener] where fd >= 0 {
            loop.remove(fd)
            close(fd)
        }
        tcpListener = -1
        controlListener = -1
        unlink(config.controlSocketPath)
        loop.remove(udpSocket)
        for connection in connections.values {
            connection.state.stop()
            touch(connection)
        }
        parts.stop(after: writer)  // their work reaches the writer before it is asked to finish
        if let pusher { parts.requestStop(pusher) }  // no push starts in the drain; one under way is cut short (its tally waits in the outbox)
        parts.requestStop(writer)  // commits what is queued and answers it; the loop sends the replies
        writeStatus(force: true)
    }

    private func isDrained() -> Bool {
        if Clock.monotonicMilliseconds() > stopDeadline {
            logger.warning("stop grace period over; closing with replies unsent")
            return true
        }
        return writer.isFinished && writer.backlog == 0 && connections.isEmpty
    }

    private func finishStop() {
        deliverWriterResults()
        for connection in Array(connections.values) { closeConnection(connection, .close(.finished)) }
        if udpSocket >= 0 { close(udpSocket) }
        parts.stop(after: statusReporter)
        writeStatus(force: true, state: .stopped)
        parts.stop()
        PartThreads.logThoseLeft(logger)
        flock(lockFD, LOCK_UN)
        logger.info("stopped")
    }

    /// This bridge point's key when `[push] to` is set: its line in `[push] keys_file`.
    private static func pushKey(_ config: Config) throws(StartupError) -> BridgeKey? {
        guard !config.pushTo.isEmpty else { return nil }
        guard !config.bridgeID.isEmpty, !config.pushKeysFile.isEmpty else {
            throw StartupError("[push] to needs bridge_id and keys_file")
        }
        guard let key = try readKeys(config.pushKeysFile).first(where: { $0.id == config.bridgeID }) else {
            throw StartupError("\(config.pushKeysFile) has no key for bridge_id \(config.bridgeID)")
        }
        return key
    }

    /// Reads a keys file, refusing one that other users may read: the keys sign the tallies.
    static func readKeys(_ path: String) throws(StartupError) -> [BridgeKey] {
        do {
            return try KeysFileReader.read(path)
        } catch {
            throw StartupError(error.description)
        }
    }

    /// Raises the soft open-file limit to the hard one (each connection is a descriptor);
    /// returns the limit now in force.
    private static func raiseFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Takes an exclusive lock on `attendd.lock` so two daemons never share one database.
    private static func lockStateDirectory(_ directory: String) throws(StartupError) -> Int32 {
        let path = directory + "/attendd.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw StartupError("cannot open \(path): \(SystemError("open"))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw StartupError("\(path) is locked: another attendd is using \(directory)")
        }
        return fd
    }
}

/// Why the daemon could not start, worded for the admin.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Counts kept by the event loop for the status file.
struct StatusCounters {
    var requests: [String: Int] = [:]
    var errors: [String: Int] = [:]
    var accepted = 0
    var refused = 0
    var idleClosed = 0
    /// Closed to keep the input budget (see `ConnectionStatus.shed`).
    var shed = 0
    var datagramsDropped = 0
    var datagramsReceived = 0
}
