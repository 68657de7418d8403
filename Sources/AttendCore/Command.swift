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

/// A request with its meaning: what the daemon is asked to do.
public enum Command: Equatable, Sendable {
    case ping
    case check(CheckRequest)
    /// Admin: open a conference, creating it if new. Control socket only.
    case openConference(id: String, title: String?)
    /// Admin: close a conference (nil: the open one). Control socket only.
    case closeConference(id: String?)
    /// Admin: re-read the configuration, as SIGHUP does. Control socket only.
    case reload
    /// Admin: define or change a conference's plan. Control socket only.
    case define(PlanChange)
    /// Admin: replace a conference's invited list (nil: the open one's) with the CSV payload that
    /// follows. Control socket only.
    case invite(conference: String?, bytes: Int, defaultCategory: DelegateCategory?)
    /// Admin: record (or with an empty reason, withdraw) an absent delegate's excuse. Control socket only.
    case excuse(conference: String?, delegate: String, reason: String)
    /// Admin: the tally of a conference (nil: the open one, else the last closed). Control socket only.
    case report(conference: String?, format: ReportFormat, language: ReportLanguage)
    /// Admin: one delegate's attendance across conferences. Control socket only.
    case history(delegate: String)
    /// Invited delegates whose names match, ignoring case and diacritics (check-in without a card).
    case find(query: String, conference: String?)
    /// Admin: every conference with its date, state and counts. Control socket only.
    case listConferences
    /// A connection-quality incident starts or ends (operators, terminals, the daemon's probes).
    case incident(IncidentRequest)
    /// Admin: incidents open now and recent ones. Control socket only.
    case listIncidents
    /// Admin: run the day-before line test against the probe targets for `seconds`. Control socket only.
    case lineTest(seconds: Int)
    /// Not a verb: a finished line test's results, for the writer to store and report.
    case recordLineTests([LineTestResult])
    /// A bridge point's signed tally for its district hub; the JSON payload follows the line.
    case tallyPush(TallyPush)
    /// Not a verb: a push the hub's tally checker accepted (`TallyPush.check`), with what the
    /// roll-up keeps of it; the writer only stores it.
    case checkedTally(TallyPush, TallySummary)
    /// Not a verb: the district has this revision.
    case markPushed(conference: String, revision: Int64)
    /// Admin: the tallies waiting for the district or pushed. Control socket only.
    case listOutbox
    /// Admin, on a hub: the newest tally of each bridge point for a conference. Control socket only.
    case districtRollup(conference: String, format: ReportFormat, language: ReportLanguage)
    /// Not a verb: the daemon's clock asking the writer to open or close conferences on their
    /// schedule. Never decoded from a line.
    case followSchedule
    /// The open conference and its figures (invited, arrived, walk-ins): what a check-in terminal shows.
    case summary
    /// Take a check-in back, keeping it stored with who voided it and why (`VoidRule`).
    case void(VoidRequest)
    /// Admin: the voided events of a conference (nil: every conference). Control socket only.
    case listVoids(conference: String?)

    /// Verbs only the local control socket may use.
    public var isAdmin: Bool {
        switch self {
        case .openConference, .closeConference, .reload, .define, .invite, .excuse, .report, .history, .listConferences,
             .listIncidents, .lineTest, .listOutbox, .districtRollup, .listVoids:
            return true
        case .ping, .check, .find, .followSchedule, .incident, .recordLineTests, .tallyPush, .checkedTally, .markPushed, .summary,
             .void: return false
        }
    }

    /// The largest payload a request may announce (an invited list), in bytes.
    public static let maxPayloadBytes = 16 << 20

    /// The longest id, terminal or conference the protocol accepts, in bytes.
    public static let maxIdentifierBytes = 64
    /// The longest title, in bytes.
    public static let maxTitleBytes = 512

    /// Gives a decoded line its meaning, or says which field is wrong.
    public init(_ line: RequestLine) throws(ProtocolError) {
        switch line.verb {
        case "PING":
            self = .ping
        case "CHECKIN":
            self = .check(try Command.checkRequest(.checkIn, line))
        case "CHECKOUT":
            self = .check(try Command.checkRequest(.checkOut, line))
        case "OPEN":
            self = .openConference(
                id: try Command.identifier("conf", line, required: true)!,
                title: try Command.text("title", line, maxBytes: Command.maxTitleBytes))
        case "CLOSE":
            self = .closeConference(id: try Command.identifier("conf", line, required: false))
        case "RELOAD":
            self = .reload
        case "DEFINE":
            self = .define(try PlanChange(line))
        case "INVITE":
            guard let text = line["bytes"], let bytes = Int(text), bytes > 0, bytes <= Command.maxPayloadBytes else {
                throw ProtocolError(.invalid, "bytes must give the size of the CSV that follows, 1 to \(Command.maxPayloadBytes)")
            }
            var category: DelegateCategory?
            if let text = line["category"] {
                guard let value = DelegateCategory.parse(text) else {
                    throw ProtocolError(.invalid, "category \(text) is not one of \(DelegateCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                category = value
            }
            self = .invite(conference: try Command.identifier("conf", line, required: false), bytes: bytes, defaultCategory: category)
        case "EXCUSE":
            self = .excuse(
                conference: try Command.identifier("conf", line, required: false),
                delegate: try Command.identifier("id", line, required: true)!,
                reason: try Command.text("reason", line, maxBytes: Command.maxTitleBytes) ?? "")
        case "REPORT":
            self = .report(
                conference: try Command.identifier("conf", line, required: false),
                format: try Command.reportFormat(line), language: try Command.reportLanguage(line))
        case "FIND":
            guard let query = try Command.text("q", line, maxBytes: Command.maxTitleBytes), !NameFolding.fold(query).isEmpty else {
                throw ProtocolError(.invalid, "q (part of a name) is required")
            }
            self = .find(query: query, conference: try Command.identifier("conf", line, required: false))
        case "CONFERENCES":
            self = .listConferences
        case "INCIDENT":
            self = .incident(try IncidentRequest(line))
        case "OUTBOX":
            self = .listOutbox
        case "DISTRICT":
            self = .districtRollup(
                conference: try Command.identifier("conf", line, required: true)!,
                format: try Command.reportFormat(line), language: try Command.reportLanguage(line))
        case "TALLY":
            self = .tallyPush(try TallyPush(line))
        case "INCIDENTS":
            self = .listIncidents
        case "LINETEST":
            let text = line["seconds"] ?? "60"
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw ProtocolError(.invalid, "seconds must be a whole number from 1 to 3600, got \(text)")
            }
            self = .lineTest(seconds: seconds)
        case "SUMMARY":
            self = .summary
        case "VOID":
            self = .void(try VoidRequest(line))
        case "VOIDS":
            self = .listVoids(conference: try Command.identifier("conf", line, required: false))
        case "HISTORY":
            self = .history(delegate: try Command.identifier("id", line, required: true)!)
        default:
            throw ProtocolError(.unknownVerb, "unknown verb \(line.verb)")
        }
    }

    private static func checkRequest(_ direction: Direction, _ line: RequestLine) throws(ProtocolError) -> CheckRequest {
        let terminal = try identifier("term", line, required: false)
        var sequence: Int64?
        if let text = line["seq"] {
            guard let value = Int64(text), value >= 0, text.utf8.allSatisfy(\.isASCIIDigit) else {
                throw ProtocolError(.invalid, "seq must be a whole number from 0, got \(text)")
            }
            guard terminal != nil else { throw ProtocolError(.invalid, "seq needs term (sequence numbers are per terminal)") }
            sequence = value
        }
        var method: CheckMethod?
        if let text = line["method"] {
            guard let value = CheckMethod(rawValue: text) else {
                throw ProtocolError(.invalid, "method must be card, qr, manual or face, got \(text)")
            }
            method = value
        }
        var terminalTime: Timestamp?
        if let text = line["at"] {
            guard let value = Timestamp(rfc3339: text) else {
                throw ProtocolError(.invalid, "at must be an RFC 3339 time like 2026-11-23T07:45:00+07:00, got \(text)")
            }
            terminalTime = value
        }
        var request = CheckRequest(
            direction: direction, delegate: try identifier("id", line, required: true)!, terminal: terminal,
            sequence: sequence, conference: try identifier("conf", line, required: false), method: method,
            terminalTime: terminalTime)
        request.queued = try flag("queued", line)
        request.paper = try flag("paper", line)
        if (request.queued || request.paper) && terminalTime == nil {
            throw ProtocolError(.invalid, "\(request.queued ? "queued" : "paper")=1 needs at= (when it was scanned or signed)")
        }
        return request
    }

    private static func flag(_ key: String, _ line: RequestLine) throws(ProtocolError) -> Bool {
        switch line[key] {
        case nil, "0": return false
        case "1": return true
        case let other?: throw ProtocolError(.invalid, "\(key) must be 0 or 1, got \(other)")
        }
    }

    /// `format=text|csv|json|html` of a report; text when absent.
    static func reportFormat(_ line: RequestLine) throws(ProtocolError) -> ReportFormat {
        guard let text = line["format"] else { return .text }
        guard let value = ReportFormat(rawValue: text) else { throw ProtocolError(.invalid, "format must be text, csv, json or html") }
        return value
    }

    /// `lang=vi|en` of a report; Vietnamese when absent.
    static func reportLanguage(_ line: RequestLine) throws(ProtocolError) -> ReportLanguage {
        guard let text = line["lang"] else { return .vietnamese }
        guard let value = ReportLanguage(rawValue: text) else { throw ProtocolError(.invalid, "lang must be vi or en") }
        return value
    }

    static func identifier(_ key: String, _ line: RequestLine, required: Bool) throws(ProtocolError) -> String? {
        guard let value = try text(key, line, maxBytes: maxIdentifierBytes) else {
            if required { throw ProtocolError(.invalid, "\(key) is required") }
            return nil
        }
        guard !value.isEmpty, !value.unicodeScalars.contains(where: Command.isSpace) else {
            throw ProtocolError(.invalid, "\(key) must not be empty or contain spaces")
        }
        guard !value.unicodeScalars.contains(where: ControlEscaping.isControl) else {
            throw ProtocolError(.invalid, "\(key) must not contain control characters")
        }
        return value
    }

    /// White space of any script (U+0020, U+00A0 no-break, U+3000 ideographic, …), judged on decoded
    /// scalars: the byte 0xA0 alone is a UTF-8 continuation byte (à is C3 A0), not a no-break space.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first: a property lookup per scalar is the slow path, taken only past U+007F.
        scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }


    static func text(_ key: String, _ line: RequestLine, maxBytes: Int) throws(ProtocolError) -> String? {
        guard let value = line[key] else { return nil }
        guard value.utf8.count <= maxBytes else {
            throw ProtocolError(.invalid, "\(key) is longer than \(maxBytes) bytes")
        }
        return value
    }
}

/// How a report is written.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, csv, json
    /// A printable page (`attendctl report --html FILE`), laid out as an official report.
    case html
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

    init(_ line: RequestLine) throws(ProtocolError) {
        conference = try Command.identifier("conf", line, required: true)!
        title = try Command.text("title", line, maxBytes: Command.maxTitleBytes)
        date = line["date"]
        if let date, !ConferencePlan.isDate(date) { throw ProtocolError(.invalid, "date must be YYYY-MM-DD, got \(date)") }
        parts = try Command.text("parts", line, maxBytes: Command.maxTitleBytes)
        graceMinutes = try PlanChange.number("grace", line, 0...240)
        autoSchedule = try PlanChange.number("auto", line, 0...1).map { $0 == 1 }
        expected = try PlanChange.number("expected", line, 0...1_000_000)
    }

    /// Applies the change to `plan` (or a new plan), parsing the parts against its date.
    public func applied(to plan: ConferencePlan?) throws(ProtocolError) -> ConferencePlan {
        var result = plan ?? ConferencePlan(id: conference, title: title ?? conference, date: "", parts: [])
        if let title { result.title = title }
        if let graceMinutes { result.graceMinutes = graceMinutes }
        if let expected { result.expected = expected }
        if let autoSchedule { result.autoSchedule = autoSchedule }
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
        note = try Command.text("note", line, maxBytes: Command.maxTitleBytes) ?? ""
        let terminal = try Command.identifier("term", line, required: false)
        source = .terminal
        sourceName = terminal ?? ""
    }
}
