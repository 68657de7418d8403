extension IncidentSummary {
    /// The incidents block of `Tally.csv`: a header, one row per incident (kind, source, from,
    /// to, minutes, people inside at its start, people-minutes lost, note, whether it was still
    /// open at the end), then one row per part with the minutes and share of sound and picture.
    /// Numbers in the CSV's one machine form (`97.8`); `time` formats a time as the other rows do.
    func csvRows(language: ReportLanguage, time: (String) -> String) -> [[String]] {
        let vi = language == .vietnamese
        var rows: [[String]] = [vi
            ? ["Sự cố", "Mã", "Loại", "Nguồn", "Từ", "Đến", "Số phút", "Có mặt lúc đầu", "Người-phút", "Ghi chú",
               "Chưa kết thúc khi hết hội nghị"]
            : ["Incident", "Id", "Kind", "Source", "From", "To", "Minutes", "People at start", "People-minutes", "Note",
               "Open at the end"]]
        for entry in entries {
            let source = entry.source.rawValue + (entry.sourceName.map { " \($0)" } ?? "")
            rows.append([
                vi ? "sự cố" : "incident", String(entry.id), entry.kind.rawValue, source, time(entry.start), time(entry.end),
                CSVWriter.decimal(entry.minutes), String(entry.peopleInsideAtStart), CSVWriter.decimal(entry.peopleMinutesLost),
                entry.note, entry.closedByConferenceEnd ? (vi ? "có" : "yes") : "",
            ])
        }
        for part in parts {
            rows.append([
                vi ? "buổi" : "part", "", "", "", "", "", CSVWriter.decimal(part.minutes), "", "", vi
                    ? "\(part.name): có âm thanh \(CSVWriter.decimal(part.soundPercent))%, có hình ảnh \(CSVWriter.decimal(part.picturePercent))%"
                    : "\(part.name): sound \(CSVWriter.decimal(part.soundPercent))%, picture \(CSVWriter.decimal(part.picturePercent))%",
                "",
            ])
        }
        return rows
    }
}
