import Foundation

extension Tally.ReflectionFigures {
    /// The text report's section on reflections: the due date, a table per category (handed
    /// in, each grade, not graded, not handed in by the due date) with the total, within 80
    /// columns (headers on two lines; the late ones are named in the list, with their day), then
    /// the named list of those not handed in by the due date, in the official order.
    func textLines(language: ReportLanguage) -> [String] {
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        let numbers = language.numbers
        func int(_ value: Int) -> String { numbers.integer(value) }
        var lines: [String] = []
        if let due { lines.append("  " + text(.reflectionDue) + ": " + ReportTime.date(due, language: language)) }
        var table = TextTable(columns: [
            .init(header: text(.category), align: .left),
            .init(header: text(.reflectionInvitedShort), align: .right),
            .init(header: text(.reflectionSubmittedShort), align: .right),
            .init(header: text(.reflectionPassedShort), align: .right),
            .init(header: text(.reflectionBasicallyPassedShort), align: .right),
            .init(header: text(.reflectionNotPassedShort), align: .right),
            .init(header: text(.reflectionUngradedShort), align: .right),
            .init(header: text(due == nil ? .reflectionMissingShort : .reflectionMissingByDueShort), align: .right),
        ])
        func row(_ label: String, _ counts: Counts) -> [[String]] {
            [[label]] + [counts.invited, counts.submitted, counts.passed, counts.basicallyPassed, counts.notPassed,
                         counts.ungraded, counts.missing].map { [int($0)] }
        }
        for category in categories { table.rows.append(row(category.category.label(language), category.counts)) }
        table.ruleBeforeRow = table.rows.count
        table.rows.append(row(text(.total), total))
        lines += table.render(indent: 2)
        lines.append("")
        let title = text(due == nil ? .reflectionMissingList : .reflectionMissingByDueList)
        guard !missing.isEmpty else {
            lines.append("  " + title + ": " + text(.textNone))
            return lines
        }
        lines.append("  " + title + " (\(int(missing.count)))")
        var names = TextTable(columns: [
            .init(header: text(.number), align: .right), .init(header: text(.delegate), align: .left),
        ])
        for (index, person) in missing.enumerated() {
            var who = person.name.isEmpty ? person.id : "\(person.name) (\(person.id))"
            if !person.unit.isEmpty { who += " — \(person.unit)" }
            if let late = person.submitted { who += " — " + text(.reflectionHandedInOn, ReportTime.date(late, language: language)) }
            names.rows.append([[int(index + 1)], [who]])
        }
        lines += names.render(indent: 3)
        return lines
    }
}

extension Tally.ReflectionFigures {
    /// The CSV's reflection blocks, each after a blank row: the counts per category with the
    /// total (machine numbers), then one row per delegate not handed in by the due date, with
    /// the late day (`YYYY-MM-DD`) when one came after it.
    func csvRows(language: ReportLanguage) -> [[String]] {
        // The headers are the text table's, on one line.
        func text(_ key: MessageKey) -> String {
            language.text(key).replacingOccurrences(of: "-\n", with: "").replacingOccurrences(of: "\n", with: " ")
        }
        var rows: [[String]] = [[]]
        rows.append([text(.category)] + [
            MessageKey.reflectionInvitedShort, .reflectionSubmittedShort, .reflectionPassedShort, .reflectionBasicallyPassedShort,
            .reflectionNotPassedShort, .reflectionUngradedShort, .reflectionLateShort,
            due == nil ? .reflectionMissingShort : .reflectionMissingByDueShort,
        ].map(text) + [text(.reflectionDue)])
        func counts(_ label: String, _ counts: Counts) -> [String] {
            [label] + [counts.invited, counts.submitted, counts.passed, counts.basicallyPassed, counts.notPassed, counts.ungraded,
                       counts.late, counts.missing].map(String.init) + [due ?? ""]
        }
        for category in categories { rows.append(counts(category.category.label(language), category.counts)) }
        rows.append(counts(text(.total), total))
        rows.append([])
        rows.append([MessageKey.csvList, .id, .fullName, .unit, .category, .date].map(text))
        let list = text(due == nil ? .reflectionMissingList : .reflectionMissingByDueList)
        for person in missing {
            rows.append([list, person.id, person.name, person.unit, person.category.label(language), person.submitted ?? ""])
        }
        return rows
    }
}
