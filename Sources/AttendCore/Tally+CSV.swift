extension Tally {
    /// The tally as a spreadsheet: `attendctl report --csv`, for the office that compiles
    /// the district's figures.
    ///
    /// Two blocks of rows with a blank row between them: the figures per category and the
    /// total (invited, present, excused, unexcused, walk-ins, rate, target), then one row per
    /// listed person with a `list` column saying which list (absent without / with an excuse,
    /// late, left early, walk-in), the part, time and minutes where they apply, and the reason.
    /// When there were connection incidents, two more blocks: one row per incident, then one
    /// per part with its share of sound and picture (`IncidentSummary.csvRows`). A conference
    /// without incidents has neither: every part had sound and picture throughout.
    ///
    /// The format choices, and why:
    /// - UTF-8 with a byte-order mark: without it Excel reads the file in the system's legacy
    ///   code page and the Vietnamese names turn to mojibake.
    /// - RFC 4180: `,` between fields, CRLF after every row, a field quoted (with `""` for a
    ///   quote) when it holds a comma, quote, CR or LF.
    /// - Numbers in one machine form whatever the language: counts as bare digits (`1234`),
    ///   rates and targets in percent with a `.` decimal (`97.8`), empty when there is none.
    ///   Vietnamese-locale Excel would want `;` and `97,8`, but a file that changes with the
    ///   reader's locale is a file programs cannot read; the district's tools, LibreOffice
    ///   and Excel's "From Text/CSV" import (which lets the decimal mark be chosen) all read
    ///   this one, and `language` changes only the labels. The printed report (`textReport`)
    ///   is where `97,8%` belongs.
    /// - Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab
    ///   or CR) gets a leading `'`: names and reasons arrive from other machines, and opening
    ///   a report must not run anything.
    /// - Times as `HH:MM` on the conference's date, `YYYY-MM-DD HH:MM` on any other.
    /// When the conference follows written reflections, two blocks end the file: the
    /// reflection counts per category and the total, then who has none handed in by the due date.
    public func csv(language: ReportLanguage = .vietnamese) -> [UInt8] {
        var writer = CSVWriter()

        writer.categoryRows(categories, total: total, language: language)
        writer.row([])

        writer.row([MessageKey.csvList, .id, .fullName, .unit, .category, .part, .time, .minutes, .reason].map { language.text($0) })
        func time(_ rfc3339: String) -> String {
            guard let (date, clock) = ReportTime.local(rfc3339) else { return rfc3339 }
            return date == conference.date ? clock : "\(date) \(clock)"
        }
        for absentee in absentees {
            let list = language.text(absentee.excused ? .csvAbsentExcused : .csvAbsentUnexcused)
            let category = absentee.category.label(language)
            writer.row([list, absentee.id, absentee.name, absentee.unit, category, "", "", "", absentee.reason ?? ""])
        }
        for (list, entries) in [(language.text(.csvLate), lateArrivals), (language.text(.csvLeftEarly), earlyLeavers)] {
            for entry in entries {
                writer.row([list, entry.id, entry.name, entry.unit, "", entry.part, time(entry.at), String(entry.minutes), ""])
            }
        }
        for walkIn in walkIns {
            writer.row([language.text(.csvWalkIn), walkIn.id, "", "", "", "", time(walkIn.firstSeen), "", ""])
        }
        if let incidents, !incidents.entries.isEmpty {
            writer.row([])
            incidents.csvRows(language: language, time: time).forEach { writer.row($0) }
        }
        if let reflections { reflections.csvRows(language: language).forEach { writer.row($0) } }
        return writer.bytes
    }
}

/// RFC 4180 rows after a UTF-8 byte-order mark.
struct CSVWriter {
    /// The figures per category and the total (invited, present, excused, unexcused,
    /// walk-ins, rate, target), under their header row.
    mutating func categoryRows(_ categories: [Tally.CategoryFigures], total: Tally.Figures, language: ReportLanguage) {
        let shown = TallyRows.categoryColumns.shown(in: .csv, language)
        row([language.text(.category)] + shown.map(\.header))
        func figures(_ label: String, _ figures: Tally.Figures) -> [String] {
            [label] + shown.map { $0.column.machine(figures) }
        }
        for category in categories {
            row(figures(category.category.label(language), category.figures))
        }
        row(figures(language.text(.total), total))

    }

    private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// One row and its CRLF; an empty row is a blank line.
    mutating func row(_ fields: [String]) {
        for (index, field) in fields.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(field)
        }
        bytes += [0x0D, 0x0A]
    }

    /// The field, defused if a spreadsheet would take it for a formula, quoted if it must be.
    private mutating func append(_ field: String) {
        var text = field
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x22 || $0 == 0x2C || $0 == 0x0D || $0 == 0x0A }) else {
            bytes += utf8
            return
        }
        bytes.append(0x22)
        for byte in utf8 {
            if byte == 0x22 { bytes.append(0x22) }
            bytes.append(byte)
        }
        bytes.append(0x22)
    }

    /// `97.8`, `100`, or empty for none: one decimal, `.` as the mark, whatever the language.
    static func decimal(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return NumberStyle(grouping: "", decimalMark: ".").decimal(value)
    }
}
