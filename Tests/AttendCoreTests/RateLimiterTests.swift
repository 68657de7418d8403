import Testing

@testable import AttendCore

/// One request from `source` at `now`; a free function so `#expect` can take it.
private func allow(_ limiter: inout RateLimiter, _ source: UInt64, at now: Int64) -> Bool {
    limiter.allow(source, nowMilliseconds: now)
}

/// How many of `count` requests from `source` at `now` are allowed.
private func allowed(_ limiter: inout RateLimiter, _ source: UInt64, at now: Int64, count: Int) -> Int {
    (0..<count).reduce(0) { total, _ in total + (limiter.allow(source, nowMilliseconds: now) ? 1 : 0) }
}

@Suite struct RateLimiterTests {
    @Test(arguments: [1, 5, 20])
    func burstIsAllowedThenRefused(_ burst: Int) {
        var limiter = RateLimiter(rate: 1, burst: burst)
        for _ in 0..<burst {
            #expect(allow(&limiter, 7, at: 1_000))
        }
        #expect(!allow(&limiter, 7, at: 1_000))
        #expect(!allow(&limiter, 7, at: 1_000))
    }

    @Test func sourcesHaveTheirOwnBuckets() {
        var limiter = RateLimiter(rate: 1, burst: 2)
        #expect(allowed(&limiter, 1, at: 0, count: 5) == 2)
        #expect(allowed(&limiter, 2, at: 0, count: 5) == 2)
        #expect(limiter.trackedSources == 2)
    }

    @Test func bucketRefillsOverTime() {
        // Two tokens a second: one more after half a second, not before.
        var early = RateLimiter(rate: 2, burst: 3)
        #expect(allowed(&early, 1, at: 0, count: 4) == 3)
        #expect(!allow(&early, 1, at: 499))

        var limiter = RateLimiter(rate: 2, burst: 3)
        #expect(allowed(&limiter, 1, at: 0, count: 4) == 3)
        #expect(allow(&limiter, 1, at: 500))
        #expect(!allow(&limiter, 1, at: 500))
        #expect(allowed(&limiter, 1, at: 1_500, count: 5) == 2)
    }

    @Test func refillStopsAtTheBurst() {
        var limiter = RateLimiter(rate: 10, burst: 4)
        #expect(allowed(&limiter, 1, at: 0, count: 4) == 4)
        // An hour idle still gives only `burst` at once.
        #expect(allowed(&limiter, 1, at: 3_600_000, count: 10) == 4)
    }

    @Test func steadyRateIsSustained() {
        var limiter = RateLimiter(rate: 5, burst: 1)
        var granted = 0
        // One attempt every 100 ms for 10 s: every other one gets through.
        for now in stride(from: Int64(0), through: 10_000, by: 100) where limiter.allow(3, nowMilliseconds: now) {
            granted += 1
        }
        #expect(granted == 51)
    }

    @Test func clockGoingBackwardsGivesNothingExtra() {
        var limiter = RateLimiter(rate: 1, burst: 1)
        #expect(allow(&limiter, 1, at: 10_000))
        #expect(!allow(&limiter, 1, at: 5_000))
        #expect(!allow(&limiter, 1, at: 5_500))
    }

    @Test func rateZeroIsUnlimited() {
        var limiter = RateLimiter(rate: 0, burst: 1)
        #expect(allowed(&limiter, 1, at: 0, count: 10_000) == 10_000)
        #expect(limiter.trackedSources == 0)
    }

    @Test func burstIsAtLeastOne() {
        var limiter = RateLimiter(rate: 1, burst: 0)
        #expect(limiter.burst == 1)
        #expect(allowed(&limiter, 1, at: 0, count: 3) == 1)
    }

    @Test func tableStaysBoundedWithManySources() {
        var limiter = RateLimiter(rate: 1, burst: 5, maxSources: 100)
        var now: Int64 = 0
        for source in UInt64(0)..<10_000 {
            #expect(allow(&limiter, source, at: now))
            #expect(limiter.trackedSources <= 100)
            now += 1
        }
    }

    @Test func idleSourcesAreForgottenFirst() {
        var limiter = RateLimiter(rate: 1, burst: 2, maxSources: 3)
        // Source 1 is busy (its bucket empty); 2 and 3 are full again by t=10 s.
        #expect(allowed(&limiter, 1, at: 10_000, count: 2) == 2)
        #expect(allow(&limiter, 2, at: 0))
        #expect(allow(&limiter, 3, at: 0))
        #expect(allow(&limiter, 4, at: 10_000))
        #expect(limiter.trackedSources == 2)  // 1 and 4 remain
        // Source 1 is still limited: forgetting idle sources did not reset it.
        #expect(!allow(&limiter, 1, at: 10_000))
    }
}
