extension YearReport {
    /// The year as a workbook (`attendctl year --xlsx FILE`), for the clerks' own sheets: one
    /// sheet per delegate, unit and category (the category sheet ends with the total, in bold),
    /// then the members needing attention and, on a hub, the partial halls. Counts are numbers,
    /// rates percentages (97.8% stored as 0.978), so sums and filters work in Excel.
    public func xlsx(language: ReportLanguage = .vietnamese, generatedAt: Timestamp) -> [UInt8] {
        xlsxWorkbook(language: language).bytes(modified: generatedAt)
    }

    /// The workbook `xlsx` writes.
    public func xlsxWorkbook(language: ReportLanguage = .vietnamese) -> XLSXWorkbook {
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        func header(_ key: MessageKey) -> String {
            text(key).replacingOccurrences(of: "-\n", with: "").replacingOccurrences(of: "\n", with: " ")
        }
        let years = from.prefix(4) == to.prefix(4) ? String(from.prefix(4)) : "\(from.prefix(4))-\(to.prefix(4))"
        let title = text(.yearTitle, years) + " — " + text(.yearSpan, ReportTime.date(from, language: language),
                                                         ReportTime.date(to, language: language), language.numbers.integer(conferences.count))
        let figureHeader: [MessageKey] = [.reflectionInvitedShort, .yearPresentShort, .yearLateShort, .yearLeftEarlyShort, .yearExcusedShort,
                                          .yearUnexcusedShort, .yearRateShort, .yearTargetShort, .yearReflectionsDueShort,
                                          .yearReflectionsShort, .reflectionPassedShort, .reflectionBasicallyPassedShort, .reflectionNotPassedShort]
        func cells(_ counts: Counts) -> [XLSXWorkbook.Cell] {
            [.count(counts.invited), .count(counts.present), .count(counts.late), .count(counts.leftEarly), .count(counts.absentExcused),
             .count(counts.absentUnexcused), .percent(counts.rate), .percent(counts.target), .count(counts.reflectionsDue),
             .count(counts.reflectionsSubmitted), .count(counts.passed), .count(counts.basicallyPassed), .count(counts.notPassed)]
        }
        func sheet(_ name: MessageKey, _ leading: [String], _ rows: [[XLSXWorkbook.Cell]]) -> XLSXWorkbook.Sheet {
            XLSXWorkbook.Sheet(name: header(name), title: title, header: leading + figureHeader.map(header), rows: rows,
                               rowsLeftOut: text(.xlsxRowsLeftOut))
        }
        let byDelegate = sheet(.delegate, [header(.number), header(.id), header(.fullName), header(.unit), header(.category)],
                               delegates.enumerated().map { index, row in
            [.count(index + 1), .text(row.id), .text(row.name), .text(row.unit), .text(row.category.label(language))] + cells(row.counts)
        })
        let byUnit = sheet(.unit, [header(.number), header(.unit), header(.yearSpellings).replacingOccurrences(of: " {0}", with: "")],
                           units.enumerated().map { index, unit in
            [.count(index + 1), .text(unit.unit), .text(unit.spellings.joined(separator: "; "))] + cells(unit.counts)
        })
        var byCategory = sheet(.category, [header(.number), header(.category)], categories.enumerated().map { index, category in
            [.count(index + 1), .text(category.category.label(language))] + cells(category.counts)
        } + [[.empty, .text(header(.total))] + cells(total)])
        byCategory.boldRows = [categories.count]
        let attentionSheet = XLSXWorkbook.Sheet(
            name: header(.yearAttentionSheet), title: text(.yearAttentionHeading),
            header: [header(.number), header(.id), header(.fullName), header(.unit), header(.yearHTMLReasons)],
            rows: attention.enumerated().map { index, member in
                [.count(index + 1), .text(member.id), .text(member.name), .text(member.unit),
                 .text(attentionReasons(member, language: language).joined(separator: "; "))]
            }, rowsLeftOut: text(.xlsxRowsLeftOut))
        var sheets = [byDelegate, byUnit, byCategory, attentionSheet]
        // One sheet for both kinds of partial hall, each row saying which (its heading's words).
        if !partial.isEmpty || !partialReflections.isEmpty {
            let headings = [partial.isEmpty ? nil : text(.yearPartialHeading), partialReflections.isEmpty ? nil : text(.yearPartialReflectionsHeading)]
            sheets.append(XLSXWorkbook.Sheet(
                name: header(.yearPartialSheet), title: headings.compactMap { $0 }.joined(separator: " "),
                header: [header(.date), header(.conferenceId), header(.bridgePoint), header(.yearHTMLReasons)],
                rows: partial.map { [.date($0.date), .text($0.conference), .text($0.bridge), .text(text(.yearPartialHeading))] }
                    + partialReflections.map { [.date($0.date), .text($0.conference), .text($0.bridge), .text(text(.yearPartialReflectionsHeading))] },
                rowsLeftOut: text(.xlsxRowsLeftOut)))
        }
        return XLSXWorkbook(title: title, sheets: sheets, dateFormat: XLSXWorkbook.dateFormat(language))
    }
}
