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
        let numbers = language.numbers
        var table = TextTable(columns: [
            .init(header: language.text(.planBoardBridge), align: .left),
            .init(header: language.text(.planBoardRevision), align: .right),
            .init(header: language.text(.planBoardWhen), align: .left),
            .init(header: language.text(.planBoardList), align: .right),
            .init(header: language.text(.planBoardPlanned), align: .right),
            .init(header: language.text(.planBoardConfirmed), align: .right),
            .init(header: language.text(.planBoardLineTest), align: .left),
            .init(header: language.text(.planBoardClock), align: .right),
            .init(header: language.text(.planBoardNote), align: .left),
        ])
        for row in bridges {
            var notes: [String] = []
            if !row.taking { notes.append(language.text(.planBoardNotTaking)) }
            switch row.outcome {
            case nil: if row.taking { notes.append(language.text(.planBoardWaiting)) }
            case PlanConfirmation.Outcome.received.rawValue: notes.append(language.text(.planBoardReceived))
            case PlanConfirmation.Outcome.refused.rawValue: notes.append(language.text(.planBoardRefused))
            default: break
            }
            if row.lastPollAt == nil { notes.append(language.text(.planBoardNeverPolled)) }
            if let offset = row.clockOffsetSeconds, abs(offset) > Double(clockOffsetLimitSeconds) {
                notes.append(language.text(.planBoardOffsetBeyond, String(clockOffsetLimitSeconds)))
            }
            let revisionCell = row.confirmedRevision.map { "\($0)/\(revision)" } ?? "—"
            let when = row.confirmedAt.map { String($0.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ") } ?? "—"
            let lineTest = row.lineTestPassed.map { language.text($0 ? .linePassed : .lineFailed) } ?? "—"
            let offset = row.clockOffsetSeconds.map { (($0 >= 0) ? "+" : "") + numbers.decimal($0) + " s" } ?? "—"
            table.rows.append([
                [row.name == row.id ? row.id : "\(row.name) (\(row.id))"], [revisionCell], [when],
                [numbers.integer(row.hallRows ?? row.districtRows)], [row.planned.map(numbers.integer) ?? "—"],
                [row.confirmed.map(numbers.integer) ?? "—"], [lineTest], [offset], [notes.joined(separator: "; ")],
            ])
        }
        let title = language.text(.planBoardTitle, conference, String(revision), withdrawn ? language.text(.planBoardWithdrawn) : "")
        // Why a hall did not apply a revision, in its own words, under the table (too long for a cell).
        let reasons = bridges.compactMap { row in row.reason.map { "- \(row.id): \($0)" } }
        return ([title, ""] + table.render(indent: 0) + (reasons.isEmpty ? [] : [""] + reasons)).joined(separator: "\n") + "\n"
    }
}
