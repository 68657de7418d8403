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

    let options: DaemonOptions
    var config: Config
    var logger: Logger
    let notifier: SystemdNotifier?
    let loop: EventLoop
    let writer: Writer
    let queryReader: QueryReader
    let tallyChecker: TallyChecker
    /// Keeps `[daemon] reports_dir` written; nil when it is not set.
    let reportFiles: ReportFiles?
    let silenceWatcher: SilenceWatcher?
    /// Writes events into `[events] spool`; nil when it is not set.
    let eventSpool: EventSpool?
    let checkpointer: Checkpointer
    /// Checks the `[probes]` targets; nil without targets.
    let prober: Prober?
    /// Delivers the outbox to the district; nil unless `[push] to` is set.
    let pusher: Pusher?
    /// Fetches the district's plans; nil unless `[push] to` is set.
    let planPoller: PlanPoller?
    /// The live summaries to the hub (`LIVE`), when `[push]` is set.
    let livePusher: LivePusher?
    let lineTester = LineTester()
    /// Every background part above, started and stopped in one order.
    let parts: PartGroup
    /// The TCP, UDP and control sockets.
    let listeners: Listeners
    /// The rate limits, `[terminals]` checks and terminal registry every request goes through.
    let admission: RequestAdmission
    /// The TCP and control connections.
    let streams: StreamServer
    /// The UDP requests.
    let datagrams: Datagrams
    /// Requests and error replies counted for the status file.
    let requestCounts = RequestCounts()
    let startedAt = Clock.now()
    let signalFD: Int32
    let wakeFD: Int32
    let timerFD: Int32
    let lockFD: Int32
    /// Jobs routed in this loop turn, handed to the writer together at its end.
    var jobs: [WriteJob] = []
    var clockSteps = ClockStepDetector()
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

    /// Sets everything up and binds the sockets; throws a message for the admin on failure.
    /// Call `blockSignals()` first, before any thread exists.
    public init(options: DaemonOptions, config: Config, signalFD: Int32) throws(StartupError) {
        self.options = options
        self.config = config
        self.signalFD = signalFD
        logger = Logger(level: config.logLevel, environment: options.environment)
        notifier = SystemdNotifier(environment: options.environment)
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
        admission = try RequestAdmission(config: config, logger: logger, counts: requestCounts, checkins: store.checkins)
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
        queryReader = QueryReader(path: config.databasePath, writer: writer, bridges: hubBridges ?? [], siteName: config.siteName.isEmpty ? config.bridgeID : config.siteName)
        tallyChecker = TallyChecker(keys: writer.hubKeys, writer: writer, logger: logger)
        if let pushKey {
            pusher = try Pusher(to: config.pushTo, bridge: pushKey, databasePath: config.databasePath, writer: writer, logger: logger)
            pusher?.replyTimeoutSeconds = Double(config.pushTimeoutSeconds)
            planPoller = try PlanPoller(
                to: config.pushTo, bridge: pushKey, databasePath: config.databasePath, writer: writer, logger: logger,
                pollSeconds: config.pushPollSeconds, timeoutSeconds: config.pushTimeoutSeconds,
                clockOffsetLimitSeconds: config.clockOffsetLimitSeconds)
        } else {
            pusher = nil
            planPoller = nil
        }
        queryReader.clockOffsetLimitSeconds = config.clockOffsetLimitSeconds
        queryReader.heading = config.reportHeading
        prober = config.probeTargets.isEmpty ? nil : Prober(config: config, writer: writer)
        reportFiles = config.reportsDirectory.isEmpty ? nil : ReportFiles(
            directory: config.reportsDirectory, databasePath: config.databasePath, writer: writer, bridges: hubBridges ?? [],
            siteName: config.siteName.isEmpty ? config.bridgeID : config.siteName, heading: config.reportHeading,
            reloadSeconds: ReportFiles.reloadSeconds(liveInterval: config.pushLiveIntervalSeconds), logger: logger)
        if let reportFiles { writer.onCommitted = { reportFiles.changed() } }  // before any thread starts, like onQueued
        eventSpool = config.eventsSpool.isEmpty ? nil : EventSpool(directory: config.eventsSpool, logger: logger)
        if let eventSpool { writer.onEvents = { eventSpool.post($0) } }
        writer.hallName = config.siteName
        if let pusher { writer.onQueued = { pusher.poke() } }  // before any thread starts: read without a lock
        checkpointer.onCopied = { [writer] in writer.requestCatchUp() }  // the same
        if let pusher, let planPoller { pusher.onReconnect = { planPoller.poke() } }  // the line is back: fetch the plans at once
        if let pusher, let planPoller { planPoller.onHubHeard = { pusher.hubHeard() } }  // a poll got through: push what waits now
        let liveBoard = hubBridges == nil ? nil : LiveBoardStore()
        tallyChecker.liveBoard = liveBoard
        queryReader.liveBoard = liveBoard
        reportFiles?.liveBoard = liveBoard
        if let liveBoard, eventSpool != nil || reportFiles != nil {
            let watcher = SilenceWatcher(board: liveBoard, bridges: hubBridges ?? [], eventSpool: eventSpool, reportFiles: reportFiles, logger: logger)
            tallyChecker.onLiveKept = { watcher.heard() }
            silenceWatcher = watcher
        } else {
            silenceWatcher = nil
        }
        let liveWriter = writer, liveLogger = logger, liveConfig = config
        if let pushKey {
            livePusher = try LivePusher(
                to: liveConfig.pushTo, bridge: pushKey, intervalSeconds: liveConfig.pushLiveIntervalSeconds,
                timeoutSeconds: liveConfig.pushTimeoutSeconds, logger: liveLogger, boundaries: { liveWriter.status.partBoundaries },
                source: Daemon.liveSource(bridge: pushKey.id, writer: liveWriter, board: liveBoard, bridges: hubBridges ?? []))
        } else {
            livePusher = nil
        }
        parts = PartGroup.daemonParts(status: statusReporter, checkpointer: checkpointer, queryReader: queryReader, pusher: pusher,
                                      writer: writer, tallyChecker: tallyChecker, prober: prober, lineTester: lineTester,
                                      planPoller: planPoller, livePusher: livePusher, reportFiles: reportFiles, eventSpool: eventSpool,
                                      silenceWatcher: silenceWatcher,
                                      logger: logger)
        if let interval = SystemdNotifier.watchdogInterval(environment: options.environment) {
            watchdogInterval = Int64(interval.components.seconds) * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
        }
        do throws(SystemError) {
            listeners = try Listeners(config: config, loop: loop)
            try loop.add(wakeFD, events: EventLoop.readable, token: Token.writerWake)
            try loop.add(signalFD, events: EventLoop.readable, token: Token.signals)
            try loop.add(timerFD, events: EventLoop.readable, token: Token.timer)
        } catch {
            throw StartupError("cannot listen: \(error)")
        }
        streams = StreamServer(
            loop: loop, admission: admission, requestCounts: requestCounts, queryReader: queryReader, config: config, logger: logger)
        datagrams = Datagrams(socket: listeners.udpSocket, admission: admission, requestCounts: requestCounts, maxLineBytes: config.maxLineBytes)
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
        _ = notifier?.ready(status: "listening on port \(listeners.port)")
        writeStatus(force: true)
        logger.info("ready", [
            "version": attenddVersion, "tcp": "\(config.listenAddress):\(listeners.port)", "udp": "\(config.listenAddress):\(listeners.port)",
            "control": config.controlSocketPath, "database": config.databasePath,
        ])
        if !Database.memoryStatisticsOff {
            logger.warning("SQLite was initialized before attendd could turn its memory statistics off; each allocation takes its global lock")
        }
        // Start-up's code is not needed again: idle memory is what serving touches (ResidentCode).
        logger.debug("start-up code released", ["kB": ResidentCode.release() / 1024])
        while true {
            loop.poll(timeoutMilliseconds: stopping ? 100 : -1) { token, events in
                handle(token: token, events: events)
            }
            writer.submit(jobs)
            jobs.removeAll(keepingCapacity: true)
            if stopRequested && !stopping { beginStop() }
            streams.flushTouched()
            if stopping && isDrained() { break }
        }
        finishStop()
        return 0
    }

    private func handle(token: UInt64, events: UInt32) {
        switch token {
        case Token.tcpListener: streams.acceptConnections(from: listeners.tcpListener, isControl: false)
        case Token.controlListener: streams.acceptConnections(from: listeners.controlListener, isControl: true)
        case Token.udp: datagrams.readWaiting(into: self)
        case Token.writerWake: deliverWriterResults()
        case Token.signals: handleSignals()
        case Token.timer: tick()
        default: streams.service(token, events: events, sink: self)
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
        streams.checkConnections(now: now)
        noteClockStep(monotonic: now)
        if now - lastScheduleCheck >= Daemon.scheduleCheckMilliseconds && !stopping {
            lastScheduleCheck = now
            jobs.append(WriteJob(work: .followSchedule, echo: [], receivedAt: Clock.now(), source: nil, target: .none))
        }
        writeStatus(force: false)
    }

    /// Once a second: a stepped system clock is logged with its size. Timeouts, rate limits,
    /// idle connections and retry pauses run on the monotonic clock and are not moved by it;
    /// receive times are wall-clock records, so check-ins around the step carry the new time.
    private func noteClockStep(monotonic: Int64) {
        guard let step = clockSteps.observe(wallMilliseconds: Clock.now().milliseconds, monotonicMilliseconds: monotonic) else { return }
        logger.warning("system clock stepped; check-ins from now on carry the new time", [
            "by_s": Double(step) / 1000, "now": Clock.now().vietnam,
        ])
    }

    private func deliverWriterResults() {
        _ = attend_eventfd_drain(wakeFD)
        for result in writer.takeResults() {
            if let terminal = result.terminal {
                admission.answered(terminal, stored: result.stored, error: !result.reply.isOK)
            }
            requestCounts.count(result.reply)
            switch result.target {
            case .stream(let id, let slot):
                streams.deliver(result.reply, connection: id, slot: slot)
            case .datagram(let peer):
                datagrams.deliver(result.reply, to: peer)
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
        if let problem = admission.reloadTerminalAuth(fresh) { return [problem] }
        let (next, unchanged) = config.reloaded(from: fresh)
        if !unchanged.isEmpty {
            logger.warning("these sections change only on restart", ["sections": unchanged.joined(separator: " ")])
        }
        config = next
        logger.level = config.logLevel
        admission.apply(config, logger: logger)
        streams.apply(config, logger: logger)
        datagrams.apply(config)
        livePusher?.intervalSeconds = config.pushLiveIntervalSeconds
        if let reportFiles, reportFiles.reloadSeconds != ReportFiles.reloadSeconds(liveInterval: config.pushLiveIntervalSeconds) {
            reportFiles.reloadSeconds = ReportFiles.reloadSeconds(liveInterval: config.pushLiveIntervalSeconds)
        }
        logger.info("configuration reloaded")
        return []
    }

    private func beginStop() {
        stopping = true
        stopDeadline = Clock.monotonicMilliseconds() + Daemon.stopGraceMilliseconds
        _ = notifier?.stopping()
        // Stop taking new work; answer what was already read.
        listeners.closeForStop()
        streams.stopAll()
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
        return writer.isFinished && writer.backlog == 0 && streams.isEmpty
    }

    private func finishStop() {
        deliverWriterResults()
        streams.closeAll()
        listeners.closeUDP()
        parts.stop(after: statusReporter)
        writeStatus(force: true, state: .stopped)
        parts.stop()
        PartThreads.logThoseLeft(logger)
        flock(lockFD, LOCK_UN)
        logger.info("stopped")
    }
}

/// The daemon carries out what the connections and datagrams hand on: jobs for the writer
/// (sent together at the end of the loop turn, in the order they came), tallies, queries,
/// line tests and reloads.
extension Daemon: RequestSink {
    func submit(_ job: WriteJob) {
        jobs.append(job)
    }

    func submitTally(_ job: TallyJob) {
        tallyChecker.submit(job)
    }

    func submitLive(_ job: LiveJob) {
        tallyChecker.submit(job)
    }

    func submitQuery(_ job: QueryJob, source: QueryScheduler<QueryJob>.Source, connection: UInt64) {
        queryReader.submit(job, source: source, connection: connection)
    }

    func beginLineTest(seconds: Int, job: Job<Void>) {
        lineTester.begin(seconds: seconds, config: config, writer: writer, job: job)
    }
}
