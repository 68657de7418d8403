import Foundation

/// Why one probe check failed, as a code with its data: stored and sent as data, rendered in
/// the reader's language by `ProbeMessages`.
public enum ProbeFailure: Equatable, Sendable {
    /// The target refused the connection (ECONNREFUSED).
    case refused
    /// No TCP connection within the timeout.
    case noConnection(milliseconds: Int)
    /// No UDP answer within the timeout.
    case noAnswer(milliseconds: Int)
    /// No route to the host or its network.
    case unreachable
    /// The connection was reset.
    case reset
    /// The system gave up waiting (ETIMEDOUT).
    case timedOut
    /// A UDP answer with no bytes.
    case emptyAnswer
    /// The target's host is not an IPv4 address.
    case badAddress
    /// Another system error: the call that failed and its errno.
    case system(call: String, errno: Int32)

    /// The failure of `call` with `errno`, named when it is a common network failure.
    public init(call: String, errno: Int32) {
        switch errno {
        case ECONNREFUSED: self = .refused
        case EHOSTUNREACH, ENETUNREACH: self = .unreachable
        case ECONNRESET, EPIPE: self = .reset
        case ETIMEDOUT: self = .timedOut
        default: self = .system(call: call, errno: errno)
        }
    }
}

/// Why a probe opened an incident. The incident's note stores it as a code with its data
/// (`probe:no_answer times=3 failure=refused`), which every report renders in its language;
/// notes that are not such a code (an operator's words) are shown as written.
public enum ProbeCause: Equatable, Sendable {
    /// `failAfter` failures in a row; the last one's failure.
    case noAnswer(times: Int, failure: ProbeFailure?)
    /// Round trips over `thresholdMilliseconds` `times` in a row; the last one's, rounded.
    case slow(thresholdMilliseconds: Double, times: Int, lastMilliseconds: Int?)
    /// `percent` of the last `checks` checks lost.
    case loss(percent: Double, checks: Int)

    /// The code stored in the incident's note.
    public var note: String {
        var fields: [(String, String)]
        let code: String
        switch self {
        case .noAnswer(let times, let failure):
            code = "no_answer"
            fields = [("times", String(times))] + (failure.map(Self.fields) ?? [])
        case .slow(let threshold, let times, let last):
            code = "slow"
            fields = [("over_ms", Self.number(threshold)), ("times", String(times))] + (last.map { [("last_ms", String($0))] } ?? [])
        case .loss(let percent, let checks):
            code = "loss"
            fields = [("percent", Self.number(percent)), ("checks", String(checks))]
        }
        return ([Self.prefix + code] + fields.map { "\($0.0)=\($0.1)" }).joined(separator: " ")
    }

    /// The cause a note stores, or nil when the note is not a probe's code.
    public init?(note: String) {
        let words = note.split(separator: " ")
        guard let first = words.first, first.hasPrefix(Self.prefix) else { return nil }
        var values: [String: String] = [:]
        for word in words.dropFirst() {
            let pair = word.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            values[String(pair[0])] = String(pair[1])
        }
        func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
        func double(_ key: String) -> Double? { values[key].flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil } }
        switch first.dropFirst(Self.prefix.count) {
        case "no_answer":
            guard let times = int("times") else { return nil }
            self = .noAnswer(times: times, failure: Self.failure(values))
        case "slow":
            guard let threshold = double("over_ms"), let times = int("times") else { return nil }
            self = .slow(thresholdMilliseconds: threshold, times: times, lastMilliseconds: int("last_ms"))
        case "loss":
            guard let percent = double("percent"), let checks = int("checks") else { return nil }
            self = .loss(percent: percent, checks: checks)
        default:
            return nil
        }
    }

    /// The cause in `language`.
    public func text(_ language: ReportLanguage) -> String { ProbeMessages.of(language).cause(self) }

    /// An incident's note as a person reads it: a probe's code in `language`, anything else as written.
    public static func readable(_ note: String, _ language: ReportLanguage) -> String {
        ProbeCause(note: note)?.text(language) ?? note
    }

    static let prefix = "probe:"

    private static func fields(_ failure: ProbeFailure) -> [(String, String)] {
        switch failure {
        case .refused: return [("failure", "refused")]
        case .noConnection(let ms): return [("failure", "no_connection"), ("ms", String(ms))]
        case .noAnswer(let ms): return [("failure", "no_reply"), ("ms", String(ms))]
        case .unreachable: return [("failure", "unreachable")]
        case .reset: return [("failure", "reset")]
        case .timedOut: return [("failure", "timed_out")]
        case .emptyAnswer: return [("failure", "empty")]
        case .badAddress: return [("failure", "bad_address")]
        case .system(let call, let errno):
            // A call name is a word of letters; anything else would not read back.
            let word = call.allSatisfy { $0.isASCII && $0.isLetter } && !call.isEmpty ? call : "call"
            return [("failure", "errno"), ("errno", String(errno)), ("call", word)]
        }
    }

    private static func failure(_ values: [String: String]) -> ProbeFailure? {
        let ms = values["ms"].flatMap { Int($0) } ?? 0
        switch values["failure"] {
        case "refused": return .refused
        case "no_connection": return .noConnection(milliseconds: ms)
        case "no_reply": return .noAnswer(milliseconds: ms)
        case "unreachable": return .unreachable
        case "reset": return .reset
        case "timed_out": return .timedOut
        case "empty": return .emptyAnswer
        case "bad_address": return .badAddress
        case "errno": return .system(call: values["call"] ?? "call", errno: values["errno"].flatMap { Int32($0) } ?? 0)
        default: return nil
        }
    }

    /// `300`, `12.5`: a whole number without its `.0`, for the stored code.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String((value * 10).rounded() / 10)
    }
}
