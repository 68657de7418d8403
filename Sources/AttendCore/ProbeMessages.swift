/// The words for probe causes and network failures: one table per language, so a report or a
/// screen never mixes them. Numbers are written the language's way (`1.000 ms`, `12,5%`).
struct ProbeMessages: Sendable {
    var refused: String
    var noConnection: @Sendable (String) -> String
    var noAnswer: @Sendable (String) -> String
    var unreachable: String
    var reset: String
    var timedOut: String
    var emptyAnswer: String
    var badAddress: String
    /// errno, call.
    var system: @Sendable (String, String) -> String
    /// Times in a row, then the last failure's words (or nil).
    var noAnswerInARow: @Sendable (String, String?) -> String
    /// Threshold, times in a row, the last round trip (or nil).
    var slow: @Sendable (String, String, String?) -> String
    /// Share lost, checks.
    var loss: @Sendable (String, String) -> String
    var numbers: NumberStyle

    static let vietnamese = ProbeMessages(
        refused: "bị từ chối kết nối",
        noConnection: { "không kết nối được trong \($0) ms" },
        noAnswer: { "không có trả lời trong \($0) ms" },
        unreachable: "không tới được máy đích",
        reset: "kết nối bị ngắt",
        timedOut: "hết thời gian chờ",
        emptyAnswer: "trả lời rỗng",
        badAddress: "địa chỉ không hợp lệ",
        system: { "lỗi hệ thống \($0) khi \($1)" },
        noAnswerInARow: { times, why in "không trả lời \(times) lần liên tiếp" + (why.map { " (\($0))" } ?? "") },
        slow: { over, times, last in
            "thời gian phản hồi trên \(over) ms \(times) lần liên tiếp" + (last.map { ", lần cuối \($0) ms" } ?? "")
        },
        loss: { share, checks in "mất \(share) trong \(checks) lần kiểm tra gần nhất" },
        numbers: .vietnamese)

    static let english = ProbeMessages(
        refused: "connection refused",
        noConnection: { "no connection within \($0) ms" },
        noAnswer: { "no answer within \($0) ms" },
        unreachable: "host unreachable",
        reset: "connection reset",
        timedOut: "timed out",
        emptyAnswer: "empty answer",
        badAddress: "not a valid address",
        system: { "system error \($0) in \($1)" },
        noAnswerInARow: { times, why in "no answer \(times) times in a row" + (why.map { " (\($0))" } ?? "") },
        slow: { over, times, last in
            "round trip over \(over) ms \(times) times in a row" + (last.map { ", last \($0) ms" } ?? "")
        },
        loss: { share, checks in "\(share) of the last \(checks) checks lost" },
        numbers: .english)

    static func of(_ language: ReportLanguage) -> ProbeMessages {
        switch language {
        case .vietnamese: return .vietnamese
        case .english: return .english
        }
    }

    func failure(_ failure: ProbeFailure) -> String {
        switch failure {
        case .refused: return refused
        case .noConnection(let ms): return noConnection(numbers.integer(ms))
        case .noAnswer(let ms): return noAnswer(numbers.integer(ms))
        case .unreachable: return unreachable
        case .reset: return reset
        case .timedOut: return timedOut
        case .emptyAnswer: return emptyAnswer
        case .badAddress: return badAddress
        case .system(let call, let errno): return system(String(errno), call)
        }
    }

    func cause(_ cause: ProbeCause) -> String {
        switch cause {
        case .noAnswer(let times, let why):
            return noAnswerInARow(numbers.integer(times), why.map(failure))
        case .slow(let over, let times, let last):
            return slow(numbers.decimal(over), numbers.integer(times), last.map(numbers.integer))
        case .loss(let percent, let checks):
            return loss(numbers.decimal(percent) + "%", numbers.integer(checks))
        }
    }
}

extension ProbeFailure {
    /// The failure in `language`: `bị từ chối kết nối`, `connection refused`.
    public func text(_ language: ReportLanguage) -> String { ProbeMessages.of(language).failure(self) }
}
