/// The order in which the one report reader answers queries (FIND, SUMMARY, REPORT, ...) when
/// many sources want it: fair between sources, bounded, and rid of work nobody waits for.
///
/// - Sources take turns: one query of each address with work waiting, round-robin, so an
///   address that sends 300 FINDs delays another's SUMMARY by at most one query per busy source.
///   The control socket (the admin) has a turn before every address turn.
/// - Each source may have at most `perSource` queries waiting; more are refused at once
///   (`ERR busy`) instead of queued behind its own flood.
/// - The queue holds at most `total`. When it is full, a source with less than the largest
///   share still gets in: the largest source's newest query is pushed out (answered busy).
/// - `cancel(connection:)` drops the queries of a connection that closed, before they run.
///
/// Pure: no clock, no I/O; the daemon runs what `next()` returns.
public struct QueryScheduler<Job> {
    /// Who a query is from: the control socket, or a client address (its rate-limit key).
    public enum Source: Hashable, Sendable {
        case control
        case address(UInt64)
    }

    /// What `enqueue` did with a query.
    public enum Admission {
        /// Queued; when `evicted` is set, that query (of the busiest source) was pushed out for it
        /// and must be answered busy.
        case queued(evicted: Job?)
        /// Refused: its source already has `perSource` queries waiting.
        case sourceFull
        /// Refused: the queue is full and its source already has the largest share.
        case queueFull
    }

    private struct Waiting {
        var job: Job
        var connection: UInt64
    }

    /// The most queries one source may have waiting.
    public let perSource: Int
    /// The most queries waiting in all.
    public let total: Int
    private var waiting: [Source: [Waiting]] = [:]
    /// Addresses with queries waiting, in turn order (the control socket is not in it).
    private var turns: [Source] = []
    /// Whether the last query served was the control socket's (it then lets an address go next).
    private var servedControlLast = false
    /// Queries waiting in all.
    public private(set) var count = 0

    public init(perSource: Int, total: Int) {
        precondition(perSource >= 1 && total >= perSource, "a query scheduler needs room for one source's queries")
        self.perSource = perSource
        self.total = total
    }

    /// Queries `source` has waiting.
    public func waiting(from source: Source) -> Int { waiting[source]?.count ?? 0 }

    /// Queues `job` of `source`, sent on `connection`, unless a bound refuses it.
    public mutating func enqueue(_ job: Job, from source: Source, connection: UInt64) -> Admission {
        let mine = waiting(from: source)
        guard mine < perSource else { return .sourceFull }
        var evicted: Job?
        if count >= total {
            guard let busiest = waiting.max(by: { $0.value.count < $1.value.count }), busiest.value.count > mine + 1 else {
                return .queueFull
            }
            evicted = waiting[busiest.key]?.removeLast().job
            count -= 1
            if waiting[busiest.key]?.isEmpty == true { forget(busiest.key) }
        }
        if mine == 0 && source != .control { turns.append(source) }
        waiting[source, default: []].append(Waiting(job: job, connection: connection))
        count += 1
        return .queued(evicted: evicted)
    }

    /// The query to run now: the control socket's, if it has one and did not go last; else the
    /// next address's in turn. Nil when nothing waits.
    public mutating func next() -> Job? {
        let controlWaits = waiting[.control] != nil
        let source: Source
        if controlWaits && (!servedControlLast || turns.isEmpty) {
            source = .control
        } else if !turns.isEmpty {
            source = turns.removeFirst()
        } else {
            return nil
        }
        servedControlLast = source == .control
        let job = waiting[source]!.removeFirst().job
        count -= 1
        if waiting[source]!.isEmpty {
            waiting[source] = nil
        } else if source != .control {
            turns.append(source)
        }
        return job
    }

    /// Drops every waiting query sent on `connection` (it closed: nobody reads the answer);
    /// returns how many.
    @discardableResult
    public mutating func cancel(connection: UInt64) -> Int {
        var dropped = 0
        for (source, queries) in waiting {
            let kept = queries.filter { $0.connection != connection }
            guard kept.count != queries.count else { continue }
            dropped += queries.count - kept.count
            if kept.isEmpty { forget(source) } else { waiting[source] = kept }
        }
        count -= dropped
        return dropped
    }

    private mutating func forget(_ source: Source) {
        waiting[source] = nil
        turns.removeAll { $0 == source }
    }
}
