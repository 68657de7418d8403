import Foundation

extension YearReport {
    /// The year as a person reads it at an 80-column terminal: the span and its conferences,
    /// then a table per delegate, per unit and per category (a rate below its target marked `*`);
    /// late and left early are in the delegates' table, the target in the units' and categories'.
    public func textReport(language: ReportLanguage = .vietnamese) -> String {
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        let numbers = language.numbers
        func int(_ value: Int) -> String { numbers.integer(value) }
        func date(_ day: String) -> String { ReportTime.date(day, language: language) }
        var lines = [text(.yearTitle, String(from.prefix(4)) == String(to.prefix(4)) ? String(from.prefix(4)) : "\(from.prefix(4))-\(to.prefix(4))")]
        lines.append(text(.yearSpan, date(from), date(to), int(conferences.count)))
        for conference in conferences {
            lines += TextWrap.lines("\(date(conference.date))  \(conference.id)  \(conference.title)", width: TextWrap.pageWidth - 2, hanging: 4)
                .map { "  " + $0 }
        }
        for (heading, halls) in [(MessageKey.yearPartialHeading, partial), (.yearPartialReflectionsHeading, partialReflections)] where !halls.isEmpty {
            lines += TextWrap.lines(text(heading), width: TextWrap.pageWidth, hanging: 2)
            for hall in halls {
                lines.append("  " + text(.yearPartialHall, date(hall.date), hall.conference, hall.bridge))
            }
        }

        // Pairs and triples share a cell (late/left early, excused/unexcused, the three grades) so
        // the tables keep within 80 columns with the names last, wrapped.
        func columns(_ last: MessageKey, target: Bool) -> [TextTable.Column] {
            var keys: [MessageKey] = [.reflectionInvitedShort, .yearPresentShort]
            if !target { keys.append(.yearLateEarlyShort) }
            keys += [.yearAbsentShort, .yearRateShort]
            if target { keys.append(.yearTargetShort) }
            keys += [.yearReflectionsShort, .yearGradesShort]
            return [.init(header: text(.number), align: .right)] + keys.map { .init(header: text($0), align: .right) }
                + [.init(header: text(last), align: .left)]
        }
        func cells(_ counts: Counts, target: Bool) -> [[String]] {
            var values = [int(counts.invited), int(counts.present)]
            if !target { values.append("\(int(counts.late))/\(int(counts.leftEarly))") }
            values += ["\(int(counts.absentExcused))/\(int(counts.absentUnexcused))", numbers.percent(counts.rate) + (counts.belowTarget ? "*" : "")]
            if target { values.append(counts.target.map { numbers.percent($0) } ?? "—") }
            values += [counts.reflectionsDue == 0 ? "—" : "\(int(counts.reflectionsSubmitted))/\(int(counts.reflectionsDue))",
                       "\(int(counts.passed))/\(int(counts.basicallyPassed))/\(int(counts.notPassed))"]
            return values.map { [$0] }
        }

        lines += ["", text(.yearByDelegate)]
        var people = TextTable(columns: columns(.delegate, target: false))
        for (index, row) in delegates.enumerated() {
            var who = row.name.isEmpty ? row.id : "\(row.name) (\(row.id))"
            if !row.unit.isEmpty { who += " — \(row.unit)" }
            people.rows.append([[int(index + 1)]] + cells(row.counts, target: false) + [[who]])
        }
        lines += delegates.isEmpty ? ["  " + text(.textNone)] : people.render(indent: 2)

        lines += ["", text(.yearByUnit)]
        var units = TextTable(columns: columns(.unit, target: true))
        for (index, unit) in self.units.enumerated() {
            var name = unit.unit.isEmpty ? "—" : unit.unit
            if !unit.spellings.isEmpty { name += " (" + text(.yearSpellings, unit.spellings.map { "\"\($0)\"" }.joined(separator: ", ")) + ")" }
            units.rows.append([[int(index + 1)]] + cells(unit.counts, target: true) + [[name]])
        }
        lines += self.units.isEmpty ? ["  " + text(.textNone)] : units.render(indent: 2)

        lines += ["", text(.yearByCategory)]
        var categories = TextTable(columns: columns(.category, target: true))
        for (index, category) in self.categories.enumerated() {
            categories.rows.append([[int(index + 1)]] + cells(category.counts, target: true) + [[category.category.label(language)]])
        }
        categories.ruleBeforeRow = categories.rows.count
        categories.rows.append([[""]] + cells(total, target: true) + [[text(.total)]])
        lines += categories.render(indent: 2)

        lines += ["", text(.yearAttentionHeading)]
        for (index, member) in attention.enumerated() {
            var who = member.name.isEmpty ? member.id : "\(member.name) (\(member.id))"
            if !member.unit.isEmpty { who += " — \(member.unit)" }
            let reasons = attentionReasons(member, language: language)
            lines += TextWrap.lines("\(int(index + 1)). \(who): " + reasons.joined(separator: "; "), width: TextWrap.pageWidth - 2, hanging: 3)
                .map { "  " + $0 }
        }
        if attention.isEmpty { lines.append("  " + text(.textNone)) }
        lines.append("")
        lines += TextWrap.lines(text(.yearNotes), width: TextWrap.pageWidth, hanging: 2)
        return lines.joined(separator: "\n").precomposedStringWithCanonicalMapping + "\n"
    }

    /// The year as one spreadsheet table (UTF-8 with BOM, RFC 4180, machine numbers as the
    /// tally's CSV): a `level` column says whether a row is a delegate, a unit, a category or the total.
    public func csv(language: ReportLanguage = .vietnamese) -> [UInt8] {
        // The text table's two-line headers on one line ("Pre-\nsent" as "Present").
        func text(_ key: MessageKey) -> String {
            language.text(key).replacingOccurrences(of: "-\n", with: "").replacingOccurrences(of: "\n", with: " ")
        }
        var writer = CSVWriter()
        writer.row([MessageKey.yearLevel, .id, .fullName, .unit, .category, .reflectionInvitedShort, .yearPresentShort, .yearLateShort,
                    .yearLeftEarlyShort, .yearExcusedShort, .yearUnexcusedShort, .yearRateShort, .yearTargetShort, .yearReflectionsDueShort,
                    .yearReflectionsShort, .reflectionPassedShort, .reflectionBasicallyPassedShort, .reflectionNotPassedShort].map(text))
        func numbers(_ counts: Counts) -> [String] {
            [counts.invited, counts.present, counts.late, counts.leftEarly, counts.absentExcused, counts.absentUnexcused].map(String.init)
                + [CSVWriter.decimal(counts.rate), CSVWriter.decimal(counts.target)]
                + [counts.reflectionsDue, counts.reflectionsSubmitted, counts.passed, counts.basicallyPassed, counts.notPassed].map(String.init)
        }
        for row in delegates {
            writer.row([text(.delegate), row.id, row.name, row.unit, row.category.label(language)] + numbers(row.counts))
        }
        for unit in units {
            writer.row([text(.unit), "", unit.spellings.joined(separator: " | "), unit.unit, ""] + numbers(unit.counts))
        }
        for category in categories {
            writer.row([text(.category), "", "", "", category.category.label(language)] + numbers(category.counts))
        }
        writer.row([text(.total), "", "", "", ""] + numbers(total))
        if !attention.isEmpty {
            writer.row([])
            writer.row([MessageKey.yearLevel, .id, .fullName, .unit].map(text) + ["rule", "value", "conferences"])
            for member in attention {
                for reason in member.reasons {
                    writer.row([text(.yearAttentionHeading), member.id, member.name, member.unit, reason.rule,
                                CSVWriter.decimal(reason.value), reason.conferences.joined(separator: " ")])
                }
            }
        }
        return writer.bytes
    }
}

extension YearReport {
    /// Why `member` needs attention, one phrase per rule, each with the conferences (id and date).
    func attentionReasons(_ member: Attention, language: ReportLanguage) -> [String] {
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        let numbers = language.numbers
        let dates = Dictionary(conferences.map { ($0.id, ReportTime.date($0.date, language: language)) }, uniquingKeysWith: { a, _ in a })
        func named(_ ids: [String]) -> String { ids.map { "\($0) \(dates[$0] ?? "")" }.joined(separator: ", ") }
        return member.reasons.map { reason -> String in
            switch reason.rule {
            case "rate": return text(.yearAttentionRate, numbers.percent(reason.value), named(reason.conferences))
            case "unexcused": return text(.yearAttentionUnexcused, numbers.integer(Int(reason.value)), named(reason.conferences))
            default:
                return text(.yearAttentionReflection, reason.conferences.map { entry -> String in
                    let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
                    let grade = ReflectionGrade(rawValue: parts.last ?? "")
                    let word = grade.map { language == .vietnamese ? $0.vietnamese : $0.english } ?? text(.reflectionMissingList).lowercased()
                    return "\(parts[0]) \(dates[parts[0]] ?? ""): \(word)"
                }.joined(separator: ", "))
            }
        }
    }

    /// `attendctl year --json`: pretty-printed, snake_case keys in sorted order, a final newline.
    public func jsonData() -> Data {
        // The year's types write their keys in snake case themselves (`YearReport+JSONKeys`):
        // converting each key of a district's 8,500 delegates was half of the encoding.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard var data = try? encoder.encode(self) else { preconditionFailure("YearReport failed to encode as JSON") }
        data.append(0x0A)
        return data
    }
}
