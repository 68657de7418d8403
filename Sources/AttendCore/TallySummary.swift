import Foundation

/// What a district hub keeps of each tally it receives: exactly what the roll-up needs.
///
/// A hub checks and decodes a tally once, when it arrives, and stores this beside the signed
/// bytes. A roll-up then reads summaries, a few hundred bytes each, instead of decoding every
/// bridge point's whole tally again (the lists of names are most of a tally).
public struct TallySummary: Equatable, Sendable, Codable {
    /// False for a tally sent before the conference closed (the day-before figures).
    public var final: Bool
    /// The conference as the bridge point planned it (title, date, parts), for report headers.
    public var conference: Tally.ConferenceInfo
    /// The count confirmed the day before.
    public var expected: Int?
    public var total: Tally.Figures
    public var categories: [Tally.CategoryFigures]
    public var curve: Tally.PresenceCurve
    /// The invited who did not come: enough to find those who came to another bridge point.
    public var absent: [Absence]
    /// Ids of those who came without being on this bridge point's list.
    public var walkIns: [String]
    public var late: Int
    public var leftEarly: Int
    public var outageMinutes: Double
    /// The newest line test of each target before the conference.
    public var lineTests: [LineTestVerdict]

    public struct Absence: Equatable, Sendable, Codable {
        public var id: String
        public var category: DelegateCategory
        public var excused: Bool
    }

    /// A line test reduced to what the district reads: which target, when, passed or not, why.
    public struct LineTestVerdict: Equatable, Sendable, Codable {
        public var target: String
        public var startedAt: String
        public var passed: Bool
        public var verdict: String
    }

    public init(_ tally: Tally) {
        final = tally.final ?? true
        conference = tally.conference
        expected = tally.conference.expected
        total = tally.total
        categories = tally.categories
        curve = tally.curve
        absent = tally.absentees.map { Absence(id: $0.id, category: $0.category, excused: $0.excused) }
        walkIns = tally.walkIns.map(\.id)
        late = tally.lateArrivals.count
        leftEarly = tally.earlyLeavers.count
        outageMinutes = tally.incidents?.outageMinutes ?? 0
        lineTests = (tally.lineTests ?? []).map {
            LineTestVerdict(target: $0.target, startedAt: $0.startedAt, passed: $0.passed, verdict: $0.verdict)
        }
    }

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
