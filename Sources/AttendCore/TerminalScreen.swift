/// One line of the terminal's screen: text exactly as wide as the screen, and how it looks.
public struct ScreenLine: Equatable, Sendable {
    /// How the program draws the line (colours, reverse video); the text says it all without them.
    public enum Tone: Equatable, Sendable {
        case plain, header, dim, good, warning, bad, prompt
    }

    public var text: String
    public var tone: Tone

    public init(_ text: String, _ tone: Tone = .plain) {
        self.text = text
        self.tone = tone
    }
}

/// Lays the session out as lines for a screen of a given size, 80x24 and up:
/// ```
///  header: conference, terminal, link          ─┐
///  figures: present/invited, walk-ins, pending  │ 3 lines
///  ─────────────────────────────────────────── ─┘
///  ╔══ the last scan, in large letters ══╗      7 lines
///  matches found by name, or the recent scans   what is left
///  message / keys / prompt                      3 lines
/// ```
public enum TerminalScreen {
    /// The terminal's language: its operators read Vietnamese, so its words come from that table.
    static let language = ReportLanguage.vietnamese

    /// The terminal's message `key`, its `{n}` filled with `arguments`.
    static func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }

    /// The smallest screen laid out in full; smaller ones get the lines that fit, top first.
    public static let minimumSize = (width: 80, height: 24)

    /// Every line of the screen, each exactly `width` columns.
    public static func render(_ session: TerminalSession, width: Int, height: Int) -> [ScreenLine] {
        let width = max(20, width)
        var lines = header(session, width: width)
        lines += banner(session, width: width)
        let listRows = max(0, height - lines.count - 3)
        lines += list(session, width: width, rows: listRows)
        // On a screen too short for everything, the prompt and the message stay; the top is cut.
        let bottom = footer(session, width: width)
        return Array((lines.prefix(max(0, height - bottom.count)) + bottom).suffix(max(1, height)))
    }

    static func header(_ session: TerminalSession, width: Int) -> [ScreenLine] {
        let conference = session.figures.map { text(.terminalConference, $0.conference + ($0.title.isEmpty ? "" : " · " + $0.title)) }
            ?? text(.terminalNoConference)
        let link: String
        switch session.link {
        case .online: link = text(.terminalOnline)
        case .connecting: link = text(.terminalConnecting)
        case .offline: link = text(.terminalOffline)
        }
        let first = TerminalText.spread(text(.terminalTitle, conference), text(.terminalMachine, session.terminal, link), in: width)
        var counts = text(.terminalPresent)
        if let figures = session.figures {
            counts += text(.terminalInvitedCount, figures.arrived.map(String.init) ?? "?", figures.invited.map(String.init) ?? "?")
            if let walkIns = figures.walkIns, walkIns > 0 { counts += text(.terminalWalkIns, "\(walkIns)") }
        } else {
            counts += "—"
        }
        let mode = text(session.direction == .checkIn ? .terminalModeIn : .terminalModeOut)
        let pending = session.pendingCount > 0 ? text(.terminalPending, "\(session.pendingCount)") : ""
        let second = TerminalText.spread(counts, pending + mode + " ", in: width)
        let linkTone: ScreenLine.Tone = session.link == .online ? .header : .bad
        return [
            ScreenLine(first, linkTone),
            ScreenLine(second, session.pendingCount > 0 ? .warning : .header),
            ScreenLine(String(repeating: "─", count: width), .dim),
        ]
    }

    /// Seven lines: a double box with the name and the result spaced out in capitals.
    static func banner(_ session: TerminalSession, width: Int) -> [ScreenLine] {
        let inner = width - 4
        func row(_ text: String) -> String { "║ " + TerminalText.centre(text, in: inner) + " ║" }
        let top = "╔" + String(repeating: "═", count: width - 2) + "╗"
        let bottom = "╚" + String(repeating: "═", count: width - 2) + "╝"
        guard let scan = session.banner else {
            let hint = text(session.direction == .checkIn ? .terminalHintIn : .terminalHintOut)
            return [top, row(""), row(""), row(hint), row(""), row(""), bottom].map { ScreenLine($0, .dim) }
        }
        let name = (scan.name ?? scan.id).uppercased()
        var detail = text(.terminalScanDetail, scan.id, TerminalSession.clock(scan.at.vietnam))
        switch scan.outcome {
        case .late(_, let part) where !part.isEmpty: detail += " · \(part)"
        case .refused(_, let message) where !message.isEmpty: detail += " · \(message)"
        case .pending: detail += text(.terminalPendingDetail, "\(scan.sequence)")
        default: break
        }
        let tone = scan.voided ? .dim : scan.outcome.tone
        let headline = scan.voided ? text(.terminalVoidedHeadline) : scan.outcome.headline
        return [
            ScreenLine(top, tone), ScreenLine(row(""), tone), ScreenLine(row(TerminalText.spaced(name, fitting: inner)), tone),
            ScreenLine(row(TerminalText.spaced(headline, fitting: inner)), tone), ScreenLine(row(detail), tone),
            ScreenLine(row(""), tone), ScreenLine(bottom, tone),
        ]
    }

    /// The matches when a name search is under way, else the recent scans.
    static func list(_ session: TerminalSession, width: Int, rows: Int) -> [ScreenLine] {
        guard rows > 0 else { return [] }
        var lines: [ScreenLine] = []
        if !session.matches.isEmpty {
            lines.append(ScreenLine(TerminalText.pad(text(.terminalChoose), to: width), .header))
            let nameWidth = max(16, (width - 14) * 3 / 5)
            let fits = session.matches.count <= rows - 1 ? rows - 1 : max(0, rows - 2)
            for (index, match) in session.matches.prefix(fits).enumerated() {
                let number = TerminalText.pad(String(format2(index + 1)), to: 4)
                let unit = TerminalText.pad(match.unit, to: max(0, width - 4 - nameWidth - 2 - 12))
                lines.append(ScreenLine(TerminalText.pad(" \(number)\(TerminalText.pad(match.name, to: nameWidth)) \(unit) \(match.id)", to: width)))
            }
            if fits < session.matches.count, rows > 1 {
                let more = text(.terminalMore, "\(session.matches.count - fits)")
                lines.append(ScreenLine(TerminalText.pad(more, to: width), .warning))
            }
        } else {
            lines.append(ScreenLine(TerminalText.pad(text(.terminalRecent), to: width), .header))
            let nameWidth = max(16, width - 46)
            for scan in session.recent.prefix(rows - 1) {
                let arrow = scan.direction == .checkIn ? "→" : "←"
                let line = " \(TerminalSession.clock(scan.at.vietnam)) \(arrow) \(TerminalText.pad(scan.id, to: 12)) "
                    + "\(TerminalText.pad(scan.name ?? "", to: nameWidth)) \(scan.voided ? text(.terminalVoided) : scan.outcome.short)"
                lines.append(ScreenLine(TerminalText.pad(line, to: width), scan.outcome == .pending && !scan.voided ? .warning : .plain))
            }
        }
        while lines.count < rows { lines.append(ScreenLine(String(repeating: " ", count: width))) }
        return lines
    }

    static func footer(_ session: TerminalSession, width: Int) -> [ScreenLine] {
        let keys = text(width >= 141 ? .terminalKeysWide : .terminalKeysNarrow)
        let label = promptLabel(session)
        var message = session.message
        if message.isEmpty, case .offline(let detail) = session.link {
            message = text(.terminalOfflineMessage, detail)
        }
        return [
            ScreenLine(TerminalText.pad(" " + message, to: width), session.link == .online ? .plain : .warning),
            ScreenLine(TerminalText.pad(keys, to: width), .dim),
            ScreenLine(TerminalText.pad(" \(label) › \(session.input)", to: width), .prompt),
        ]
    }

    /// The column where the cursor goes on the prompt line (1-based): after what was typed.
    public static func cursorColumn(_ session: TerminalSession, width: Int) -> Int {
        min(width, TerminalText.width(" \(promptLabel(session)) › \(session.input)") + 1)
    }

    /// What the prompt asks for: the mode when scanning, else the excuse's step.
    static func promptLabel(_ session: TerminalSession) -> String {
        switch session.prompt {
        case .scan: return text(session.direction == .checkIn ? .terminalPromptIn : .terminalPromptOut)
        case .excuseID: return text(.terminalPromptExcuseId)
        case .excuseReason(let id): return text(.terminalPromptExcuseReason, id)
        case .confirmNumber(let id): return text(.terminalPromptConfirmNumber, id)
        case .undoReason: return text(.terminalPromptUndoReason)

        }
    }

    private static func format2(_ number: Int) -> String { number < 10 ? " \(number)" : "\(number)" }
}
