import AttendCore
import AttendStore

extension Daemon {
    /// The `[terminals] from` ranges and `keys_file` keys as an authenticator, its replay window
    /// primed with the highest seq stored for each keyed terminal (so a restart does not reopen it).
    static func terminalAuthenticator(_ config: Config, checkins: CheckInRepository?) throws(StartupError) -> LineAuthenticator {
        var keys: [String: [UInt8]] = [:]
        if !config.terminalKeysFile.isEmpty {
            for entry in try readKeys(config.terminalKeysFile) { keys[entry.id] = entry.key }
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

    /// On reload: the new ranges and keys, keeping the seqs seen; nil when done, else the problem.
    func reloadTerminalAuth(_ fresh: Config) -> String? {
        do {
            var next = try Daemon.terminalAuthenticator(fresh, checkins: nil)
            for (terminal, seq) in authenticator.highest { next.remember(terminal: terminal, seq: seq) }
            authenticator = next
            return nil
        } catch {
            logger.error("configuration not reloaded", ["error": error.description])
            return error.description
        }
    }

    /// Tells the terminal registry the terminals the config names (allowed, keyed, listed as
    /// unsigned): those are always tracked, and when the config names any, only those.
    func pinTerminals() {
        let named = (config.allowedTerminals ?? []).union(authenticator.keys.keys).union(config.unsignedTerminals ?? [])
        terminals.pin(named, only: config.allowedTerminals != nil || !authenticator.keys.isEmpty)
    }

    /// The source and MAC checks of `[terminals]` for a line from the network; a refusal is
    /// counted under `unauthenticated` (and by its error code when answered).
    func authenticate(_ line: UnsafeBufferPointer<UInt8>, hostKey: UInt64) -> Reply? {
        guard authenticator.isActive,
              case .refuse(let error, let echo) = authenticator.check(line, source: UInt32(truncatingIfNeeded: hostKey))
        else { return nil }
        counters.requests["unauthenticated", default: 0] += 1
        logger.debug("line refused", ["reason": error.message])
        return .error(error, echo: echo)
    }
}
