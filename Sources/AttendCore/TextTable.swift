/// Columns aligned by character count, with headers of one or two lines and cells of several.
/// The last column takes the room left on the page and wraps within it.
struct TextTable {
    enum Alignment { case left, right }

    struct Column {
        /// Lines separated by `\n`, aligned to the bottom.
        var header: String
        var align: Alignment
    }

    var columns: [Column]
    /// Each row's cells, each cell its lines.
    var rows: [[[String]]] = []
    /// A rule is drawn above this row (the total), if set.
    var ruleBeforeRow: Int?
    static let gap = 2

    init(columns: [Column]) { self.columns = columns }

    func render(indent: Int) -> [String] {
        let headers = columns.map { $0.header.isEmpty ? [] : $0.header.split(separator: "\n").map(String.init) }
        let headerHeight = headers.map(\.count).max() ?? 0
        var rows = self.rows.map { $0.map { $0.map(TextWrap.clean) } }
        var widths = columns.indices.map { column in
            (headers[column] + rows.flatMap { $0[column] }).map(\.count).max() ?? 0
        }
        // The last column wraps to what is left of the page, but never below 20 characters.
        let last = columns.count - 1
        let used = indent + widths.dropLast().reduce(0, +) + Self.gap * last
        let room = max(20, TextWrap.pageWidth - used)
        if widths[last] > room {
            for row in rows.indices {
                rows[row][last] = rows[row][last].flatMap { TextWrap.lines($0, width: room) }
            }
            widths[last] = (headers[last] + rows.flatMap { $0[last] }).map(\.count).max() ?? 0
        }

        func line(_ cells: [String]) -> String {
            var text = String(repeating: " ", count: indent)
            for (column, cell) in cells.enumerated() {
                if column > 0 { text += String(repeating: " ", count: Self.gap) }
                text += cell.padded(to: widths[column], right: columns[column].align == .right)
            }
            return text.trimmingTrailingSpaces()
        }
        var output: [String] = []
        for k in 0..<headerHeight {
            output.append(line(headers.map { header in
                let offset = headerHeight - header.count
                return k >= offset ? header[k - offset] : ""
            }))
        }
        let fullWidth = widths.reduce(0, +) + Self.gap * last
        let rule = String(repeating: " ", count: indent) + String(repeating: "─", count: min(fullWidth, TextWrap.pageWidth - indent))
        output.append(rule)
        for (index, row) in rows.enumerated() {
            if index == ruleBeforeRow, index > 0 { output.append(rule) }
            let height = row.map(\.count).max() ?? 1
            for k in 0..<max(height, 1) {
                output.append(line(row.map { k < $0.count ? $0[k] : "" }))
            }
        }
        return output
    }
}

extension String {
    /// Padded with spaces to `width` characters, on the left when `right`-aligned.
    func padded(to width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - count))
        return right ? fill + self : self + fill
    }

    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension TextTable {
    /// One row per category and the total, with the rate beside its target; ▼ marks a miss.
    /// The total has no target of its own (its `below_target` only repeats the categories').
    static func categories(_ categories: [Tally.CategoryFigures], total: Tally.Figures, language: ReportLanguage) -> TextTable {
        let shown = TallyRows.categoryColumns.shown(in: .text, language)
        var table = TextTable(columns: [.init(header: language.text(.category), align: .left)]
            + shown.map { .init(header: $0.header, align: .right) } + [.init(header: "", align: .left)])
        func row(_ label: String, _ figures: Tally.Figures, mark: Bool) -> [[String]] {
            [TextWrap.lines(label, width: 22)] + shown.map { [$0.column.readable(figures, language)] }
                + [[mark && figures.belowTarget ? "▼" : ""]]
        }
        for category in categories {
            table.rows.append(row(category.category.label(language), category.figures, mark: true))
        }
        table.ruleBeforeRow = table.rows.count
        table.rows.append(row(language.text(.total), total, mark: false))

        return table
    }
}
