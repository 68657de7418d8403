/// The error codes of the line protocol, as sent in `ERR <code> msg="..."`.
///
/// The set is small and stable: terminal makers code against it. Every code says whether
/// resending the same line later can succeed.
public enum ErrorCode: String, CaseIterable, Sendable, Codable {
    /// The line does not follow the grammar (bad key, unterminated quote, control byte).
    case malformed
    /// A field is missing or has the wrong form (`id` missing, `seq` not a number).
    case invalid
    /// The verb is not one this version knows.
    case unknownVerb = "unknown_verb"
    /// The line is longer than the configured limit; it was discarded up to its end.
    case tooLong = "too_long"
    /// The line is not valid UTF-8.
    case badUTF8 = "bad_utf8"
    /// No conference is open, or `conf=` names one that is not open.
    case noConference = "no_conference"
    /// The terminal or the verb is not allowed from where it came.
    case notAuthorised = "not_authorised"
    /// The database could not store the request: nothing was stored; retry later.
    case unavailable
    /// Too many requests from this source address; retry later.
    case rateLimited = "rate_limited"
    /// The (`term`, `seq`) pair was already used for a different request.
    case seqReused = "seq_reused"
    /// Too many connections, or the daemon is shutting down; retry later.
    case busy

    /// Whether the same line, sent again later, may succeed.
    public var isRetryable: Bool {
        switch self {
        case .unavailable, .rateLimited, .busy, .noConference: return true
        default: return false
        }
    }
}

/// A request the daemon refuses, with the code and a message naming the problem.
public struct ProtocolError: Error, Equatable, Sendable {
    public let code: ErrorCode
    public let message: String

    public init(_ code: ErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }
}
