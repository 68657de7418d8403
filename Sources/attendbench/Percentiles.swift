/// Percentiles of a set of samples, by the nearest-rank method (no interpolation: every
/// figure reported is a latency that was actually seen).
struct Percentiles: Sendable {
    let sorted: [Double]

    init(_ samples: [Double]) { sorted = samples.sorted() }

    var count: Int { sorted.count }
    var max: Double { sorted.last ?? 0 }

    /// The smallest sample with at least `percent` % of the samples at or below it.
    func at(_ percent: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }
}
