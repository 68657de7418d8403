extension TerminalSession {
    /// What a key means. Scanners type letters, digits and Enter only, so the commands live on
    /// function keys and Ctrl, where a scan can never reach them.
    public mutating func handle(_ key: TerminalKey) -> [TerminalAction] {
        switch key {
        case .text(let text):
            input += text.filter { !$0.isNewline }
            return []
        case .backspace:
            if !input.isEmpty { input.removeLast() }
            return []
        case .control("u"):
            input = ""
            return []
        case .control("c"), .control("d"):
            return [.quit]
        case .control:
            return []
        case .escape:
            input = ""
            matches = []
            prompt = .scan
            message = ""
            return []
        case .enter:
            let text = NameFolding.collapsingWhitespace(input)
            input = ""
            return submit(text)
        case .function(8):
            return undoLast()
        case .function(9):
            direction = direction == .checkIn ? .checkOut : .checkIn
            message = Self.text(direction == .checkIn ? .sessionModeIn : .sessionModeOut)
            return []
        case .function(10):
            guard canExcuse else {
                message = Self.text(.sessionExcuseNotHere)
                return []
            }
            prompt = .excuseID
            matches = []
            message = Self.text(.sessionExcuseAskId)
            return []
        case .function(let number):
            guard let incident = TerminalSession.incidentKeys[number] else { return [] }
            message = Self.text(.sessionIncidentSending, TerminalSession.incidentState(start: incident.start, kind: incident.kind))
            return [.incident(start: incident.start, kind: incident.kind)]
        }
    }

    /// Enter: an id checks in (or out), a number picks a match, anything else searches names.
    /// `#ABC` forces an id without digits; `?123` forces a name search.
    private mutating func submit(_ text: String) -> [TerminalAction] {
        switch prompt {
        case .excuseID:
            guard !text.isEmpty else {
                prompt = .scan
                message = ""
                return []
            }
            guard TerminalSession.isIdentifier(text) else {
                message = Self.text(.sessionInvalidId, text)
                return []
            }
            prompt = .excuseReason(id: text)
            message = Self.text(.sessionExcuseAskReason, text)
            return []
        case .excuseReason(let id):
            prompt = .scan
            message = Self.text(.sessionExcuseSending, id)
            return [.excuse(delegate: id, reason: text)]
        case .confirmNumber(let id):
            prompt = .scan
            message = ""
            if text.isEmpty || text == id { return [.check(direction, delegate: id, method: .card, name: nil)] }
        case .undoReason(let sequence):
            prompt = .scan
            // The next delegate's card scanned while the reason is asked is a check-in: taken
            // as a reason, it would be lost and void the wrong scan's record with a card number.
            guard TerminalSession.looksLikeCard(text) else { return undo(sequence, reason: text) }
            message = Self.text(.sessionUndoTookCard, text)
        case .scan:
            break
        }
        guard !text.isEmpty else { return [] }
        if let number = Int(text), text.count <= 2, (1...max(1, matches.count)).contains(number), !matches.isEmpty {
            let match = matches[number - 1]
            clearMatches()
            return [.check(direction, delegate: match.id, method: .manual, name: match.name)]
        }
        if TerminalSession.looksLikeListNumber(text) {
            clearMatches()
            prompt = .confirmNumber(id: text)
            message = Self.text(.sessionConfirmNumber, text)
            return []
        }
        var id: String?
        var query: String?
        if text.hasPrefix("#") {
            id = String(text.dropFirst())
        } else if text.hasPrefix("?") {
            query = String(text.dropFirst())
        } else if !text.contains(" "), text.contains(where: \.isNumber) {
            id = text
        } else {
            query = text
        }
        if let typed = id {
            // A card's code carries the id's ASCII form (`H%C3%A0-001`): the scanner types that.
            let id = DelegateCode.id(fromScanned: typed)
            guard TerminalSession.isIdentifier(id) else {
                message = Self.text(.sessionInvalidId, id)
                return []
            }
            clearMatches()
            return [.check(direction, delegate: id, method: .card, name: nil)]
        }
        let folded = NameFolding.fold(query ?? "")
        guard !folded.isEmpty else { return [] }
        message = Self.text(.sessionSearching, folded)
        return [.find(folded)]
    }

    /// An id the protocol accepts: 1 to 64 bytes, no space, quote or control character.
    public static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= Request.maxIdentifierBytes
            && !text.unicodeScalars.contains { $0.value <= 0x20 || $0 == "\"" || $0 == "\\" || $0.value == 0x7F }
    }

    /// The operator's word for an incident kind.
    public static func incidentName(_ kind: IncidentKind) -> String {
        switch kind {
        case .audioLost: return text(.sessionIncidentAudio)
        case .videoLost: return text(.sessionIncidentVideo)
        case .lineDown: return text(.sessionIncidentLine)
        default: return kind.rawValue
        }
    }

    /// An incident as the operator's messages name it: `âm thanh MẤT`, `đường truyền CÓ LẠI`.
    static func incidentState(start: Bool, kind: IncidentKind) -> String {
        text(start ? .sessionIncidentLost : .sessionIncidentBack, incidentName(kind))
    }
}
