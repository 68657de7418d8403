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
/// Sections and keys are exactly those documented on `Config`. A section may appear more than
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

    /// The sections in the order the example file and messages list them.
    static let sections: [Section] = [
        Section("daemon", [.directory("runtime_dir", \.runtimeDirectory), .siteName("site_name", \.siteName)]),
        Section("storage", [.directory("state_dir", \.stateDirectory)]),
        Section("listen", [.ipv4Address("address", \.listenAddress), .number("port", 0...65535, \.port)]),
        Section("limits", [
            .number("max_line_bytes", 64...1_048_576, \.maxLineBytes),
            .number("max_connections", 1...100_000, \.maxConnections),
            .number("idle_timeout", 1...86_400, \.idleTimeoutSeconds),
            .number("max_pipeline", 1...65_536, \.maxPipeline),
            .number("max_connection_buffer", 65_536...1 << 30, \.maxConnectionBufferBytes),
            .number("max_input_buffer", 65_536...1 << 34, \.maxInputBufferBytes),
            .number("payload_timeout", 1...3600, \.payloadTimeoutSeconds),
            .number("rate_per_source", 0...1_000_000, \.ratePerSource),
            .number("rate_burst", 1...10_000_000, \.rateBurst),
        ]),
        Section("terminals", [
            .terminalList("allow", \.allowedTerminals),
            .sourceRanges("from", \.terminalSources),
            .path("keys_file", \.terminalKeysFile, mayBeEmpty: true),
            .terminalList("unsigned", \.unsignedTerminals, whenEmpty: "remove the key: then no terminal writes unsigned"),
            .number("replay_window", 1...1_000_000_000, \.replayWindow),
            .number("void_minutes", 1...1440, \.voidMinutes),
        ]),
        Section("status", [
            .path("json_file", \.statusFile, mayBeEmpty: false),
            .path("prometheus_file", \.prometheusFile, mayBeEmpty: true),
        ]),
        Section("log", [.logLevel("level", \.logLevel)]),
        Section("push", [
            .hostPort("to", \.pushTo),
            .identifier("bridge_id", \.bridgeID),
            .path("keys_file", \.pushKeysFile, mayBeEmpty: true),
            .number("timeout", 1...300, \.pushTimeoutSeconds),
        ]),
        Section("hub", [
            .path("keys_file", \.hubKeysFile, mayBeEmpty: true),
            .number("report_delay", 0...10_080, \.hubReportDelayMinutes),
        ]),
        Section("probes", [
            .probeTargets("targets", \.probeTargets),
            .number("interval", 1...3600, \.probeIntervalSeconds),
            .number("timeout_ms", 10...60_000, \.probeTimeoutMilliseconds),
            .number("fail_after", 1...100, \.probeFailAfter),
            .number("recover_after", 1...100, \.probeRecoverAfter),
            .number("degraded_rtt_ms", 1...60_000, \.probeDegradedRTTMilliseconds),
        ]),
    ]

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

extension ConfigParser {
    /// One `[section]` and the keys it accepts.
    struct Section: Sendable {
        let name: String
        let keys: [Key]

        init(_ name: String, _ keys: [Key]) {
            self.name = name
            self.keys = keys
        }

        func key(named name: String) -> Key? { keys.first { $0.name == name } }
    }

    /// One key: its name and how its (unquoted) value is checked and stored.
    struct Key: Sendable {
        let name: String
        /// Stores the value, or returns what is wrong with it, worded to follow `[section] key`.
        let apply: @Sendable (String, inout Config) -> String?
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
            fail(number, "expected a [section] header or a key = value line, got \(quoted(line))")
        }
    }

    private mutating func readHeader(_ line: Substring, number: Int) {
        guard line.hasSuffix("]"), line.count >= 2 else {
            place = .unknownSection
            return fail(number, "expected a [section] header, got \(quoted(line))")
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
            return fail(number, "expected a key before \"=\", got \(quoted(line))")
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
            return fail(number, "\(name) has an opening double quote but no closing one, got \(quoted(value))")
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

// MARK: - The kinds of value

extension ConfigParser.Key {
    /// A whole number in `range`, written with ASCII digits only (no sign, no separators).
    static func number(_ name: String, _ range: ClosedRange<Int>, _ field: WritableKeyPath<Config, Int> & Sendable) -> Self {
        Self(name: name) { value, config in
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let number = Int(value), range.contains(number)
            else {
                return "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(quoted(value))"
            }
            config[keyPath: field] = number
            return nil
        }
    }

    /// A directory path; it must not be empty.
    static func directory(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable) -> Self {
        path(name, field, mayBeEmpty: false)
    }

    /// A file or directory path, stored as written.
    static func path(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, mayBeEmpty: Bool) -> Self {
        Self(name: name) { value, config in
            if value.isEmpty && !mayBeEmpty { return "must not be empty" }
            config[keyPath: field] = value
            return nil
        }
    }

    /// A dotted IPv4 address: four decimal parts from 0 to 255, without leading zeros
    /// (`010` would mean 8 to `inet_aton` and is refused by `inet_pton`, so it is refused here).
    static func ipv4Address(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable) -> Self {
        Self(name: name) { value, config in
            guard IPv4Range.parseAddress(value) != nil else {
                return "must be a dotted IPv4 address such as 0.0.0.0 or 127.0.0.1, got \(quoted(value))"
            }
            config[keyPath: field] = value
            return nil
        }
    }

    /// `IPV4:PORT` (`IPv4Range.parseHostPort`), or empty for none.
    static func hostPort(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable) -> Self {
        Self(name: name) { value, config in
            guard value.isEmpty || IPv4Range.parseHostPort(value) != nil else {
                return "must be IPV4:PORT such as 192.0.2.10:7400, got \(quoted(value))"
            }
            config[keyPath: field] = value
            return nil
        }
    }

    /// An id as the protocol carries it (no blanks, at most `Request.maxIdentifierBytes`), or empty.
    static func identifier(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable) -> Self {
        Self(name: name) { value, config in
            guard value.utf8.count <= Request.maxIdentifierBytes, !value.contains(where: \.isWhitespace) else {
                return "must be an id without blanks, at most \(Request.maxIdentifierBytes) bytes, got \(quoted(value))"
            }
            config[keyPath: field] = value
            return nil
        }
    }

    /// One of the `LogLevel` names, lower-case.
    static func logLevel(_ name: String, _ field: WritableKeyPath<Config, LogLevel> & Sendable) -> Self {
        Self(name: name) { value, config in
            guard let level = LogLevel(rawValue: value) else {
                let valid = LogLevel.allCases.map(\.rawValue).joined(separator: ", ")
                return "must be one of \(valid), got \(quoted(value))"
            }
            config[keyPath: field] = level
            return nil
        }
    }

    /// A name for printed reports: up to 120 characters, no control characters, stored in NFC.
    static func siteName(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable) -> Self {
        Self(name: name) { value, config in
            if value.count > 120 { return "is \(value.count) characters long; the most is 120" }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                return "contains a control or format character, got \(quoted(value))"
            }
            config[keyPath: field] = value.precomposedStringWithCanonicalMapping
            return nil
        }
    }

    /// Comma-separated probe targets, each `NAME HOST:PORT tcp|udp`; names must be unique.
    static func probeTargets(_ name: String, _ field: WritableKeyPath<Config, [ProbeTarget]> & Sendable) -> Self {
        Self(name: name) { value, config in
            var targets: [ProbeTarget] = []
            for item in value.split(separator: ",") {
                switch ProbeTarget.parse(String(item.trimmed)) {
                case .success(let target):
                    if targets.contains(where: { $0.name == target.name }) { return "names target \(target.name) twice" }
                    targets.append(target)
                case .failure(let error):
                    return error.message
                }
            }
            config[keyPath: field] = targets
            return nil
        }
    }

    /// Comma-separated terminal ids. An id must be usable in the protocol (no whitespace, at most
    /// `Request.maxIdentifierBytes` bytes): one that could never match is a typo, such as a
    /// missing comma. An empty list is refused rather than read as "allow none", which would
    /// silently turn every terminal away.
    static func terminalList(
        _ name: String, _ field: WritableKeyPath<Config, Set<String>?> & Sendable,
        whenEmpty: String = "remove the key to allow any terminal"
    ) -> Self {
        Self(name: name) { value, config in
            guard !value.isEmpty else {
                return "is empty; \(whenEmpty)"
            }
            var ids = Set<String>()
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let id = item.trimmed
                if id.isEmpty {
                    return "has an empty item; separate ids with single commas, got \(quoted(value))"
                }
                if id.contains(where: \.isWhitespace) {
                    return "id \(quoted(id)) contains whitespace; separate ids with commas"
                }
                if id.utf8.count > Request.maxIdentifierBytes {
                    return "id \(quoted(id)) is longer than \(Request.maxIdentifierBytes) bytes"
                }
                ids.insert(String(id))
            }
            config[keyPath: field] = ids
            return nil
        }
    }
}

// MARK: - Text helpers

/// The text in double quotes for a message, shortened so a stray binary line stays readable.
private func quoted<S: StringProtocol>(_ text: S) -> String {
    let limit = 60
    return text.count > limit ? "\"\(text.prefix(limit))...\"" : "\"\(text)\""
}

extension StringProtocol {
    /// Without leading and trailing whitespace (CR included, so CRLF lines come out clean).
    fileprivate var trimmed: SubSequence {
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
