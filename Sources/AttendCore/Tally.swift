import Foundation
/// A conference's attendance at one bridge point, reconciled with its invited list.
///
/// This is what the district report is made of and what the push carries: JSON with
/// snake_case keys, schema `attendd.tally/1`. Times are RFC 3339 in Vietnam's local time.
public struct Tally: Equatable, Sendable, Codable {
    public static let schemaVersion = "attendd.tally/1"

    public var schema = Tally.schemaVersion
    /// The bridge point whose tally this is, set when it is frozen for the district.
    public var bridge: String? = nil
    public var conference: ConferenceInfo
    /// All invited delegates together.
    public var total: Figures
    /// One entry per category that has invited delegates or walk-ins, in category order.
    public var categories: [CategoryFigures]
    public var parts: [PartFigures]
    public var curve: PresenceCurve
    /// Invited and not present: excused (with their reason) or not.
    public var absentees: [Absentee]
    public var lateArrivals: [Lateness]
    public var earlyLeavers: [Lateness]
    /// Checked in without being on the invited list: kept and reported, never dropped.
    public var walkIns: [WalkIn]
    /// Connection-quality incidents: sound and picture per part, outages, people-minutes lost.
    /// Optional so tallies written before incidents were recorded still decode; the
    /// computation fills it whenever the conference has parts.
    public var incidents: IncidentSummary? = nil
    /// False when sent before the conference closed: the day-before figures (expected count,
    /// invited list, line test) for the district, with nobody counted yet. Absent means final,
    /// as every tally was before day-before pushes.
    public var final: Bool? = nil
    /// The newest day-before line test of each probe target, when one was run.
    public var lineTests: [LineTestResult]? = nil
    /// The number a reader calls this report (`Báo cáo lần 1`): 1 for the conference's first
    /// final report, the next for each correction after it; nil on day-before figures and on
    /// tallies from before the field. The wire revision (`rev`) counts every frozen tally,
    /// day-before ones too, and stays for the machines; a hub never sees every revision, so
    /// the bridge point numbers its reports itself.
    public var report: Int? = nil
    /// The written reflections (`ReflectionFigures`); nil when the conference follows none.
    public var reflections: ReflectionFigures? = nil
    /// The invited delegates who were present, ids only, sorted (issue 21: a hub counts each
    /// member's year from them). A bridge point's tally carries it; a district's tally upward
    /// does not (it stays small), and an older attendd sends none: a hub marks that hall partial.
    /// Bounded by the invited list: never more ids than `total.present` (checked on decoding).
    public var present: [String]? = nil

    public struct ConferenceInfo: Equatable, Sendable, Codable {
        public var id: String
        public var title: String
        public var date: String
        public var graceMinutes: Int
        /// The count confirmed the day before, shown beside the actual.
        public var expected: Int?
        public var parts: [PartInfo]
    }

    public struct PartInfo: Equatable, Sendable, Codable {
        public var name: String
        public var start: String
        public var end: String
    }

    public struct Figures: Equatable, Sendable, Codable {
        public var invited = 0
        public var present = 0
        public var absentExcused = 0
        public var absentUnexcused = 0
        public var walkIns = 0
        /// Present / invited in percent, to one decimal; nil with nobody invited.
        public var rate: Double?
        /// The category's target in percent (98 for party members, 90 for others); nil for none.
        public var target: Double?
        /// Below its target: a hall that should call people in.
        public var belowTarget: Bool

        public init(belowTarget: Bool = false) { self.belowTarget = belowTarget }
    }

    public struct CategoryFigures: Equatable, Sendable, Codable {
        public var category: DelegateCategory
        public var figures: Figures
    }

    public struct PartFigures: Equatable, Sendable, Codable {
        public var name: String
        /// Anyone present at some moment of the part.
        public var present: Int
        /// Present when the grace period after the start ends.
        public var presentAtStart: Int
        /// Present when the grace period before the end begins.
        public var presentAtEnd: Int
        public var arrivedLate: Int
        public var leftEarly: Int
    }

    /// People present at the start of each slot, from the first part's start to the last part's end.
    public struct PresenceCurve: Equatable, Sendable, Codable {
        public var slotMinutes: Int
        public var start: String
        public var counts: [Int]
    }

    public struct Absentee: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        public var unit: String
        public var category: DelegateCategory
        public var excused: Bool
        public var reason: String?
    }

    /// A late arrival or an early departure in one part.
    public struct Lateness: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        public var unit: String
        public var part: String
        public var at: String
        /// Minutes after the part's start (late) or before its end (early).
        public var minutes: Int
    }

    public struct WalkIn: Equatable, Sendable, Codable {
        public var id: String
        public var firstSeen: String
    }
}

extension Tally {
    /// The report number of a tally frozen now, given those frozen before for the same
    /// conference: when `final`, the one after every final report before it, counting those
    /// frozen before the field (no `report`, `final` absent or true); none for day-before figures.
    public static func reportNumber(final: Bool, frozenBefore: [Tally]) -> Int? {
        reportNumber(final: final, finalsBefore: frozenBefore.filter { $0.final ?? true }.count)
    }

    /// The same, from the count of final reports frozen before.
    public static func reportNumber(final: Bool, finalsBefore: Int) -> Int? {
        final ? finalsBefore + 1 : nil
    }

    /// Whether frozen tally bytes are a final report (`final` absent counts as final, as before
    /// the field), reading that one field rather than decoding the whole tally; nil when unreadable.
    public static func isFinal(json: [UInt8]) -> Bool? {
        struct Flag: Decodable { var final: Bool? }
        return (try? JSONDecoder().decode(Flag.self, from: Data(json))).map { $0.final ?? true }
    }
}

/// A check-in or check-out as the tally sees it: who, which way, and its effective time.
public struct AttendanceEvent: Equatable, Sendable {
    public var delegate: String
    public var direction: Direction
    /// The server's receive time, or for queued and paper entries the corrected scan time.
    public var at: Timestamp
    /// Taken back with `VOID`: kept in the audit trail, not counted.
    public var voided: Bool

    public init(delegate: String, direction: Direction, at: Timestamp, voided: Bool = false) {
        self.delegate = delegate
        self.direction = direction
        self.at = at
        self.voided = voided
    }
}
