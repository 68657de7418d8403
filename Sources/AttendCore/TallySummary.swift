import Foundation

/// What a district hub keeps of each tally it receives: what the roll-up and the district's
/// own tally (pushed upward) need.
///
/// A hub checks and decodes a tally once, when it arrives, and stores this beside the signed
/// bytes. A roll-up then reads summaries instead of decoding every bridge point's whole tally
/// again. Late arrivals and early leavers are kept as counts (per part), not by name: those
/// lists are most of a tally, and the district reads them in the bridge points' own reports.
public struct TallySummary: Equatable, Sendable, Codable {
    /// False for a tally sent before the conference closed (the day-before figures).
    public var final: Bool
    /// The bridge point's own number for this report (`Tally.report`); nil when it sent none.
    public var report: Int?
    /// The conference as the bridge point planned it (title, date, parts), for report headers.
    public var conference: Tally.ConferenceInfo
    /// The count confirmed the day before.
    public var expected: Int?
    public var total: Tally.Figures
    public var categories: [Tally.CategoryFigures]
    public var parts: [Tally.PartFigures]
    public var curve: Tally.PresenceCurve
    /// The invited who did not come, to find those who came to another bridge point.
    public var absentees: [Tally.Absentee]
    /// Those who came without being on this bridge point's list.
    public var walkIns: [Tally.WalkIn]
    public var outageMinutes: Double
    /// The newest line test of each target before the conference.
    public var lineTests: [LineTestVerdict]
    /// The reflection figures the tally carries, for the district's section on them; nil when
    /// it carries none (and in summaries stored before them, which decode as before).
    public var reflections: Tally.ReflectionFigures? = nil

    /// A line test reduced to what the district reads: which target, when, passed or not, why.
    public struct LineTestVerdict: Equatable, Sendable, Codable {
        public var target: String
        public var startedAt: String
        public var passed: Bool
        public var verdict: String
    }

    public init(_ tally: Tally) {
        final = tally.final ?? true
        report = tally.report
        conference = tally.conference
        expected = tally.conference.expected
        total = tally.total
        categories = tally.categories
        parts = tally.parts
        curve = tally.curve
        absentees = tally.absentees
        walkIns = tally.walkIns
        outageMinutes = tally.incidents?.outageMinutes ?? 0
        lineTests = (tally.lineTests ?? []).map {
            LineTestVerdict(target: $0.target, startedAt: $0.startedAt, passed: $0.passed, verdict: $0.verdict)
        }
        reflections = tally.reflections
    }

    /// Late arrivals, counted once per part (as `Tally.lateArrivals` lists them).
    public var late: Int { parts.map(\.arrivedLate).reduce(0, +) }
    /// Early departures, counted once per part.
    public var leftEarly: Int { parts.map(\.leftEarly).reduce(0, +) }

    /// Compact JSON, keys as the properties are named: this never leaves the hub's database.
    public func storedData() -> [UInt8] {
        guard let data = try? JSONEncoder().encode(self) else { preconditionFailure("TallySummary failed to encode") }
        return Array(data)
    }

    /// Reads what `storedData()` wrote; nil for anything else (the caller falls back to the tally).
    public static func stored(_ bytes: [UInt8]) -> TallySummary? {
        try? JSONDecoder().decode(TallySummary.self, from: Data(bytes))
    }
}
