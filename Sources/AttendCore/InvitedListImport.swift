import Foundation

/// Turns an office's list (a CSV export or a workbook) into a conference's invited list, all or nothing.
///
/// The rules, as an operator meets them:
/// - A CSV file is UTF-8 with or without BOM, UTF-16 with a BOM (tab separated) or Windows-1258
///   (`CSVTextDecoding`), `,`, `;` or tab separated, RFC 4180 quotes (`CSVReader`). A workbook is
///   read by `XLSXReader`: its first sheet, or the one named.
/// - The header is the first row that names both an id and a name column; rows above it (a
///   title, the office's name, empty rows) are skipped, and `InvitedList.header` says which row it
///   was. Without such a row, the first row that is not empty is taken and its missing columns
///   reported. Columns are found by their header, in any case and with or without diacritics
///   (`Column.headers` lists the names); other columns, such as `STT` or notes, are ignored, and
///   their order does not matter.
/// - The id and name columns are required; the unit column is optional.
/// - The category column is required too, unless the caller gives `defaultCategory` (an
///   operator importing a list that is all party members, say). Guessing a category would
///   silently put the wrong people under the 98% target, so there is no silent default; with
///   `defaultCategory`, empty category cells take it as well.
/// - Ids are trimmed and may not contain spaces or be longer than 64 bytes; each id appears once.
///   An id that is the ASCII form of another (`H%C3%A0-001` of `Hà-001`, `DelegateCode`) is refused.
/// - Names and units are trimmed, their inner whitespace collapsed to one space, and stored in NFC.
///   A name or unit with `?` for letters (what a Windows-1252 export leaves of Vietnamese) and a
///   cell holding U+FFFD (left by an earlier bad conversion) are refused, naming the cell.
/// - The field-size limit (`CSVReader.Limits.maxFieldBytes`, 10,000 bytes) applies to the four
///   columns read; an ignored column (notes) may be longer, within the file's size limit.
/// - A row with nothing in the id, name, unit and category columns is skipped as blank.
/// - A row may have fewer fields than the header (the missing ones are empty) or more, if
///   the extra ones are empty.
/// - Every rejected row is reported with its line (CSV) or cell (`Danh sách!C12`) and reason, and
///   if anything is wrong nothing is returned: nothing is half-imported. A list without delegates is refused too.
public enum InvitedListImport {
    /// How many problems are reported one by one; the rest are counted.
    public static let maxReportedErrors = 100
    /// The longest id, in UTF-8 bytes.
    public static let maxIdBytes = Request.maxIdentifierBytes

    /// The columns read, and the header names that find them.
    public enum Column: String, CaseIterable, Sendable {
        case id, name, unit, category

        /// The accepted header names, as messages show them.
        public var headers: [String] {
            switch self {
            case .id: return ["Mã", "Mã đại biểu", "Mã số", "Số thẻ", "ID", "code"]
            case .name: return ["Họ và tên", "Họ tên", "Name", "Full name"]
            case .unit: return ["Đơn vị", "Unit", "Chi bộ", "Cơ quan"]
            case .category: return ["Đối tượng", "Thành phần", "Loại", "Category"]
            }
        }

        /// Whether a header cell names this column (case and diacritics ignored).
        func isNamed(by cell: String) -> Bool {
            let key = NameFolding.key(cell)
            return !key.isEmpty && headers.contains { NameFolding.key($0) == key }
        }
    }

    /// A list read and checked, with what the importer decided on the way.
    public struct InvitedList: Equatable, Sendable {
        public var delegates: [Delegate]
        /// The line (CSV) or row number (workbook) taken as the header.
        public var headerLine: Int
        /// Where the header is, as messages name places: `line 3`, or `Danh sách!A3` in a workbook.
        public var header: String
        /// The CSV's encoding; nil for a workbook.
        public var encoding: CSVEncoding?
        /// The sheet read, for a workbook.
        public var sheet: String?
    }

    /// The delegates of the CSV file `bytes`, in file order (the daemon's `INVITE` path).
    ///
    /// - Parameters:
    ///   - file: the name used in messages (`danh-sach.csv:12: missing name`).
    ///   - defaultCategory: the category of delegates whose list has no category column or an
    ///     empty cell in it; nil makes those errors.
    /// - Throws: every problem found, each with its line, in line order.
    public static func parse(_ bytes: [UInt8], file: String, defaultCategory: DelegateCategory? = nil,
                             limits: CSVReader.Limits = CSVReader.Limits()) throws(InvitedListErrors) -> [Delegate] {
        try read(csv: bytes, file: file, defaultCategory: defaultCategory, limits: limits).delegates
    }

    /// `parse` for `Data` read from a file.
    public static func parse(_ data: Data, file: String, defaultCategory: DelegateCategory? = nil,
                             limits: CSVReader.Limits = CSVReader.Limits()) throws(InvitedListErrors) -> [Delegate] {
        try parse([UInt8](data), file: file, defaultCategory: defaultCategory, limits: limits)
    }

    /// The list in the CSV file `bytes`, in `encoding` or the one detected.
    public static func read(csv bytes: [UInt8], file: String, encoding: CSVEncoding? = nil, defaultCategory: DelegateCategory? = nil,
                            limits: CSVReader.Limits = CSVReader.Limits()) throws(InvitedListErrors) -> InvitedList {
        let records: [CSVRecord]
        let found: CSVEncoding
        do throws(CSVError) {
            guard bytes.count <= limits.maxInputBytes else {
                throw CSVError(.inputTooLarge, line: 0, "the input is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes) bytes")
            }
            let decoded = try CSVTextDecoding.decode(bytes, as: encoding)
            found = decoded.encoding
            // The field limit is applied below to the columns read, not to an ignored notes column.
            var reading = limits
            reading.maxFieldBytes = max(limits.maxFieldBytes, limits.maxInputBytes)
            reading.maxInputBytes = max(limits.maxInputBytes, decoded.utf8.count)
            records = try CSVReader.read(decoded.utf8, limits: reading)
        } catch {
            throw InvitedListErrors([InvitedListError(file: file, line: error.line, message: error.message)])
        }
        var list = try read(rows: records, file: file, sheet: nil, defaultCategory: defaultCategory, maxFieldBytes: limits.maxFieldBytes)
        list.encoding = found
        return list
    }

    /// The list in the sheet `sheet` (nil: the first) of the workbook `bytes`.
    public static func read(workbook bytes: [UInt8], file: String, sheet: String? = nil, defaultCategory: DelegateCategory? = nil,
                            limits: XLSXReader.Limits = XLSXReader.Limits()) throws(InvitedListErrors) -> InvitedList {
        let found: XLSXSheet
        do {
            found = try XLSXReader.read(bytes, sheet: sheet, limits: limits)
        } catch {
            throw InvitedListErrors([InvitedListError(file: file, line: 0, message: error.message)])
        }
        var list = try read(rows: found.rows, file: file, sheet: found.name, defaultCategory: defaultCategory)
        list.sheet = found.name
        return list
    }

    /// The list in `rows` (from `CSVReader`, or a sheet from `XLSXReader` when `sheet` names it):
    /// the step every importer shares, whatever the file was.
    public static func read(rows records: [CSVRecord], file: String, sheet: String?, defaultCategory: DelegateCategory? = nil,
                            maxFieldBytes: Int = CSVReader.Limits().maxFieldBytes) throws(InvitedListErrors) -> InvitedList {
        var problems = Problems(file: file, sheet: sheet)
        guard let firstFilled = records.firstIndex(where: { !isBlank($0.fields) }) else {
            problems.add(1, "the \(sheet == nil ? "file" : "sheet") is empty: expected a header row naming at least the id and name columns")
            throw problems.errors
        }
        let headerIndex = records.firstIndex(where: namesIdAndName) ?? firstFilled
        let header = records[headerIndex]
        guard let columns = findColumns(header, defaultCategory: defaultCategory, problems: &problems) else {
            throw problems.errors
        }
        var reader = RowReader(columns: columns, headerCount: header.fields.count, defaultCategory: defaultCategory,
                               headerNames: header.fields, maxFieldBytes: maxFieldBytes)
        var delegates: [Delegate] = []
        for record in records[(headerIndex + 1)...] {
            if let delegate = reader.read(record, problems: &problems) {
                delegates.append(delegate)
            }
        }
        if problems.isEmpty, delegates.isEmpty {
            problems.add(header.line, "the list has a header but no delegates")
        }
        guard problems.isEmpty else { throw problems.errors }
        return InvitedList(delegates: delegates, headerLine: header.line,
                           header: sheet.map { "\($0)!A\(header.line)" } ?? "line \(header.line)", encoding: nil, sheet: sheet)
    }

    /// `delegates` as the UTF-8 CSV `parse` reads back to the same list: what attendctl sends
    /// the daemon when the file was a workbook or in another encoding.
    public static func csv(_ delegates: [Delegate]) -> [UInt8] {
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var text = "Mã,Họ và tên,Đơn vị,Đối tượng\r\n"
        for delegate in delegates {
            text += [delegate.id, delegate.fullName, delegate.unit, delegate.category.rawValue].map(field).joined(separator: ",") + "\r\n"
        }
        return Array(text.utf8)
    }

    /// Whether `record` can be the header: it names an id and a name column (the rows above the
    /// first such row are titles, skipped; the district's import finds its header by this too).
    static func namesIdAndName(_ record: CSVRecord) -> Bool {
        record.fields.contains(where: Column.id.isNamed(by:)) && record.fields.contains(where: Column.name.isNamed(by:))
    }

    /// Which field holds which column, or nil (with the problems added) when the header will not do.
    private static func findColumns(_ header: CSVRecord, defaultCategory: DelegateCategory?,
                                    problems: inout Problems) -> [Column: Int]? {
        var columns: [Column: Int] = [:]
        var ok = true
        for (index, cell) in header.fields.enumerated() {
            guard let column = Column.allCases.first(where: { $0.isNamed(by: cell) }) else { continue }
            if let first = columns[column] {
                problems.add(header.line, column: index, "two \(column.rawValue) columns: \(quotedField(header.fields[first])) "
                             + "(column \(first + 1)) and \(quotedField(cell)) (column \(index + 1))")
                ok = false
            } else {
                columns[column] = index
            }
        }
        let missing = Column.allCases.filter { column in
            columns[column] == nil && (column == .id || column == .name || (column == .category && defaultCategory == nil))
        }
        for column in missing {
            var message = "no \(column.rawValue) column: the header has \(header.fields.map(quotedField).joined(separator: ", "))"
                + "; accepted: \(column.headers.joined(separator: ", "))"
            if column == .category {
                message += "; add the column, or give one category for the whole list"
            }
            problems.add(header.line, message)
        }
        return ok && missing.isEmpty ? columns : nil
    }

    static func isBlank(_ fields: [String]) -> Bool {
        fields.allSatisfy { $0.allSatisfy(\.isWhitespace) }
    }
}

/// All the problems found in one invited-list file.
public struct InvitedListErrors: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first `InvitedListImport.maxReportedErrors` problems, in line order.
    public var errors: [InvitedListError]
    /// How many more problems were found and not kept.
    public var omitted: Int

    public init(_ errors: [InvitedListError], omitted: Int = 0) {
        self.errors = errors
        self.omitted = omitted
    }

    public var description: String {
        var lines = errors.map(\.description)
        if omitted > 0, let file = errors.last?.file {
            lines.append("\(file): and \(omitted) more problem\(omitted == 1 ? "" : "s")")
        }
        return lines.joined(separator: "\n")
    }
}
