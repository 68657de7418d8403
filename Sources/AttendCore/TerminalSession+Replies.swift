extension TerminalSession {
    /// A scan is on the terminal's disk with its sequence number: shown as pending until attendd answers.
    public mutating func scanned(_ entry: OfflineQueue.Entry, name: String?) {
        let row = Recent(sequence: entry.sequence, at: entry.at, direction: entry.direction, id: entry.delegate, name: name, outcome: .pending)
        banner = row
        recent.insert(row, at: 0)
        if recent.count > TerminalSession.recentLimit { recent.removeLast() }
    }

    /// Scans left on disk by an earlier run, shown as pending (oldest last, like new scans).
    public mutating func restored(_ entries: [OfflineQueue.Entry]) {
        for entry in entries {
            recent.insert(Recent(sequence: entry.sequence, at: entry.at, direction: entry.direction, id: entry.delegate, name: nil,
                                 outcome: .pending), at: 0)
        }
        if recent.count > TerminalSession.recentLimit { recent.removeLast(recent.count - TerminalSession.recentLimit) }
        if !entries.isEmpty { message = Self.text(.sessionRestored, String(entries.count)) }
    }

    /// attendd answered the check-in with this sequence number (OK or a refusal that will not change).
    public mutating func answered(sequence: Int64, direction: Direction, reply: Reply) {
        let outcome = ScanOutcome(reply: reply, direction: direction)
        let isNewest = banner?.sequence == sequence
        if let index = recent.firstIndex(where: { $0.sequence == sequence }) {
            recent[index].outcome = outcome
            recent[index].event = reply["event"].flatMap { Int64($0) }
            if let name = reply["name"] { recent[index].name = name }
            if isNewest { banner = recent[index] }
        } else if isNewest {
            banner?.outcome = outcome
            banner?.event = reply["event"].flatMap { Int64($0) }
            if let name = reply["name"] { banner?.name = name }
        }
        if !isNewest, reply.isOK { message = Self.text(.sessionQueuedSent, reply["id"] ?? "", outcome.short) }
        if direction == .checkIn, reply.isOK, reply["first"] == "1", var figures {
            if reply["invited"] == "1" { figures.arrived = figures.arrived.map { $0 + 1 } } else { figures.walkIns = figures.walkIns.map { $0 + 1 } }
            self.figures = figures
        }
    }

    /// The reply to `FIND`: its payload lines are `id TAB name TAB unit TAB category`.
    public mutating func found(query: String, reply: Reply) {
        guard reply.isOK else {
            matches = []
            message = Self.text(.sessionFindRefused, ScanOutcome.refusal(of: reply))
            return
        }
        let text = String(decoding: reply.payload ?? [], as: UTF8.self)
        matches = text.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 2 else { return nil }
            return Match(id: columns[0], name: columns[1], unit: columns.count > 2 ? columns[2] : "")
        }
        let total = Int(reply["matches"] ?? "") ?? matches.count
        switch matches.count {
        case 0: message = Self.text(.sessionFindNone, query)
        case _ where total > matches.count: message = Self.text(.sessionFindMore, String(total), String(matches.count))
        default: message = Self.text(.sessionFindSome, String(matches.count))
        }
    }

    /// The reply to an incident key.
    public mutating func incidentAnswered(start: Bool, kind: IncidentKind, reply: Reply) {
        let what = TerminalSession.incidentState(start: start, kind: kind)
        if !reply.isOK {
            message = Self.text(.sessionIncidentRefused, what, ScanOutcome.refusal(of: reply))
        } else if start {
            message = reply["new"] == "0"
                ? Self.text(.sessionIncidentAlreadyOpen, what) : Self.text(.sessionIncidentStarted, what, TerminalSession.clock(reply["started_at"]))
        } else {
            message = reply["ended"] == "0" ? Self.text(.sessionIncidentNoneOpen, TerminalSession.incidentName(kind)) : Self.text(.sessionIncidentEnded, what)
        }
    }

    /// The reply to `EXCUSE`.
    public mutating func excuseAnswered(delegate: String, reason: String, reply: Reply) {
        if reply.isOK {
            message = reason.isEmpty ? Self.text(.sessionExcuseWithdrawn, delegate) : Self.text(.sessionExcuseRecorded, delegate, reason)
        } else {
            message = Self.text(.sessionExcuseRefused, delegate, ScanOutcome.refusal(of: reply))
        }
    }

    /// The reply to `SUMMARY`: the open conference and its figures.
    public mutating func summarised(_ reply: Reply) {
        if reply.error == .noConference {
            figures = nil
            return
        }
        guard reply.isOK, let conference = reply["conf"] else { return }
        figures = Figures(conference: conference, title: reply["title"] ?? "", invited: reply["invited"].flatMap(Int.init),
                          arrived: reply["arrived"].flatMap(Int.init), walkIns: reply["walk_ins"].flatMap(Int.init))
    }

    /// A line for the operator from the program (a disk or link failure).
    public mutating func note(_ text: String) {
        message = text
    }

    /// `07:45` from a reply's RFC 3339 time.
    static func clock(_ text: String?) -> String {
        guard let text, text.count >= 16 else { return "" }
        let start = text.index(text.startIndex, offsetBy: 11)
        return String(text[start..<text.index(start, offsetBy: 5)])
    }
}
