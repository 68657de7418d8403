/// The terminals' clock offsets (server minus terminal, ms) that correct queued check-ins: a cache
/// in front of the database, which holds the offset of each terminal's newest stored live
/// check-in (`CheckInRepository.lastClockOffset`). Only stored check-ins enter it, and it holds at
/// most `capacity` terminals: past that, one already held is dropped (a miss reads the database
/// again), so made-up `term=` values cannot grow it.
public struct ClockOffsetTable: Sendable {
    public let capacity: Int
    public private(set) var offsets: [String: Int64] = [:]

    public init(capacity: Int = 4_096) {
        precondition(capacity > 0, "a clock offset table holds at least one terminal")
        self.capacity = capacity
    }

    public subscript(terminal: String) -> Int64? { offsets[terminal] }

    /// Notes `terminal`'s offset, dropping another terminal's when full.
    public mutating func set(_ terminal: String, _ offset: Int64) {
        if offsets.count >= capacity, offsets[terminal] == nil { offsets.remove(at: offsets.startIndex) }
        offsets[terminal] = offset
    }
}
