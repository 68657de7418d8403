import Foundation

/// Delegate cards on A4 pages, ten a page (two columns of five cards of 86 × 54 mm, the size of
/// a bank card, which fits the hall's card holders), with cut marks in the margins on every cut
/// line. Each card carries the name, unit and id, the conference's title (or a year's
/// validity), the id's ASCII form as a QR code, and as Code 128 under it when it fits.
///
/// Self-contained HTML (no scripts, no files) to print from a browser at 100% scale.
public struct CardSheet {
    public let roster: Roster
    /// `--year`: the cards say they are valid through this year instead of naming the conference.
    public let validYear: Int?
    public let language: ReportLanguage

    public init(roster: Roster, validYear: Int? = nil, language: ReportLanguage = .vietnamese) {
        self.roster = roster
        self.validYear = validYear
        self.language = language
    }

    static let columns = 2, rows = 5
    static let cardWidth = 86.0, cardHeight = 54.0
    /// The grid centred on the page: 19 mm either side, 13.5 mm top and bottom.
    static let left = (210 - Double(columns) * cardWidth) / 2
    static let top = (297 - Double(rows) * cardHeight) / 2

    private func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }

    /// The delegates in print order (`Roster.printOrder`) and each one's codes.
    public var cards: [(delegate: Delegate, symbols: DelegateSymbols)] {
        Roster.printOrder(roster.delegates).map { ($0, DelegateSymbols(id: $0.id)) }
    }

    /// The whole document.
    public func html() -> String { Self.document(title: text(.cardsDocumentTitle, roster.title), language: language, pages: pages()) }

    /// One document of several halls' sheets, each hall on its own pages (a hub's `cards`).
    public static func html(_ sheets: [Self]) -> String {
        guard let first = sheets.first else { return "" }
        return document(title: first.text(.cardsDocumentTitle, first.roster.title), language: first.language, pages: sheets.map { $0.pages() }.joined())
    }

    /// The document around `pages`.
    static func document(title: String, language: ReportLanguage, pages: String) -> String {
        HTML.document(title: title, language: language, styleSheet: styleSheet, body: pages)
    }

    /// This list's `<section>` pages; on a hub each page names its hall in the top margin
    /// (`Điểm cầu Xã A · HN-11 · trang 1/3`), so the cut cards of many halls sort by hall.
    public func pages() -> String {
        let all = cards
        let perPage = Self.columns * Self.rows
        let count = (all.count + perPage - 1) / perPage
        var pages = ""
        for (number, start) in stride(from: 0, to: all.count, by: perPage).enumerated() {
            pages += "<section class=\"sheet\">\n" + Self.cutMarks()
            if roster.hall != nil {
                let label = text(.cardsHallPage, roster.place(language), roster.conference, String(number + 1), String(count))
                pages += "<div class=\"hall\">\(HTML.text(label))</div>\n"
            }
            for (index, card) in all[start..<min(all.count, start + perPage)].enumerated() {
                pages += self.card(card.delegate, card.symbols, column: index % Self.columns, row: index / Self.columns)
            }
            pages += "</section>\n"
        }
        return pages
    }

    private func card(_ delegate: Delegate, _ symbols: DelegateSymbols, column: Int, row: Int) -> String {
        let x = BarcodeSVG.millimetres(Self.left + Double(column) * Self.cardWidth)
        let y = BarcodeSVG.millimetres(Self.top + Double(row) * Self.cardHeight)
        let heading = validYear.map { text(.cardValidYear, String($0)) } ?? roster.title
        let bars = symbols.code128SVG.map { "<div class=\"bars\">\($0)<div class=\"form\">\(HTML.text(symbols.text))</div></div>" }
            ?? "<div class=\"bars qr-only\">\(HTML.text(text(.cardQROnly)))</div>"
        let place = roster.hall == nil ? "" : "<div class=\"place\">\(HTML.text(roster.place(language)))</div>"
        return """
            <div class="card" style="left:\(x)mm;top:\(y)mm">\
            <div class="head"><b>\(HTML.text(text(.cardHeading)))</b> · \(HTML.text(heading))</div>\
            <div class="who"><div class="name">\(HTML.text(delegate.fullName))</div>\
            <div class="unit">\(HTML.text(delegate.unit))</div>\
            <div class="id">\(HTML.text(text(.cardId, delegate.id)))</div>\(place)</div>\
            <div class="qr-box">\(symbols.qrSVG)</div>\(bars)</div>

            """
    }

    /// Short lines outside the grid on each cut line: 5 mm long, 2 mm from the cards.
    static func cutMarks() -> String {
        var marks = ""
        let right = left + Double(columns) * cardWidth, bottom = top + Double(rows) * cardHeight
        func mark(_ x: Double, _ y: Double, _ width: Double, _ height: Double) {
            marks += "<div class=\"mark\" style=\"left:\(BarcodeSVG.millimetres(x))mm;top:\(BarcodeSVG.millimetres(y))mm;"
                + "width:\(BarcodeSVG.millimetres(width))mm;height:\(BarcodeSVG.millimetres(height))mm\"></div>\n"
        }
        for column in 0...columns {
            let x = left + Double(column) * cardWidth - 0.1
            mark(x, top - 7, 0.2, 5)
            mark(x, bottom + 2, 0.2, 5)
        }
        for row in 0...rows {
            let y = top + Double(row) * cardHeight - 0.1
            mark(left - 7, y, 5, 0.2)
            mark(right + 2, y, 5, 0.2)
        }
        return marks
    }

    static let styleSheet = """
        @page { size: A4 portrait; margin: 0; }
        html, body { margin: 0; padding: 0; background: #fff; color: #000; }
        body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .sheet { position: relative; width: 210mm; height: 297mm; overflow: hidden; break-after: page; page-break-after: always; }
        .sheet:last-child { break-after: auto; page-break-after: auto; }
        .mark { position: absolute; background: #000; }
        .card { position: absolute; width: 86mm; height: 54mm; box-sizing: border-box; overflow: hidden; }
        .head { position: absolute; left: 3.5mm; right: 3.5mm; top: 3mm; height: 6.6mm; overflow: hidden;
                font-size: 2.6mm; line-height: 3.3mm; }
        .who { position: absolute; left: 3.5mm; right: 25mm; top: 11mm; height: 27mm; overflow: hidden; }
        .name { font-size: 4mm; line-height: 4.8mm; font-weight: bold; max-height: 9.6mm; overflow: hidden; }
        .unit { font-size: 3mm; line-height: 3.7mm; margin-top: 1mm; max-height: 7.4mm; overflow: hidden; }
        .id { font-size: 3mm; line-height: 3.7mm; margin-top: 1mm; }
        .place { font-size: 3mm; line-height: 3.7mm; margin-top: 0.5mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
        .hall { position: absolute; left: 25mm; width: 75mm; top: 6mm; font-size: 2.6mm; line-height: 3.3mm; white-space: nowrap;
                overflow: hidden; text-overflow: ellipsis; }
        .qr-box { position: absolute; right: 3mm; top: 10mm; }
        .qr-box svg, .bars svg { display: block; }
        .bars { position: absolute; left: 3.5mm; right: 3.5mm; bottom: 2.5mm; display: flex; flex-direction: column; align-items: center; }
        .form { font-family: "DejaVu Sans Mono", monospace; font-size: 2.4mm; line-height: 2.8mm; }
        .qr-only { font-size: 2.6mm; font-style: italic; }
        """
}
