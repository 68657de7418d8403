/// One record of a CSV file: its fields, and the physical line it starts on (1-based).
public struct CSVRecord: Equatable, Sendable {
    /// The physical line the record starts on; a quoted field with line breaks makes the next
    /// record start further down.
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// The character between fields.
public enum CSVSeparator: UInt8, Sendable, CaseIterable {
    case comma = 0x2C
    /// Office software in locales whose decimal mark is `,` (Vietnamese among them) writes `;`.
    case semicolon = 0x3B
    /// Excel's "Unicode Text" (UTF-16) and "Text (Tab delimited)" write tabs.
    case tab = 0x09
}

/// Why a CSV input was refused, with the line it concerns.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem it is, for callers and tests; `message` says it to a person.
    public enum Kind: Equatable, Sendable {
        case inputTooLarge
        case invalidUTF8
        /// A NUL byte: never in text, but in every UTF-16 file and most binary ones.
        case nulByte
        case unterminatedQuote
        /// A closing quote followed by something other than a separator or a line end.
        case strayQuote
        case fieldTooLong
        case tooManyFields
        case tooManyRecords
    }

    public var kind: Kind
    /// The physical line (1-based), or 0 when the problem is the input as a whole.
    public var line: Int
    public var message: String

    public init(_ kind: Kind, line: Int, _ message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }

    public var description: String { line == 0 ? message : "line \(line): \(message)" }
}

/// Reads RFC 4180 CSV from bytes, with the habits of office spreadsheets allowed for.
///
/// - UTF-8 only (`CSVTextDecoding` turns UTF-16 and Windows-1258 into it first), with or without a
///   byte order mark; anything else, and any NUL byte, is refused
///   with the line of the first bad byte (a legacy Vietnamese encoding or UTF-16 would otherwise
///   turn names into garbage).
/// - Line ends: CRLF, LF or a lone CR; each counts as one physical line.
/// - A field that starts with `"` is quoted: it may hold separators and line breaks (kept as
///   they are), and `""` inside it is one `"`. After the closing quote only a separator or a
///   line end may follow. A `"` inside an unquoted field is an ordinary character.
/// - The separator is `,`, `;` or tab: unless the caller names one, the one that occurs more often
///   in the first record (after any empty lines) outside quotes wins, and a tie (a one-column
///   file) means `,`.
/// - An empty line inside the input is a record with one empty field; empty lines at the end
///   are ignored. There is no header handling here: the first record is just a record.
/// - Bounded: the input, each field, the fields per record and the record count have limits,
///   so a wrong or hostile file cannot take all memory.
///
/// The reader does no I/O and stops at the first problem (after it nothing can be trusted).
public enum CSVReader {
    /// How much a reader accepts before it refuses.
    public struct Limits: Equatable, Sendable {
        /// Default 50 MiB: an invited list of 10,000 delegates is under 1 MiB.
        public var maxInputBytes: Int = 50 * 1024 * 1024
        /// Default 10,000 bytes, counted in UTF-8 after unquoting.
        public var maxFieldBytes: Int = 10_000
        /// Default 1,000.
        public var maxFieldsPerRecord: Int = 1_000
        /// Default 1,000,000 (empty lines inside the input count too).
        public var maxRecords: Int = 1_000_000

        public init(maxInputBytes: Int = 50 * 1024 * 1024, maxFieldBytes: Int = 10_000,
                    maxFieldsPerRecord: Int = 1_000, maxRecords: Int = 1_000_000) {
            self.maxInputBytes = maxInputBytes
            self.maxFieldBytes = maxFieldBytes
            self.maxFieldsPerRecord = maxFieldsPerRecord
            self.maxRecords = maxRecords
        }
    }

    /// Reads every record of `bytes`.
    ///
    /// - Parameter separator: the separator to use; nil detects it from the first record.
    /// - Throws: the first problem found, with its line.
    public static func read(_ bytes: [UInt8], separator: CSVSeparator? = nil,
                            limits: Limits = Limits()) throws(CSVError) -> [CSVRecord] {
        guard bytes.count <= limits.maxInputBytes else {
            throw CSVError(.inputTooLarge, line: 0,
                           "the input is \(bytes.count) bytes, more than the limit of \(limits.maxInputBytes) bytes")
        }
        let start = bytes.starts(with: utf8BOM) ? utf8BOM.count : 0
        try validateText(bytes, from: start)
        var parser = CSVParser(bytes: bytes, start: start,
                               separator: separator ?? detectSeparator(bytes[start...]), limits: limits)
        return try parser.run()
    }

    /// Reads every record of `text` (a leading BOM, if any, is skipped).
    public static func read(_ text: String, separator: CSVSeparator? = nil,
                            limits: Limits = Limits()) throws(CSVError) -> [CSVRecord] {
        try read(Array(text.utf8), separator: separator, limits: limits)
    }

    /// The separator the first record uses (empty lines before it are skipped): the most
    /// frequent of `;`, `,` and tab outside quotes; on a tie `,`, then `;`.
    public static func detectSeparator(_ bytes: ArraySlice<UInt8>) -> CSVSeparator {
        var commas = 0
        var semicolons = 0
        var tabs = 0
        var inQuotes = false
        func winner() -> CSVSeparator {
            tabs > max(commas, semicolons) ? .tab : semicolons > commas ? .semicolon : .comma
        }
        for byte in bytes.drop(while: { $0 == carriageReturn || $0 == lineFeed }) {
            switch byte {
            case quote: inQuotes.toggle()  // `""` toggles twice: still right for counting.
            case CSVSeparator.comma.rawValue where !inQuotes: commas += 1
            case CSVSeparator.semicolon.rawValue where !inQuotes: semicolons += 1
            case CSVSeparator.tab.rawValue where !inQuotes: tabs += 1
            case carriageReturn where !inQuotes, lineFeed where !inQuotes: return winner()
            default: break
            }
        }
        return winner()
    }

    /// Throws `invalidUTF8` or `nulByte` naming the line of the first byte that is not UTF-8 text.
    static func validateText(_ bytes: [UInt8], from start: Int) throws(CSVError) {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw CSVError(.invalidUTF8, line: 1,
                           "the file is UTF-16 (it starts with a UTF-16 byte order mark), not UTF-8; \(saveAsHint)")
        }
        // Fast path: the whole input at once; the slow walk below only runs to name the line.
        if !bytes[start...].contains(0), String(validating: bytes[start...], as: UTF8.self) != nil { return }
        var iterator = bytes[start...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var line = 1
        var column = 1
        var offset = start
        var previousWasCR = false
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 0 {
                    throw CSVError(.nulByte, line: line,
                                   "a NUL byte (at byte \(column) of the line): the file is UTF-16 or not text; \(saveAsHint)")
                }
                offset += encoded.count
                let isCR = encoded.count == 1 && encoded.first == carriageReturn
                let isLF = encoded.count == 1 && encoded.first == lineFeed
                if isCR || (isLF && !previousWasCR) {
                    line += 1
                    column = 1
                } else if !isLF {
                    column += encoded.count
                }
                previousWasCR = isCR
            case .error:
                let byte = bytes[offset]
                throw CSVError(.invalidUTF8, line: line,
                               "not valid UTF-8 (byte 0x\(hex(byte)) at byte \(column) of the line), nor Windows-1258; the file is "
                                   + "probably in another legacy encoding such as TCVN3, VNI or Windows-1252: \(saveAsHint)")
            case .emptyInput:
                return
            }
        }
    }

    static let saveAsHint = "save it from the spreadsheet as \"CSV UTF-8\" or as Excel Workbook (.xlsx)"
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let quote = UInt8(ascii: "\"")
    static let carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n")

    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }
}

/// The walk through validated UTF-8 bytes. Separators, quotes and line ends are ASCII, and
/// ASCII bytes never occur inside a multi-byte UTF-8 sequence, so working on bytes is exact.
private struct CSVParser {
    /// Where the walk stands inside the current record.
    enum State {
        /// At the start of a field: nothing of it read yet.
        case fieldStart
        case unquoted
        case quoted
        /// Just after the closing quote of a quoted field.
        case afterQuote
    }

    let bytes: [UInt8]
    let start: Int
    let separator: UInt8
    let limits: CSVReader.Limits

    var records: [CSVRecord] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var state = State.fieldStart
    /// The physical line the walk is on.
    var line = 1
    var recordLine = 1
    var fieldLine = 1
    /// Empty lines seen since the last record, kept as a count so trailing ones cost nothing.
    var pendingEmptyLines = 0
    var firstPendingEmptyLine = 0

    init(bytes: [UInt8], start: Int, separator: CSVSeparator, limits: CSVReader.Limits) {
        self.bytes = bytes
        self.start = start
        self.separator = separator.rawValue
        self.limits = limits
    }

    mutating func run() throws(CSVError) -> [CSVRecord] {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            let isLineEnd = byte == CSVReader.carriageReturn || byte == CSVReader.lineFeed
            // CRLF is one line end: swallow the LF (kept inside a quoted field).
            let crlf = byte == CSVReader.carriageReturn && index < bytes.count && bytes[index] == CSVReader.lineFeed
            switch state {
            case .fieldStart, .unquoted:
                if byte == separator {
                    try endField()
                } else if isLineEnd {
                    if crlf { index += 1 }
                    try endLine()
                } else if byte == CSVReader.quote, state == .fieldStart {
                    state = .quoted
                    fieldLine = line
                } else {
                    if state == .fieldStart { fieldLine = line }
                    try append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == CSVReader.quote {
                    if index < bytes.count, bytes[index] == CSVReader.quote {
                        index += 1
                        try append(byte)
                    } else {
                        state = .afterQuote
                    }
                } else {
                    try append(byte)
                    if isLineEnd {
                        if crlf {
                            index += 1
                            try append(CSVReader.lineFeed)
                        }
                        line += 1
                    }
                }
            case .afterQuote:
                if byte == separator {
                    try endField()
                } else if isLineEnd {
                    if crlf { index += 1 }
                    try endLine()
                } else {
                    throw CSVError(.strayQuote, line: line,
                                   "unexpected text after the closing quote of a field; "
                                       + "a quote inside a quoted field must be doubled (\"\")")
                }
            }
        }
        switch state {
        case .quoted:
            let opened = fieldLine == recordLine ? "" : " (the quote opens on line \(fieldLine))"
            throw CSVError(.unterminatedQuote, line: recordLine,
                           "a quoted field in the record starting here is never closed\(opened)")
        case .fieldStart where fields.isEmpty:
            break  // The input ended with a line end, or is empty.
        default:
            try endField()
            try endRecord()
        }
        return records
    }

    private mutating func append(_ byte: UInt8) throws(CSVError) {
        guard field.count < limits.maxFieldBytes else {
            throw CSVError(.fieldTooLong, line: fieldLine,
                           "a field is longer than the limit of \(limits.maxFieldBytes) bytes")
        }
        field.append(byte)
    }

    private mutating func endField() throws(CSVError) {
        guard fields.count < limits.maxFieldsPerRecord else {
            throw CSVError(.tooManyFields, line: recordLine,
                           "the record has more than the limit of \(limits.maxFieldsPerRecord) fields")
        }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    /// A line end outside quotes: ends the record, or counts an empty line.
    private mutating func endLine() throws(CSVError) {
        if state == .fieldStart, fields.isEmpty {
            if pendingEmptyLines == 0 { firstPendingEmptyLine = line }
            pendingEmptyLines += 1
        } else {
            try endField()
            try endRecord()
        }
        line += 1
        recordLine = line
    }

    private mutating func endRecord() throws(CSVError) {
        // Empty lines before this record were inside the input: they become one-field records.
        for offset in 0..<pendingEmptyLines {
            try add(CSVRecord(line: firstPendingEmptyLine + offset, fields: [""]))
        }
        pendingEmptyLines = 0
        try add(CSVRecord(line: recordLine, fields: fields))
        fields = []
    }

    private mutating func add(_ record: CSVRecord) throws(CSVError) {
        guard records.count < limits.maxRecords else {
            throw CSVError(.tooManyRecords, line: record.line,
                           "the input has more than the limit of \(limits.maxRecords) records")
        }
        records.append(record)
    }
}
