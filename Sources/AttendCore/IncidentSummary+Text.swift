extension IncidentSummary {
    /// The incidents section of the printed report, below its heading: sound and picture per
    /// part, then (when there were incidents) the totals by kind, the longest outage, the
    /// people-minutes lost, and one row per incident.
    func reportLines(language: ReportLanguage, conferenceDate: String) -> [String] {
        let vi = language == .vietnamese
        let numbers = language.numbers
        func int(_ value: Int) -> String { numbers.integer(value) }
        func decimal(_ value: Double) -> String { numbers.decimal(value) }
        func time(_ rfc3339: String) -> String {
            ReportTime.clock(rfc3339, conferenceDate: conferenceDate, language: language)
        }
        var lines: [String] = []

        var coverage = TextTable(columns: [
            .init(header: vi ? "Buổi" : "Part", align: .left),
            .init(header: vi ? "Có\nâm thanh" : "Had\nsound", align: .right),
            .init(header: vi ? "Có\nhình ảnh" : "Had\npicture", align: .right),
            .init(header: vi ? "Mất âm thanh\n(phút)" : "Sound lost\n(min)", align: .right),
            .init(header: vi ? "Mất hình ảnh\n(phút)" : "Picture lost\n(min)", align: .right),
        ])
        for part in parts {
            coverage.rows.append([
                TextWrap.lines(part.name, width: 20), [numbers.percent(part.soundPercent)],
                [numbers.percent(part.picturePercent)], [decimal(part.soundLostMinutes)], [decimal(part.pictureLostMinutes)],
            ])
        }
        if !parts.isEmpty { lines += coverage.render(indent: 0) }

        guard !entries.isEmpty else {
            lines.append("")
            lines.append(vi ? "Không có sự cố đường truyền." : "No connection incidents.")
            return lines
        }

        lines.append("")
        var byKind = TextTable(columns: [
            .init(header: vi ? "Loại sự cố" : "Kind", align: .left),
            .init(header: vi ? "Số lần" : "Count", align: .right),
            .init(header: vi ? "Số phút" : "Minutes", align: .right),
        ])
        for figures in kinds where figures.count > 0 {
            byKind.rows.append([[figures.kind.label(language)], [int(figures.count)], [decimal(figures.minutes)]])
        }
        lines += byKind.render(indent: 0)

        lines.append("")
        var summary = vi
            ? "Mất âm thanh hoặc hình ảnh tổng cộng \(decimal(outageMinutes)) phút"
            : "Sound or picture lost for \(decimal(outageMinutes)) min in all"
        if let longest = longestOutage {
            summary += vi
                ? "; lâu nhất: \(longest.kind.vietnameseLabel.lowercased()) lúc \(time(longest.start)), \(decimal(longest.minutes)) phút"
                : "; longest: \(longest.kind.englishLabel.lowercased()) at \(time(longest.start)), \(decimal(longest.minutes)) min"
        }
        summary += vi
            ? ". Số người-phút bị ảnh hưởng: \(decimal(peopleMinutesLost))."
            : ". People-minutes lost: \(decimal(peopleMinutesLost))."
        lines += TextWrap.lines(summary, width: TextWrap.pageWidth)

        lines.append("")
        var list = TextTable(columns: [
            .init(header: vi ? "STT" : "No.", align: .right),
            .init(header: vi ? "Loại" : "Kind", align: .left),
            .init(header: vi ? "Từ" : "From", align: .left),
            .init(header: vi ? "Đến" : "To", align: .left),
            .init(header: vi ? "Số\nphút" : "Min", align: .right),
            .init(header: vi ? "Có mặt\nlúc đầu" : "People\nat start", align: .right),
            .init(header: vi ? "Người-\nphút" : "People-\nminutes", align: .right),
            .init(header: vi ? "Nguồn, ghi chú" : "Source, note", align: .left),
        ])
        for (k, entry) in entries.enumerated() {
            var detail = source(entry, vi: vi)
            if !entry.note.isEmpty { detail += ": " + ProbeCause.readable(entry.note, language) }
            if entry.closedByConferenceEnd { detail += vi ? " (chưa kết thúc khi hết hội nghị)" : " (still open at the end)" }
            list.rows.append([
                [int(k + 1)], TextWrap.lines(entry.kind.label(language), width: 12), [time(entry.start)], [time(entry.end)],
                [decimal(entry.minutes)], [int(entry.peopleInsideAtStart)], [decimal(entry.peopleMinutesLost)], [detail],
            ])
        }
        lines += list.render(indent: 0)
        return lines
    }

    /// `người vận hành`, `thiết bị hall-1`, `tự kiểm tra bridge`.
    private func source(_ entry: Entry, vi: Bool) -> String {
        let who: String
        switch entry.source {
        case .operator: who = vi ? "người vận hành" : "operator"
        case .terminal: who = vi ? "thiết bị" : "terminal"
        case .probe: who = vi ? "tự kiểm tra" : "probe"
        }
        return entry.sourceName.map { "\(who) \($0)" } ?? who
    }
}
