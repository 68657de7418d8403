/// Where a verb runs once its line is decoded.
public enum VerbPlacement: Equatable, Sendable, CaseIterable {
    /// Answered on the event loop at once (`PING`, `RELOAD`).
    case loop
    /// Stored by the writer; the reply comes after the commit.
    case writer
    /// Answered by the query reader on its read-only connection.
    case reader
    /// The `bytes=` that follow the line are collected, then the writer stores both.
    case payloadThenWriter
    /// The payload is collected and checked by the tally checker; the writer stores what passes.
    case tallyChecker
    /// Run by the line tester for the asked time; the writer stores the results and replies.
    case lineTester
}

/// Who may send a verb. Signed and listed-terminal rules (`[terminals]`) apply on top, per request.
public struct VerbSenders: OptionSet, Equatable, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let tcp = VerbSenders(rawValue: 1)
    /// One request a datagram: only verbs without a payload either way.
    public static let udp = VerbSenders(rawValue: 2)
    /// The local control socket (attendctl).
    public static let control = VerbSenders(rawValue: 4)

    /// Terminals over TCP or UDP, and the control socket.
    public static let anyone: VerbSenders = [.tcp, .udp, .control]
    /// Connections (TCP or the control socket): what carries a payload.
    public static let streams: VerbSenders = [.tcp, .control]
}

/// One verb of the line protocol: its name, its decoder, who may send it, where it runs and
/// what it replies. README.md's "Verbs" table documents the same rows (a test checks the names).
public struct Verb: Sendable {
    /// The verb as written, upper case (lines may use any case).
    public var name: String
    public var senders: VerbSenders
    public var placement: VerbPlacement
    /// The largest payload its `bytes=` may announce; nil for a verb without one. A refused
    /// line's payload is discarded up to this (`PayloadAnnouncement`).
    public var payloadLimit: Int? = nil
    /// The OK reply's fields after the echoed `seq=`, as README.md's row gives them (a test checks
    /// each is there).
    public var reply: String
    /// Turns the line's fields into the typed request, or names the field that is wrong.
    public var decode: @Sendable (RequestLine) throws(ProtocolError) -> Request

    /// Only the local control socket may send it.
    public var isAdmin: Bool { senders == .control }
}

/// Every verb attendd answers, one row each. Adding a verb adds its row here, its handler where
/// its placement says (a `Query` arm in the query reader, a `WriteRequest` arm in the writer) and
/// its line in the README.
public enum VerbTable {
    public static let verbs: [Verb] = [
        Verb(name: "PING", senders: .anyone, placement: .loop, reply: "time= proto=1") { _ in .ping },
        Verb(name: "CHECKIN", senders: .anyone, placement: .writer, reply: "event= conf= id= at=") { line throws(ProtocolError) in
            .write(.check(try RequestFields.checkRequest(.checkIn, line)))
        },
        Verb(name: "CHECKOUT", senders: .anyone, placement: .writer, reply: "event= conf= id= at=") { line throws(ProtocolError) in
            .write(.check(try RequestFields.checkRequest(.checkOut, line)))
        },
        Verb(name: "OPEN", senders: .control, placement: .writer, reply: "conf= title= opened_at=") { line throws(ProtocolError) in
            .write(.openConference(
                id: try RequestFields.identifier("conf", line, required: true)!,
                title: try RequestFields.text("title", line, maxBytes: Request.maxTitleBytes)))
        },
        Verb(name: "CLOSE", senders: .control, placement: .writer, reply: "conf= closed_at= checkins= checkouts=") { line throws(ProtocolError) in
            .write(.closeConference(id: try RequestFields.identifier("conf", line, required: false)))
        },
        Verb(name: "RELOAD", senders: .control, placement: .loop, reply: "reloaded=1") { _ in .reload },
        Verb(name: "DEFINE", senders: .control, placement: .writer, reply: "conf= date= parts= grace=") { line throws(ProtocolError) in
            .write(.define(try PlanChange(line)))
        },
        Verb(
            name: "INVITE", senders: .control, placement: .payloadThenWriter, payloadLimit: Request.maxInviteBytes, reply: "conf= invited="
        ) { line throws(ProtocolError) in
            guard let text = line["bytes"], let bytes = Int(text), bytes > 0, bytes <= Request.maxInviteBytes else {
                throw ProtocolError(.invalid, "bytes must give the size of the CSV that follows, 1 to \(Request.maxInviteBytes)")
            }
            var category: DelegateCategory?
            if let text = line["category"] {
                guard let value = DelegateCategory.parse(text) else {
                    throw ProtocolError(.invalid, "category \(text) is not one of \(DelegateCategory.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                category = value
            }
            return .write(.invite(conference: try RequestFields.identifier("conf", line, required: false), bytes: bytes, defaultCategory: category))
        },
        Verb(name: "EXCUSE", senders: .control, placement: .writer, reply: "conf= id= excused=") { line throws(ProtocolError) in
            .write(.excuse(
                conference: try RequestFields.identifier("conf", line, required: false),
                delegate: try RequestFields.identifier("id", line, required: true)!,
                reason: try RequestFields.text("reason", line, maxBytes: Request.maxTitleBytes) ?? ""))
        },
        Verb(name: "REPORT", senders: .control, placement: .reader, reply: "conf= format= bytes=") { line throws(ProtocolError) in
            .query(.report(
                conference: try RequestFields.identifier("conf", line, required: false),
                format: try RequestFields.reportFormat(line), language: try RequestFields.reportLanguage(line),
                number: try RequestFields.reportNumber(line)))
        },
        Verb(name: "FIND", senders: .streams, placement: .reader, reply: "conf= matches= bytes=") { line throws(ProtocolError) in
            guard let query = try RequestFields.text("q", line, maxBytes: Request.maxTitleBytes), !NameFolding.fold(query).isEmpty else {
                throw ProtocolError(.invalid, "q (part of a name) is required")
            }
            return .query(.find(query: query, conference: try RequestFields.identifier("conf", line, required: false)))
        },
        Verb(name: "CONFERENCES", senders: .control, placement: .reader, reply: "conferences= bytes=") { _ in .query(.listConferences) },
        Verb(name: "INCIDENT", senders: .anyone, placement: .writer, reply: "incident= kind= started_at= new=") { line throws(ProtocolError) in
            .write(.incident(try IncidentRequest(line)))
        },
        Verb(name: "INCIDENTS", senders: .control, placement: .reader, reply: "open= recent= bytes=") { _ in .query(.listIncidents) },
        Verb(name: "LINETEST", senders: .control, placement: .lineTester, reply: "targets= failed= bytes=") { line throws(ProtocolError) in
            let text = line["seconds"] ?? "60"
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw ProtocolError(.invalid, "seconds must be a whole number from 1 to 3600, got \(text)")
            }
            return .lineTest(seconds: seconds)
        },
        Verb(
            name: "TALLY", senders: .streams, placement: .tallyChecker, payloadLimit: Tally.maxJSONBytes, reply: "bridge= conf= rev= new="
        ) { line throws(ProtocolError) in
            .tallyPush(try TallyPush(line))
        },
        Verb(name: "OUTBOX", senders: .control, placement: .reader, reply: "waiting= bytes=") { _ in .query(.listOutbox) },
        Verb(name: "DISTRICT", senders: .control, placement: .reader, reply: "conf= reported= missing= invited= present= format= bytes=") {
            line throws(ProtocolError) in
            .query(.districtRollup(
                conference: try RequestFields.identifier("conf", line, required: true)!,
                format: try RequestFields.reportFormat(line), language: try RequestFields.reportLanguage(line),
                number: try RequestFields.reportNumber(line)))
        },
        Verb(name: "HISTORY", senders: .control, placement: .reader, reply: "id= conferences= bytes=") { line throws(ProtocolError) in
            .query(.history(delegate: try RequestFields.identifier("id", line, required: true)!))
        },
        Verb(name: "VOID", senders: .anyone, placement: .writer, reply: "event= conf= id= direction= voided_at= by= reason= new=") {
            line throws(ProtocolError) in
            .write(.void(try VoidRequest(line)))
        },
        Verb(name: "VOIDS", senders: .control, placement: .reader, reply: "voids= bytes=") { line throws(ProtocolError) in
            .query(.listVoids(conference: try RequestFields.identifier("conf", line, required: false)))
        },
        Verb(name: "SUMMARY", senders: .streams, placement: .reader, reply: "conf= title= invited= arrived= walk_ins=") { _ in .query(.summary) },
        Verb(name: "ROSTER", senders: .control, placement: .reader, reply: "conf= invited= bytes=") { line throws(ProtocolError) in
            .query(.roster(
                conference: try RequestFields.identifier("conf", line, required: false),
                bridge: try RequestFields.text("bridge", line, maxBytes: Request.maxTitleBytes)))
        },
        // Issue 19: the printed sign-in sheet and the entry typed from it.
        Verb(name: "SHEET", senders: .control, placement: .writer, reply: "conf= sheets= rows= blank= bytes=") { line throws(ProtocolError) in
            .write(.printSheets(try SheetRequest(line)))
        },
        Verb(
            name: "PAPER", senders: .control, placement: .payloadThenWriter, payloadLimit: PaperRequest.maxBytes,
            reply: "conf= sheet= batch= checkins= already= new= bytes="
        ) { line throws(ProtocolError) in
            .write(.paper(try PaperRequest(line)))
        },
        // MARK: the district's plans (README "District plans")
        Verb(name: "PUBLISH", senders: .control, placement: .writer, reply: "conf= rev= date= parts= bridges=") { line throws(ProtocolError) in
            .write(.publishPlan(try PlanPublication(line)))
        },
        Verb(
            name: "PLANLIST", senders: .control, placement: .payloadThenWriter, payloadLimit: Request.maxPlanListBytes,
            reply: "conf= rev= invited= bridges="
        ) { line throws(ProtocolError) in
            guard let text = line["bytes"], let bytes = Int(text), bytes > 0, bytes <= Request.maxPlanListBytes else {
                throw ProtocolError(.invalid, "bytes must give the size of the CSV that follows, 1 to \(Request.maxPlanListBytes)")
            }
            let category = try line["category"].map { text throws(ProtocolError) in
                guard let value = DelegateCategory.parse(text) else { throw ProtocolError(.invalid, "category \(text) is not known") }
                return value
            }
            return .write(.publishList(
                conference: try RequestFields.identifier("conf", line, required: true)!,
                bridge: try RequestFields.text("bridge", line, maxBytes: Request.maxTitleBytes),
                expected: try ExpectedCounts.parse(line["expected"] ?? ""), bytes: bytes, defaultCategory: category))
        },
        Verb(name: "WITHDRAW", senders: .control, placement: .writer, reply: "conf= rev= withdrawn=1") { line throws(ProtocolError) in
            .write(.withdrawPlan(conference: try RequestFields.identifier("conf", line, required: true)!))
        },
        Verb(name: "PLANS", senders: .control, placement: .reader, reply: "conf= rev= bridges= applied= bytes=") { line throws(ProtocolError) in
            .query(.planBoard(
                conference: try RequestFields.identifier("conf", line, required: true)!, format: try RequestFields.reportFormat(line),
                language: try RequestFields.reportLanguage(line)))
        },
        Verb(name: "PLANPOLL", senders: .streams, placement: .writer, reply: "bridge= nonce= time= plans= mac= bytes=") { line throws(ProtocolError) in
            .write(.planPoll(try PlanPoll(line)))
        },
        Verb(name: "PLANACK", senders: .anyone, placement: .writer, reply: "bridge= conf= rev= outcome= ack_mac=") { line throws(ProtocolError) in
            .write(.planConfirmation(try PlanConfirmation(line)))
        },
        // Issue 21: reflections handed in, graded (`attendctl reflection import|set`).
        Verb(
            name: "REFLECT", senders: .control, placement: .payloadThenWriter, payloadLimit: ReflectionImport.maxPayloadBytes,
            reply: "conf= recorded= withdrawn="
        ) { line throws(ProtocolError) in
            guard let text = line["bytes"], let bytes = Int(text), bytes > 0, bytes <= ReflectionImport.maxPayloadBytes else {
                throw ProtocolError(.invalid, "bytes must give the size of the rows that follow, 1 to \(ReflectionImport.maxPayloadBytes)")
            }
            return .write(.reflect(conference: try RequestFields.identifier("conf", line, required: true)!, bytes: bytes))
        },
        Verb(name: "YEAR", senders: .control, placement: .reader, reply: "from= to= conferences= delegates= partial= format= bytes=") {
            line throws(ProtocolError) in
            .query(.year(try YearQuery(line)))
        },
        Verb(
            name: "LIVE", senders: .streams, placement: .tallyChecker, payloadLimit: LiveSummary.maxJSONBytes, reply: "bridge= conf= nonce= new="
        ) { line throws(ProtocolError) in
            .livePush(try LivePush(line))
        },
    ]

    private static let byName: [String: Verb] = Dictionary(uniqueKeysWithValues: verbs.map { ($0.name, $0) })

    /// The row of `name` as decoded (`LineDecoder` upper-cases verbs), or nil for an unknown verb.
    public static func verb(named name: String) -> Verb? {
        byName[name]
    }

    /// The row of a decoded line's verb, or `unknown_verb`.
    public static func verb(of line: RequestLine) throws(ProtocolError) -> Verb {
        guard let verb = byName[line.verb] else { throw ProtocolError(.unknownVerb, "unknown verb \(line.verb)") }
        return verb
    }
}
