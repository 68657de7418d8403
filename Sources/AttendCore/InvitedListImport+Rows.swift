import Foundation

/// Reads one row after another, remembering the ids seen.
struct RowReader {
    let columns: [InvitedListImport.Column: Int]
    let headerCount: Int
    let defaultCategory: DelegateCategory?
    /// The header's cells, to name a column in a message.
    let headerNames: [String]
    let maxFieldBytes: Int
    /// The line each id was first seen on.
    var firstLine: [String: Int] = [:]
    /// Category cells already read, as written, and what they named: at most `maxKnownCategories`.
    var knownCategories: [String: DelegateCategory] = [:]
    static let maxKnownCategories = 64

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
            problems.add(line, column: headerCount, "the row has \(record.fields.count) fields but the header has \(headerCount); "
                         + "a name or unit that contains the separator must be in double quotes")
        }
        for column in InvitedListImport.Column.allCases {
            checkCell(cell(column), column, line: line, problems: &problems)
        }
        guard problems.count == before else { return nil }
        let id = cleanID(cell(.id), line: line, problems: &problems)
        let name = clean(cell(.name))
        if name.isEmpty {
            problems.add(line, column: columns[.name], "missing name")
        } else if let control = firstControl(in: name) {
            problems.add(line, column: columns[.name], "the name contains a control character (\(control))")
        } else {
            checkLettersLost(name, what: "name", line: line, column: .name, problems: &problems)
        }
        let unit = clean(cell(.unit))
        if let control = firstControl(in: unit) {
            problems.add(line, column: columns[.unit], "the unit contains a control character (\(control))")
        } else {
            checkLettersLost(unit, what: "unit", line: line, column: .unit, problems: &problems)
        }
        let category = readCategory(cell(.category), line: line, problems: &problems)
        if let id {
            if let first = firstLine[id] {
                problems.add(line, column: columns[.id], "duplicate id \(quotedField(id)), first on \(problems.placeName(first, column: columns[.id]))")
            } else {
                firstLine[id] = line
            }
        }
        guard problems.count == before, let id, let category else { return nil }
        return Delegate(id: id, fullName: name, unit: unit, category: category)
    }

    /// A cell of a column read: within the field limit, and without U+FFFD (nothing stored could repair it).
    private func checkCell(_ text: String, _ column: InvitedListImport.Column, line: Int, problems: inout Problems) {
        guard let index = columns[column] else { return }
        let what = "the \(column.rawValue) (column \(index + 1), \(quotedField(headerNames[index])))"
        if text.utf8.count > maxFieldBytes {
            problems.add(line, column: index, "\(what) is \(text.utf8.count) bytes, more than the limit of \(maxFieldBytes) bytes")
        } else if text.unicodeScalars.contains("\u{FFFD}") {
            problems.add(line, column: index, "\(what) holds \(quotedField(text)) with U+FFFD (\u{FFFD}) where a letter was, left by an "
                         + "earlier bad conversion: type the name again in the spreadsheet")
        }
    }

    /// Refuses `?` between letters: what is left of Vietnamese letters in a Windows-1252 export.
    private func checkLettersLost(_ text: String, what: String, line: Int, column: InvitedListImport.Column, problems: inout Problems) {
        guard text.utf8.contains(UInt8(ascii: "?")) else { return }  // the common case, without splitting into characters
        let characters = Array(text)
        let lost = characters.indices.contains { index in
            characters[index] == "?"
                && ((index > 0 && characters[index - 1].isLetter) || (index + 1 < characters.count && characters[index + 1].isLetter))
        }
        guard lost else { return }
        problems.add(line, column: columns[column], "the \(what) \(quotedField(text)) has ? where letters were: the file was saved in an "
                     + "encoding without Vietnamese letters (Windows-1252, LibreOffice's default CSV); "
                     + "save it as \"CSV UTF-8\" or as Excel Workbook (.xlsx) and import that")
    }

    private func cleanID(_ text: String, line: Int, problems: inout Problems) -> String? {
        let id = clean(text, collapse: false)
        let column = columns[.id]
        if id.isEmpty {
            problems.add(line, column: column, "missing id")
        } else if id.contains(where: \.isWhitespace) {
            problems.add(line, column: column, "the id \(quotedField(id)) contains a space; ids are card or member numbers")
        } else if let control = firstControl(in: id) {
            problems.add(line, column: column, "the id contains a control character (\(control))")
        } else if id.utf8.count > InvitedListImport.maxIdBytes {
            problems.add(line, column: column, "the id \(quotedField(id)) is \(id.utf8.count) bytes long, more than \(InvitedListImport.maxIdBytes)")
        } else if case let meant = DelegateCode.id(fromScanned: id), meant != id {
            // A terminal or CHECKIN reads this text as the card code of `meant` and checks that
            // id in: the delegate could never be checked in by typing their id.
            problems.add(line, column: column, "the id \(quotedField(id)) is how cards write the id \(quotedField(meant)); a terminal would check that id in, so write the id itself")
        } else {
            return id
        }
        return nil
    }

    private mutating func readCategory(_ cellText: String, line: Int, problems: inout Problems) -> DelegateCategory? {
        // A list holds a handful of category spellings: each is folded and looked up once.
        if let known = knownCategories[cellText] { return known }
        let text = clean(cellText)
        if text.isEmpty {
            if let defaultCategory { return defaultCategory }
            problems.add(line, column: columns[.category], "missing category; accepted: \(DelegateCategory.acceptedValuesDescription)")
        } else if let category = DelegateCategory.parse(text) {
            if knownCategories.count < Self.maxKnownCategories { knownCategories[cellText] = category }
            return category
        } else {
            problems.add(line, column: columns[.category], "unknown category \(quotedField(text)); accepted: \(DelegateCategory.acceptedValuesDescription)")
        }
        return nil
    }
}

/// The problems found so far: the first `maxReportedErrors` kept, the rest counted.
struct Problems {
    let file: String
    /// The sheet, for a workbook: places are then cells (`Danh sách!C12`), not lines.
    let sheet: String?
    var kept: [InvitedListError] = []
    var omitted = 0

    init(file: String, sheet: String?) {
        self.file = file
        self.sheet = sheet
    }

    var count: Int { kept.count + omitted }
    var isEmpty: Bool { count == 0 }
    var errors: InvitedListErrors { InvitedListErrors(kept, omitted: omitted) }

    /// `line` as a message names it: `line 12`, or the cell `Danh sách!C12` (column A when none is known).
    func placeName(_ line: Int, column: Int?) -> String {
        guard let sheet else { return "line \(line)" }
        return cell(sheet, line, column)
    }

    private func cell(_ sheet: String, _ line: Int, _ column: Int?) -> String {
        "\(sheet)!\(CellReference.letters((column ?? 0) + 1))\(line)"
    }

    /// A problem on `line`, in the 0-based `column` when one is to blame.
    mutating func add(_ line: Int, column: Int? = nil, _ message: String) {
        if kept.count < InvitedListImport.maxReportedErrors {
            kept.append(InvitedListError(file: file, line: line, message: message, place: sheet.map { cell($0, line, column) }))
        } else {
            omitted += 1
        }
    }
}

// MARK: - Text helpers

/// Characters that are invisible and only ever get in the way of matching: zero-width space
/// and a byte order mark left inside a file (two exports pasted together).
private let invisibles: Set<Unicode.Scalar> = ["\u{200B}", "\u{FEFF}"]

/// `text` in NFC without invisibles, trimmed, and with whitespace runs as one space if `collapse`.
private func clean(_ text: String, collapse: Bool = true) -> String {
    // Text already in NFC (ASCII, and Vietnamese typed as it usually is) skips Foundation's
    // normalization, and text without invisibles or stray whitespace skips those rebuilds: the
    // slow steps of a 10,000-row import (see TextFastPath).
    let normalized = TextFastPath.isNFC(text) ? text : text.precomposedStringWithCanonicalMapping
    var visible = normalized
    if !TextFastPath.lacksInvisibles(normalized) {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: normalized.unicodeScalars.filter { !invisibles.contains($0) })
        visible = String(scalars)
    }
    if collapse { return TextFastPath.isCollapsed(visible) ? visible : NameFolding.collapsingWhitespace(visible) }
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

/// A field as a message quotes it: cut at 60 characters, its line breaks and other controls escaped
/// (`\n`, `\r`) so that one row's message stays on one terminal line.
func quotedField(_ text: String) -> String {
    let limit = 60
    let shown = ControlEscaping.escape(text.count > limit ? String(text.prefix(limit)) : text)
    return text.count > limit ? "\"\(shown)...\"" : "\"\(shown)\""
}
