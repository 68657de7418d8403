/// What a check-in or check-out meant, read from attendd's reply: what the operator's terminal
/// shows in large letters.
public enum ScanOutcome: Equatable, Sendable {
    /// Invited, first arrival, within the grace period (or no plan to be late against).
    case onTime
    /// Invited, first arrival, this many minutes into the part.
    case late(minutes: Int, part: String)
    /// Already checked in: nothing changes.
    case repeated
    /// Not on the invited list: kept and reported as a walk-in.
    case walkIn
    /// A check-out recorded.
    case checkedOut
    /// Scanned while attendd was unreachable: on the terminal's disk, sent when it returns.
    case pending
    /// Refused by attendd; `code` is the protocol's error code.
    case refused(code: String, message: String)

    /// Reads a `CHECKIN`/`CHECKOUT` reply.
    public init(reply: Reply, direction: Direction) {
        if let error = reply.error {
            self = .refused(code: error.rawValue, message: reply["msg"] ?? "")
            return
        }
        if direction == .checkOut {
            self = .checkedOut
        } else if reply["first"] == "0" {
            self = .repeated
        } else if reply["invited"] == "0" {
            self = .walkIn
        } else if let text = reply["late"], let minutes = Int(text) {
            self = .late(minutes: minutes, part: reply["part"] ?? "")
        } else {
            self = .onTime
        }
    }

    /// The headline, in Vietnamese, for the banner.
    public var headline: String {
        switch self {
        case .onTime: return TerminalScreen.text(.scanOnTime)
        case .late(let minutes, _): return TerminalScreen.text(.scanLate, "\(minutes)")
        case .repeated: return TerminalScreen.text(.scanRepeated)
        case .walkIn: return TerminalScreen.text(.scanWalkIn)
        case .checkedOut: return TerminalScreen.text(.scanCheckedOut)
        case .pending: return TerminalScreen.text(.scanPending)
        case .refused(let code, _): return TerminalScreen.text(.scanRefused, ScanOutcome.refusal(code))
        }
    }

    /// A short word for the list of recent check-ins.
    public var short: String {
        switch self {
        case .onTime: return TerminalScreen.text(.scanShortOnTime)
        case .late(let minutes, _): return TerminalScreen.text(.scanShortLate, "\(minutes)")
        case .repeated: return TerminalScreen.text(.scanShortRepeated)
        case .walkIn: return TerminalScreen.text(.scanShortWalkIn)
        case .checkedOut: return TerminalScreen.text(.scanShortCheckedOut)
        case .pending: return TerminalScreen.text(.scanShortPending)
        case .refused(let code, _): return TerminalScreen.text(.scanShortRefused, code)
        }
    }

    /// How the banner should look.
    public var tone: ScreenLine.Tone {
        switch self {
        case .onTime, .checkedOut: return .good
        case .late, .repeated, .pending: return .warning
        case .walkIn, .refused: return .bad
        }
    }

    /// An error code in words an operator understands: the daemon's `msg` is English for admins
    /// and terminal makers, so the screen says what the code means instead.
    static func refusal(_ code: String) -> String {
        guard let known = ErrorCode(rawValue: code) else { return TerminalScreen.text(.refusalUnknown, code) }
        let key: MessageKey
        switch known {
        case .malformed, .invalid, .badUTF8: key = .refusalMalformed
        case .unknownVerb: key = .refusalUnknownVerb
        case .tooLong: key = .refusalTooLong
        case .noConference: key = .refusalNoConference
        case .notAuthorised: key = .refusalNotAuthorised
        case .unavailable: key = .refusalUnavailable
        case .rateLimited: key = .refusalRateLimited
        case .seqReused: key = .refusalSeqReused
        case .busy: key = .refusalBusy
        }
        return TerminalScreen.text(key)

    }

    /// What a refused reply tells the operator, in Vietnamese.
    static func refusal(of reply: Reply) -> String {
        refusal(reply.error?.rawValue ?? "")
    }
}
