/// A hub's newest live summary per (bridge point, conference), as a value: what `LIVE` leaves
/// behind. Newest-only: a summary replaces the one held only when its seq is higher, so a
/// replayed or reordered summary changes nothing.
///
/// Bounded: only bridge points of the keys file reach it (`LivePush.check` refuses the rest
/// before), and each keeps at most `conferencesPerBridge` conferences (the one heard longest ago
/// goes), so the board holds at most bridges × 4 summaries of at most 16 KiB: 1,000 halls, under
/// 64 MB at the very worst, about 5 MB with real summaries (about 1.2 KB each in memory).
public struct LiveBoard: Equatable, Sendable {
    public static let conferencesPerBridge = 4

    /// One hall's newest summary and when the hub got it (the hub's clock).
    public struct Entry: Equatable, Sendable {
        public var summary: LiveSummary
        public var seq: Int64
        public var heardAt: Timestamp
    }

    /// By bridge point, then conference.
    public private(set) var entries: [String: [String: Entry]] = [:]

    /// By bridge point, the conferences whose final tally the hub holds (newest last, at most
    /// `conferencesPerBridge`): the hall is done with them, a late summary is not kept.
    public private(set) var closed: [String: [String]] = [:]

    public init() {}

    /// The hall's final tally of `conference` arrived: its live figures go (the tally is the
    /// report), and a summary arriving after it (sent at the part's end) is refused, so a closed
    /// hall never turns "silent".
    public mutating func close(bridge: String, conference: String) {
        entries[bridge]?[conference] = nil
        if entries[bridge]?.isEmpty == true { entries[bridge] = nil }
        var done = closed[bridge] ?? []
        guard !done.contains(conference) else { return }
        done.append(conference)
        closed[bridge] = Array(done.suffix(Self.conferencesPerBridge))
    }

    /// Offers a checked summary; true when it is the newest and was kept.
    @discardableResult
    public mutating func offer(_ summary: LiveSummary, seq: Int64, heardAt: Timestamp) -> Bool {
        if closed[summary.bridge]?.contains(summary.conference) == true { return false }
        var held = entries[summary.bridge] ?? [:]
        if let old = held[summary.conference], old.seq >= seq { return false }
        held[summary.conference] = Entry(summary: summary, seq: seq, heardAt: heardAt)
        while held.count > Self.conferencesPerBridge, let oldest = held.min(by: { $0.value.heardAt < $1.value.heardAt }) {
            held[oldest.key] = nil
        }
        entries[summary.bridge] = held
        return true
    }

    /// The newest summaries of `conference`, by bridge point.
    public func summaries(of conference: String) -> [String: Entry] {
        entries.compactMapValues { $0[conference] }
    }

    /// How many summaries are held.
    public var count: Int { entries.values.reduce(0) { $0 + $1.count } }

    /// Conferences with a summary, sorted.
    public var conferences: [String] { Set(entries.values.flatMap(\.keys)).sorted() }
}

/// When a hall has gone silent ("mất tín hiệu"): its newest summary is older than two of the
/// intervals it promised, on the hub's clock. One late summary is not silence; two missed are.
public enum LiveSilenceRule {
    /// How many promised intervals may pass before a hall is silent.
    public static let intervals = 2

    /// True when the summary heard at `heardAt`, promising `intervalSeconds`, is too old at `now`.
    public static func isSilent(heardAt: Timestamp, intervalSeconds: Int, at now: Timestamp) -> Bool {
        now.milliseconds - heardAt.milliseconds > Int64(intervals * intervalSeconds) * 1000
    }
}
