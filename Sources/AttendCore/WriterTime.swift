/// Where the writer thread's time went since start, and how long its groups took: what an
/// admin reads to see a writer near saturation, and what the benchmark reads around each
/// latency run (issue 23). Microseconds, so that the sums stay exact integers.
///
/// A group is one transaction of queued requests, from its `BEGIN` to the end of its `COMMIT`;
/// its time is split into applying the requests, the presence fold it carried, and the commit
/// with its fsync. The writer's other work, between groups, is the idle folds and the
/// checkpointer's catch-ups: a request that arrives meanwhile waits for them too.
public struct WriterTime: Codable, Equatable, Sendable {
    /// Applying requests: the rules, the rows, the replies (a whole fold a check-in meets too).
    public var requestsMicroseconds: Int64 = 0
    /// Folding check-ins into `presence`: in the groups and between them.
    public var foldsMicroseconds: Int64 = 0
    /// `COMMIT` with its fsync of the log.
    public var commitsMicroseconds: Int64 = 0
    /// Copying the log into the database file for the checkpointer, between two groups.
    public var catchUpsMicroseconds: Int64 = 0
    /// Groups at most each of `groupBoundsMicroseconds` long, the first bound that holds
    /// (not cumulative), and one more count for the longer ones.
    public var groupBuckets: [Int] = Array(repeating: 0, count: WriterTime.groupBoundsMicroseconds.count + 1)
    /// The groups' time, summed.
    public var groupsMicroseconds: Int64 = 0

    /// The group-duration buckets' upper bounds: 0.5 ms to 1 s, around the 2 and 10 ms targets.
    /// Written into the status file with the counts, so that a reader of another version
    /// cannot misread them.
    public static let groupBoundsMicroseconds: [Int64] = [
        500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 250_000, 1_000_000,
    ]

    public init() {}

    public var groups: Int { groupBuckets.reduce(0, +) }

    /// All the writer's busy time: the four activities summed.
    public var busyMicroseconds: Int64 { requestsMicroseconds + foldsMicroseconds + commitsMicroseconds + catchUpsMicroseconds }

    /// The busy time by activity, in the order the metrics list them.
    public var byActivity: [(activity: String, microseconds: Int64)] {
        [("catch_ups", catchUpsMicroseconds), ("commits", commitsMicroseconds),
         ("folds", foldsMicroseconds), ("requests", requestsMicroseconds)]
    }

    /// Counts a group of `requests`, `fold` and `commit` microseconds.
    public mutating func addGroup(requests: Int64, fold: Int64, commit: Int64) {
        let requests = max(0, requests), fold = max(0, fold), commit = max(0, commit)
        requestsMicroseconds += requests
        foldsMicroseconds += fold
        commitsMicroseconds += commit
        let total = requests + fold + commit
        groupsMicroseconds += total
        let bucket = WriterTime.groupBoundsMicroseconds.firstIndex { total <= $0 } ?? WriterTime.groupBoundsMicroseconds.count
        groupBuckets[bucket] += 1
    }

    /// A group that failed for one request's fault before it was retried one job a
    /// transaction: its time was the requests', and it is no group (each retry is one).
    public mutating func addFailedAttempt(_ microseconds: Int64) { requestsMicroseconds += max(0, microseconds) }

    public mutating func addIdleFold(_ microseconds: Int64) { foldsMicroseconds += max(0, microseconds) }

    public mutating func addCatchUp(_ microseconds: Int64) { catchUpsMicroseconds += max(0, microseconds) }

    /// What happened between `earlier` and this reading (both from one run of the daemon).
    public func since(_ earlier: WriterTime) -> WriterTime {
        var delta = WriterTime()
        delta.requestsMicroseconds = requestsMicroseconds - earlier.requestsMicroseconds
        delta.foldsMicroseconds = foldsMicroseconds - earlier.foldsMicroseconds
        delta.commitsMicroseconds = commitsMicroseconds - earlier.commitsMicroseconds
        delta.catchUpsMicroseconds = catchUpsMicroseconds - earlier.catchUpsMicroseconds
        delta.groupsMicroseconds = groupsMicroseconds - earlier.groupsMicroseconds
        // Both have one count a bound and one more: decoding refuses any other.
        delta.groupBuckets = zip(groupBuckets, earlier.groupBuckets).map { $0 - $1 }
        return delta
    }

    private enum CodingKeys: String, CodingKey {
        case requestsMicroseconds, foldsMicroseconds, commitsMicroseconds, catchUpsMicroseconds
        case groupBoundsMicroseconds, groupBuckets, groupsMicroseconds
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requestsMicroseconds, forKey: .requestsMicroseconds)
        try container.encode(foldsMicroseconds, forKey: .foldsMicroseconds)
        try container.encode(commitsMicroseconds, forKey: .commitsMicroseconds)
        try container.encode(catchUpsMicroseconds, forKey: .catchUpsMicroseconds)
        try container.encode(WriterTime.groupBoundsMicroseconds, forKey: .groupBoundsMicroseconds)
        try container.encode(groupBuckets, forKey: .groupBuckets)
        try container.encode(groupsMicroseconds, forKey: .groupsMicroseconds)
    }

    /// Refuses counts kept under other bounds than this version's, naming both.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        requestsMicroseconds = try container.decode(Int64.self, forKey: .requestsMicroseconds)
        foldsMicroseconds = try container.decode(Int64.self, forKey: .foldsMicroseconds)
        commitsMicroseconds = try container.decode(Int64.self, forKey: .commitsMicroseconds)
        catchUpsMicroseconds = try container.decode(Int64.self, forKey: .catchUpsMicroseconds)
        groupsMicroseconds = try container.decode(Int64.self, forKey: .groupsMicroseconds)
        let bounds = try container.decode([Int64].self, forKey: .groupBoundsMicroseconds)
        let buckets = try container.decode([Int].self, forKey: .groupBuckets)
        guard bounds == WriterTime.groupBoundsMicroseconds, buckets.count == bounds.count + 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .groupBuckets, in: container,
                debugDescription: "writer: \(buckets.count) group counts under the bounds \(bounds) µs; this attendd keeps "
                    + "\(WriterTime.groupBoundsMicroseconds.count + 1) under \(WriterTime.groupBoundsMicroseconds) µs")
        }
        groupBuckets = buckets
    }

    /// Groups longer than `microseconds` (a bucket bound: the buckets cannot split further).
    public func groups(longerThan microseconds: Int64) -> Int {
        guard let index = WriterTime.groupBoundsMicroseconds.firstIndex(of: microseconds) else {
            preconditionFailure("\(microseconds) µs is no bucket bound of WriterTime")
        }
        return groupBuckets[(index + 1)...].reduce(0, +)
    }
}
