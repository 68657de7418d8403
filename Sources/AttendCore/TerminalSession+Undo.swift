/// Taking a mistaken scan back, and not making one: F8 undoes the newest scan (off the queue
/// file while it waits there, else `VOID` in attendd), and a list number typed after the list
/// went away asks before it is recorded as an id.
extension TerminalSession {
    /// The reason sent when the operator gives none.
    public static let defaultUndoReason = "quẹt nhầm"

    /// The longest entry that still looks like a list number rather than a card: the list
    /// shows at most a screenful, so two digits; three to be safe.
    public static let listNumberDigits = 3

    /// Digits only and short: what an operator types to pick from a list.
    public static func looksLikeListNumber(_ text: String) -> Bool {
        !text.isEmpty && text.count <= listNumberDigits && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// What a scanner types rather than a reason: one word with a digit, longer than a list number.
    static func looksLikeCard(_ text: String) -> Bool {
        !text.contains(" ") && text.contains(where: \.isNumber) && !looksLikeListNumber(text) && isIdentifier(DelegateCode.id(fromScanned: text))
    }

    /// The list found by name goes away, and its pick hint with it.
    mutating func clearMatches() {
        if !matches.isEmpty { message = "" }
        matches = []
    }

    /// The newest scan F8 can undo: not undone already, not refused.
    var undoable: Recent? {
        recent.first { scan in
            guard !scan.voided else { return false }
            if case .refused = scan.outcome { return false }
            return true
        }
    }

    /// F8: asks for the reason for undoing the newest scan.
    mutating func undoLast() -> [TerminalAction] {
        clearMatches()
        input = ""
        guard let scan = undoable else {
            prompt = .scan
            message = Self.text(.sessionUndoNothing)
            return []
        }
        prompt = .undoReason(sequence: scan.sequence)
        message = Self.text(.sessionUndoAskReason, scan.id, TerminalSession.defaultUndoReason)
        return []
    }

    /// The reason was given: take the scan off the queue while it waits there, else void it.
    mutating func undo(_ sequence: Int64, reason: String) -> [TerminalAction] {
        guard let scan = recent.first(where: { $0.sequence == sequence }), !scan.voided else {
            message = Self.text(.sessionUndoAlreadyVoided)
            return []
        }
        let reason = reason.isEmpty ? TerminalSession.defaultUndoReason : reason
        if scan.outcome == .pending {
            message = Self.text(.sessionUnqueueing, scan.id)
            return [.unqueue(sequence: sequence)]
        }
        guard let event = scan.event else {
            message = Self.text(.sessionUndoNoEvent, scan.id)
            return []
        }
        message = Self.text(.sessionVoiding, scan.id)
        return [.void(event: event, sequence: sequence, reason: reason)]
    }

    /// The program took the scan off the queue file (`removed`), or it had been sent meanwhile.
    public mutating func unqueued(sequence: Int64, removed: Bool) {
        guard let index = recent.firstIndex(where: { $0.sequence == sequence }) else { return }
        guard removed else {
            message = Self.text(.sessionUnqueueTooLate, recent[index].id)
            return
        }
        markVoided(index)
        message = Self.text(.sessionUnqueued, recent[index].id)
    }

    /// attendd's reply to `VOID` for the scan with this sequence number.
    public mutating func voidAnswered(sequence: Int64, reply: Reply) {
        guard let index = recent.firstIndex(where: { $0.sequence == sequence }) else { return }
        guard reply.isOK else {
            // A terminal's void is refused as invalid or not allowed when it is late or not its own.
            let why = reply.error == .invalid || reply.error == .notAuthorised
                ? Self.text(.sessionVoidNotAllowed)
                : ScanOutcome.refusal(of: reply)
            message = Self.text(.sessionVoidRefused, recent[index].id, why)
            return
        }
        markVoided(index)
        message = Self.text(.sessionVoided, recent[index].id, reply["event"] ?? "")
    }

    private mutating func markVoided(_ index: Int) {
        recent[index].voided = true
        if banner?.sequence == recent[index].sequence { banner = recent[index] }
    }
}
