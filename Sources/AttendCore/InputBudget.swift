/// One memory budget for input: which connections give way when memory or connection slots
/// run out. Pure: the daemon describes its connections and closes the ones named here.
///
/// The rule that keeps a hall's terminals served while someone holds many connections: what
/// goes first is what costs most and serves nobody yet (the biggest, then oldest, unfinished
/// payload). Other connections are never shed for a newcomer (silent ones go at
/// `idle_timeout`), and the control socket is never shed.
public enum InputBudget {
    /// What the budget needs to know about one connection.
    public struct Holder: Equatable, Sendable {
        public var id: UInt64
        /// Bytes of memory its buffers hold (unfinished line or payload, unsent replies).
        public var heldBytes: Int
        /// When the payload it is receiving was announced; nil when none is under way.
        public var payloadSince: Int64?

        public init(id: UInt64, heldBytes: Int, payloadSince: Int64?) {
            self.id = id
            self.heldBytes = heldBytes
            self.payloadSince = payloadSince
        }
    }

    /// The connections to close so that `total` bytes held come back under `limit`: unfinished
    /// payload holders, biggest first, the older first among equals. Empty when under the limit.
    public static func shed(_ holders: [Holder], total: Int, limit: Int) -> [UInt64] {
        guard total > limit else { return [] }
        var excess = total - limit
        var victims: [UInt64] = []
        for holder in payloadHolders(holders) where excess > 0 {
            victims.append(holder.id)
            excess -= holder.heldBytes
        }
        return victims
    }

    /// At `max_connections`, the connection to close so a new one can be served, or nil (then
    /// the newcomer gets `ERR busy`): the biggest unfinished payload, the older among equals.
    /// A connection that owes nothing and holds no payload is not pushed out for a newcomer (a
    /// terminal keeps its connection between check-ins); `idle_timeout` closes it when silent.
    /// One pass, no sorting: it runs for every connection attempt while the daemon is full.
    public static func victimForNewConnection<S: Sequence>(_ holders: S) -> UInt64? where S.Element == Holder {
        var best: Holder?
        for holder in holders {
            guard let since = holder.payloadSince else { continue }
            if let current = best, (current.heldBytes, -current.payloadSince!, -Int64(truncatingIfNeeded: current.id))
                >= (holder.heldBytes, -since, -Int64(truncatingIfNeeded: holder.id)) { continue }
            best = holder
        }
        return best?.id
    }

    private static func payloadHolders(_ holders: [Holder]) -> [Holder] {
        holders.filter { $0.payloadSince != nil }.sorted {
            ($0.heldBytes, -$0.payloadSince!, -Int64(truncatingIfNeeded: $0.id)) > ($1.heldBytes, -$1.payloadSince!, -Int64(truncatingIfNeeded: $1.id))
        }
    }
}
