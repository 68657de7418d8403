import Foundation

/// One printed report as a self-contained HTML page: inline CSS for A4 portrait, the official
/// layout of a Vietnamese report (issuing body top left, the Party's name and the date top
/// right, the centred title, numbered sections, recipients and signature at the end), and
/// tables whose header row repeats on every page. No scripts, no external files.
///
/// Callers pass text through `HTML.text`; the builder adds markup only.
struct ReportPage {
    let language: ReportLanguage
    private(set) var body = ""
    /// The `[report]` section's issuer, number, place, recipients and signer; empty fields keep
    /// what the report passes.
    var heading = ReportHeading()



    init(language: ReportLanguage) { self.language = language }

    /// A column of a table: its header (plain text) and whether it holds numbers (right-aligned).
    struct Column {
        var header: String
        var numeric = false
        /// A width hint such as `8%`; nil to let the browser decide.
        var width: String? = nil
    }

    /// The top of the first page. `issuer`: the issuing body's lines, shown upper case (the
    /// bridge point or district); `date`: the conference's `YYYY-MM-DD`.
    mutating func masthead(issuer: [String], date: String) {
        let lines = heading.issuer.isEmpty ? issuer : heading.issuer
        let left = lines.map { "<div class=\"issuer-line\">\(HTML.text($0.uppercased()))</div>" }.joined()
        let number = heading.numberLine.map { "<div class=\"number\">\(HTML.text($0))</div>" } ?? ""
        let placeDate = (heading.place.isEmpty ? "" : heading.place + ", ") + Self.longDate(date, language: language)
        body += """
            <table class="masthead"><tr>
            <td class="issuer">\(left)<div class="star">*</div>\(number)</td>
            <td class="nation"><div class="party">\(language.text(.pageParty))</div>
            <div class="rule"></div><div class="place-date">\(HTML.text(placeDate))</div></td>
            </tr></table>

            """
    }

    /// The centred `BÁO CÁO` and the subject lines under it.
    mutating func title(_ title: String, subject: [String]) {
        body += "<h1>\(HTML.text(title))</h1>\n"
        for line in subject { body += "<p class=\"subject\">\(HTML.text(line))</p>\n" }
        body += "<div class=\"subject-rule\"></div>\n"
    }

    /// `Label: value` lines about the conference, in a borderless block.
    mutating func facts(_ rows: [(String, String)]) {
        body += "<table class=\"facts\">\n"
        for (label, value) in rows {
            body += "<tr><th>\(HTML.text(label)):</th><td>\(HTML.text(value))</td></tr>\n"
        }
        body += "</table>\n"
    }

    /// A numbered part (`I- ...`).
    mutating func section(_ heading: String) {
        body += "<h2>\(HTML.text(heading))</h2>\n"
    }

    /// A numbered list inside a part (`1. ...`).
    mutating func subsection(_ heading: String) {
        body += "<h3>\(HTML.text(heading))</h3>\n"
    }

    /// A paragraph of markup already escaped.
    mutating func paragraph(_ html: String, className: String? = nil) {
        body += "<p\(className.map { " class=\"\($0)\"" } ?? "")>\(html)</p>\n"
    }

    /// Raw markup already escaped (a chart, a figure).
    mutating func raw(_ html: String) { body += html + "\n" }

    /// Summary figures as a row of boxes: a big number and its label under it.
    mutating func figures(_ items: [(label: String, value: String, alert: Bool)]) {
        body += "<table class=\"figures\"><tr>\n"
        for item in items {
            body += "<td\(item.alert ? " class=\"alert\"" : "")><div class=\"value\">\(HTML.text(item.value))</div>"
                + "<div class=\"label\">\(HTML.text(item.label))</div></td>\n"
        }
        body += "</tr></table>\n"
    }

    /// A ruled table; `rows` and `footer` cells are escaped markup. With no rows, `empty` is
    /// written instead (`không có`).
    mutating func table(_ columns: [Column], rows: [[String]], footer: [String]? = nil, rowClasses: [String?]? = nil,
                        empty: String? = nil) {
        if rows.isEmpty, let empty {
            paragraph(HTML.text(empty), className: "none")
            return
        }
        body += "<table class=\"data\">\n<thead><tr>"
        for column in columns {
            let style = column.width.map { " style=\"width:\($0)\"" } ?? ""
            body += "<th\(column.numeric ? " class=\"num\"" : "")\(style)>\(HTML.text(column.header))</th>"
        }
        body += "</tr></thead>\n<tbody>\n"
        func row(_ cells: [String], className: String?) -> String {
            var line = "<tr\(className.map { " class=\"\($0)\"" } ?? "")>"
            for (index, cell) in cells.enumerated() {
                line += "<td\(index < columns.count && columns[index].numeric ? " class=\"num\"" : "")>\(cell)</td>"
            }
            return line + "</tr>\n"
        }
        for (index, cells) in rows.enumerated() { body += row(cells, className: rowClasses?[index]) }
        body += "</tbody>\n"
        if let footer { body += "<tfoot>" + row(footer, className: "total") + "</tfoot>\n" }
        body += "</table>\n"
    }

    /// Recipients bottom left, the signature block bottom right.
    /// The `[report]` signer replaces `signer`: its lines bold, the last (the name) after room to sign.
    mutating func signature(recipients: [String], signer: [String]) {
        let left = (heading.recipients.isEmpty ? recipients : heading.recipientLines).map { "<div>\(HTML.text($0))</div>" }.joined()
        var right = signer.map { "<div>\(HTML.text($0))</div>" }.joined()
        var signerClass = "signer"
        if !heading.signer.isEmpty {
            signerClass = "signer official"
            let (title, name) = heading.signer.count > 1 ? (heading.signer.dropLast(), heading.signer.last) : (heading.signer[...], nil)
            right = title.map { "<div>\(HTML.text($0))</div>" }.joined() + "<div class=\"sign-space\"></div>"
                + (name.map { "<div class=\"signer-name\">\(HTML.text($0))</div>" } ?? "")
        }
        body += """
            <table class="closing"><tr>
            <td class="recipients"><div class="recipients-title">\(language.text(.pageRecipients))</div>\(left)</td>
            <td class="\(signerClass)">\(right)</td>
            </tr></table>

            """
    }

    /// The whole document: `<title>`, the style sheet, the body, and a small print line on how
    /// and when it was made.
    func document(title: String, generatedAt: Timestamp) -> String {
        let made = ReportTime.local(generatedAt.vietnam).map { date, clock in
            language.text(.pageMadeBy, attenddVersion, clock, ReportTime.date(date, language: language))
        } ?? ""
        return HTML.document(title: title, language: language, styleSheet: Self.styleSheet,
                             body: body + "<p class=\"made\">\(HTML.text(made))</p>\n", viewport: true)
            .precomposedStringWithCanonicalMapping
    }

    /// `ngày 05 tháng 4 năm 2023` (day in two digits, months 1 and 2 with a leading zero, as
    /// official documents write them); `5 April 2023` in English; other text as it is.
    static func longDate(_ date: String, language: ReportLanguage) -> String {
        guard ConferencePlan.isDate(date) else { return date }
        let parts = date.split(separator: "-").map { Int($0) ?? 0 }
        let (year, month, day) = (parts[0], parts[1], parts[2])
        if language == .vietnamese {
            let dayText = day < 10 ? "0\(day)" : "\(day)"
            let monthText = month < 3 ? "0\(month)" : "\(month)"
            return "ngày \(dayText) tháng \(monthText) năm \(year)"
        }
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        return "\(day) \(months[max(0, min(11, month - 1))]) \(year)"
    }

    /// A4 portrait with the margins of an administrative document; Times as official reports
    /// use it, with fonts that carry every Vietnamese letter after it. Headings have padding
    /// rather than only a margin on top: a margin is dropped at a page break, and the stacked
    /// marks of a capital such as `Ễ` would then print at the foot of the page before.
    static let styleSheet = """
        @page { size: A4 portrait; margin: 18mm 15mm 18mm 25mm; }
        * { box-sizing: border-box; }
        html { font-family: "Times New Roman", Tinos, "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt; color: #000; background: #fff; }
        body { margin: 0 auto; max-width: 170mm; line-height: 1.3; }
        @media screen { body { padding: 12mm 0; } }
        table.masthead { width: 100%; border-collapse: collapse; margin-bottom: 6mm; }
        table.masthead td { vertical-align: top; text-align: center; padding: 0; }
        td.issuer { width: 44%; font-weight: bold; font-size: 11.5pt; }
        td.nation { width: 56%; }
        .party { font-weight: bold; font-size: 12.5pt; }
        .rule { width: 45mm; margin: 1mm auto 2mm; border-top: 0.8pt solid #000; }
        .place-date { font-style: italic; }
        .star { font-weight: normal; }
        h1 { text-align: center; font-size: 15pt; margin: 4mm 0 1mm; letter-spacing: 0.5pt; }
        p.subject { text-align: center; font-weight: bold; margin: 0; }
        .subject-rule { width: 30mm; margin: 2mm auto 5mm; border-top: 0.8pt solid #000; }
        h2 { font-size: 12pt; margin: 4.5mm 0 2mm; padding-top: 1.5mm; break-after: avoid; page-break-after: avoid; }
        h3 { font-size: 12pt; font-weight: bold; font-style: italic; margin: 2.5mm 0 1.5mm; padding-top: 1.5mm; break-after: avoid; page-break-after: avoid; }
        p { margin: 1.5mm 0; text-align: justify; }
        p.none { font-style: italic; }
        table.facts { border-collapse: collapse; margin: 0 0 2mm; }
        table.facts th { text-align: left; font-weight: normal; padding: 0.4mm 3mm 0.4mm 0; vertical-align: top; white-space: nowrap; }
        table.facts td { padding: 0.4mm 0; }
        table.figures { width: 100%; border-collapse: collapse; margin: 2mm 0 3mm; break-inside: avoid; page-break-inside: avoid; }
        table.figures td { border: 0.8pt solid #000; text-align: center; padding: 1.5mm 1mm; width: 14%; vertical-align: top; }
        table.figures .value { font-size: 15pt; font-weight: bold; }
        table.figures .label { font-size: 9pt; line-height: 1.15; }
        table.figures td.alert .value { color: #b00000; }
        table.data { width: 100%; border-collapse: collapse; font-size: 10.5pt; margin: 1mm 0 2mm; }
        table.data th, table.data td { border: 0.6pt solid #000; padding: 0.9mm 1.4mm; vertical-align: top; line-height: 1.35; }
        table.data th { background: #eceff3; font-weight: bold; text-align: center; }
        table.data td.num { text-align: right; white-space: nowrap; }
        table.data tr.total td { font-weight: bold; }
        table.data tr.miss td { background: #fbeaea; }
        thead { display: table-header-group; }
        tfoot { display: table-row-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        .miss-mark { color: #b00000; font-weight: bold; white-space: nowrap; }
        .ok-mark { white-space: nowrap; }
        figure { margin: 2mm 0 3mm; break-inside: avoid; page-break-inside: avoid; }
        figcaption { font-size: 10pt; font-style: italic; text-align: center; margin-top: 1mm; }
        svg.chart { width: 100%; height: auto; display: block; font-family: "Times New Roman", Tinos, "Liberation Serif", "DejaVu Serif", serif; }
        .legend { font-size: 9.5pt; text-align: center; margin: 0; }
        .legend-item { white-space: nowrap; display: inline-block; }
        .swatch { display: inline-block; width: 9mm; height: 3mm; vertical-align: middle; margin: 0 1mm 0 4mm; border: 0.5pt solid #888; }
        .swatch.part { background: #e6ecf4; }
        .swatch.outage { background: repeating-linear-gradient(45deg, #b00000 0 1.2px, #f6d5d5 1.2px 4px); }
        .swatch.degraded { background: #f3e3b5; }
        .swatch.curve { height: 0; border: 0; border-top: 1.8pt solid #1f4e8c; }
        .swatch.invited { height: 0; border: 0; border-top: 1pt dashed #000; }
        table.closing { width: 100%; margin-top: 8mm; border-collapse: collapse; break-inside: avoid; page-break-inside: avoid; }
        table.closing td { vertical-align: top; padding: 0; }
        td.recipients { width: 50%; font-size: 10.5pt; }
        .recipients-title { font-weight: bold; font-style: italic; font-size: 11pt; }
        td.signer { width: 50%; text-align: center; font-weight: bold; }
        td.signer div:nth-child(n+2) { font-weight: normal; font-style: italic; font-size: 10.5pt; }
        td.signer.official div { font-weight: bold; font-style: normal; font-size: 12pt; }
        td.signer .sign-space { height: 24mm; }
        td.issuer .number { font-weight: normal; font-size: 12pt; margin-top: 1mm; }
        p.made { margin-top: 14mm; font-size: 8.5pt; color: #444; text-align: left; }
        """
}

extension ReportPage {
    /// The table every report has: a row per category with its rate against its target and a
    /// verdict in words (`▼ Không đạt` on a shaded row), the total under them, then one
    /// sentence per category that missed its target.
    mutating func categoryTable(_ categories: [Tally.CategoryFigures], total: Tally.Figures) {
        let numbers = language.numbers
        let shown = TallyRows.categoryColumns.shown(in: .html, language)
        func cells(_ name: String, _ figures: Tally.Figures, verdict: Bool) -> [String] {
            let mark: String
            if !verdict || figures.target == nil || figures.rate == nil {
                mark = ""
            } else if figures.belowTarget {
                mark = "<span class=\"miss-mark\">▼ \(language.text(.htmlMissed))</span>"
            } else {
                mark = "<span class=\"ok-mark\">\(language.text(.htmlMet))</span>"
            }
            return [HTML.text(name)] + shown.map { $0.column.readable(figures, language) } + [mark]
        }
        table(
            [.init(header: language.text(.category), width: "30%")] + shown.map { .init(header: $0.header, numeric: true) }
                + [.init(header: language.text(.htmlVerdict))],
            rows: categories.map { cells($0.category.label(language), $0.figures, verdict: true) },
            footer: cells(language.text(.total), total, verdict: false),
            rowClasses: categories.map { $0.figures.belowTarget ? "miss" : nil },
            empty: language.text(.htmlNobodyInvited))
        let missed = categories.filter(\.figures.belowTarget)
        if missed.isEmpty, !categories.isEmpty {
            paragraph(language.text(.htmlEveryCategoryMet))
        }
        for category in missed {
            let f = category.figures
            paragraph(language.text(
                .htmlBelowTarget, HTML.text(category.category.label(language)), numbers.percent(f.rate), numbers.percent(f.target)))
        }
    }
}
