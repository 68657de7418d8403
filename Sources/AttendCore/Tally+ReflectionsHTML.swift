extension ReportPage {
    /// What the printed section on written reflections shows, for a bridge point's report or
    /// the district's roll-up: the same tables, the district's with a row per bridge point and
    /// the bridge point named beside each person not handed in.
    struct ReflectionSection {
        typealias Counts = ReflectionCounts
        /// The due dates (`YYYY-MM-DD`); one for a bridge point, each different one for a district.
        var due: [String]
        var total: Counts
        var categories: [Tally.ReflectionFigures.CategoryCounts]
        /// A district's bridge points in the order of its other tables; nil `counts`: its tally
        /// carries no reflection figures (an older attendd, or a hall that follows none).
        var bridges: [(name: String, counts: Counts?)]? = nil
        /// Those not handed in by the due date, in the official order, with their bridge point for a district.
        var missing: [(person: Tally.ReflectionFigures.Missing, bridge: String?)]
    }

    /// The numbered section `heading` (`VII- BÀI THU HOẠCH`): the due date, the figures in a
    /// sentence, a table per category with the total under it, then `1. Chưa nộp bài thu hoạch
    /// đúng hạn (N)`: the names, with the day a late one came in. A district's has three numbered
    /// parts: `1. Theo điểm cầu` (a row per bridge point), `2. Theo đối tượng`, then the names.
    mutating func reflections(_ section: ReflectionSection, heading: String) {
        let numbers = language.numbers
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        /// The text report's two-line headers on one line.
        func header(_ key: MessageKey) -> String {
            text(key).replacingOccurrences(of: "-\n", with: "").replacingOccurrences(of: "\n", with: " ")
        }
        func date(_ day: String) -> String { ReportTime.date(day, language: language) }
        let followsDue = !section.due.isEmpty
        self.section(heading)
        if section.due.count == 1 {
            facts([(text(.reflectionDue), date(section.due[0]))])
        } else if followsDue {
            facts([(text(.reflectionDue), text(.htmlReflectionsDueVaries, section.due.map(date).joined(separator: ", ")))])
        }
        let total = section.total
        let share = total.invited > 0 ? (Double(total.submitted) * 1000 / Double(total.invited)).rounded() / 10 : nil
        var sentence = text(.htmlReflectionsSentence, numbers.integer(total.submitted), numbers.integer(total.invited),
                            numbers.percent(share), numbers.integer(total.passed), numbers.integer(total.basicallyPassed),
                            numbers.integer(total.notPassed), numbers.integer(total.ungraded))
        if total.late > 0 { sentence += text(.htmlReflectionsLate, numbers.integer(total.late)) }
        let listTitle = text(followsDue ? .reflectionMissingByDueList : .reflectionMissingList)
        sentence += "; " + listTitle.prefix(1).lowercased() + listTitle.dropFirst() + ": " + numbers.integer(total.missing) + "."
        paragraph(HTML.text(sentence))

        let countKeys: [MessageKey] = [.reflectionInvitedShort, .reflectionSubmittedShort, .reflectionPassedShort,
                                       .reflectionBasicallyPassedShort, .reflectionNotPassedShort, .reflectionUngradedShort,
                                       .reflectionLateShort, followsDue ? .reflectionMissingByDueShort : .reflectionMissingShort]
        let countColumns = countKeys.map { Column(header: header($0), numeric: true) }
        func cells(_ counts: ReflectionSection.Counts) -> [String] {
            let values: [Int] = [counts.invited, counts.submitted, counts.passed, counts.basicallyPassed, counts.notPassed,
                                 counts.ungraded, counts.late, counts.missing]
            return values.map { HTML.text(numbers.integer($0)) }
        }
        // A district's three parts are numbered 1. 2. 3.; a bridge point's one list is 1.
        var number = 0
        func numbered(_ title: String) -> String {
            number += 1
            return "\(number). \(title)"
        }
        if let bridges = section.bridges {
            subsection(numbered(text(.htmlReflectionsByBridge)))
            // A hall without figures: said beside its name, a dash for each count (never zeros).
            let notFollowed = " <i>(\(HTML.text(text(.htmlReflectionsNotFollowed))))</i>"
            var rows: [[String]] = []
            for (index, bridge) in bridges.enumerated() {
                let name = HTML.text(bridge.name) + (bridge.counts == nil ? notFollowed : "")
                rows.append([numbers.integer(index + 1), name] + (bridge.counts.map(cells) ?? Array(repeating: "—", count: countColumns.count)))
            }
            table([PageColumn.number(language), Column(header: text(.bridgePoint), width: "24%")] + countColumns,
                  rows: rows, footer: ["", HTML.text(text(.total))] + cells(total))
        }
        if section.bridges != nil { subsection(numbered(text(.htmlReflectionsByCategory))) }
        table([Column(header: text(.category), width: "24%")] + countColumns,
              rows: section.categories.map { [HTML.text($0.category.label(language))] + cells($0.counts) },
              footer: [HTML.text(text(.total))] + cells(total), empty: text(.htmlNobodyInvited))

        subsection(numbered("\(listTitle) (\(numbers.integer(section.missing.count)))"))
        let district = section.bridges != nil
        var columns = [PageColumn.number(language), Column(header: text(.fullName), width: "26%"), Column(header: text(.id)),
                       Column(header: text(.unit))]
        if district { columns.append(Column(header: text(.bridgePoint))) }
        columns += [Column(header: text(.category)), Column(header: header(.reflectionLateShort))]
        let notHandedIn = header(.reflectionMissingShort).lowercased()
        table(columns, rows: section.missing.enumerated().map { index, entry in
            let person = entry.person
            var row = [numbers.integer(index + 1), HTML.text(person.name.isEmpty ? person.id : person.name), HTML.text(person.id),
                       HTML.text(person.unit)]
            if district { row.append(HTML.text(entry.bridge ?? "")) }
            row += [HTML.text(person.category.label(language)), HTML.text(person.submitted.map(date) ?? notHandedIn)]
            return row
        }, empty: text(.htmlNone))
    }
}

extension Tally.ReflectionFigures {
    /// The printed section of a bridge point's report.
    var htmlSection: ReportPage.ReflectionSection {
        ReportPage.ReflectionSection(due: due.map { [$0] } ?? [], total: total, categories: categories,
                                     missing: missing.map { ($0, nil) })
    }
}
