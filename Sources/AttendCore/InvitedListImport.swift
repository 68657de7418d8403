import Foundation

/// Turns an office spreadsheet's CSV export into a conference's invited list, all or nothing.
///
/// The rules, as an operator meets them:
/// - The file is what `CSVReader` reads: UTF-8 with or without BOM, `,` or `;`, RFC 4180 quotes.
/// - The first row that is not empty is the header. Columns are found by their header, in any
///   case and with or without diacritics (`Column.headers` lists the names); other columns,
///   such as `STT`, are ignored, and their order does not matter.
/// - The id and name columns are required; the unit column is optional.
/// - The category column is required too, unless the caller gives `defaultCategory` (an
///   operator importing a list that is all party members, say). Guessing a category would
///   silently put the wrong people under the 98% target, so there is no silent default; with
///   `defaultCategory`, empty category cells take it as well.
/// - Ids are trimmed and may not contain spaces or be longer than 64 bytes; each id appears once.
///   An id that is the ASCII form of another (`H%C3%A0-001` of `Hà-001`, `DelegateCode`) is refused.
/// - Names and units are trimmed, their inner whitespace collapsed to one space, and stored in NFC.
/// - A row with nothing in the id, name, unit and category columns is skipped as blank.
/// - A row may have fewer fields than the header (the missing ones are empty) or more, if
///   the extra ones are empty.
/// - Every rejected row is reported with its line and reason, and if anything is wrong
///   nothing is returned: nothing is half-imported. A file with no delegates is refused too.
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

    /// The delegates of the CSV file `bytes`, in file order.
    ///
    /// - Parameters:
    ///   - file: the name used in messages (`danh-sach.csv:12: missing name`).
    ///   - defaultCategory: the category of delegates whose list has no category column or an
    ///     empty cell in it; nil makes those errors.
    /// - Throws: every problem found, each with its line, in line order.
    public static func parse(_ bytes: [UInt8], file: String, defaultCategory: DelegateCategory? = nil,
                             limits: CSVReader.Limits = CSVReader.Limits()) throws(InvitedListErrors) -> [Delegate] {
        let records: [CSVRecord]
        do {
            records = try CSVReader.read(bytes, limits: limits)
        } catch {
            throw InvitedListErrors([InvitedListError(file: file, line: error.line, message: error.message)])
        }
        var problems = Problems(file: file)
        guard let headerIndex = records.firstIndex(where: { !isBlank($0.fields) }) else {
            problems.add(1, "the file is empty: expected a header row naming at least the id and name columns")
            throw problems.errors
        }
        let header = records[headerIndex]
        guard let columns = findColumns(header, in: records, defaultCategory: defaultCategory, problems: &problems) else {
            throw problems.errors
        }
        var reader = RowReader(columns: columns, headerCount: header.fields.count, defaultCategory: defaultCategory)
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
        return delegates
    }

    /// `parse` for `Data` read from a file.
    public static func parse(_ data: Data, file: String, defaultCategory: DelegateCategory? = nil,
                             limits: CSVReader.Limits = CSVReader.Limits()) throws(InvitedListErrors) -> [Delegate] {
        try parse([UInt8](data), file: file, defaultCategory: defaultCategory, limits: limits)
    }

    /// Which field holds which column, or nil (with the problems added) when the header will not do.
    private static func findColumns(_ header: CSVRecord, in records: [CSVRecord], defaultCategory: DelegateCategory?,
                                    problems: inout Problems) -> [Column: Int]? {
        var columns: [Column: Int] = [:]
        var ok = true
        for (index, cell) in header.fields.enumerated() {
            guard let column = Column.allCases.first(where: { $0.isNamed(by: cell) }) else { continue }
            if let first = columns[column] {
                problems.add(header.line, "two \(column.rawValue) columns: \(quoted(header.fields[first])) "
                             + "(column \(first + 1)) and \(quoted(cell)) (column \(index + 1))")
                ok = false
            } else {
                columns[column] = index
            }
        }
        let missing = Column.allCases.filter { column in
            columns[column] == nil && (column == .id || column == .name || (column == .category && defaultCategory == nil))
        }
        for column in missing {
            var message = "no \(column.rawValue) column: the header has \(header.fields.map(quoted).joined(separator: ", "))"
                + "; accepted: \(column.headers.joined(separator: ", "))"
            if column == .category {
                message += "; add the column, or give one category for the whole list"
            }
            problems.add(header.line, message)
        }
        if missing.contains(.id) || missing.contains(.name), let likely = likelyHeader(after: header, in: records) {
            problems.add(header.line, "line \(likely.line) looks like the header: delete the rows above it")
        }
        return ok && missing.isEmpty ? columns : nil
    }

    /// A record among the next few that names both the id and the name columns.
    private static func likelyHeader(after header: CSVRecord, in records: [CSVRecord]) -> CSVRecord? {
        records.lazy.filter { $0.line > header.line }.prefix(10).first { record in
            record.fields.contains(where: Column.id.isNamed(by:)) && record.fields.contains(where: Column.name.isNamed(by:))
        }
    }

    static func isBlank(_ fields: [String]) -> Bool {
        fields.allSatisfy { $0.allSatisfy(\.isWhitespace) }
    }
}

/// Reads one row after another, remembering the ids seen.
private struct RowReader {
    let columns: [InvitedListImport.Column: Int]
    let headerCount: Int
    let defaultCategory: DelegateCategory?
    /// The line each id was first seen on.
    var firstLine: [String: Int] = [:]

    init(columns: [InvitedListImport.Column: Int], headerCount: Int, defaultCategory: DelegateCategory?) {
        self.columns = columns
        self.headerCount = headerCount
        self.defaultCategory = defaultCategory
    }

    /// The row's delegate, or nil with its problems added (or nil for a blank row).
    mutating func read(_ record: CSVRecord, problems: inout Problems) -> Delegate? {
        func cell(_ column: InvitedListImport.Column) -> String {
            guard let index = columns[column], index < record.fields.count else { return "" }
            return record.fields[index]
        }
        let raw = InvitedListImport.Column.allCases.map(cell)
        if InvitedListImport.isBlank(raw) { return nil }

        let before = problems.count
        let line = record.line
        if record.fields.count > headerCount,
           !InvitedListImport.isBlank(Array(record.fields[headerCount...])) {
            problems.add(line, "the row has \(record.fields.count) fields but the header has \(headerCount); "
                         + "a name or unit that contains the separator must be in double quotes")
        }
        let id = cleanID(cell(.id), line: line, problems: &problems)
        let name = clean(cell(.name))
        if name.isEmpty {
            problems.add(line, "missing name")
        } else if let control = firstControl(in: name) {
            problems.add(line, "the name contains a control character (\(control))")
        }
        let unit = clean(cell(.unit))
        if let control = firstControl(in: unit) {
            problems.add(line, "the unit contains a control character (\(control))")
        }
        let category = readCategory(cell(.category), line: line, problems: &problems)
        if let id {
            if let first = firstLine[id] {
                problems.add(line, "duplicate id \(quoted(id)), first on line \(first)")
            } else {
                firstLine[id] = line
            }
        }
        guard problems.count == before, let id, let category else { return nil }
        return Delegate(id: id, fullName: name, unit: unit, category: category)
    }

    private func cleanID(_ text: String, line: Int, problems: inout Problems) -> String? {
        let id = clean(text, collapse: false)
        if id.isEmpty {
            problems.add(line, "missing id")
        } else if id.contains(where: \.isWhitespace) {
            problems.add(line, "the id \(quoted(id)) contains a space; ids are card or member numbers")
        } else if let control = firstControl(in: id) {
            problems.add(line, "the id contains a control character (\(control))")
        } else if id.utf8.count > InvitedListImport.maxIdBytes {
            problems.add(line, "the id \(quoted(id)) is \(id.utf8.count) bytes long, more than \(InvitedListImport.maxIdBytes)")
        } else if case let meant = DelegateCode.id(fromScanned: id), meant != id {
            // A terminal or CHECKIN reads this text as the card code of `meant` and checks that
            // id in: the delegate could never be checked in by typing their id.
            problems.add(line, "the id \(quoted(id)) is how cards write the id \(quoted(meant)); a terminal would check that id in, so write the id itself")
        } else {
            return id
        }
        return nil
    }

    private func readCategory(_ text: String, line: Int, problems: inout Problems) -> DelegateCategory? {
        let text = clean(text)
        if text.isEmpty {
            if let defaultCategory { return defaultCategory }
            problems.add(line, "missing category; accepted: \(DelegateCategory.acceptedValuesDescription)")
        } else if let category = DelegateCategory.parse(text) {
            return category
        } else {
            problems.add(line, "unknown category \(quoted(text)); accepted: \(DelegateCategory.acceptedValuesDescription)")
        }
        return nil
    }
}

/// The problems found so far: the first `maxReportedErrors` kept, the rest counted.
private struct Problems {
    let file: String
    var kept: [InvitedListError] = []
    var omitted = 0

    init(file: String) { self.file = file }

    var count: Int { kept.count + omitted }
    var isEmpty: Bool { count == 0 }
    var errors: InvitedListErrors { InvitedListErrors(kept, omitted: omitted) }

    mutating func add(_ line: Int, _ message: String) {
        if kept.count < InvitedListImport.maxReportedErrors {
            kept.append(InvitedListError(file: file, line: line, message: message))
        } else {
            omitted += 1
        }
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

// MARK: - Text helpers

/// Characters that are invisible and only ever get in the way of matching: zero-width space
/// and a byte order mark left inside a file (two exports pasted together).
private let invisibles: Set<Unicode.Scalar> = ["\u{200B}", "\u{FEFF}"]

/// `text` in NFC without invisibles, trimmed, and with whitespace runs as one space if `collapse`.
private func clean(_ text: String, collapse: Bool = true) -> String {
    var scalars = String.UnicodeScalarView()
    scalars.append(contentsOf: text.precomposedStringWithCanonicalMapping.unicodeScalars.filter { !invisibles.contains($0) })
    let visible = String(scalars)
    if collapse { return NameFolding.collapsingWhitespace(visible) }
    guard let first = visible.firstIndex(where: { !$0.isWhitespace }),
          let last = visible.lastIndex(where: { !$0.isWhitespace }) else { return "" }
    return String(visible[first...last])
}

/// The first control character that is not whitespace, as `U+0007`.
private func firstControl(in text: String) -> String? {
    guard let scalar = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control && !$0.properties.isWhitespace })
    else { return nil }
    let digits = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}

/// The text in double quotes for a message, shortened so a stray binary cell stays readable.
/// A field as a message quotes it: cut at 60 characters, its line breaks and other controls escaped
/// (`\n`, `\r`) so that one row's message stays on one terminal line.
private func quoted(_ text: String) -> String {
    let limit = 60
    let shown = ControlEscaping.escape(text.count > limit ? String(text.prefix(limit)) : text)
    return text.count > limit ? "\"\(shown)...\"" : "\"\(shown)\""
}
