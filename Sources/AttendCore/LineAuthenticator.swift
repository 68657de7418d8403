/// Who may talk to attendd from the network: the source ranges of `[terminals] from`, and for
/// each terminal with a key in `[terminals] keys_file`, a MAC on every line and a replay window.
///
/// A keyed terminal appends `mac=<64 hex digits>` as the last field of each line: the
/// HMAC-SHA256, under its key, of the exact bytes of the line before ` mac=`. The line must
/// carry `term=` and `seq=`, so the MAC binds the sequence number: a captured line replayed
/// as it is can only repeat a request already made (stored once per (`term`, `seq`), answered
/// with the original reply), and it cannot be altered without the key.
///
/// A captured line that was never stored (refused while no conference was open, say) could
/// still be replayed later; so a signed line whose `seq` is more than `replayWindow` below the
/// highest `seq` seen from its terminal is refused, stored or not. Pure: the daemon holds one
/// and calls `check` in its admission step, for TCP and UDP alike.
///
/// Once any terminal has a key, a terminal without one may not write (nor FIND, which answers
/// with invited names) unless `unsigned` names it: otherwise anyone could forge check-ins by
/// making up a terminal id that is not in the keys file.
public struct LineAuthenticator: Sendable {
    /// Source ranges allowed; nil allows any address.
    public var sources: [IPv4Range]?
    /// Terminal id to key.
    public var keys: [String: [UInt8]] { didSet { keyedTerminals = Set(keys.keys) } }
    /// The ids in `keys`, kept apart so that routing each line does not build the set anew.
    public private(set) var keyedTerminals: Set<String>
    /// How far below the highest seq a signed line may be and still be taken.
    public var replayWindow: Int64
    /// `[terminals] unsigned`: terminals without a key still allowed to write once keys exist.
    public var unsigned: Set<String>
    /// The highest seq seen (or stored, at start) per keyed terminal. Bounded by `keys`.
    public private(set) var highest: [String: Int64] = [:]

    /// Verbs that change what is stored, and FIND (it answers with invited names), refused once
    /// any terminal has a key unless their terminal has one too or is listed in `unsigned`; also
    /// without `term=`: otherwise a sender could skip the MAC by leaving its terminal out.
    public static let verbsNeedingTerminal: Set<String> = ["CHECKIN", "CHECKOUT", "INCIDENT", "VOID", "FIND"]

    /// What to do with a line.
    public enum Verdict: Equatable, Sendable {
        /// Go on with routing.
        case pass
        /// Refuse it with this error (code `not_authorised`), echoing the line's `seq`.
        case refuse(ProtocolError, echo: [RequestLine.Field])
    }

    public init(sources: [IPv4Range]? = nil, keys: [String: [UInt8]] = [:], unsigned: Set<String> = [], replayWindow: Int = 1000) {
        self.sources = sources
        self.keys = keys
        keyedTerminals = Set(keys.keys)
        self.unsigned = unsigned
        self.replayWindow = Int64(replayWindow)
    }

    /// Whether any check applies; when false, `check` always passes.
    public var isActive: Bool { sources != nil || !keys.isEmpty }

    /// Notes `seq` as seen from `terminal` (the daemon feeds in the highest stored seqs at start).
    public mutating func remember(terminal: String, seq: Int64) {
        guard keys[terminal] != nil else { return }
        highest[terminal] = max(highest[terminal] ?? seq, seq)
    }

    /// Checks one line (without its LF) from `source` (host-order IPv4). A line that does not
    /// decode passes: the router names what is wrong with it.
    public mutating func check(_ line: UnsafeBufferPointer<UInt8>, source: UInt32) -> Verdict {
        if let sources, !sources.contains(where: { $0.contains(source) }) {
            return .refuse(ProtocolError(.notAuthorised, "source address \(IPv4Range.dotted(source)) is not in [terminals] from"), echo: [])
        }
        guard !keys.isEmpty else { return .pass }
        let request: RequestLine
        do {
            guard let decoded = try LineDecoder.decode(line) else { return .pass }
            request = decoded
        } catch {
            return .pass
        }
        let echo = request["seq"].map { [RequestLine.Field("seq", $0)] } ?? []
        func refuse(_ message: String) -> Verdict { .refuse(ProtocolError(.notAuthorised, message), echo: echo) }

        guard let terminal = request["term"] else {
            if Self.verbsNeedingTerminal.contains(request.verb) {
                return refuse("missing term: requests must name their terminal once terminal keys are configured")
            }
            return .pass
        }
        guard let key = keys[terminal] else {
            if request["mac"] != nil { return refuse("bad mac: terminal \(terminal) has no key here") }
            if Self.verbsNeedingTerminal.contains(request.verb), !unsigned.contains(terminal) {
                return refuse("unsigned: terminal \(terminal) has no key in [terminals] keys_file and is not in [terminals] unsigned")
            }
            return .pass
        }
        guard let macText = request["mac"] else { return refuse("missing mac: terminal \(terminal) must sign every line") }
        guard let seqText = request["seq"], let seq = Int64(seqText), seq >= 0 else {
            return refuse("missing seq: a signed line must carry seq=")
        }
        guard request.fields.last?.key == "mac", let signed = Self.signedBytes(of: line) else {
            return refuse("bad mac: mac= must be the last field, after a single space")
        }
        guard let mac = Hex.decode(macText), HMACSHA256.isValid(mac, for: signed, key: key) else {
            return refuse("bad mac: the mac does not match the line")
        }
        let top = highest[terminal] ?? seq
        if top - seq > replayWindow {
            return refuse("replay: seq \(seq) is more than \(replayWindow) below \(top), the highest from terminal \(terminal)")
        }
        highest[terminal] = max(top, seq)
        return .pass
    }

    /// Checks a line given as text (tests).
    public mutating func check(_ text: String, source: UInt32) -> Verdict {
        Array(text.utf8).withUnsafeBufferPointer { check($0, source: source) }
    }

    /// The bytes a MAC covers: the line before its final ` mac=` field (a trailing CR and
    /// blanks are not part of the line); nil when the line does not end with such a field.
    public static func signedBytes(of line: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var end = line.count
        while end > 0, line[end - 1] == 0x0D || line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        var blank = end - 1
        while blank >= 0, line[blank] != 0x20 && line[blank] != 0x09 { blank -= 1 }
        guard blank >= 0, line[blank] == 0x20, end - blank > 4,
              Array(line[(blank + 1)..<(blank + 5)]) == Array("mac=".utf8)
        else { return nil }
        return Array(line[..<blank])
    }

    /// The `mac=` field a terminal appends to `line` (no LF) signed with `key`: the whole line to send.
    public static func sign(_ line: String, key: [UInt8]) -> String {
        line + " mac=" + Hex.encode(HMACSHA256.authenticate(Array(line.utf8), key: key))
    }
}
