import AttendCore
import AttendStore

/// What TCP and UDP lines go through before they are carried out: the source's rate limit,
/// `[terminals]` authentication, routing, and counting each request by verb and its terminal
/// as seen. It owns the rate limiter, the authenticator and the terminal registry; the
/// connections and the datagrams ask it, and do what its routing says.
final class RequestAdmission {
    private var config: Config
    private var logger: Logger
    private let counts: RequestCounts
    private var rateLimiter: RateLimiter
    /// `[terminals] from` and the terminal keys: who may talk from the network.
    private var authenticator: LineAuthenticator
    /// The terminals seen, with their counts, for the status file.
    private(set) var terminals = TerminalRegistry()

    /// Reads the highest seq stored for each keyed terminal from `checkins`, so a restart
    /// does not reopen its replay window (nil, in tests: no store, every window starts empty).
    init(config: Config, logger: Logger, counts: RequestCounts, checkins: CheckInRepository?) throws(StartupError) {
        self.config = config
        self.logger = logger
        self.counts = counts
        rateLimiter = RateLimiter(rate: config.ratePerSource, burst: config.rateBurst)
        authenticator = try RequestAdmission.terminalAuthenticator(config, checkins: checkins)
        pinTerminals()
    }

    /// What the router needs to know about a TCP or control connection and the running config.
    func streamContext(isControl: Bool) -> RequestRouter.Context {
        RequestRouter.Context(
            isControl: isControl, allowedTerminals: config.allowedTerminals,
            keyedTerminals: authenticator.keyedTerminals, acceptsTallies: !config.hubKeysFile.isEmpty)
    }

    /// The same for a datagram: the router serves only the verbs whose row has `.udp`, and
    /// answers the others (`TALLY`, `FIND`, `SUMMARY`) that they need TCP.
    func datagramContext() -> RequestRouter.Context {
        RequestRouter.Context(isControl: false, allowedTerminals: config.allowedTerminals, keyedTerminals: authenticator.keyedTerminals, isDatagram: true)
    }

    /// The source's rate limit (`sourceIPv4` nil, the control socket: none), its `[terminals]`
    /// checks, routing, and counting the request by verb and its terminal as seen (with its
    /// error, if answered one).
    func admit(
        _ line: UnsafeBufferPointer<UInt8>, sourceIPv4: UInt64?, context: RequestRouter.Context, receivedAt: Timestamp, now: Int64
    ) -> RequestRouter.Routing {
        if let sourceIPv4, !rateLimiter.allow(sourceIPv4, nowMilliseconds: now) {
            counts.note("rate_limited")
            return .reply(.error(ProtocolError(.rateLimited, "more than \(config.ratePerSource) requests a second from this address")))
        }
        if let sourceIPv4, let refusal = authenticate(line, sourceIPv4: sourceIPv4) { return .reply(refusal) }
        let (routing, origin) = RequestRouter.route(line, context: context, now: receivedAt)
        // Counted by verb; unknown verbs together, so a sender of garbage cannot grow the counters.
        let unknown: Bool
        if case .reply(let reply) = routing, reply.error == .unknownVerb { unknown = true } else { unknown = false }
        let verb = origin.verb.map { unknown ? "other" : $0 } ?? "undecodable"
        counts.note(verb)
        if let terminal = origin.terminal {
            // A line refused as not authorised (allow list, keys) takes no slot in the registry.
            let refused: Bool
            if case .reply(let reply) = routing, reply.error == .notAuthorised { refused = true } else { refused = false }
            terminals.seen(terminal, at: receivedAt, admitted: !refused)
            if case .reply(let reply) = routing, !reply.isOK { terminals.count(terminal, stored: nil, error: true) }
        }
        return routing
    }

    /// The writer answered a request of `terminal`: its counts in the registry.
    func answered(_ terminal: String, stored: Direction?, error: Bool) {
        terminals.count(terminal, stored: stored, error: error)
    }

    /// The source and MAC checks of `[terminals]` for a line from the network; a refusal is
    /// counted under `unauthenticated` (and by its error code when answered).
    private func authenticate(_ line: UnsafeBufferPointer<UInt8>, sourceIPv4: UInt64) -> Reply? {
        guard authenticator.isActive,
              case .refuse(let error, let echo) = authenticator.check(line, source: UInt32(truncatingIfNeeded: sourceIPv4))
        else { return nil }
        counts.note("unauthenticated")
        logger.debug("line refused", ["reason": error.message])
        return .error(error, echo: echo)
    }

    /// On reload, first step: the new ranges and keys, keeping the seqs seen; nil when done,
    /// else the problem (then nothing is reloaded).
    func reloadTerminalAuth(_ fresh: Config) -> String? {
        do {
            var next = try RequestAdmission.terminalAuthenticator(fresh, checkins: nil)
            for (terminal, seq) in authenticator.highest { next.remember(terminal: terminal, seq: seq) }
            authenticator = next
            return nil
        } catch {
            logger.error("configuration not reloaded", ["error": error.description])
            return error.description
        }
    }

    /// On reload, once the config is taken: the new rate limits and pinned terminals.
    func apply(_ config: Config, logger: Logger) {
        self.config = config
        self.logger = logger
        rateLimiter.rate = config.ratePerSource
        rateLimiter.burst = config.rateBurst
        pinTerminals()
    }

    /// Tells the terminal registry the terminals the config names (allowed, keyed, listed as
    /// unsigned): those are always tracked, and when the config names any, only those.
    private func pinTerminals() {
        let named = (config.allowedTerminals ?? []).union(authenticator.keys.keys).union(config.unsignedTerminals ?? [])
        terminals.pin(named, only: config.allowedTerminals != nil || !authenticator.keys.isEmpty)
    }

    /// The `[terminals] from` ranges and `keys_file` keys as an authenticator, its replay window
    /// primed with the highest seq stored for each keyed terminal (so a restart does not reopen it).
    private static func terminalAuthenticator(_ config: Config, checkins: CheckInRepository?) throws(StartupError) -> LineAuthenticator {
        var keys: [String: [UInt8]] = [:]
        if !config.terminalKeysFile.isEmpty {
            for entry in try Daemon.readKeys(config.terminalKeysFile) { keys[entry.id] = entry.key }
        }
        var authenticator = LineAuthenticator(
            sources: config.terminalSources, keys: keys, unsigned: config.unsignedTerminals ?? [], replayWindow: config.replayWindow)
        if let checkins {
            do {
                for terminal in keys.keys {
                    if let seq = try checkins.highestSequence(terminal: terminal) { authenticator.remember(terminal: terminal, seq: seq) }
                }
            } catch {
                throw StartupError("cannot read the terminals' sequence numbers: \(error)")
            }
        }
        return authenticator
    }
}
