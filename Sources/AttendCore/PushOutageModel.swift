/// Many halls' `PushRetrySchedule`s against one hub that is down for a while, on a simulated
/// clock: how late each hall's closed tally gets through after the hub is back, and how hard the
/// halls knock on it while it is down. The tests check the schedule's promises with it and
/// attendbench reports its figures for 1,000 halls and a 10-minute outage (a real one would take
/// the benchmark ten minutes).
///
/// The model: the hub goes down at 0 and is reachable again at `outageSeconds`. Each hall closes
/// its conference at a time spread over the first `closingSpreadSeconds` and pushes at once
/// (that attempt fails). It also polls the hub for plans every `pollSeconds` from its own phase;
/// the first poll after the return gets through and brings the push forward (`hubHeard`). The
/// time an exchange takes is left out: the daemon's bound adds one `[push] timeout` to it.
public struct PushOutageModel: Sendable {
    public var halls: Int
    public var outageSeconds: Double
    public var closingSpreadSeconds = 60.0
    /// `[push] poll`; nil for a hall that does not poll (only its own retries bring it back).
    public var pollSeconds: Double? = 60
    public var seed: UInt64 = 1

    public init(halls: Int, outageSeconds: Double) {
        self.halls = halls
        self.outageSeconds = outageSeconds
    }

    /// What the model found.
    public struct Outcome: Sendable {
        /// Per hall, seconds from the hub's return to its tally getting through, ascending.
        public var delays: [Double]
        /// Push attempts the down hub saw from all halls, per whole second of the outage
        /// after the first two minutes (when every hall's backoff has stopped growing).
        public var attemptsPerSecondWhileDown: [Int]
        /// Attempts each hall made while the hub was down, the most of any hall.
        public var mostAttemptsOfAHall: Int
    }

    public func run() -> Outcome {
        var random = ModelRandom(state: seed)
        var delays: [Double] = []
        delays.reserveCapacity(halls)
        let settled = 120.0
        let buckets = max(0, Int(outageSeconds - settled))
        var perSecond = [Int](repeating: 0, count: buckets)
        var most = 0
        for _ in 0..<halls {
            var schedule = PushRetrySchedule()
            var now = random.unit() * closingSpreadSeconds
            var attempts = 0
            // Attempts while down; each fails and sets the next.
            while now < outageSeconds {
                attempts += 1
                if now >= settled, Int(now - settled) < buckets { perSecond[Int(now - settled)] += 1 }
                schedule.failed(at: now, random: random.unit())
                now = schedule.nextAttempt ?? now
            }
            most = max(most, attempts)
            // The first poll after the return, on this hall's own phase.
            if let pollSeconds {
                let phase = random.unit() * pollSeconds
                let polled = phase + (max(0, outageSeconds - phase) / pollSeconds).rounded(.up) * pollSeconds
                if polled < now { schedule.hubHeard(at: polled, random: random.unit()) }
            }
            let through = schedule.nextAttempt.map { max($0, outageSeconds) } ?? outageSeconds
            delays.append(through - outageSeconds)
        }
        return Outcome(delays: delays.sorted(), attemptsPerSecondWhileDown: perSecond, mostAttemptsOfAHall: most)
    }
}

/// SplitMix64, so a model run is the same every time for its seed.
private struct ModelRandom {
    var state: UInt64

    /// A draw from 0..<1.
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
