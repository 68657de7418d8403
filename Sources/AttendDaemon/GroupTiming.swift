import AttendCore
import AttendIO

/// Marks in one group's time on the writer thread, booked into `WriterTime` when it ends: the
/// commit is from the end of the transaction's body to the end of its `COMMIT` (or its failure),
/// the fold is the busy fold's, and the rest (reloading the state, applying the requests,
/// publishing their figures) is the requests'.
struct GroupTiming {
    private let began = Clock.monotonicNanoseconds()
    private var foldBegan: Int64?
    private var fold: Int64 = 0
    private var bodyEnded: Int64?
    private var transactionEnded: Int64?
    private var retryBegan: Int64?

    mutating func foldBegins() { foldBegan = Clock.monotonicNanoseconds() }
    mutating func foldEnds() {
        if let foldBegan { fold += Clock.monotonicNanoseconds() - foldBegan }
        foldBegan = nil
    }
    mutating func bodyEnds() { bodyEnded = Clock.monotonicNanoseconds() }
    /// Right after the transaction committed or failed; only the first call counts.
    mutating func transactionEnds() {
        if transactionEnded == nil { transactionEnded = Clock.monotonicNanoseconds() }
    }
    /// The group failed for one request's fault and is retried one job a transaction.
    mutating func retryBegins() { retryBegan = Clock.monotonicNanoseconds() }

    /// Books the group in `time`. A retried group books its failed attempt as requests' time
    /// and no group of its own: each retry is booked as a group when it ends.
    func book(in time: inout WriterTime) {
        if let retryBegan {
            time.addFailedAttempt((retryBegan - began) / 1_000)
            return
        }
        let ended = Clock.monotonicNanoseconds()
        let commit = bodyEnded.map { (transactionEnded ?? ended) - $0 } ?? 0
        time.addGroup(requests: (ended - began - fold - commit) / 1_000, fold: fold / 1_000, commit: commit / 1_000)
    }
}
