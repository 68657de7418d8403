import Foundation

/// The district's day-before board of one published conference (`attendctl district plans
/// CONF`): per bridge point, the revision it applied and when, its list's size, the planned and
/// confirmed counts, its newest line test, and how far its clock is from the hub's.
public struct PlanBoard: Equatable, Sendable, Codable {
    public var conference: String
    public var revision: Int64
    public var withdrawn: Bool
    /// `[push] clock_offset_limit` on the hub: an offset beyond it is flagged.
    public var clockOffsetLimitSeconds: Int
    public var bridges: [Row]

    public struct Row: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        /// Taking part in this conference (`--bridges`).
        public var taking: Bool
        /// The revision it last confirmed, and what it did with it.
        public var confirmedRevision: Int64?
        public var outcome: String?
        public var reason: String?
        /// When it confirmed, Vietnam time.
        public var confirmedAt: String?
        /// Its rows in the district's list, and its list size as it confirmed it.
        public var districtRows: Int
        public var hallRows: Int?
        public var planned: Int?
        public var confirmed: Int?
        /// Passed or failed, from its newest tally (nil: none reported).
        public var lineTestPassed: Bool?
        public var lastPollAt: String?
        /// The hub's clock minus the bridge point's, seconds.
        public var clockOffsetSeconds: Double?

        public init(id: String, name: String, taking: Bool, districtRows: Int) {
            self.id = id
            self.name = name
            self.taking = taking
            self.districtRows = districtRows
        }

        /// It holds the newest revision, applied.
        public func isCurrent(_ revision: Int64) -> Bool { confirmedRevision == revision && outcome == PlanConfirmation.Outcome.applied.rawValue }
    }

    public init(conference: String, revision: Int64, withdrawn: Bool, clockOffsetLimitSeconds: Int, bridges: [Row]) {
        self.conference = conference
        self.revision = revision
        self.withdrawn = withdrawn
        self.clockOffsetLimitSeconds = clockOffsetLimitSeconds
        self.bridges = bridges
    }

    /// Bridge points taking part that hold the newest revision, applied.
    public var applied: Int { bridges.filter { $0.taking && $0.isCurrent(revision) }.count }

    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(self) else { preconditionFailure("PlanBoard failed to encode") }
        data.append(0x0A)
        return data
    }

    /// The line a hub's roll-up of a conference it never published starts with.
    public static func notDistrictNotice(_ conference: String, _ language: ReportLanguage) -> String {
        language.text(.planBoardNotDistrict, conference)
    }

    /// The board as a table for a terminal, in `language`.
    public func text(language: ReportLanguage) -> String {
        ([title(language), ""] + textLines(language)).joined(separator: "\n") + "\n"
    }

    /// The table, then why a hall did not apply a revision, in its own words (too long for a cell).
    func textLines(_ language: ReportLanguage) -> [String] {
        let aligns: [TextTable.Alignment] = [.right, .left, .right, .right, .right, .left, .right, .left]
        var table = TextTable(columns: [.init(header: language.text(.planBoardBridge), align: .left)]
            + zip(Self.headers(language), aligns).map { .init(header: $0, align: $1) })
        for row in bridges { table.rows.append(([Self.label(row)] + cells(row, language)).map { [$0] }) }
        let reasons = bridges.compactMap { row in row.reason.map { "- \(row.id): \($0)" } }
        return table.render(indent: 0) + (reasons.isEmpty ? [] : [""] + reasons)
    }
}
