import AttendCore
import AttendIO
import AttendStore
import Foundation

/// The live summaries a bridge point sends its hub while a conference is open (`LIVE`): every
/// `[push] live_interval` seconds and at each part's start and end. On a hub that pushes upward,
/// its district's total per conference heard, so the province sees its districts live.
///
/// Best effort by design: a summary that does not get through is not queued (the next one says
/// more); the hub marks the hall silent after two missed intervals. Nothing here touches the
/// writer.
///
/// `@unchecked Sendable`: `curves`, `seq` and `store` are used only by the live thread; the
/// interval (changed by a reload) and the figures are guarded by `lock`.
final class LivePusher: PeriodicPart, @unchecked Sendable {
    /// What to send now, built by the daemon: the open conference's summary at a bridge point,
    /// the district's totals at a hub. The curve is added here.
    typealias Source = @Sendable (_ now: Timestamp, _ intervalSeconds: Int) -> [LiveSummary]

    private let host: String
    private let port: Int
    private let bridge: BridgeKey
    private let source: Source
    /// The part boundaries ahead, for the summaries at each part's start and end.
    private let boundaries: @Sendable () -> [Timestamp]
    private let logger: Logger
    private let timeoutSeconds: Double
    let thread = PeriodicThread(name: "attendd-live")
    private let interrupter = SocketInterrupter()
    private let lock = NSLock()
    private var interval: Int
    private var curves: [String: LiveCurve] = [:]
    private var seq: Int64 = 0
    private(set) var sent = 0
    private(set) var failed = 0

    init(to hostPort: String, bridge: BridgeKey, intervalSeconds: Int, timeoutSeconds: Int, logger: Logger,
         boundaries: @escaping @Sendable () -> [Timestamp], source: @escaping Source) throws(StartupError) {
        guard let (host, port) = IPv4Range.parseHostPort(hostPort) else { throw StartupError("[push] to must be IPV4:PORT, got \(hostPort)") }
        self.host = host
        self.port = port
        self.bridge = bridge
        interval = intervalSeconds
        self.timeoutSeconds = Double(timeoutSeconds)
        self.logger = logger
        self.boundaries = boundaries
        self.source = source
    }

    let partName = "live-pusher"

    func start() { thread.start { [self] in round() } }

    func requestStop() {
        thread.requestStop()
        interrupter.interrupt()
    }

    var stopTimeoutMilliseconds: Int64 { 1_000 }

    /// `[push] live_interval`, changed by a reload; the next pause uses it.
    var intervalSeconds: Int {
        get { lock.withLock { interval } }
        set {
            lock.withLock { interval = newValue }
            poke()
        }
    }

    /// One round: send what the source gives; returns the pause until the next interval or the
    /// next part boundary, whichever comes first.
    private func round() -> Double {
        let every = intervalSeconds
        let now = Clock.now()
        let summaries = source(now, every)
        curves = curves.filter { entry in summaries.contains { $0.conference == entry.key } }
        for var summary in summaries {
            var curve = curves[summary.conference] ?? LiveCurve()
            curve.add(at: now, present: summary.present)
            curves[summary.conference] = curve
            if summary.curve.isEmpty { summary.curve = curve.points }
            do {
                try send(summary)
                lock.withLock { sent += 1 }
            } catch where interrupter.isInterrupted {
                return 0
            } catch {
                let count = lock.withLock { failed += 1; return failed }
                if count == 1 || count % 10 == 0 {
                    logger.warning("live summary to the district failed; the next one follows in its interval", ["error": "\(error)"])
                }
            }
        }
        let next = boundaries().map { Double($0.milliseconds - Clock.now().milliseconds) / 1000 }.filter { $0 > 0 }.min()
        return min(Double(every), next.map { $0 + 0.5 } ?? Double(every))
    }

    private func send(_ summary: LiveSummary) throws {
        seq = LivePush.nextNonce(after: seq, now: Clock.now())
        let payload = summary.encoded()
        let client = try LineClient(
            host: host, port: port, connectTimeoutMilliseconds: Int32(timeoutSeconds * 1000), interrupter: interrupter)
        let line = LivePush.line(bridge: bridge.id, conference: summary.conference, seq: seq, payload: payload, key: bridge.key)
        let reply = try client.request(line.text, payload: payload, timeoutSeconds: timeoutSeconds)
        guard reply.isOK, reply["bridge"] == bridge.id, reply["conf"] == summary.conference else {
            throw PlanExchangeError("the district refused the live summary: \(reply.error?.rawValue ?? "?") \(reply["msg"] ?? "")")
        }
    }
}
