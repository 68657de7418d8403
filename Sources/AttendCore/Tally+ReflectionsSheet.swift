extension Tally.ReflectionFigures {
    /// The workbook's `Thu hoạch` sheet: the CSV's two reflection blocks (`csvRows`) as typed
    /// cells, cell for cell: the counts per category with the total in bold (the due date a
    /// date cell in the last column), a blank row, then the list's header in bold and one row
    /// per delegate not handed in by the due date, with the late day as a date.
    func xlsxSheet(title: String, language: ReportLanguage) -> XLSXWorkbook.Sheet {
        let csv = csvRows(language: language)
        // csvRows: a blank row, the counts' header, the counts, a blank row, the list's header, the list.
        let header = csv[1]
        func counts(_ label: String, _ counts: Counts) -> [XLSXWorkbook.Cell] {
            [.text(label)] + [counts.invited, counts.submitted, counts.passed, counts.basicallyPassed, counts.notPassed,
                              counts.ungraded, counts.late, counts.missing].map { .count($0) } + [due.map { .date($0) } ?? .empty]
        }
        var rows = categories.map { counts($0.category.label(language), $0.counts) }
        rows.append(counts(language.text(.total), total))
        let totalRow = rows.count - 1
        rows.append([])
        rows.append(csv[categories.count + 4].map { .text($0) })
        let listHeader = rows.count - 1
        let list = language.text(due == nil ? .reflectionMissingList : .reflectionMissingByDueList)
        for person in missing {
            rows.append([.text(list), .text(person.id), .text(person.name), .text(person.unit), .text(person.category.label(language)),
                         person.submitted.map { .date($0) } ?? .empty])
        }
        var sheet = XLSXWorkbook.Sheet(name: language.text(.xlsxSheetReflections), title: title, header: header, rows: rows)
        sheet.boldRows = [totalRow, listHeader]
        sheet.rowsLeftOut = language.text(.xlsxRowsLeftOut)
        return sheet
    }
}
