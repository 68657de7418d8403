/// A spreadsheet as Excel, LibreOffice and WPS open it: an Office Open XML workbook (ECMA-376,
/// `.xlsx`), written by attendd itself (`bytes`, the parts in `XLSXWorkbook+Parts`), inside a
/// `ZipWriter` archive. `attendctl report --xlsx` and `attendctl district --xlsx` make one.
///
/// Each sheet is one table: an optional title row (the conference), a header row, then rows of
/// typed cells. What a clerk gets, and why:
/// - Cells keep their type, so Excel sums and sorts them in any locale: counts are numbers
///   shown with grouping (`1.234` in a Vietnamese Excel), rates are fractions shown as
///   percentages with one decimal (`97,8%`), dates and times are date serials (days since
///   1899-12-30) shown `dd/mm/yyyy` and `hh:mm` (English: `yyyy-mm-dd`). A CSV cannot do this: in a
///   Vietnamese locale its `97.8` becomes text.
/// - Text is never a formula (a shared string is only ever text), so a name starting with `=`
///   is shown as it is, with no `'` to defuse it as the CSV needs.
/// - The title and header rows are frozen and repeat on every printed page; columns are as wide
///   as their longest cell (within 6 and 60 characters).
/// - The same workbook and time give the same bytes.
public struct XLSXWorkbook: Sendable {
    /// One cell's value and how it is shown.
    public enum Cell: Equatable, Sendable {
        case empty
        case text(String)
        /// A count, shown `1.234` / `1,234` by the reader's locale.
        case count(Int)
        /// A number shown with grouping and one decimal (minutes of an outage, `4.794,0` people-minutes).
        case decimal(Double)
        /// A percentage in percent points (`97.8` is 97.8%), stored as the fraction 0.978.
        case percent(Double)
        /// A calendar date, `YYYY-MM-DD`.
        case date(String)
        /// The Vietnam wall-clock time of an instant, shown `hh:mm` (the date is kept in the value).
        case clock(Timestamp)
        /// The Vietnam date and time of an instant, shown with both.
        case dateTime(Timestamp)

        /// A count or nothing.
        public static func count(_ value: Int?) -> Cell { value.map { .count($0) } ?? .empty }
        /// A percentage or nothing (none when nobody was invited).
        public static func percent(_ value: Double?) -> Cell { value.map { .percent($0) } ?? .empty }
    }

    public struct Sheet: Sendable {
        /// The tab's name: 1 to 31 characters, none of `: \ / ? * [ ]`, unique in the workbook.
        public var name: String
        /// Row 1 when given, in bold (the conference and its date).
        public var title: String?
        public var header: [String]
        public var rows: [[Cell]]
        /// The last row written when the rows do not fit in a sheet, `{0}` the number left out.
        public var rowsLeftOut: String
        /// Rows (indexes into `rows`) written in bold: a table's total.
        public var boldRows: Set<Int> = []

        public init(name: String, title: String? = nil, header: [String], rows: [[Cell]] = [], rowsLeftOut: String = "+{0}") {
            self.name = name
            self.title = title
            self.header = header
            self.rows = rows
            self.rowsLeftOut = rowsLeftOut
        }

        /// The rows above the data, frozen and printed on every page.
        var headingRows: Int { title == nil ? 1 : 2 }
    }

    public var sheets: [Sheet]
    /// The most rows a sheet holds, headings included: Excel's `maxRows` (lower only in tests).
    /// Rows past it are left out, and a last row says how many (`Sheet.rowsLeftOut`): a list
    /// that long (more than a million walk-ins) is an attack, and the report must still be written.
    var rowLimit = XLSXWorkbook.maxRows
    /// The workbook's title in its document properties.
    public var title: String
    /// How dates are shown (an Excel number format): `dd/mm/yyyy` or `yyyy-mm-dd`.
    public var dateFormat: String

    public init(title: String, sheets: [Sheet], dateFormat: String = "dd/mm/yyyy") {
        self.title = title
        self.sheets = sheets
        self.dateFormat = dateFormat
    }

    /// Excel's limits (its specifications page): rows and columns of a sheet, characters a cell.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384
    public static let maxCellCharacters = 32_767
    /// The narrowest and widest column, in characters.
    static let columnWidths = 6...60

    /// Whether Excel accepts `name` as a sheet's name.
    public static func isValidSheetName(_ name: String) -> Bool {
        !name.isEmpty && name.utf16.count <= 31 && !name.hasPrefix("'") && !name.hasSuffix("'")
            && !name.unicodeScalars.contains { ":\\/?*[]".unicodeScalars.contains($0) || $0.value < 0x20 }
    }

    /// The workbook as `.xlsx` bytes, its parts stamped with `modified` (Vietnam time).
    public func bytes(modified: Timestamp) -> [UInt8] {
        var names = Set<String>()
        for sheet in sheets {
            precondition(Self.isValidSheetName(sheet.name) && names.insert(sheet.name.lowercased()).inserted, "sheet name \(sheet.name)")
            precondition(sheet.rows.allSatisfy { $0.count <= Self.maxColumns } && sheet.header.count <= Self.maxColumns)
        }
        precondition(!sheets.isEmpty, "a workbook has at least one sheet")
        var strings = SharedStrings()
        let sheetParts = sheets.enumerated().map { index, sheet in worksheet(sheet, selected: index == 0, strings: &strings) }
        var zip = ZipWriter(modified: ZipWriter.DOSTime(modified))
        zip.add("[Content_Types].xml", contentTypes())
        zip.add("_rels/.rels", packageRelationships())
        zip.add("docProps/core.xml", coreProperties(modified))
        zip.add("xl/workbook.xml", workbook())
        zip.add("xl/_rels/workbook.xml.rels", workbookRelationships())
        zip.add("xl/styles.xml", styles())
        for (index, part) in sheetParts.enumerated() { zip.add("xl/worksheets/sheet\(index + 1).xml", part) }
        zip.add("xl/sharedStrings.xml", strings.part())
        return zip.finish()
    }

    /// The width in characters a column needs for `cells`. Text is measured in Unicode scalars,
    /// which for names in NFC is their letters (and several times cheaper than `Character`s).
    static func width(of cells: [Cell], header: String) -> Double {
        var widest = header.unicodeScalars.count
        for cell in cells where widest < columnWidths.upperBound {
            let length: Int
            switch cell {
            case .empty: length = 0
            case .text(let text): length = text.unicodeScalars.split(separator: "\n").map(\.count).max() ?? 0
            case .count(let value): length = String(value).count * 4 / 3 + 1
            case .decimal(let value): length = String(Int(value)).count * 4 / 3 + 3
            case .percent: length = 6
            case .date: length = 10
            case .clock: length = 5
            case .dateTime: length = 16
            }
            widest = max(widest, length)
        }
        return Double(min(max(widest + 2, columnWidths.lowerBound), columnWidths.upperBound))
    }

    /// Days since 1899-12-30 (Excel's and LibreOffice's day 0 of the 1900 system) of a
    /// `YYYY-MM-DD`; nil when it is not one.
    static func serial(date: String) -> Int? {
        guard ConferencePlan.isDate(date) else { return nil }
        let parts = date.split(separator: "-").compactMap { Int($0) }
        return Timestamp.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]) - epochDays
    }

    /// The serial of an instant's Vietnam wall time: whole days plus the fraction of the day.
    static func serial(_ instant: Timestamp) -> Double {
        let local = Double(instant.milliseconds) / 1000 + Double(Timestamp.vietnamOffsetSeconds)
        return local / 86_400 - Double(epochDays)
    }

    /// 1899-12-30 counted from 1970-01-01 (-25,569).
    static let epochDays = Timestamp.daysFromCivil(year: 1899, month: 12, day: 30)
}
