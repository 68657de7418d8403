/// A token bucket per source address: `rate` requests a second, bursts up to `burst`.
///
/// Time is passed in (monotonic milliseconds), so tests need no clock. The table is bounded:
/// when it grows past `maxSources`, sources whose buckets are full again are forgotten.
public struct RateLimiter: Sendable {
    public var rate: Int
    public var burst: Int
    public var maxSources: Int
    private var buckets: [UInt64: Bucket] = [:]

    private struct Bucket: Sendable {
        var tokens: Double
        var updatedAt: Int64
    }

    /// `rate` 0 disables limiting.
    public init(rate: Int, burst: Int, maxSources: Int = 4096) {
        self.rate = rate
        self.burst = max(burst, 1)
        self.maxSources = maxSources
    }

    /// Sources tracked now.
    public var trackedSources: Int { buckets.count }

    /// Takes one token for `source`; false when its bucket is empty.
    public mutating func allow(_ source: UInt64, nowMilliseconds now: Int64) -> Bool {
        guard rate > 0 else { return true }
        var bucket = buckets[source] ?? Bucket(tokens: Double(burst), updatedAt: now)
        let elapsed = Double(max(0, now - bucket.updatedAt)) / 1000
        bucket.tokens = min(Double(burst), bucket.tokens + elapsed * Double(rate))
        bucket.updatedAt = now
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        buckets[source] = bucket
        if buckets.count > maxSources { forgetIdle(now: now) }
        return allowed
    }

    private mutating func forgetIdle(now: Int64) {
        let full = Double(burst)
        buckets = buckets.filter { _, bucket in
            bucket.tokens + Double(now - bucket.updatedAt) / 1000 * Double(rate) < full
        }
        // Still too many busy sources: start afresh rather than grow without bound.
        if buckets.count > maxSources { buckets.removeAll() }
    }
}
