import Foundation

/// Turns the text of `attendd.conf` into a `Config`, reporting every problem at once.
///
/// The format is a small INI dialect:
/// - `[section]` headers and `key = value` lines; whitespace around names and values is trimmed;
/// - blank lines, and comment lines starting with `#` or `;`;
/// - a `#` after whitespace starts a comment at the end of a line (`port = 7400  # TCP and UDP`),
///   unless it is inside double quotes;
/// - a value may be wrapped in double quotes, which are removed (`json_file = "status.json"`);
/// - a UTF-8 byte order mark at the start, and CRLF line ends, are accepted.
///
/// Sections and keys are exactly the rows of `ConfigParser.sections` (ConfigParser+Keys.swift),
/// each setting one field of `Config` and saying whether a reload takes it. A section may appear more than
/// once, but each key may be set only once. Keys under an unknown section are skipped (the
/// section itself is reported), so one typo in a header gives one error, not one per line.
///
/// The parser does no I/O: the caller reads the file and passes its name for the messages.
public enum ConfigParser {
    /// Parses `text`, starting from `Config.defaults(environment:)`.
    ///
    /// - Parameter file: the name used in messages (`attendd.conf:12: ...`).
    /// - Throws: every problem found, each with its line number, in line order.
    public static func parse(_ text: String, file: String, environment: [String: String]) throws(ConfigErrors) -> Config {
        var state = ParseState(file: file, config: .defaults(environment: environment))
        for (index, line) in lines(of: text).enumerated() {
            state.read(line, number: index + 1)
        }
        state.checkBudget()
        guard state.errors.isEmpty else { throw ConfigErrors(state.errors) }
        return state.config
    }

    /// Splits on LF and CRLF (Swift sees `"\r\n"` as one `Character`), after dropping a BOM.
    /// The lines of a text file as an editor shows them: LF or CR LF ends one, a leading byte
    /// order mark is dropped (Windows Notepad writes both).
    static func lines(of text: String) -> [Substring] {
        var text = Substring(text)
        if text.unicodeScalars.first == "\u{FEFF}" {
            text = Substring(text.unicodeScalars.dropFirst())
        }
        return text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    }
}

/// The walk through the lines: where we are, what was seen, what went wrong.
private struct ParseState {
    /// Where the current line stands.
    enum Place {
        /// Before the first header.
        case top
        case section(ConfigParser.Section)
        /// Under a header that was already reported as unknown: its keys are skipped.
        case unknownSection
    }

    let file: String
    var config: Config
    var errors: [ConfigError] = []
    var place = Place.top
    /// The line where each `section.key` was first set.
    var firstSet: [String: Int] = [:]

    init(file: String, config: Config) {
        self.file = file
        self.config = config
    }

    mutating func read(_ rawLine: Substring, number: Int) {
        let whole = rawLine.trimmed
        if whole.isEmpty || whole.hasPrefix("#") || whole.hasPrefix(";") { return }
        let line = whole.withoutTrailingComment.trimmed
        if line.hasPrefix("[") {
            readHeader(line, number: number)
        } else if let equals = line.firstIndex(of: "=") {
            let key = line[..<equals].trimmed
            let value = line[line.index(after: equals)...].trimmed
            readSetting(key: String(key), value: value, line: line, number: number)
        } else {
            fail(number, "expected a [section] header or a key = value line, got \(ConfigParser.quoted(line))")
        }
    }

    private mutating func readHeader(_ line: Substring, number: Int) {
        guard line.hasSuffix("]"), line.count >= 2 else {
            place = .unknownSection
            return fail(number, "expected a [section] header, got \(ConfigParser.quoted(line))")
        }
        let name = line.dropFirst().dropLast().trimmed
        if let section = ConfigParser.sections.first(where: { $0.name == name }) {
            place = .section(section)
        } else {
            place = .unknownSection
            let valid = ConfigParser.sections.map { "[\($0.name)]" }.joined(separator: ", ")
            fail(number, "unknown section [\(name)]; valid sections are \(valid)")
        }
    }

    private mutating func readSetting(key: String, value: Substring, line: Substring, number: Int) {
        guard !key.isEmpty else {
            return fail(number, "expected a key before \"=\", got \(ConfigParser.quoted(line))")
        }
        let section: ConfigParser.Section
        switch place {
        case .unknownSection:
            return
        case .top:
            let home = ConfigParser.sections.first { $0.key(named: key) != nil }
            let hint = home.map { "put it under [\($0.name)]" } ?? "put it under a [section] header"
            return fail(number, "key \(key) is outside any section; \(hint)")
        case .section(let current):
            section = current
        }
        let name = "[\(section.name)] \(key)"
        guard let definition = section.key(named: key) else {
            let valid = section.keys.map(\.name).joined(separator: ", ")
            return fail(number, "[\(section.name)] unknown key \(key); valid keys are \(valid)")
        }
        if let first = firstSet["\(section.name).\(key)"] {
            return fail(number, "\(name) is set twice; it was first set on line \(first)")
        }
        firstSet["\(section.name).\(key)"] = number
        guard let unquoted = value.unquoted else {
            return fail(number, "\(name) has an opening double quote but no closing one, got \(ConfigParser.quoted(value))")
        }
        if let problem = definition.apply(String(unquoted), &config) {
            fail(number, "\(name) \(problem)")
        }
    }

    /// One connection's budget cannot be larger than all connections' together.
    mutating func checkBudget() {
        guard config.maxConnectionBufferBytes > config.maxInputBufferBytes else { return }
        let line = firstSet["limits.max_input_buffer"] ?? firstSet["limits.max_connection_buffer"] ?? 0
        fail(line, "[limits] max_input_buffer (\(config.maxInputBufferBytes)) is smaller than max_connection_buffer (\(config.maxConnectionBufferBytes)); one connection's budget must fit in the total")
    }

    private mutating func fail(_ line: Int, _ message: String) {
        errors.append(ConfigError(file: file, line: line, message: message))
    }
}

// MARK: - Text helpers

extension ConfigParser {
    /// The text in double quotes for a config message (here and in the kinds of value), shortened
    /// so a stray binary line stays readable.
    static func quoted<S: StringProtocol>(_ text: S) -> String {
        let limit = 60
        return text.count > limit ? "\"\(text.prefix(limit))...\"" : "\"\(text)\""
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace (CR included, so CRLF lines come out clean).
    var trimmed: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return self[start..<end]
    }

    /// Up to the first `#` that follows whitespace and is not inside double quotes.
    fileprivate var withoutTrailingComment: SubSequence {
        var inQuotes = false
        var previous: Character = " "
        for index in indices {
            let character = self[index]
            if character == "\"" {
                inQuotes.toggle()
            } else if character == "#", !inQuotes, previous.isWhitespace {
                return self[..<index]
            }
            previous = character
        }
        return self[...]
    }

    /// Without one pair of surrounding double quotes; nil when a value opens a quote it never closes.
    fileprivate var unquoted: SubSequence? {
        guard hasPrefix("\"") else { return self[...] }
        guard count >= 2, hasSuffix("\"") else { return nil }
        return dropFirst().dropLast()
    }
}
