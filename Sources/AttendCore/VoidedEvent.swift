/// A check-in taken back with `VOID`, as the reports list it: the audit trail of corrections.
/// The tally itself ignores these events; this says which were voided, by whom and why.
public struct VoidedEvent: Equatable, Sendable {
    public var event: Int64
    public var delegate: String
    public var direction: Direction
    /// When the event counted: received, or a queued scan's or paper sheet's time (RFC 3339, Vietnam time).
    public var at: String
    public var voidedAt: String
    /// `control` (attendctl void) or the terminal's id.
    public var by: String
    /// From the control socket: told apart by this, not by `by`, since a terminal may be named `control`.
    public var byControl: Bool
    public var reason: String

    public init(
        event: Int64, delegate: String, direction: Direction, at: String, voidedAt: String, by: String, byControl: Bool, reason: String
    ) {
        self.event = event
        self.delegate = delegate
        self.direction = direction
        self.at = at
        self.voidedAt = voidedAt
        self.by = by
        self.byControl = byControl
        self.reason = reason
    }

    /// Who voided it, in the report's language.
    func who(_ language: ReportLanguage) -> String {
        guard byControl else { return language.text(.voidsByTerminal, by) }
        return language.text(.voidsByControl)
    }

    /// In or out, in the report's language: a voided check-out is not a voided arrival.
    func way(_ language: ReportLanguage) -> String {
        language.text(direction == .checkIn ? .voidsIn : .voidsOut)

    }

    /// The section heading; the same in the text and printed reports.
    static func heading(_ language: ReportLanguage) -> String {
        language.text(.voidsHeading)
    }

    /// The text report's section: one row per voided event, or "none".
    static func textSection(_ voids: [VoidedEvent], conferenceDate: String, language: ReportLanguage) -> [String] {
        let lines = ["", heading(language)]
        guard !voids.isEmpty else { return lines + [language.text(.voidsNone)] }
        var table = TextTable(columns: [.init(header: language.text(.voidsEvent), align: .right)]
            + [MessageKey.voidsDelegate, .voidsWay, .voidsScanned, .voidsVoidedAt, .voidsBy, .reason].map {
                .init(header: language.text($0), align: .left)
            })
        for void in voids {
            table.rows.append([
                [language.numbers.integer(Int(void.event))], [void.delegate], [void.way(language)],
                [ReportTime.clock(void.at, conferenceDate: conferenceDate, language: language)],
                [ReportTime.clock(void.voidedAt, conferenceDate: conferenceDate, language: language)], [void.who(language)], [void.reason],
            ])
        }
        return lines + table.render(indent: 3)
    }
}

extension ReportPage {
    /// The printed report's section of voided events, or "none".
    mutating func voids(_ voids: [VoidedEvent], conferenceDate: String) {
        section(VoidedEvent.heading(language))
        table([
            Column(header: language.text(.voidsEvent), numeric: true, width: "9%"), Column(header: language.text(.voidsDelegate)),
            Column(header: language.text(.voidsWay)), Column(header: language.text(.voidsScanned)),
            Column(header: language.text(.voidsVoidedAt)), Column(header: language.text(.voidsBy)),
            Column(header: language.text(.reason), width: "30%"),
        ], rows: voids.map { void in
            [
                HTML.text(language.numbers.integer(Int(void.event))), HTML.text(void.delegate), HTML.text(void.way(language)),
                HTML.text(ReportTime.clock(void.at, conferenceDate: conferenceDate, language: language)),
                HTML.text(ReportTime.clock(void.voidedAt, conferenceDate: conferenceDate, language: language)),
                HTML.text(void.who(language)), HTML.text(void.reason),
            ]
        }, empty: language.text(.htmlNone))
    }
}
