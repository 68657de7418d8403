/// Whether a delegate arrives or leaves.
public enum Direction: String, Sendable, Codable {
    case checkIn = "in"
    case checkOut = "out"
}

/// How the terminal identified the delegate.
public enum CheckMethod: String, CaseIterable, Sendable, Codable {
    case card, qr, manual, face
}

/// A `CHECKIN` or `CHECKOUT` request, validated.
public struct CheckRequest: Equatable, Sendable {
    public var direction: Direction
    /// The delegate id (card or member number).
    public var delegate: String
    /// The terminal id, when the terminal sends one.
    public var terminal: String?
    /// The terminal's sequence number; with `terminal`, it makes retries idempotent.
    public var sequence: Int64?
    /// The conference named by `conf=`, or nil for the open one.
    public var conference: String?
    public var method: CheckMethod?
    /// The terminal's clock when it scanned, kept beside the server's receive time.
    public var terminalTime: Timestamp?
    /// `queued=1`: scanned while the line was down and sent later; `at` says when it happened.
    public var queued = false
    /// `paper=1` (control socket only): entered from a paper sign-in sheet; `at` is the time on it.
    public var paper = false

    public init(
        direction: Direction, delegate: String, terminal: String? = nil, sequence: Int64? = nil,
        conference: String? = nil, method: CheckMethod? = nil, terminalTime: Timestamp? = nil
    ) {
        self.direction = direction
        self.delegate = delegate
        self.terminal = terminal
        self.sequence = sequence
        self.conference = conference
        self.method = method
        self.terminalTime = terminalTime
    }
}

/// A decoded request, grouped by where it runs: the event loop answers `ping` and `reload` itself,
/// the writer stores a `write`, the query reader answers a `query`, the tally checker checks a
/// `tallyPush` before the writer stores it, the line tester runs a `lineTest`. Which verb gives
/// which request, and who may send it, is `VerbTable`.
public enum Request: Equatable, Sendable {
    case ping
    /// Admin: re-read the configuration, as SIGHUP does.
    case reload
    /// A request the writer stores, answered after its commit.
    case write(WriteRequest)
    /// A read, answered from the read-only connection.
    case query(Query)
    /// A bridge point's signed tally for its district hub; the JSON payload follows the line.
    case tallyPush(TallyPush)
    /// A bridge point's signed live summary for its hub (`LIVE`); the JSON payload follows the line.
    case livePush(LivePush)
    /// Admin: run the day-before line test against the probe targets for `seconds`.
    case lineTest(seconds: Int)

    /// The largest invited list `INVITE` may announce, in bytes (`TALLY`'s is `Tally.maxJSONBytes`).
    public static let maxInviteBytes = 16 << 20

    /// The longest id, terminal or conference the protocol accepts, in bytes.
    public static let maxIdentifierBytes = 64
    /// The longest title, in bytes.
    public static let maxTitleBytes = 512

    /// Gives a decoded line its meaning through its verb's row, or says which field is wrong.
    public init(_ line: RequestLine) throws(ProtocolError) {
        self = try VerbTable.verb(of: line).decode(line)
    }
}

/// A request that changes stored state: the writer applies it in a group commit.
public enum WriteRequest: Equatable, Sendable {
    case check(CheckRequest)
    /// Admin: open a conference, creating it if new.
    case openConference(id: String, title: String?)
    /// Admin: close a conference (nil: the open one).
    case closeConference(id: String?)
    /// Admin: define or change a conference's plan.
    case define(PlanChange)
    /// Admin: replace a conference's invited list (nil: the open one's) with the CSV payload that
    /// follows the line.
    case invite(conference: String?, bytes: Int, defaultCategory: DelegateCategory?)
    /// Admin: record (or with an empty reason, withdraw) an absent delegate's excuse.
    case excuse(conference: String?, delegate: String, reason: String)
    /// A connection-quality incident starts or ends (operators, terminals, the daemon's probes).
    case incident(IncidentRequest)
    /// Take a check-in back, keeping it stored with who voided it and why (`VoidRule`).
    case void(VoidRequest)
    /// Admin: print and store a conference's sign-in sheets (`SignInSheet`).
    case printSheets(SheetRequest)
    /// Admin: the numbers typed from a signed sheet, which follow the line (`PaperBatch`).
    case paper(PaperRequest)

    /// Admin, on a hub: define or change a district conference (its next plan revision).
    case publishPlan(PlanPublication)
    /// Admin, on a hub: the district's list, by bridge point, in the CSV payload that follows
    /// (`bridge`: the file is that one hall's rows); the plan's next revision.
    case publishList(conference: String, bridge: String?, expected: [String: Int], bytes: Int, defaultCategory: DelegateCategory?)
    /// Admin, on a hub: the conference is cancelled (a revision too).
    case withdrawPlan(conference: String)
    /// A bridge point's signed poll for the plans it lacks; answered with them, signed.
    case planPoll(PlanPoll)
    /// A bridge point's signed confirmation of what it did with a revision.
    case planConfirmation(PlanConfirmation)
    /// Admin: reflections handed in for a conference, in the wire CSV that follows
    /// (`ReflectionImport.wire`); after the close, a correction (the tally's next revision).
    case reflect(conference: String, bytes: Int)

    /// The size of the payload that follows the line, for the requests that carry one.
    public var payloadBytes: Int? {
        switch self {
        case .invite(_, let bytes, _): bytes
        case .paper(let request): request.bytes
        case .publishList(_, _, _, let bytes, _): bytes
        case .reflect(_, let bytes): bytes
        default: nil
        }
    }
}

/// A read the query reader answers from its read-only connection, off the loop and the writer.
public enum Query: Equatable, Sendable {
    /// Admin: the tally of a conference (nil: the open one, else the last closed).
    /// `number`: the printed report's number before `[report] symbol` (`number=190`); nil leaves it blank.
    case report(conference: String?, format: ReportFormat, language: ReportLanguage, number: String? = nil)
    /// Admin: one delegate's attendance across conferences.
    case history(delegate: String)
    /// Invited delegates whose names match, ignoring case and diacritics (check-in without a card).
    case find(query: String, conference: String?)
    /// Admin: every conference with its date, state and counts.
    case listConferences
    /// Admin: incidents open now and recent ones.
    case listIncidents
    /// Admin: the tallies waiting for the district or pushed.
    case listOutbox
    /// Admin, on a hub: the newest tally of each bridge point for a conference.
    case districtRollup(conference: String, format: ReportFormat, language: ReportLanguage, number: String? = nil)
    /// The open conference and its figures (invited, arrived, walk-ins): what a check-in terminal shows.
    case summary
    /// Admin: the voided events of a conference (nil: every conference).
    case listVoids(conference: String?)
    /// Admin: a conference's invited list with its title, date, parts and site, for its cards
    /// and invitations (nil: the open one). On a hub, a published conference's lists of every
    /// hall taking part, or of `bridge` (an id or name of the keys file) alone.
    case roster(conference: String?, bridge: String?)
    /// Admin, on a hub: the district's board of a published conference, per bridge point.
    case planBoard(conference: String, format: ReportFormat, language: ReportLanguage)
    /// Admin: each member's year (`YearReport`) over the conferences dated `from` to `to`.
    case year(YearQuery)
}

/// A `YEAR` request: `from=YYYY-MM-DD to=YYYY-MM-DD [unit=] [category=] [format=text|csv|json|html|xlsx] [lang=]`.
public struct YearQuery: Equatable, Sendable {
    public var from: String
    public var to: String
    public var unit: String?
    public var category: DelegateCategory?
    public var format: ReportFormat
    public var language: ReportLanguage
    /// `attention_rate=`, `attention_unexcused=`, `attention_reflection=` (attendctl sends its
    /// config's `[year]` keys); the keys' defaults when absent.
    public var rules = YearReport.AttentionRules()

    init(_ line: RequestLine) throws(ProtocolError) {
        guard let from = line["from"], ConferencePlan.isDate(from), let to = line["to"], ConferencePlan.isDate(to) else {
            throw ProtocolError(.invalid, "from= and to= must be YYYY-MM-DD")
        }
        guard from <= to else { throw ProtocolError(.invalid, "from= \(from) is after to= \(to)") }
        self.from = from
        self.to = to
        unit = try RequestFields.text("unit", line, maxBytes: Request.maxTitleBytes)
        if let text = line["category"] {
            guard let value = DelegateCategory.parse(text) else { throw ProtocolError(.invalid, "category \(text) is not known") }
            category = value
        }
        format = try RequestFields.reportFormat(line)
        language = try RequestFields.reportLanguage(line)
        for (key, range, path) in [("attention_rate", 0...100, \YearReport.AttentionRules.rate),
                                   ("attention_unexcused", 0...1000, \YearReport.AttentionRules.unexcused)] {
            guard let text = line[key] else { continue }
            guard let value = Int(text), range.contains(value) else {
                throw ProtocolError(.invalid, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(text)")
            }
            rules[keyPath: path] = value
        }
        if let text = line["attention_reflection"] {
            guard let parsed = YearReport.AttentionRules.reflection(text) else {
                throw ProtocolError(.invalid, "attention_reflection takes grades and missing joined by |, or none; got \(text)")
            }
            (rules.grades, rules.missing) = parsed
        }
    }
}

/// How a report is written.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, csv, json
    /// A printable page (`attendctl report --html FILE`), laid out as an official report.
    case html
    /// An Office Open XML workbook (`attendctl report --xlsx FILE`), one sheet per section.
    case xlsx
}

/// A `DEFINE` request: the fields given replace the plan's; absent ones stay as they are.
public struct PlanChange: Equatable, Sendable {
    public var conference: String
    public var title: String?
    public var date: String?
    /// Parts as written (`Sáng 07:30-11:30, Chiều 13:30-17:00`); parsed against the date.
    public var parts: String?
    public var graceMinutes: Int?
    public var expected: Int?
    /// `auto=1`: open and close on the schedule of the parts.
    public var autoSchedule: Bool?
    /// `reflection_due=YYYY-MM-DD`: the day reflections are due; empty clears it.
    public var reflectionDue: String?

    init(_ line: RequestLine) throws(ProtocolError) {
        conference = try RequestFields.identifier("conf", line, required: true)!
        title = try RequestFields.text("title", line, maxBytes: Request.maxTitleBytes)
        date = line["date"]
        if let date, !ConferencePlan.isDate(date) { throw ProtocolError(.invalid, "date must be YYYY-MM-DD, got \(date)") }
        parts = try RequestFields.text("parts", line, maxBytes: Request.maxTitleBytes)
        graceMinutes = try PlanChange.number("grace", line, 0...240)
        autoSchedule = try PlanChange.number("auto", line, 0...1).map { $0 == 1 }
        expected = try PlanChange.number("expected", line, 0...1_000_000)
        reflectionDue = line["reflection_due"]
        if let due = reflectionDue, !due.isEmpty, !ConferencePlan.isDate(due) {
            throw ProtocolError(.invalid, "reflection_due must be YYYY-MM-DD (or empty to clear it), got \(due)")
        }
    }

    /// Applies the change to `plan` (or a new plan), parsing the parts against its date.
    public func applied(to plan: ConferencePlan?) throws(ProtocolError) -> ConferencePlan {
        var result = plan ?? ConferencePlan(id: conference, title: title ?? conference, date: "", parts: [])
        if let title { result.title = title }
        if let graceMinutes { result.graceMinutes = graceMinutes }
        if let expected { result.expected = expected }
        if let autoSchedule { result.autoSchedule = autoSchedule }
        if let reflectionDue { result.reflectionDue = reflectionDue.isEmpty ? nil : reflectionDue }
        let dateChanged = date != nil && date != result.date
        if let date { result.date = date }
        if let parts {
            guard !result.date.isEmpty else { throw ProtocolError(.invalid, "parts need a date (date=YYYY-MM-DD)") }
            result.parts = try ConferencePlan.parseParts(parts, date: result.date)
        } else if dateChanged && !result.parts.isEmpty {
            throw ProtocolError(.invalid, "a new date needs the parts again (parts=...)")
        }
        if result.autoSchedule && result.parts.isEmpty {
            throw ProtocolError(.invalid, "auto=1 needs parts to follow (parts=...)")
        }
        return result
    }

    private static func number(_ key: String, _ line: RequestLine, _ range: ClosedRange<Int>) throws(ProtocolError) -> Int? {
        guard let text = line[key] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ProtocolError(.invalid, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(text)")
        }
        return value
    }
}

/// An `INCIDENT` request: `action=start|end kind=audio_lost note="..."`.
public struct IncidentRequest: Equatable, Sendable {
    public enum Action: String, Sendable { case start, end }

    public var action: Action
    public var kind: IncidentKind
    public var note: String
    /// Who reports it: a terminal (its `term=`), an operator (the control socket) or a probe.
    public var source: IncidentSource
    public var sourceName: String

    public init(action: Action, kind: IncidentKind, note: String = "", source: IncidentSource, sourceName: String) {
        self.action = action
        self.kind = kind
        self.note = note
        self.source = source
        self.sourceName = sourceName
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        guard let actionText = line["action"], let action = Action(rawValue: actionText) else {
            throw ProtocolError(.invalid, "action must be start or end")
        }
        guard let kindText = line["kind"], let kind = IncidentKind.parse(kindText) else {
            throw ProtocolError(.invalid, "kind must be one of \(IncidentKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.action = action
        self.kind = kind
        note = try RequestFields.text("note", line, maxBytes: Request.maxTitleBytes) ?? ""
        let terminal = try RequestFields.identifier("term", line, required: false)
        source = .terminal
        sourceName = terminal ?? ""
    }
}
