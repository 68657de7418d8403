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
        case .onTime: return "ĐÚNG GIỜ"
        case .late(let minutes, _): return "ĐẾN MUỘN \(minutes) phút"
        case .repeated: return "ĐÃ ĐIỂM DANH"
        case .walkIn: return "NGOÀI DANH SÁCH"
        case .checkedOut: return "ĐÃ RA VỀ"
        case .pending: return "CHỜ GỬI (mất kết nối)"
        case .refused(let code, _): return "KHÔNG GHI ĐƯỢC: \(ScanOutcome.refusal(code))"
        }
    }

    /// A short word for the list of recent check-ins.
    public var short: String {
        switch self {
        case .onTime: return "đúng giờ"
        case .late(let minutes, _): return "muộn \(minutes)′"
        case .repeated: return "lặp lại"
        case .walkIn: return "ngoài DS"
        case .checkedOut: return "ra về"
        case .pending: return "CHỜ GỬI"
        case .refused(let code, _): return "LỖI \(code)"
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
        guard let known = ErrorCode(rawValue: code) else { return "lỗi \(code)" }
        switch known {
        case .malformed, .invalid, .badUTF8: return "mã hoặc dòng lệnh không hợp lệ"
        case .unknownVerb: return "attendd không hiểu lệnh này (phiên bản khác?)"
        case .tooLong: return "dòng quá dài"
        case .noConference: return "chưa mở hội nghị"
        case .notAuthorised: return "máy này chưa được phép (hoặc quá thời hạn, hoặc không phải lượt của máy này)"
        case .unavailable: return "attendd chưa lưu được (lỗi ổ đĩa); thử lại sau"
        case .rateLimited: return "gửi quá nhanh; thử lại sau"
        case .seqReused: return "số thứ tự lượt đã dùng cho việc khác"
        case .busy: return "attendd đang bận; thử lại sau"
        }
    }

    /// What a refused reply tells the operator, in Vietnamese.
    static func refusal(of reply: Reply) -> String {
        refusal(reply.error?.rawValue ?? "")
    }
}
