extension IncidentSummary {
    /// The incidents blocks of `Tally.csv`, each with its header, a blank row between them:
    /// one row per incident (id, kind, source, from, to, minutes, people inside at its start,
    /// people-minutes lost, whether it was still open at the end, note), then one row per part
    /// (minutes, share with sound and with picture in percent, minutes without each).
    /// Numbers in the CSV's one machine form (`97.8`); `time` formats a time as the other rows do.
    func csvRows(language: ReportLanguage, time: (String) -> String) -> [[String]] {
        var rows: [[String]] = [
            [MessageKey.incidentsCSVIncident, .incidentsTextKind, .incidentsCSVSource, .from, .to, .minutes, .peopleAtStart,
             .peopleMinutes, .incidentsCSVOpenAtEnd, .incidentsCSVNote].map { language.text($0) },
        ]
        for entry in entries {
            rows.append([
                String(entry.id), entry.kind.label(language),
                entry.source.rawValue + (entry.sourceName.map { " \($0)" } ?? ""), time(entry.start), time(entry.end),
                CSVWriter.decimal(entry.minutes), String(entry.peopleInsideAtStart), CSVWriter.decimal(entry.peopleMinutesLost),
                entry.closedByConferenceEnd ? language.text(.incidentsCSVYes) : "", ProbeCause.readable(entry.note, language),
            ])
        }
        rows.append([])
        rows.append([MessageKey.part, .minutes, .incidentsCSVHadSound, .incidentsCSVHadPicture, .soundLostMinutes,
                     .pictureLostMinutes].map { language.text($0) })

        for part in parts {
            rows.append([
                part.name, CSVWriter.decimal(part.minutes), CSVWriter.decimal(part.soundPercent),
                CSVWriter.decimal(part.picturePercent), CSVWriter.decimal(part.soundLostMinutes),
                CSVWriter.decimal(part.pictureLostMinutes),
            ])
        }
        return rows
    }
}
