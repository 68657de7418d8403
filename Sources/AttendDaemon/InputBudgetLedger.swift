/// The bytes the connections' buffers and their queued payloads hold, against `[limits]
/// max_input_buffer`, and whether a big buffer was freed since the heap was last trimmed.
///
/// Pure bookkeeping: `StreamServer` decides what to close with `InputBudget` and tells the
/// ledger what each connection holds, queues and frees.
struct InputBudgetLedger {
    /// A buffer this big freed makes the heap worth trimming.
    static let trimThreshold = 64 * 1024

    /// Bytes held now, buffers and queued payloads together.
    private(set) var held = 0
    /// Payloads handed to the writer or the tally checker, by their reply target, with their
    /// size: counted in `held` until their reply, even after their connection closed.
    private var queuedPayloads: [QueuedPayload: Int] = [:]
    /// A sizeable buffer was freed since `takeHeapTrim()` last said so.
    private var heapToTrim = false

    /// A connection that counted `old` bytes holds `new` now.
    mutating func recount(from old: Int, to new: Int) {
        held += new - old
    }

    /// A payload of `bytes` was handed on; it is counted until `release`.
    mutating func queue(_ bytes: Int, as payload: QueuedPayload) {
        queuedPayloads[payload] = bytes
        held += bytes
    }

    /// The reply for a queued payload came: its bytes leave the budget. False when the
    /// payload was not queued (a reply to a request without one).
    mutating func release(_ payload: QueuedPayload) -> Bool {
        guard let bytes = queuedPayloads.removeValue(forKey: payload) else { return false }
        held -= bytes
        if bytes >= InputBudgetLedger.trimThreshold { heapToTrim = true }
        return true
    }

    /// A connection that counted `bytes` closed.
    mutating func closed(counting bytes: Int) {
        held -= bytes
        if bytes >= InputBudgetLedger.trimThreshold { heapToTrim = true }
    }

    /// Whether the heap should be trimmed now; says so once per freed buffer or run of them.
    mutating func takeHeapTrim() -> Bool {
        defer { heapToTrim = false }
        return heapToTrim
    }
}

/// A payload in a queue, by the reply slot it will fill.
struct QueuedPayload: Hashable {
    var connection: UInt64
    var slot: UInt64
}
