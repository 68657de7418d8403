extension IncidentSummary {
    /// The incidents blocks of `Tally.csv`, each with its header, a blank row between them:
    /// one row per incident (id, kind, source, from, to, minutes, people inside at its start,
    /// people-minutes lost, whether it was still open at the end, note), then one row per part
    /// (minutes, share with sound and with picture in percent, minutes without each).
    /// Numbers in the CSV's one machine form (`97.8`); `time` formats a time as the other rows do.
    func csvRows(language: ReportLanguage, time: (String) -> String) -> [[String]] {
        let vi = language == .vietnamese
        var rows: [[String]] = [vi
            ? ["Sự cố", "Loại", "Nguồn", "Từ", "Đến", "Số phút", "Có mặt lúc đầu", "Người-phút",
               "Chưa kết thúc khi hết hội nghị", "Ghi chú"]
            : ["Incident", "Kind", "Source", "From", "To", "Minutes", "People at start", "People-minutes",
               "Open at the end", "Note"]]
        for entry in entries {
            rows.append([
                String(entry.id), vi ? entry.kind.vietnameseLabel : entry.kind.englishLabel,
                entry.source.rawValue + (entry.sourceName.map { " \($0)" } ?? ""), time(entry.start), time(entry.end),
                CSVWriter.decimal(entry.minutes), String(entry.peopleInsideAtStart), CSVWriter.decimal(entry.peopleMinutesLost),
                entry.closedByConferenceEnd ? (vi ? "có" : "yes") : "", ProbeCause.readable(entry.note, language),
            ])
        }
        rows.append([])
        rows.append(vi
            ? ["Buổi", "Số phút", "Có âm thanh (%)", "Có hình ảnh (%)", "Mất âm thanh (phút)", "Mất hình ảnh (phút)"]
            : ["Part", "Minutes", "Had sound (%)", "Had picture (%)", "Sound lost (min)", "Picture lost (min)"])
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
