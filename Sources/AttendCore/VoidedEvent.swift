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
        guard byControl else { return (language == .vietnamese ? "máy " : "terminal ") + by }
        return language == .vietnamese ? "bàn điều khiển" : "control socket"
    }

    /// In or out, in the report's language: a voided check-out is not a voided arrival.
    func way(_ language: ReportLanguage) -> String {
        switch (direction, language) {
        case (.checkIn, .vietnamese): return "vào"
        case (.checkOut, .vietnamese): return "ra"
        case (.checkIn, .english): return "in"
        case (.checkOut, .english): return "out"
        }
    }

    /// The section heading; the same in the text and printed reports.
    static func heading(_ language: ReportLanguage) -> String {
        language == .vietnamese ? "LƯỢT ĐIỂM DANH ĐÃ HUỶ (không tính vào kết quả)" : "VOIDED CHECK-INS (not counted)"
    }

    /// The text report's section: one row per voided event, or "none".
    static func textSection(_ voids: [VoidedEvent], conferenceDate: String, language: ReportLanguage) -> [String] {
        let vi = language == .vietnamese
        var lines = ["", heading(language)]
        guard !voids.isEmpty else { return lines + [vi ? "Không có" : "None"] }
        var table = TextTable(columns: [
            .init(header: vi ? "Sự kiện" : "Event", align: .right), .init(header: vi ? "Mã đại biểu" : "Delegate", align: .left),
            .init(header: vi ? "Vào/ra" : "In/out", align: .left), .init(header: vi ? "Lúc quẹt" : "Scanned", align: .left), .init(header: vi ? "Huỷ lúc" : "Voided", align: .left),
            .init(header: vi ? "Người huỷ" : "By", align: .left), .init(header: vi ? "Lý do" : "Reason", align: .left),
        ])
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
            Column(header: vi ? "Sự kiện" : "Event", numeric: true, width: "9%"), Column(header: vi ? "Mã đại biểu" : "Delegate"),
            Column(header: vi ? "Vào/ra" : "In/out"), Column(header: vi ? "Lúc quẹt" : "Scanned"), Column(header: vi ? "Huỷ lúc" : "Voided"),
            Column(header: vi ? "Người huỷ" : "By"), Column(header: vi ? "Lý do" : "Reason", width: "30%"),
        ], rows: voids.map { void in
            [
                HTML.text(language.numbers.integer(Int(void.event))), HTML.text(void.delegate), HTML.text(void.way(language)),
                HTML.text(ReportTime.clock(void.at, conferenceDate: conferenceDate, language: language)),
                HTML.text(ReportTime.clock(void.voidedAt, conferenceDate: conferenceDate, language: language)),
                HTML.text(void.who(language)), HTML.text(void.reason),
            ]
        }, empty: vi ? "Không có." : "None.")
    }
}
