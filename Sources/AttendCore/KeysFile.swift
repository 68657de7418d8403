import Foundation

/// The shared secrets of bridge points and their district: one line a bridge point,
/// `ID HEXKEY [NAME...]` (at least 16 key bytes), `#` comments.
///
/// A bridge point's file holds its own line; a hub's holds one line per bridge point it
/// accepts. The daemon refuses a keys file that other users may read.
public struct BridgeKey: Equatable, Sendable {
    public var id: String
    public var key: [UInt8]
    /// The bridge point's name for reports (`UBND xã Bình Thuận`); the id when not given.
    public var name: String

    public init(id: String, key: [UInt8], name: String) {
        self.id = id
        self.key = key
        self.name = name
    }
}

public enum KeysFile {
    /// The shortest key accepted, in bytes.
    public static let minimumKeyBytes = 16

    public static func parse(_ text: String, file: String) throws(ConfigErrors) -> [BridgeKey] {
        var keys: [BridgeKey] = []
        var errors: [ConfigError] = []
        for (index, raw) in ConfigParser.lines(of: text).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            func fail(_ message: String) { errors.append(ConfigError(file: file, line: index + 1, message: message)) }
            guard words.count >= 2 else {
                fail("expected ID HEXKEY [NAME], got \(words.count) word(s)")
                continue
            }
            guard let key = Hex.decode(words[1]), key.count >= minimumKeyBytes else {
                fail("the key of \(words[0]) must be at least \(minimumKeyBytes * 2) hex digits")
                continue
            }
            guard !keys.contains(where: { $0.id == words[0] }) else {
                fail("\(words[0]) is listed twice")
                continue
            }
            keys.append(BridgeKey(id: words[0], key: key, name: words.count > 2 ? words[2...].joined(separator: " ") : words[0]))
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        return keys
    }
}
