import Foundation

/// Reads a unit secretary's list of reflections (a CSV export or a workbook) for one
/// conference, all or nothing, by the invited list's rules for files (`InvitedListImport`):
/// the same encodings, the header as the first row naming an id column and a date or grade
/// column (rows above it skipped), columns found by their Vietnamese or English header in any
/// case and with or without diacritics, every bad row named by its line (`file:12`) or cell
/// (`file:Sheet1!C12`).
///
/// A row gives an id, the day the reflection was handed in and its grade. An empty grade is a
/// reflection not graded yet; an empty date and grade says "not handed in" and withdraws what
/// was recorded for that id before. A grade without a date is refused (a reflection graded was
/// handed in some day). Dates are `YYYY-MM-DD`, `D/M/YYYY` (the Vietnamese order, also with
/// `-` or `.`) or a spreadsheet's date cell (a serial day number).
public enum ReflectionImport {
    /// The columns read, and the header names that find them.
    public enum Column: String, CaseIterable, Sendable {
        case id, date, grade

        public var headers: [String] {
            switch self {
            case .id: InvitedListImport.Column.id.headers
            case .date: ["Ngày nộp", "Ngày nộp bài", "Ngày", "Date", "Submitted", "Date submitted"]
            case .grade: ["Xếp loại", "Kết quả", "Đánh giá", "Grade", "Result"]
            }
        }

        func isNamed(by cell: String) -> Bool {
            let key = NameFolding.key(cell)
            return !key.isEmpty && headers.contains { NameFolding.key($0) == key }
        }
    }

    /// One row read: where it was (`danh-sach.csv:12`, `bai.xlsx:Sheet1!A12`), whose, when, what grade.
    public struct Row: Equatable, Sendable {
        public var place: String
        public var delegate: String
        /// nil: not handed in (withdraws an earlier record).
        public var submitted: String?
        public var grade: ReflectionGrade?

        public init(place: String, delegate: String, submitted: String?, grade: ReflectionGrade?) {
            self.place = place
            self.delegate = delegate
            self.submitted = submitted
            self.grade = grade
        }
    }

    /// The largest wire payload `REFLECT` may announce: 1 MiB holds some 10,000 rows.
    public static let maxPayloadBytes = 1 << 20

    /// The rows of a CSV file, in `encoding` or the one detected.
    public static func read(csv bytes: [UInt8], file: String, encoding: CSVEncoding? = nil) throws(InvitedListErrors) -> [Row] {
        let records: [CSVRecord]
        do throws(CSVError) {
            let limits = CSVReader.Limits()
            guard bytes.count <= limits.maxInputBytes else {
                throw CSVError(.inputTooLarge, line: 0, "the input is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes) bytes")
            }
            records = try CSVReader.read(try CSVTextDecoding.decode(bytes, as: encoding).utf8, limits: limits)
        } catch {
            throw InvitedListErrors([FileLineError(file: file, line: error.line, message: error.message)])
        }
        return try read(rows: records, file: file, sheet: nil)
    }

    /// The rows of the sheet `sheet` (nil: the first) of a workbook.
    public static func read(workbook bytes: [UInt8], file: String, sheet: String? = nil) throws(InvitedListErrors) -> [Row] {
        let found: XLSXSheet
        do {
            found = try XLSXReader.read(bytes, sheet: sheet)
        } catch {
            throw InvitedListErrors([FileLineError(file: file, line: 0, message: error.message)])
        }
        return try read(rows: found.rows, file: file, sheet: found.name)
    }

    /// The rows after the header, every problem named; nothing when anything is wrong.
    public static func read(rows records: [CSVRecord], file: String, sheet: String?) throws(InvitedListErrors) -> [Row] {
        var problems = Problems(file: file, sheet: sheet)
        func place(_ line: Int, _ column: Int?) -> String { "\(file):" + (sheet == nil ? String(line) : problems.placeName(line, column: column)) }
        guard let headerIndex = records.firstIndex(where: { record in
            record.fields.contains(where: Column.id.isNamed(by:))
                && record.fields.contains(where: { Column.date.isNamed(by: $0) || Column.grade.isNamed(by: $0) })
        }) else {
            let first = records.first(where: { !InvitedListImport.isBlank($0.fields) })
            problems.add(first?.line ?? 1, "no header row naming an id column (\(Column.id.headers.joined(separator: ", "))) and a date "
                         + "(\(Column.date.headers.joined(separator: ", "))) or grade column (\(Column.grade.headers.joined(separator: ", ")))")
            throw problems.errors
        }
        let header = records[headerIndex]
        var columns: [Column: Int] = [:]
        for (index, cell) in header.fields.enumerated() {
            guard let column = Column.allCases.first(where: { $0.isNamed(by: cell) }) else { continue }
            if let first = columns[column] {
                problems.add(header.line, column: index, "two \(column.rawValue) columns: \(quotedField(header.fields[first])) and \(quotedField(cell))")
            } else {
                columns[column] = index
            }
        }
        var rows: [Row] = []
        var seen: [String: String] = [:]
        for record in records[(headerIndex + 1)...] where !InvitedListImport.isBlank(record.fields) {
            func cell(_ column: Column) -> String {
                guard let index = columns[column], index < record.fields.count else { return "" }
                return NameFolding.collapsingWhitespace(record.fields[index]).precomposedStringWithCanonicalMapping
            }
            let id = cell(.id)
            let dateText = cell(.date)
            let gradeText = cell(.grade)
            let here = place(record.line, columns[.id])
            if id.isEmpty { problems.add(record.line, column: columns[.id], "missing id"); continue }
            if id.utf8.count > Request.maxIdentifierBytes || id.contains(" ") {
                problems.add(record.line, column: columns[.id], "id \(quotedField(id)) must be at most \(Request.maxIdentifierBytes) bytes without spaces")
                continue
            }
            if let earlier = seen[id] {
                problems.add(record.line, column: columns[.id], "\(id) is listed twice (first at \(earlier))")
                continue
            }
            seen[id] = here
            var submitted: String?
            if !dateText.isEmpty {
                guard let date = date(dateText) else {
                    problems.add(record.line, column: columns[.date], "date \(quotedField(dateText)) is not a date: write YYYY-MM-DD or DD/MM/YYYY")
                    continue
                }
                submitted = date
            }
            var grade: ReflectionGrade?
            if !gradeText.isEmpty {
                guard let parsed = ReflectionGrade.parse(gradeText) else {
                    problems.add(record.line, column: columns[.grade], "grade \(quotedField(gradeText)) is not one of \(ReflectionGrade.accepted)")
                    continue
                }
                grade = parsed
            }
            if grade != nil && submitted == nil {
                problems.add(record.line, column: columns[.date], "a grade without the date the reflection was handed in")
                continue
            }
            rows.append(Row(place: here, delegate: id, submitted: submitted, grade: grade))
        }
        if problems.isEmpty, rows.isEmpty { problems.add(header.line, "the list has a header but no rows") }
        guard problems.isEmpty else { throw problems.errors }
        return rows
    }

    /// A day written as `YYYY-MM-DD`, `D/M/YYYY` (or with `-` `.`), or a spreadsheet's serial day
    /// (days since 1899-12-30, 2000 to 2099), as `YYYY-MM-DD`; nil when it is not a real day.
    public static func date(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let serial = Double(trimmed), serial == serial.rounded(), (36_526...73_050).contains(serial) {
            // 1899-12-30 is serial 0 in every spreadsheet that counts Lotus's 1900 leap day.
            let seconds = (serial - 25_569) * 86_400
            let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date(timeIntervalSince1970: seconds))
            return dayText(parts.year!, parts.month!, parts.day!)
        }
        let pieces = trimmed.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        guard pieces.count == 3, pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && Int($0) != nil }) else { return nil }
        let numbers = pieces.map { Int($0)! }
        let (year, month, day) = pieces[0].count == 4 ? (numbers[0], numbers[1], numbers[2]) : (numbers[2], numbers[1], numbers[0])
        guard pieces[0].count == 4 || pieces[2].count == 4, (2000...2099).contains(year), (1...12).contains(month) else { return nil }
        let lengths = [31, year % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        return dayText(year, month, day)
    }

    private static func dayText(_ year: Int, _ month: Int, _ day: Int) -> String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }

    // MARK: The wire form attendctl sends and attendd checks

    /// Rows as the UTF-8 CSV `REFLECT` carries: `place,id,date,grade`, so what attendd refuses
    /// (an id not invited) is named by the row of the secretary's file.
    public static func wire(_ rows: [Row]) -> [UInt8] {
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var text = ""
        for row in rows {
            text += [row.place, row.delegate, row.submitted ?? "", row.grade?.rawValue ?? ""].map(field).joined(separator: ",") + "\r\n"
        }
        return Array(text.utf8)
    }

    /// The rows of a `REFLECT` payload, checked again (a line may come from anyone holding the
    /// control socket, not only attendctl); the first problem named.
    public static func decodeWire(_ bytes: [UInt8]) throws(ProtocolError) -> [Row] {
        let records: [CSVRecord]
        do throws(CSVError) {
            records = try CSVReader.read(bytes, separator: .comma, limits: CSVReader.Limits())
        } catch {
            throw ProtocolError(.invalid, "reflections line \(error.line): \(error.message)")
        }
        var rows: [Row] = []
        var seen = Set<String>()
        for record in records where !InvitedListImport.isBlank(record.fields) {
            let fields = record.fields
            guard fields.count == 4 else { throw ProtocolError(.invalid, "reflections line \(record.line): expected place,id,date,grade") }
            let place = fields[0].isEmpty ? "line \(record.line)" : String(fields[0].prefix(300))
            let id = fields[1]
            guard !id.isEmpty, id.utf8.count <= Request.maxIdentifierBytes, !id.contains(" ") else {
                throw ProtocolError(.invalid, "\(place): id must be 1 to \(Request.maxIdentifierBytes) bytes without spaces")
            }
            guard seen.insert(id).inserted else { throw ProtocolError(.invalid, "\(place): \(id) is listed twice") }
            let submitted = fields[2].isEmpty ? nil : fields[2]
            if let submitted, date(submitted) != submitted { throw ProtocolError(.invalid, "\(place): date must be YYYY-MM-DD, got \(submitted)") }
            var grade: ReflectionGrade?
            if !fields[3].isEmpty {
                guard let parsed = ReflectionGrade(rawValue: fields[3]) else {
                    throw ProtocolError(.invalid, "\(place): grade must be one of \(ReflectionGrade.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                grade = parsed
            }
            if grade != nil, submitted == nil { throw ProtocolError(.invalid, "\(place): a grade without a date") }
            rows.append(Row(place: place, delegate: id, submitted: submitted, grade: grade))
        }
        guard !rows.isEmpty else { throw ProtocolError(.invalid, "no reflections in the payload") }
        return rows
    }

    /// What attendd refuses of rows it decoded, against the conference: an id not on its
    /// invited list, a date before the conference's day or after `today`. Every problem, in row order.
    public static func problems(_ rows: [Row], invited: Set<String>, conferenceDate: String, today: String) -> [String] {
        var found: [String] = []
        for row in rows {
            if !invited.contains(row.delegate) {
                found.append("\(row.place): \(row.delegate) is not on the invited list")
            } else if let submitted = row.submitted, !conferenceDate.isEmpty, submitted < conferenceDate {
                found.append("\(row.place): handed in \(submitted), before the conference (\(conferenceDate))")
            } else if let submitted = row.submitted, submitted > today {
                found.append("\(row.place): handed in \(submitted), after today (\(today))")
            }
        }
        return found
    }
}
