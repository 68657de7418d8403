/// One memory budget for input: which connections give way when memory or connection slots
/// run out. Pure: the daemon describes its connections and closes the ones named here.
///
/// The rule that keeps a hall's terminals served while someone holds many connections: what
/// goes first is what costs most and serves nobody yet (the biggest, then oldest, unfinished
/// payload), then connections that owe nothing and have been silent longest. A connection
/// with a reply owed is never shed for a newcomer, and the control socket is never shed.
public enum InputBudget {
    /// What the budget needs to know about one connection.
    public struct Holder: Equatable, Sendable {
        public var id: UInt64
        /// Bytes of memory its buffers hold (unfinished line or payload, unsent replies).
        public var heldBytes: Int
        /// When the payload it is receiving was announced; nil when none is under way.
        public var payloadSince: Int64?
        /// Monotonic time of its last byte in or out.
        public var lastActivity: Int64
        /// No reply is owed and nothing waits to be sent.
        public var owesNothing: Bool

        public init(id: UInt64, heldBytes: Int, payloadSince: Int64?, lastActivity: Int64, owesNothing: Bool) {
            self.id = id
            self.heldBytes = heldBytes
            self.payloadSince = payloadSince
            self.lastActivity = lastActivity
            self.owesNothing = owesNothing
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

    /// How long a connection owing nothing must have been silent before a newcomer may take
    /// its place: a terminal between two check-ins is not pushed out by a burst of connects.
    public static let minimumSilenceMilliseconds: Int64 = 1_000

    /// At `max_connections`, the connection to close so a new one can be served, or nil (then
    /// the newcomer gets `ERR busy`): the biggest or oldest unfinished payload, else the
    /// connection silent longest (at least `minimumSilenceMilliseconds`) with nothing owed.
    /// One pass, no sorting: it runs for every connection attempt while the daemon is full.
    public static func victimForNewConnection<S: Sequence>(_ holders: S, now: Int64) -> UInt64? where S.Element == Holder {
        var payload: Holder?
        var silent: Holder?
        for holder in holders {
            if let since = holder.payloadSince {
                if let best = payload, (best.heldBytes, -best.payloadSince!, -Int64(truncatingIfNeeded: best.id))
                    >= (holder.heldBytes, -since, -Int64(truncatingIfNeeded: holder.id)) { continue }
                payload = holder
            } else if payload == nil, holder.owesNothing, now - holder.lastActivity >= minimumSilenceMilliseconds {
                if let best = silent, (best.lastActivity, best.id) <= (holder.lastActivity, holder.id) { continue }
                silent = holder
            }
        }
        return (payload ?? silent)?.id
    }

    private static func payloadHolders(_ holders: [Holder]) -> [Holder] {
        holders.filter { $0.payloadSince != nil }.sorted {
            ($0.heldBytes, -$0.payloadSince!, -Int64(truncatingIfNeeded: $0.id)) > ($1.heldBytes, -$1.payloadSince!, -Int64(truncatingIfNeeded: $1.id))
        }
    }
}
