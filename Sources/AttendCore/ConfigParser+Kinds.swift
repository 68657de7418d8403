import Foundation

/// The kinds of value a key takes: each checks the text, stores it in its field of `Config`,
/// or returns what is wrong, worded to follow `[section] key`.
extension ConfigParser.Key {
    /// A whole number in `range`, written with ASCII digits only (no sign, no separators).
    static func number(_ name: String, _ range: ClosedRange<Int>, _ field: WritableKeyPath<Config, Int> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard !value.isEmpty, value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let number = Int(value), range.contains(number)
            else {
                return "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(ConfigParser.quoted(value))"
            }
            config[keyPath: field] = number
            return nil
        }
    }

    /// A directory path; it must not be empty.
    static func directory(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, reload: ConfigParser.Reload) -> Self {
        path(name, field, mayBeEmpty: false, reload: reload)
    }

    /// A file or directory path, stored as written.
    static func path(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, mayBeEmpty: Bool, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            if value.isEmpty && !mayBeEmpty { return "must not be empty" }
            config[keyPath: field] = value
            return nil
        }
    }

    /// A dotted IPv4 address: four decimal parts from 0 to 255, without leading zeros
    /// (`010` would mean 8 to `inet_aton` and is refused by `inet_pton`, so it is refused here).
    static func ipv4Address(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard IPv4Range.parseAddress(value) != nil else {
                return "must be a dotted IPv4 address such as 0.0.0.0 or 127.0.0.1, got \(ConfigParser.quoted(value))"
            }
            config[keyPath: field] = value
            return nil
        }
    }

    /// `IPV4:PORT` (`IPv4Range.parseHostPort`), or empty for none.
    static func hostPort(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard value.isEmpty || IPv4Range.parseHostPort(value) != nil else {
                return "must be IPV4:PORT such as 192.0.2.10:7400, got \(ConfigParser.quoted(value))"
            }
            config[keyPath: field] = value
            return nil
        }
    }

    /// An id as the protocol carries it (no blanks, at most `Request.maxIdentifierBytes`), or empty.
    static func identifier(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard value.utf8.count <= Request.maxIdentifierBytes, !value.contains(where: \.isWhitespace) else {
                return "must be an id without blanks, at most \(Request.maxIdentifierBytes) bytes, got \(ConfigParser.quoted(value))"
            }
            config[keyPath: field] = value
            return nil
        }
    }

    /// One of the `LogLevel` names, lower-case.
    static func logLevel(_ name: String, _ field: WritableKeyPath<Config, LogLevel> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard let level = LogLevel(rawValue: value) else {
                let valid = LogLevel.allCases.map(\.rawValue).joined(separator: ", ")
                return "must be one of \(valid), got \(ConfigParser.quoted(value))"
            }
            config[keyPath: field] = level
            return nil
        }
    }

    /// A name for printed reports: up to 120 characters, no control characters, stored in NFC.
    static func siteName(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            if value.count > 120 { return "is \(value.count) characters long; the most is 120" }
            if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                return "contains a control or format character, got \(ConfigParser.quoted(value))"
            }
            config[keyPath: field] = value.precomposedStringWithCanonicalMapping
            return nil
        }
    }

    /// Lines of a printed report (`[report] issuer`, `signer`, `recipients`), separated by `|`:
    /// at most `maxLines`, each as `siteName` checks one (120 characters, no control
    /// characters), stored NFC and trimmed; empty for none. An empty line between two `|` is refused.
    static func lines(_ name: String, _ field: WritableKeyPath<Config, [String]> & Sendable, maxLines: Int, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            if value.isEmpty {
                config[keyPath: field] = []
                return nil
            }
            let lines = value.split(separator: "|", omittingEmptySubsequences: false).map { String($0.trimmed) }
            if lines.count > maxLines { return "has \(lines.count) lines (separated by |); the most is \(maxLines)" }
            for (index, line) in lines.enumerated() {
                if line.isEmpty { return "line \(index + 1) (between two |) is empty" }
                if line.count > 120 { return "line \(index + 1) is \(line.count) characters long; the most is 120" }
                if line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
                    return "line \(index + 1) contains a control or format character, got \(ConfigParser.quoted(line))"
                }
            }
            config[keyPath: field] = lines.map(\.precomposedStringWithCanonicalMapping)
            return nil
        }
    }

    /// Reflection grades and `missing` joined by `,` or `|` (`chưa đạt, missing`), or `none`.
    static func reflectionAttention(_ name: String, _ field: WritableKeyPath<Config, String> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard YearReport.AttentionRules.reflection(value) != nil else {
                return "takes grades (đạt, cơ bản đạt, chưa đạt) and missing joined by , or |, or none; got \(ConfigParser.quoted(value))"
            }
            config[keyPath: field] = value.precomposedStringWithCanonicalMapping
            return nil
        }
    }

    /// Comma-separated probe targets, each `NAME HOST:PORT tcp|udp`; names must be unique.
    static func probeTargets(_ name: String, _ field: WritableKeyPath<Config, [ProbeTarget]> & Sendable, reload: ConfigParser.Reload) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
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
        whenEmpty: String = "remove the key to allow any terminal", reload: ConfigParser.Reload
    ) -> Self {
        Self(name: name, field: field, reload: reload) { value, config in
            guard !value.isEmpty else {
                return "is empty; \(whenEmpty)"
            }
            var ids = Set<String>()
            for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                let id = item.trimmed
                if id.isEmpty {
                    return "has an empty item; separate ids with single commas, got \(ConfigParser.quoted(value))"
                }
                if id.contains(where: \.isWhitespace) {
                    return "id \(ConfigParser.quoted(id)) contains whitespace; separate ids with commas"
                }
                if id.utf8.count > Request.maxIdentifierBytes {
                    return "id \(ConfigParser.quoted(id)) is longer than \(Request.maxIdentifierBytes) bytes"
                }
                ids.insert(String(id))
            }
            config[keyPath: field] = ids
            return nil
        }
    }
}
