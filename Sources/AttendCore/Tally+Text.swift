import Foundation

extension ReportLanguage {
    /// `1.234` and `97,8%` in Vietnamese, `1,234` and `97.8%` in English.
    var numbers: NumberStyle { self == .vietnamese ? .vietnamese : .english }
}

extension Tally {
    /// The report `attendctl report` prints for a person at an 80-column terminal or on paper:
    /// the conference, a table per category with its target, the totals, each part, the
    /// presence curve, the lists of names, then the connection incidents (when the tally has
    /// them). Times are Vietnam local time.
    public func textReport(language: ReportLanguage = .vietnamese, voids: [VoidedEvent]? = nil) -> String {
        var report = TallyTextReport(tally: self, language: language)
        report.render()
        if let voids { report.lines += VoidedEvent.textSection(voids, conferenceDate: conference.date, language: language) }
        return report.lines.joined(separator: "\n").precomposedStringWithCanonicalMapping + "\n"
    }
}

/// Builds `textReport` section by section; one instance per report.
private struct TallyTextReport {
    let tally: Tally
    let language: ReportLanguage
    var lines: [String] = []

    private func text(_ key: MessageKey, _ arguments: String...) -> String {
        language.text(key, arguments: arguments)
    }
    private var numbers: NumberStyle { language.numbers }
    private func int(_ value: Int) -> String { numbers.integer(value) }
    private func pct(_ value: Double?) -> String { numbers.percent(value) }
    private func time(_ rfc3339: String) -> String {
        ReportTime.clock(rfc3339, conferenceDate: tally.conference.date, language: language)
    }

    init(tally: Tally, language: ReportLanguage) {
        self.tally = tally
        self.language = language
    }

    mutating func render() {
        header()
        categories()
        totals()
        parts()
        curve()
        lists()
        incidents()
        reflections()
    }

    // MARK: Sections

    /// The title, then one labelled line per fact about the conference.
    private mutating func header() {
        let conference = tally.conference
        lines.append(text(.textTitle))
        lines.append("")
        field(text(.conference), conference.title)
        field(text(.conferenceId), conference.id)
        field(text(.date), ReportTime.date(conference.date, language: language))
        let parts = conference.parts.map { "\($0.name) \(time($0.start))–\(time($0.end))" }
        field(text(.parts), parts.isEmpty ? "—" : parts.joined(separator: "; "))
        field(text(.textGrace), text(.minutesValue, int(conference.graceMinutes)))
        let expected = conference.expected.map(int) ?? text(.textNotConfirmed)
        var present = int(tally.total.present)
        if tally.total.walkIns > 0 {
            present += text(tally.total.walkIns == 1 ? .textWalkInsAsideOne : .textWalkInsAside, int(tally.total.walkIns))
        }
        field(text(.textExpectedPresent), "\(expected) / \(present)")
    }

    /// One row per category and the total, with the rate beside its target; ▼ marks a miss.
    private mutating func categories() {
        heading(text(.textByCategoryHeading))
        lines += TextTable.categories(tally.categories, total: tally.total, language: language).render(indent: 0)

        let missed = tally.categories.filter(\.figures.belowTarget)
        lines.append("")
        if missed.isEmpty {
            lines.append(text(.textEveryCategoryMet))
        }
        for category in missed {
            let figures = category.figures
            let line = text(.textBelowTarget, category.category.label(language), pct(figures.rate), pct(figures.target))
            lines += TextWrap.lines(line, width: TextWrap.pageWidth, hanging: 2)
        }
    }

    /// The totals with their full labels, as a report's sentence would quote them.
    private mutating func totals() {
        heading(text(.textTotalsHeading))
        let total = tally.total
        let rows: [(String, String)] = [
            (text(.invitedCount), int(total.invited)),
            (text(.present), int(total.present)),
            (text(.absentWithExcuse), int(total.absentExcused)),
            (text(.absentWithoutExcuse), int(total.absentUnexcused)),
            (text(.attendanceRate), pct(total.rate)),
            (text(.walkInsLong), int(total.walkIns)),
            (text(.expected), tally.conference.expected.map(int) ?? "—"),
        ]
        let labelWidth = rows.map(\.0.count).max()! + 1
        let valueWidth = rows.map(\.1.count).max()!
        for (label, value) in rows {
            lines.append("  " + (label + ":").padded(to: labelWidth) + "  " + value.padded(to: valueWidth, right: true))
        }
    }

    /// One row per part: how many came, were there at its start and end, came late, left early.
    private mutating func parts() {
        heading(text(.byPartHeading))
        guard !tally.parts.isEmpty else {
            lines.append(text(.noParts))
            return
        }
        let shown = TallyRows.partColumns.shown(in: .text, language)
        var table = TextTable(columns: [.init(header: text(.part), align: .left)]
            + shown.map { .init(header: $0.header, align: .right) })
        for part in tally.parts {
            table.rows.append([TextWrap.lines(part.name, width: 20)] + shown.map { [$0.column.readable(part, language)] })
        }
        lines += table.render(indent: 0)
    }

    /// A bar per row of the curve, every 30 minutes (or more, so a long conference stays on a
    /// page), part by part: the gaps between parts (lunch, the night) are left out.
    private mutating func curve() {
        heading(text(.textCurveHeading))
        let curve = tally.curve
        guard !curve.counts.isEmpty, (1...1440).contains(curve.slotMinutes), let origin = Timestamp(rfc3339: curve.start) else {
            lines.append(text(.noData))
            return
        }
        let segments = PresenceCurveRows.segments(curve, origin: origin, parts: tally.conference.parts)
        let step = PresenceCurveRows.stepSlots(slotMinutes: curve.slotMinutes, slots: segments.map(\.slots.count).reduce(0, +))
        lines.append(text(.textCurveRows, int(step * curve.slotMinutes)))
        let groups = segments.map { segment in
            (segment.name, stride(from: segment.slots.lowerBound, to: segment.slots.upperBound, by: step).map { index -> (String, Int) in
                let instant = Timestamp(milliseconds: origin.milliseconds + Int64(index) * Int64(curve.slotMinutes) * 60_000)
                return (time(instant.vietnam), curve.counts[index])
            })
        }
        let rows = groups.flatMap(\.1)
        let labelWidth = rows.map(\.0.count).max()!
        let peak = max(rows.map(\.1).max()!, 1)
        let numberWidth = rows.map { int($0.1).count }.max()!
        let barWidth = min(50, TextWrap.pageWidth - 2 - labelWidth - 2 - 1 - numberWidth)
        for (name, rows) in groups {
            if let name { lines += TextWrap.lines(name, width: TextWrap.pageWidth - 2).map { "  " + $0 } }
            for (label, count) in rows {
                let bar = PresenceCurveRows.bar(count, peak: peak, width: barWidth)
                lines.append("  " + label.padded(to: labelWidth) + "  " + bar.padded(to: barWidth) + " "
                    + int(count).padded(to: numberWidth, right: true))
            }
        }
    }

    /// The names: unexcused absentees, excused ones with their reasons, late arrivals,
    /// early leavers, walk-ins.
    private mutating func lists() {
        heading(text(.textListsHeading))
        let unexcused = tally.absentees.filter { !$0.excused }
        let excused = tally.absentees.filter(\.excused)
        let number = text(.number)
        let who = text(.delegate)

        var absent = TextTable(columns: [.init(header: number, align: .right), .init(header: who, align: .left)])
        for (k, person) in unexcused.enumerated() {
            absent.rows.append([[int(k + 1)], [describe(person.name, person.id, person.unit, label(person.category))]])
        }
        list(1, text(.absentWithoutExcuse), absent)

        var excusedTable = absent
        excusedTable.rows = excused.enumerated().map { k, person in
            let reason = text(.textReasonPrefix, person.reason ?? "—")
            return [[int(k + 1)], [describe(person.name, person.id, person.unit, label(person.category)) + ". " + reason]]
        }
        list(2, text(.absentWithExcuse), excusedTable)

        for (index, title, entries) in [
            (3, text(.arrivedLate), tally.lateArrivals),
            (4, text(.leftEarly), tally.earlyLeavers),
        ] {
            var table = TextTable(columns: [
                .init(header: number, align: .right), .init(header: text(.part), align: .left),
                .init(header: text(.time), align: .left), .init(header: text(.minutes), align: .right),
                .init(header: who, align: .left),
            ])
            for (k, entry) in entries.enumerated() {
                table.rows.append([[int(k + 1)], TextWrap.lines(entry.part, width: 12), [time(entry.at)],
                                   [int(entry.minutes)], [describe(entry.name, entry.id, entry.unit, nil)]])
            }
            list(index, title, table)
        }

        var walkIns = TextTable(columns: [
            .init(header: number, align: .right), .init(header: text(.firstSeen), align: .left),
            .init(header: text(.id), align: .left),
        ])
        for (k, walkIn) in tally.walkIns.enumerated() {
            walkIns.rows.append([[int(k + 1)], [time(walkIn.firstSeen)], [walkIn.id]])
        }
        list(5, text(.walkInsLong), walkIns)
    }

    /// Sound and picture per part, and the incidents that cost them (see `IncidentSummary`).
    private mutating func incidents() {
        guard let summary = tally.incidents else { return }
        heading(text(.textIncidentsHeading))
        lines += summary.reportLines(language: language, conferenceDate: tally.conference.date)
    }

    /// The written reflections, when the conference follows them (`Tally.ReflectionFigures`).
    private mutating func reflections() {
        guard let figures = tally.reflections else { return }
        heading(text(.textReflectionsHeading))
        lines += figures.textLines(language: language)
    }

    // MARK: Pieces

    private mutating func heading(_ text: String) {
        lines.append("")
        lines.append(text)
    }

    /// `Label: value`, the value wrapped under itself when long.
    private mutating func field(_ label: String, _ value: String) {
        lines += TextWrap.lines("\(label): \(value)", width: TextWrap.pageWidth, hanging: 4)
    }

    /// A numbered list's title with its count, then its table, or "none" without rows.
    private mutating func list(_ index: Int, _ title: String, _ table: TextTable) {
        lines.append("")
        guard !table.rows.isEmpty else {
            lines.append("\(index). \(title): " + text(.textNone))
            return
        }
        lines.append("\(index). \(title) (\(int(table.rows.count)))")
        lines += table.render(indent: 3)
    }

    /// `Nguyễn Văn An (DV001) — Chi bộ 1 — Đảng viên`, leaving out what is empty.
    private func describe(_ name: String, _ id: String, _ unit: String, _ category: String?) -> String {
        var text = name.isEmpty ? id : "\(name) (\(id))"
        if !unit.isEmpty { text += " — \(unit)" }
        if let category { text += " — \(category)" }
        return text
    }

    private func label(_ category: DelegateCategory) -> String { category.label(language) }

}

/// How the presence curve is cut into printed rows.
enum PresenceCurveRows {
    /// The most rows the curve takes, so a two-day conference still fits a page or two.
    static let maxRows = 48

    /// The curve's slots within each part, named by the part; the whole curve, unnamed, when
    /// the parts cannot say (none, unreadable times, or implausibly many).
    static func segments(
        _ curve: Tally.PresenceCurve, origin: Timestamp, parts: [Tally.PartInfo]
    ) -> [(name: String?, slots: Range<Int>)] {
        let slot = Int64(max(1, curve.slotMinutes)) * 60_000
        var segments: [(name: String?, slots: Range<Int>)] = []
        if parts.count <= 20 {
            for part in parts {
                guard let start = Timestamp(rfc3339: part.start), let end = Timestamp(rfc3339: part.end) else { continue }
                let first = max(0, Int((start.milliseconds - origin.milliseconds) / slot))
                let last = min(curve.counts.count, Int((end.milliseconds - origin.milliseconds + slot - 1) / slot))
                if first < last { segments.append((part.name, first..<last)) }
            }
        }
        return segments.isEmpty ? [(nil, 0..<curve.counts.count)] : segments
    }

    /// Slots per row: 30 minutes' worth, doubled up through the usual steps until the rows fit.
    static func stepSlots(slotMinutes: Int, slots: Int) -> Int {
        let slotMinutes = max(1, slotMinutes)
        for minutes in [30, 60, 120, 180, 240, 360, 720, 1440] {
            let step = max(1, minutes / slotMinutes)
            if (slots + step - 1) / step <= maxRows { return step }
        }
        return max(1, (slots + maxRows - 1) / maxRows)
    }

    /// `count` as a bar of `width` at `peak`, in eighths of a block; a non-zero count shows at least a sliver.
    static func bar(_ count: Int, peak: Int, width: Int) -> String {
        guard count > 0, peak > 0, width > 0 else { return "" }
        let eighths = max(1, Int((Double(min(count, peak)) / Double(peak) * Double(width * 8)).rounded()))
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partial[eighths % 8]
    }
}

/// Local dates and times as the reports show them.
enum ReportTime {
    /// `07:55` on the conference's date, `24/11 07:55` (English `2026-11-24 07:55`) on another;
    /// text that is not a time is shown as it is.
    static func clock(_ rfc3339: String, conferenceDate: String, language: ReportLanguage) -> String {
        guard let (date, clock) = local(rfc3339) else { return rfc3339 }
        if date == conferenceDate { return clock }
        if language == .english { return "\(date) \(clock)" }
        let parts = date.split(separator: "-")
        return "\(parts[2])/\(parts[1]) \(clock)"
    }

    /// `23/11/2026` in Vietnamese, `2026-11-23` in English; other text as it is.
    static func date(_ date: String, language: ReportLanguage) -> String {
        guard language == .vietnamese, ConferencePlan.isDate(date) else { return date }
        let parts = date.split(separator: "-")
        return "\(parts[2])/\(parts[1])/\(parts[0])"
    }

    /// The Vietnam-local `YYYY-MM-DD` and `HH:MM` of an RFC 3339 time.
    static func local(_ rfc3339: String) -> (date: String, clock: String)? {
        guard let instant = Timestamp(rfc3339: rfc3339) else { return nil }
        let text = instant.vietnam  // 2026-11-23T07:55:00.000+07:00
        guard text.utf8.count >= 16, text.utf8.first != UInt8(ascii: "-") else { return nil }
        return (String(text.prefix(10)), String(text.dropFirst(11).prefix(5)))
    }
}

/// Word wrapping by characters, which is columns for Vietnamese (one `Character` per letter,
/// diacritics and all).
enum TextWrap {
    /// The terminal and the printed page.
    static let pageWidth = 80

    /// `text` safe to print: control characters (newlines, tabs, terminal escapes) become
    /// spaces, format characters (bidirectional overrides, zero-width marks) are dropped, and
    /// past `maxText` characters it is cut with `…`. Names and ids can come from other machines.
    static func clean(_ text: String) -> String {
        let head = text.prefix(maxText + 1)
        var scalars = String.UnicodeScalarView()
        for scalar in head.prefix(maxText).unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control: scalars.append(" ")
            case .format: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars) + (head.count > maxText ? "…" : "")
    }

    /// The most characters of one text a report shows; a longer one (only a hostile or broken
    /// tally has such) is cut with `…`, so wrapping stays fast.
    static let maxText = 1000

    /// `text` in lines of at most `width` characters, later lines indented by `hanging`;
    /// a word longer than a line is cut. The text is `clean`ed first.
    static func lines(_ text: String, width: Int, hanging: Int = 0) -> [String] {
        let width = max(width, hanging + 8)
        let cleaned = clean(text)
        var result: [String] = []
        var line = ""
        var lineCount = 0
        func room() -> Int { result.isEmpty ? width : width - hanging }
        func emit() {
            result.append((result.isEmpty ? "" : String(repeating: " ", count: hanging)) + line)
            line = ""
            lineCount = 0
        }
        for piece in cleaned.split(separator: " ") {
            var word = piece
            var wordCount = word.count
            while true {
                let need = (lineCount == 0 ? 0 : lineCount + 1) + wordCount
                if need <= room() {
                    line += (lineCount == 0 ? "" : " ") + word
                    lineCount = need
                    break
                }
                if lineCount > 0 {
                    emit()
                    continue
                }
                // Alone on a line and still too long: cut it.
                line = String(word.prefix(room()))
                lineCount = room()
                word = word.dropFirst(lineCount)
                wordCount -= lineCount
                emit()
                if wordCount == 0 { break }
            }
        }
        if lineCount > 0 || result.isEmpty { emit() }
        return result
    }
}
