/// The figures of a tally's tables, each named once with its header in every form: the printed
/// text report (`Tally+Text`, `TextTable.categories`), the spreadsheet (`Tally+CSV`) and the
/// HTML page (`ReportPage.categoryTable`, `Tally+HTML`). A new figure is one entry here, and
/// appears in every form whose header it names; the district's roll-up shares the category table.
///
/// The JSON keeps its own `Codable` keys (the push's schema), so it is not built from these.
enum TallyRows {
    /// The output a figure is shown in.
    enum Form: CaseIterable { case text, csv, html }

    /// One figure column of a table: where it comes from, how it is written, and its header per form.
    struct Column<Row> {
        /// A count (`1.234`, `1234` in the CSV) or a percentage (`97,8%`, `97.8` in the CSV).
        enum Value {
            case count(KeyPath<Row, Int>)
            case percent(KeyPath<Row, Double?>)
        }

        var value: Value
        /// The header in each form that shows the figure; a form without one leaves the column out.
        var headers: [Form: MessageKey]

        /// The figure of `row` as a person reads it in `language`.
        func readable(_ row: Row, _ language: ReportLanguage) -> String {
            switch value {
            case .count(let path): return language.numbers.integer(row[keyPath: path])
            case .percent(let path): return language.numbers.percent(row[keyPath: path])
            }
        }

        /// The figure of `row` in the CSV's one machine form, whatever the language.
        func machine(_ row: Row) -> String {
            switch value {
            case .count(let path): return String(row[keyPath: path])
            case .percent(let path): return CSVWriter.decimal(row[keyPath: path])
            }
        }
    }

    /// The figures per category and for the total, in order. (Computed: key paths are not
    /// `Sendable`, so a stored static list would be shared mutable state to Swift 6.)
    static var categoryColumns: [Column<Tally.Figures>] { [
        .init(value: .count(\.invited), headers: [.text: .textInvitedColumn, .csv: .invitedCount, .html: .invited]),
        .init(value: .count(\.present), headers: [.text: .textPresentColumn, .csv: .present, .html: .present]),
        .init(value: .count(\.absentExcused),
              headers: [.text: .textAbsentExcusedColumn, .csv: .csvAbsentExcusedColumn, .html: .htmlAbsentExcused]),
        .init(value: .count(\.absentUnexcused),
              headers: [.text: .textAbsentUnexcusedColumn, .csv: .csvAbsentUnexcusedColumn, .html: .htmlAbsentUnexcused]),
        .init(value: .count(\.walkIns), headers: [.csv: .csvWalkInsColumn]),
        .init(value: .percent(\.rate), headers: [.text: .rate, .csv: .csvRatePercent, .html: .rate]),
        .init(value: .percent(\.target), headers: [.text: .target, .csv: .csvTargetPercent, .html: .target]),
    ] }

    /// The figures per part, in order, after the part's name (and, on the page, its times).
    static var partColumns: [Column<Tally.PartFigures>] { [
        .init(value: .count(\.present), headers: [.text: .present, .html: .present]),
        .init(value: .count(\.presentAtStart), headers: [.text: .textPresentAtStart, .html: .htmlPresentAtStart]),
        .init(value: .count(\.presentAtEnd), headers: [.text: .textPresentAtEnd, .html: .htmlPresentAtEnd]),
        .init(value: .count(\.arrivedLate), headers: [.text: .textArrivedLateColumn, .html: .late]),
        .init(value: .count(\.leftEarly), headers: [.text: .textLeftEarlyColumn, .html: .leftEarly]),
    ] }
}

extension Array {
    /// The columns `form` shows, with their headers in `language`.
    func shown<Row>(in form: TallyRows.Form, _ language: ReportLanguage) -> [(header: String, column: TallyRows.Column<Row>)]
    where Element == TallyRows.Column<Row> {
        compactMap { column in column.headers[form].map { (language.text($0), column) } }
    }
}
