extension IncidentSummary {
    /// The incidents section of the printed report, below its heading: sound and picture per
    /// part, then (when there were incidents) the totals by kind, the longest outage, the
    /// people-minutes lost, and one row per incident.
    func reportLines(language: ReportLanguage, conferenceDate: String) -> [String] {
        let numbers = language.numbers
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        func int(_ value: Int) -> String { numbers.integer(value) }
        func decimal(_ value: Double) -> String { numbers.decimal(value) }
        func time(_ rfc3339: String) -> String {
            ReportTime.clock(rfc3339, conferenceDate: conferenceDate, language: language)
        }
        var lines: [String] = []

        var coverage = TextTable(columns: [.init(header: text(.part), align: .left)]
            + [MessageKey.incidentsTextHadSound, .incidentsTextHadPicture, .incidentsTextSoundLost, .incidentsTextPictureLost].map {
                .init(header: text($0), align: .right)
            })
        for part in parts {
            coverage.rows.append([
                TextWrap.lines(part.name, width: 20), [numbers.percent(part.soundPercent)],
                [numbers.percent(part.picturePercent)], [decimal(part.soundLostMinutes)], [decimal(part.pictureLostMinutes)],
            ])
        }
        if !parts.isEmpty { lines += coverage.render(indent: 0) }

        guard !entries.isEmpty else {
            lines.append("")
            lines.append(text(.incidentsTextNone))
            return lines
        }

        lines.append("")
        var byKind = TextTable(columns: [
            .init(header: text(.incidentKind), align: .left),
            .init(header: text(.incidentsTextCount), align: .right),
            .init(header: text(.minutes), align: .right),
        ])
        for figures in kinds where figures.count > 0 {
            byKind.rows.append([[figures.kind.label(language)], [int(figures.count)], [decimal(figures.minutes)]])
        }
        lines += byKind.render(indent: 0)

        lines.append("")
        var summary = text(.incidentsTextOutage, decimal(outageMinutes))
        if let longest = longestOutage {
            summary += text(.incidentsTextLongest, longest.kind.label(language).lowercased(), time(longest.start), decimal(longest.minutes))
        }
        summary += text(.incidentsTextPeopleMinutesLost, decimal(peopleMinutesLost))
        lines += TextWrap.lines(summary, width: TextWrap.pageWidth)

        lines.append("")
        var list = TextTable(columns: [
            .init(header: text(.number), align: .right),
            .init(header: text(.incidentsTextKind), align: .left),
            .init(header: text(.from), align: .left),
            .init(header: text(.to), align: .left),
            .init(header: text(.incidentsTextMinutes), align: .right),
            .init(header: text(.incidentsTextPeopleAtStart), align: .right),
            .init(header: text(.incidentsTextPeopleMinutes), align: .right),
            .init(header: text(.sourceNote), align: .left),
        ])
        for (k, entry) in entries.enumerated() {
            var detail = source(entry, language)
            if !entry.note.isEmpty { detail += ": " + ProbeCause.readable(entry.note, language) }
            if entry.closedByConferenceEnd { detail += text(.stillOpen) }
            list.rows.append([
                [int(k + 1)], TextWrap.lines(entry.kind.label(language), width: 12), [time(entry.start)], [time(entry.end)],
                [decimal(entry.minutes)], [int(entry.peopleInsideAtStart)], [decimal(entry.peopleMinutesLost)], [detail],
            ])
        }
        lines += list.render(indent: 0)
        return lines
    }

    /// `người vận hành`, `thiết bị hall-1`, `tự kiểm tra bridge`.
    private func source(_ entry: Entry, _ language: ReportLanguage) -> String {
        let who = language.text(entry.source.messageKey)
        return entry.sourceName.map { "\(who) \($0)" } ?? who

    }
}
