/// What a refused request line announced would follow it (`INVITE ... bytes=N`,
/// `TALLY ... bytes=N`), so that those bytes are never read as request lines.
///
/// Pure. A refusal can come from anywhere (rate limit, signature, a bad field, the wrong
/// socket), so this reads the line again on its own and needs only its verb and `bytes`.
public enum PayloadAnnouncement: Equatable, Sendable {
    /// Nothing follows the line.
    case none
    /// This many bytes follow; at most the verb's payload limit.
    case bytes(Int)
    /// Something follows but nobody can say where it ends (an unreadable or too large
    /// `bytes=`): the connection must close after the reply.
    case unbounded

    /// The verbs that carry a payload, each with the largest it may announce (`Verb.payloadLimit`).
    public static let limits: [String: Int] = Dictionary(
        uniqueKeysWithValues: VerbTable.verbs.compactMap { verb in verb.payloadLimit.map { (verb.name, $0) } })
    /// The longest of those verbs, in bytes: a longer first word is no payload verb.
    private static let longestVerb = limits.keys.map(\.utf8.count).max() ?? 0

    /// Reads the verb and `bytes=` of a line (without its LF).
    public static func of(_ line: UnsafeBufferPointer<UInt8>) -> PayloadAnnouncement {
        guard let verb = verb(of: line), let limit = limits[verb] else { return .none }
        let request: RequestLine
        do {
            guard let decoded = try LineDecoder.decode(line) else { return .none }
            request = decoded
        } catch {
            return contains(line, "bytes=") ? .unbounded : .none
        }
        guard let text = request["bytes"] else { return .none }
        guard let bytes = Int(text), bytes >= 0, bytes <= limit else { return .unbounded }
        return bytes == 0 ? .none : .bytes(bytes)
    }

    /// The line (or its first bytes) starts with a verb that carries a payload.
    public static func startsWithPayloadVerb(_ start: [UInt8]) -> Bool {
        start.withUnsafeBufferPointer { verb(of: $0).map { limits[$0] != nil } ?? false }
    }

    /// Reads a line given as text (tests).
    public static func of(_ text: String) -> PayloadAnnouncement {
        Array(text.utf8).withUnsafeBufferPointer { of($0) }
    }

    /// The line's verb in capitals as the decoder reads it (after blanks, any case), when it
    /// is as short as a payload verb; nil otherwise. Cheap: it runs for most lines.
    private static func verb(of line: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        var verb: [UInt8] = []
        while i < line.count, line[i] != 0x20, line[i] != 0x09, line[i] != 0x0D {
            guard verb.count < longestVerb else { return nil }
            let byte = line[i]
            verb.append(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            i += 1
        }
        return verb.isEmpty ? nil : String(decoding: verb, as: UTF8.self)
    }

    private static func contains(_ line: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard line.count >= needle.count else { return false }
        for start in 0...(line.count - needle.count) where Array(line[start..<(start + needle.count)]) == needle { return true }
        return false
    }
}
