import Foundation

extension StatusSnapshot {
    /// The status file's content: pretty-printed JSON with snake_case keys in sorted order,
    /// paths without escaped slashes, and a final newline, so `cat` shows it cleanly.
    ///
    /// The key strategy renames properties only: the keys of `requests` and `errors`
    /// (`CHECKIN`, `unknown_verb`) are written as they are, because swift-foundation applies
    /// key strategies to coding keys, not to dictionary keys. The round-trip test checks this.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, integers, optionals, arrays and string-keyed dictionaries cannot fail to encode.
        guard var data = try? encoder.encode(self) else {
            preconditionFailure("StatusSnapshot failed to encode as JSON")
        }
        data.append(0x0A)
        return data
    }

    /// Reads a status file written by `jsonData()`.
    public static func decode(json: Data) throws -> StatusSnapshot {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(StatusSnapshot.self, from: json)
    }
}
