import Foundation

extension SignInSheet {
    /// The printable sheets (one A4 section per part, each starting a page): `DANH SÁCH KÝ TÊN`,
    /// the conference, the part and its day at the top; the rows grouped by unit under a unit
    /// line, columns STT, Họ và tên, Đơn vị, Giờ đến, Ký tên, each row tall enough to sign; the
    /// numbered blank rows for walk-ins; the totals line to fill in and the signature of whoever
    /// kept the sheet. Print rules: the header row repeats on every page, a row never splits, a
    /// unit line never ends a page, and each page's foot carries the sheet's code and
    /// `Trang N/M` (CSS page margin boxes), so a loose page still says which sheet it belongs to.
    public static func html(_ sheets: [SignInSheet], site: String, language: ReportLanguage = .vietnamese) -> String {
        var body = ""
        var pageRules = ""
        for (index, sheet) in sheets.enumerated() {
            let pageName = "sheet\(index + 1)"
            pageRules += """
                @page \(pageName) { @bottom-left { content: "\(css(language.text(.sheetFootCode, sheet.code, sheet.conference, sheet.partLabel(language))))"; } }

                """
            body += sheet.section(pageName: pageName, site: site, language: language)
        }
        let title = sheets.first.map { "\(language.text(.sheetTitle)) – \($0.title)" } ?? language.text(.sheetTitle)
        let page = css(language.text(.sheetPage))
        return """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)">
            <head>
            <meta charset="utf-8">
            <title>\(HTML.text(title))</title>
            <style>
            @page { size: A4 portrait; margin: 14mm 12mm 16mm 20mm;
              @bottom-right { content: "\(page) " counter(page) "/" counter(pages); font: 9pt serif; }
              @bottom-left { font: 9pt serif; } }
            \(pageRules)\(styleSheet)
            </style>
            </head>
            <body>
            \(body)</body>
            </html>

            """.precomposedStringWithCanonicalMapping
    }

    /// `Buổi Sáng (07:30–11:30)`; the conference's name without parts.
    func partLabel(_ language: ReportLanguage) -> String {
        part.isEmpty ? title : language.text(.sheetPartTimes, part, start, end)
    }

    private func section(pageName: String, site: String, language: ReportLanguage) -> String {
        let number = language.numbers
        var html = "<section class=\"sheet\" style=\"page: \(pageName)\">\n"
        if !site.isEmpty { html += "<div class=\"site\">\(HTML.text(site.uppercased()))</div>\n" }
        html += "<h1>\(HTML.text(language.text(.sheetTitle)))</h1>\n"
        html += "<p class=\"conference\">\(HTML.text(title))</p>\n"
        let day = ReportPage.longDate(date, language: language)
        html += "<p class=\"when\">\(HTML.text(part.isEmpty ? day : "\(partLabel(language)), \(day)"))</p>\n"
        html += "<p class=\"code\">\(HTML.text(language.text(.sheetCodeLine, code, conference, number.integer(rows.count))))</p>\n"
        html += """
            <table class="sign">
            <colgroup><col class="c-number"><col class="c-name"><col class="c-unit"><col class="c-time"><col class="c-sign"></colgroup>
            <thead><tr><th>\(HTML.text(language.text(.sheetNumber)))</th><th>\(HTML.text(language.text(.sheetName)))</th>\
            <th>\(HTML.text(language.text(.sheetUnit)))</th><th>\(HTML.text(language.text(.sheetArrival)))</th>\
            <th>\(HTML.text(language.text(.sheetSignature)))</th></tr></thead>

            """
        for group in units {
            let unit = group.unit.isEmpty ? language.text(.sheetNoUnit) : group.unit
            html += "<tbody class=\"unit\"><tr class=\"unit-line\"><td colspan=\"5\">\(HTML.text(unit)) "
                + "(\(HTML.text(number.integer(group.rows.count))))</td></tr>\n"
            for row in group.rows {
                html += "<tr><td class=\"num\">\(number.integer(row.number))</td><td>\(HTML.text(row.name))</td>"
                    + "<td>\(HTML.text(row.unit))</td><td></td><td></td></tr>\n"
            }
            html += "</tbody>\n"
        }
        if blank > 0 {
            html += "<tbody class=\"unit\"><tr class=\"unit-line\"><td colspan=\"5\">\(HTML.text(language.text(.sheetWalkIns)))</td></tr>\n"
            for numberOnSheet in rows.count + 1...rows.count + blank {
                html += "<tr class=\"blank\"><td class=\"num\">\(number.integer(numberOnSheet))</td><td></td><td></td><td></td><td></td></tr>\n"
            }
            html += "</tbody>\n"
        }
        html += "</table>\n"
        html += "<p class=\"totals\">\(HTML.text(language.text(.sheetTotals, number.integer(rows.count))))</p>\n"
        html += """
            <table class="closing"><tr><td></td><td class="keeper"><div>\(HTML.text(language.text(.sheetKeeper)))</div>\
            <div class="hint">\(HTML.text(language.text(.sheetSignHint)))</div></td></tr></table>
            </section>

            """
        return html
    }

    /// `text` as the inside of a CSS string: quotes and backslashes escaped, `<` written as an
    /// escape so nothing in a name or id can close the style element.
    static func css(_ text: String) -> String {
        var result = ""
        for scalar in TextWrap.clean(text).precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "<": result += "\\3C "
            case ">": result += "\\3E "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Times as official lists use it, with fonts that carry every Vietnamese letter after it;
    /// rows 10 mm tall (room to sign), never split; the header row repeated on each page.
    static let styleSheet = """
        * { box-sizing: border-box; }
        html { font-family: "Times New Roman", Tinos, "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt; color: #000; background: #fff; }
        body { margin: 0 auto; max-width: 178mm; line-height: 1.25; }
        @media screen { body { padding: 10mm 0; } }
        section.sheet + section.sheet { break-before: page; page-break-before: always; }
        /* Padding, not a margin: a margin is dropped at a page break, and the stacked marks of a
           capital such as Ủ would then print at the foot of the page before. */
        section.sheet { padding-top: 2mm; }
        .site { font-weight: bold; font-size: 11pt; line-height: 1.5; }
        h1 { text-align: center; font-size: 15pt; margin: 3mm 0 1mm; letter-spacing: 0.5pt; padding-top: 1mm; }
        p { margin: 0.8mm 0; text-align: center; }
        p.conference { font-weight: bold; }
        p.when { font-style: italic; }
        p.code { font-size: 10pt; margin-bottom: 3mm; }
        table.sign { width: 100%; border-collapse: collapse; font-size: 11pt; table-layout: fixed; }
        col.c-number { width: 13mm; } col.c-name { width: 54mm; } col.c-unit { width: 36mm; } col.c-time { width: 21mm; } col.c-sign { width: auto; }
        table.sign th, table.sign td { border: 0.6pt solid #000; padding: 0.8mm 1.4mm; vertical-align: middle; overflow-wrap: anywhere; }
        table.sign th { background: #eceff3; font-weight: bold; text-align: center; height: 8mm; white-space: nowrap; }
        table.sign td { height: 10mm; }
        table.sign td.num { text-align: center; white-space: nowrap; }
        table.sign tr.unit-line td { height: 7mm; font-weight: bold; background: #f6f6f6; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        tr.unit-line { break-after: avoid; page-break-after: avoid; }
        p.totals { text-align: left; margin-top: 4mm; line-height: 1.9; break-inside: avoid; page-break-inside: avoid; }
        table.closing { width: 100%; margin-top: 4mm; border-collapse: collapse; break-inside: avoid; page-break-inside: avoid; }
        table.closing td { width: 50%; vertical-align: top; text-align: center; font-weight: bold; padding-bottom: 18mm; }
        .hint { font-weight: normal; font-style: italic; font-size: 10.5pt; }
        """
}
