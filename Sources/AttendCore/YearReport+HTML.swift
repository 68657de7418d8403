import Foundation

extension YearReport {
    /// The year as a printed report to attach to the yearly evaluation (`attendctl year --html
    /// FILE`): one self-contained page in the official layout (issuing body and number top left,
    /// the Party's name and the date top right, `BÁO CÁO` and its subject centred), the figures
    /// in a sentence, then the tables per delegate (STT, in the official order), per unit and per
    /// category against the targets, the members needing attention with the conferences behind
    /// it, partial halls when a hub has any, the recipients and the signature.
    ///
    /// - Parameters:
    ///   - issuer: the bridge point's or district's name (`[daemon] site_name`); empty for a
    ///     blank line the clerk fills in.
    ///   - generatedAt: when it is made: the date top right, and the small print.
    public func htmlReport(
        language: ReportLanguage = .vietnamese, issuer: String, generatedAt: Timestamp, heading: ReportHeading = ReportHeading()
    ) -> String {
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        let numbers = language.numbers
        func int(_ value: Int) -> String { numbers.integer(value) }
        func date(_ day: String) -> String { ReportTime.date(day, language: language) }
        func header(_ key: MessageKey) -> String { text(key).replacingOccurrences(of: "\n", with: " ") }
        let years = from.prefix(4) == to.prefix(4) ? String(from.prefix(4)) : "\(from.prefix(4))-\(to.prefix(4))"

        var page = ReportPage(language: language)
        page.heading = heading
        page.masthead(issuer: [issuer.isEmpty ? text(.htmlUnnamed) : issuer], date: String(generatedAt.vietnam.prefix(10)))
        page.title(text(.htmlReport), subject: [text(.yearHTMLSubject, years)])
        page.facts([
            (text(.yearHTMLSpan), text(.yearSpan, date(from), date(to), int(conferences.count))),
            (text(.yearHTMLMembers), int(delegates.count)),
        ])
        page.paragraph(HTML.text(text(
            .yearHTMLSentence, int(total.invited), int(total.present), numbers.percent(total.rate), int(total.absentExcused),
            int(total.absentUnexcused), int(total.reflectionsSubmitted), int(total.reflectionsDue), int(attention.count))))
        for (heading, halls) in [(MessageKey.yearPartialHeading, partial), (.yearPartialReflectionsHeading, partialReflections)] where !halls.isEmpty {
            page.paragraph(HTML.text(text(heading) + " "
                + halls.map { text(.yearPartialHall, date($0.date), $0.conference, $0.bridge) }.joined(separator: "; ")), className: "none")
        }

        // The figures' cells, as escaped markup; a rate below its target in bold.
        func cells(_ counts: Counts, target: Bool) -> [String] {
            var values = [int(counts.invited), int(counts.present)]
            if !target { values.append("\(int(counts.late))/\(int(counts.leftEarly))") }
            values.append("\(int(counts.absentExcused))/\(int(counts.absentUnexcused))")
            let rate = HTML.text(numbers.percent(counts.rate))
            var cells = values.map(HTML.text) + [counts.belowTarget ? "<strong>\(rate)*</strong>" : rate]
            if target { cells.append(HTML.text(counts.target.map { numbers.percent($0) } ?? "—")) }
            cells += [counts.reflectionsDue == 0 ? "—" : "\(int(counts.reflectionsSubmitted))/\(int(counts.reflectionsDue))",
                      "\(int(counts.passed))/\(int(counts.basicallyPassed))/\(int(counts.notPassed))"].map(HTML.text)
            return cells
        }
        func columns(_ names: [ReportPage.Column], target: Bool) -> [ReportPage.Column] {
            var keys: [MessageKey] = [.reflectionInvitedShort, .yearPresentShort]
            if !target { keys.append(.yearLateEarlyShort) }
            keys += [.yearAbsentShort, .yearRateShort]
            if target { keys.append(.yearTargetShort) }
            keys += [.yearReflectionsShort, .yearGradesShort]
            return [.init(header: text(.number), numeric: true, width: "5%")] + names + keys.map { .init(header: header($0), numeric: true) }
        }

        page.section(text(.yearByDelegate))
        page.table(
            columns([.init(header: text(.delegate), width: "30%"), .init(header: text(.unit), width: "13%")], target: false),
            rows: delegates.enumerated().map { index, row in
                [int(index + 1), HTML.text(row.name.isEmpty ? row.id : "\(row.name) (\(row.id))"), HTML.text(row.unit)]
                    + cells(row.counts, target: false)
            }, empty: text(.textNone))

        page.section(text(.yearByUnit))
        page.table(
            columns([.init(header: text(.unit), width: "30%")], target: true),
            rows: units.enumerated().map { index, unit in
                var name = HTML.text(unit.unit.isEmpty ? "—" : unit.unit)
                if !unit.spellings.isEmpty {
                    name += " <small>(" + HTML.text(text(.yearSpellings, unit.spellings.map { "\"\($0)\"" }.joined(separator: ", "))) + ")</small>"
                }
                return [int(index + 1), name] + cells(unit.counts, target: true)
            }, empty: text(.textNone))

        page.section(text(.yearByCategory))
        page.table(
            columns([.init(header: text(.category), width: "30%")], target: true),
            rows: categories.enumerated().map { index, category in
                [int(index + 1), HTML.text(category.category.label(language))] + cells(category.counts, target: true)
            },
            footer: ["", HTML.text(text(.total))] + cells(total, target: true))

        page.section(text(.yearAttentionHeading))
        page.table(
            [.init(header: text(.number), numeric: true, width: "5%"), .init(header: text(.delegate), width: "28%"),
             .init(header: text(.unit), width: "17%"), .init(header: text(.yearHTMLReasons))],
            rows: attention.enumerated().map { index, member in
                [int(index + 1), HTML.text(member.name.isEmpty ? member.id : "\(member.name) (\(member.id))"), HTML.text(member.unit),
                 attentionReasons(member, language: language).map(HTML.text).joined(separator: "<br>")]
            }, empty: text(.textNone))
        page.paragraph(HTML.text(text(.yearNotes)), className: "none")
        page.signature(
            recipients: [text(.htmlRecipientBoard), text(.htmlRecipientFile)], signer: [text(.htmlSigner), text(.htmlSignerNote)])
        return page.document(title: text(.yearTitle, years), generatedAt: generatedAt)
    }
}
