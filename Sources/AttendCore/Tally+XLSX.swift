extension Tally {
    /// The tally as a workbook (`attendctl report --xlsx FILE`): one sheet per section, each
    /// under a title row with the conference and its date. Built from the rows the CSV writes
    /// (`TallyRows`, the same lists in the same order, the same headers), so the two agree
    /// cell for cell; only the types differ (`XLSXWorkbook`).
    ///
    /// The sheets: figures (the conference, its date, its counts and rate), per category (the
    /// CSV's first block), per part (present, at start and end, late, left early, and with
    /// incidents the share with sound and picture), absentees, late arrivals, early leavers,
    /// walk-ins and incidents, then reflections (`Thu hoạch`) when the conference follows them.
    /// A list with nobody on it is a sheet with its header only, so a
    /// clerk sees "nobody" rather than a missing tab.
    public func xlsx(language: ReportLanguage = .vietnamese, site: String? = nil, generatedAt: Timestamp) -> [UInt8] {
        xlsxWorkbook(language: language, site: site).bytes(modified: generatedAt)
    }

    /// The workbook `xlsx` writes.
    public func xlsxWorkbook(language: ReportLanguage = .vietnamese, site: String? = nil) -> XLSXWorkbook {
        let title = language.text(.xlsxTitle, conference.title, conference.id, ReportTime.date(conference.date, language: language))
        func sheet(_ name: MessageKey, _ header: [MessageKey], _ rows: [[XLSXWorkbook.Cell]]) -> XLSXWorkbook.Sheet {
            XLSXWorkbook.Sheet(name: language.text(name), title: title, header: header.map { language.text($0) }, rows: rows)
        }
        let time = { (text: String) in XLSXWorkbook.Cell.time(text, conferenceDate: self.conference.date) }
        let person: [MessageKey] = [.id, .fullName, .unit]

        var sheets = [
            sheet(.xlsxSheetFigures, [.xlsxItem, .xlsxValue], figureRows(language: language, site: site)),
            XLSXWorkbook.categorySheet(categories, total: total, title: title, language),
            XLSXWorkbook.Sheet(name: language.text(.xlsxSheetParts), title: title, header: partHeader(language), rows: partRows()),
            sheet(.xlsxSheetAbsentees, person + [.category, .csvList, .reason], absentees.map { absentee in
                [.text(absentee.id), .text(absentee.name), .text(absentee.unit), .text(absentee.category.label(language)),
                 .text(language.text(absentee.excused ? .csvAbsentExcused : .csvAbsentUnexcused)), .text(absentee.reason ?? "")]
            }),
        ]
        for (name, entries) in [(MessageKey.xlsxSheetLate, lateArrivals), (.xlsxSheetEarly, earlyLeavers)] {
            sheets.append(sheet(name, person + [.part, .time, .minutes], entries.map { entry in
                [.text(entry.id), .text(entry.name), .text(entry.unit), .text(entry.part), time(entry.at), .count(entry.minutes)]
            }))
        }
        sheets.append(sheet(.xlsxSheetWalkIns, [.id, .firstSeen], walkIns.map { [.text($0.id), time($0.firstSeen)] }))
        let incidentHeader: [MessageKey] = [.incidentsCSVIncident, .incidentsTextKind, .incidentsCSVSource, .from, .to, .minutes,
                                            .peopleAtStart, .peopleMinutes, .incidentsCSVOpenAtEnd, .incidentsCSVNote]
        sheets.append(sheet(.xlsxSheetIncidents, incidentHeader, (incidents?.entries ?? []).map { entry in
            [.count(Int(entry.id)), .text(entry.kind.label(language)),
             .text(entry.source.rawValue + (entry.sourceName.map { " \($0)" } ?? "")), time(entry.start), time(entry.end),
             .decimal(entry.minutes), .count(entry.peopleInsideAtStart), .decimal(entry.peopleMinutesLost),
             .text(entry.closedByConferenceEnd ? language.text(.incidentsCSVYes) : ""), .text(ProbeCause.readable(entry.note, language))]
        }))
        // When the conference follows written reflections: their figures and who has none by the due date.
        if let reflections { sheets.append(reflections.xlsxSheet(title: title, language: language)) }
        for index in sheets.indices { sheets[index].rowsLeftOut = language.text(.xlsxRowsLeftOut) }
        return XLSXWorkbook(title: title, sheets: sheets, dateFormat: XLSXWorkbook.dateFormat(language))
    }

    /// The figures sheet: one labelled value a row.
    private func figureRows(language: ReportLanguage, site: String?) -> [[XLSXWorkbook.Cell]] {
        var rows: [(MessageKey, XLSXWorkbook.Cell)] = [
            (.conferenceId, .text(conference.id)), (.conference, .text(conference.title)), (.date, .date(conference.date)),
        ]
        if let site { rows.append((.bridgePoint, .text(site))) }
        if let report { rows.append((.xlsxReportNumber, .count(report))) }
        rows += [
            (.xlsxGraceMinutes, .count(conference.graceMinutes)), (.expected, .count(conference.expected)),
            (.invitedCount, .count(total.invited)), (.present, .count(total.present)),
            (.absentWithExcuse, .count(total.absentExcused)), (.absentWithoutExcuse, .count(total.absentUnexcused)),
            (.walkInsLong, .count(total.walkIns)), (.attendanceRate, .percent(total.rate)),
        ]
        return rows.map { [.text(language.text($0.0)), $0.1] }
    }

    private func partHeader(_ language: ReportLanguage) -> [String] {
        var header = [MessageKey.part, .from, .to].map { language.text($0) } + TallyRows.partColumns.shown(in: .html, language).map(\.header)
        if incidents != nil {
            header += [MessageKey.incidentsCSVHadSound, .incidentsCSVHadPicture, .soundLostMinutes, .pictureLostMinutes].map { language.text($0) }
        }
        return header
    }

    /// One row a part: its name and times, its figures, and what the incidents left of it.
    private func partRows() -> [[XLSXWorkbook.Cell]] {
        let columns = TallyRows.partColumns.filter { $0.headers[.html] != nil }
        return parts.enumerated().map { index, part in
            let info = index < conference.parts.count ? conference.parts[index] : nil
            var row: [XLSXWorkbook.Cell] = [.text(part.name)]
            row += [info?.start, info?.end].map { $0.map { XLSXWorkbook.Cell.time($0, conferenceDate: conference.date) } ?? .empty }
            row += columns.map { $0.cell(part) }
            if let incidents {
                if let coverage = incidents.parts.first(where: { $0.name == part.name }) {
                    row += [.percent(coverage.soundPercent), .percent(coverage.picturePercent), .decimal(coverage.soundLostMinutes),
                            .decimal(coverage.pictureLostMinutes)]
                } else {
                    row += [.empty, .empty, .empty, .empty]
                }
            }
            return row
        }
    }
}

extension TallyRows.Column {
    /// The figure of `row` as a typed cell: a count, or a percentage (empty for none).
    func cell(_ row: Row) -> XLSXWorkbook.Cell {
        switch value {
        case .count(let path): return .count(row[keyPath: path])
        case .percent(let path): return .percent(row[keyPath: path])
        }
    }
}

extension XLSXWorkbook {
    /// `dd/mm/yyyy` in Vietnamese, `yyyy-mm-dd` in English, as the printed reports write dates.
    static func dateFormat(_ language: ReportLanguage) -> String { language == .vietnamese ? "dd/mm/yyyy" : "yyyy-mm-dd" }

    /// The per-category sheet, its total in bold: the CSV's first block (`CSVWriter.categoryRows`).
    static func categorySheet(_ categories: [Tally.CategoryFigures], total: Tally.Figures, title: String,
                              _ language: ReportLanguage) -> Sheet {
        var sheet = Sheet(name: language.text(.xlsxSheetCategories), title: title,
                          header: [language.text(.category)] + TallyRows.categoryColumns.shown(in: .csv, language).map(\.header),
                          rows: categoryRows(categories, total: total, language))
        sheet.boldRows = [sheet.rows.count - 1]
        return sheet
    }

    /// The figures per category and the total, the CSV's columns as typed cells.
    static func categoryRows(_ categories: [Tally.CategoryFigures], total: Tally.Figures, _ language: ReportLanguage) -> [[Cell]] {
        let columns = TallyRows.categoryColumns.filter { $0.headers[.csv] != nil }
        func row(_ label: String, _ figures: Tally.Figures) -> [Cell] { [.text(label)] + columns.map { $0.cell(figures) } }
        return categories.map { row($0.category.label(language), $0.figures) } + [row(language.text(.total), total)]
    }
}

extension XLSXWorkbook.Cell {
    /// An RFC 3339 time of the report: its clock on the conference's date, date and clock on
    /// another (a conference past midnight), the text itself when it is not a time.
    static func time(_ rfc3339: String, conferenceDate: String) -> Self {
        guard let instant = Timestamp(rfc3339: rfc3339), let (date, _) = ReportTime.local(rfc3339) else { return .text(rfc3339) }
        return date == conferenceDate ? .clock(instant) : .dateTime(instant)
    }
}
