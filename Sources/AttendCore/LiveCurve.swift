/// The presence curve a bridge point sends in its live summaries: one point per summary, never
/// more than `LiveSummary.maxCurvePoints`. When it is full, every other point goes (the first
/// and the newest stay), so a long conference keeps its whole shape at half the detail, and
/// the memory is the same after ten minutes or ten hours.
public struct LiveCurve: Equatable, Sendable {
    public private(set) var points: [LiveSummary.Point] = []
    public let capacity: Int

    public init(capacity: Int = LiveSummary.maxCurvePoints) {
        precondition(capacity >= 2, "a curve keeps its first and newest point")
        self.capacity = capacity
    }

    /// Adds the presence at `at`; thins the curve when it is full.
    public mutating func add(at: Timestamp, present: Int) {
        if points.count >= capacity {
            // Keep the even points (the first among them); the new one is appended after.
            points = points.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        }
        points.append(.init(at: at.vietnam, present: present))
    }
}
