extension Tally {
    /// The printable report of one bridge point: one self-contained HTML page (inline CSS and
    /// SVG, no scripts, no fetches) laid out as an official report on A4 portrait.
    ///
    /// - Parameters:
    ///   - site: the bridge point's name (`[daemon] site_name`); the tally's bridge id, else a
    ///     plain "bridge point", when nil or empty.
    ///   - generatedAt: when the report is made, for the small print at its end.
    ///   - lineTests: the newest line test per target; those started after the conference
    ///     ended are left out (they say nothing about its line).
    public func htmlReport(
        language: ReportLanguage = .vietnamese, site: String? = nil, generatedAt: Timestamp, lineTests: [LineTestResult] = [],
        voids: [VoidedEvent]? = nil, heading: ReportHeading = ReportHeading()
    ) -> String {
        var report = TallyHTMLReport(tally: self, language: language)
        report.page.heading = heading
        report.voids = voids
        let end = conference.parts.compactMap { Timestamp(rfc3339: $0.end) }.max()
        report.lineTests = lineTests.filter { test in
            guard let started = Timestamp(rfc3339: test.startedAt), let end else { return false }
            return started <= end
        }.sorted { $0.target < $1.target }
        report.render(site: site.flatMap { $0.isEmpty ? nil : $0 } ?? bridge)
        let title = language.text(.htmlTitle, conference.title)
        return report.page.document(title: title, generatedAt: generatedAt)
    }
}

/// Builds `htmlReport` section by section.
private struct TallyHTMLReport {
    let tally: Tally
    let language: ReportLanguage
    var page: ReportPage
    var lineTests: [LineTestResult] = []
    /// The voided events, listed after the lists; nil leaves the section out.
    var voids: [VoidedEvent]?

    init(tally: Tally, language: ReportLanguage) {
        self.tally = tally
        self.language = language
        page = ReportPage(language: language)
    }

    private func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
    private func int(_ value: Int) -> String { language.numbers.integer(value) }
    private func pct(_ value: Double?) -> String { language.numbers.percent(value) }
    private func minutes(_ value: Double) -> String { language.numbers.decimal(value) }
    private func time(_ rfc3339: String) -> String {
        ReportTime.clock(rfc3339, conferenceDate: tally.conference.date, language: language)
    }
    private func label(_ category: DelegateCategory) -> String { category.label(language) }

    mutating func render(site: String?) {
        let conference = tally.conference
        page.masthead(issuer: [text(.bridgePoint), site ?? text(.htmlUnnamed)], date: conference.date)
        page.title(text(.htmlReport), subject: [text(.htmlSubject), conference.title])
        let parts = conference.parts.map { "\($0.name) \(time($0.start))–\(time($0.end))" }
        page.facts([
            (text(.conference), "\(conference.title) (\(conference.id))"),
            (text(.date), ReportTime.date(conference.date, language: language)),
            (text(.parts), parts.isEmpty ? "—" : parts.joined(separator: "; ")),
            (text(.htmlGrace), text(.minutesValue, int(conference.graceMinutes))),
        ])
        summary(site: site)
        categories()
        parts_()
        curve()
        incidents()
        lists()
        // VII, when the conference follows written reflections (after the lists, as in the text report).
        if let reflections = tally.reflections { page.reflections(reflections.htmlSection, heading: text(.textReflectionsHeading)) }
        if let voids { page.voids(voids, conferenceDate: tally.conference.date) }
        page.signature(
            recipients: [text(.htmlRecipientBoard), text(.htmlRecipientFile)], signer: [text(.htmlSigner), text(.htmlSignerNote)])
    }

    /// I: the figures beside the expected count, then the same in a sentence.
    private mutating func summary(site: String?) {
        page.section(text(.htmlSummaryHeading))
        let total = tally.total
        page.figures([
            (text(.invitedCount), int(total.invited), false),
            (text(.expected), tally.conference.expected.map(int) ?? "—", false),
            (text(.present), int(total.present), false),
            (text(.attendanceRate), pct(total.rate), total.belowTarget),
            (text(.htmlAbsentExcused), int(total.absentExcused), false),
            (text(.htmlAbsentUnexcused), int(total.absentUnexcused), total.absentUnexcused > 0),
            (text(.htmlWalkIns), int(total.walkIns), false),
        ])
        let place = site.map(HTML.text) ?? text(.htmlTheBridgePoint)
        // Closed before any part began (TallyComputation): invited, but nobody present or absent.
        if total.invited > 0 && total.present + total.absentExcused + total.absentUnexcused == 0 {
            page.paragraph(HTML.text(text(.htmlClosedBeforeStart)))
            return
        }
        var sentence = text(.htmlSummarySentence, place, int(total.present), int(total.invited), pct(total.rate))
        if let expected = tally.conference.expected {
            sentence += text(.htmlSummaryExpected, int(expected))
        }
        sentence += text(.htmlSummaryAbsent, int(total.absentExcused), int(total.absentUnexcused))
        if total.walkIns > 0 {
            sentence += text(.htmlSummaryWalkIns, int(total.walkIns))
        }
        page.paragraph(sentence + ".")
    }

    /// II: a row per category with its rate against its target; a miss is marked in words.
    private mutating func categories() {
        page.section(text(.htmlByCategoryHeading))
        page.categoryTable(tally.categories, total: tally.total)
    }

    /// III: each part: who came, who was there at its start and end, late and early.
    private mutating func parts_() {
        page.section(text(.byPartHeading))
        let shown = TallyRows.partColumns.shown(in: .html, language)
        let info = Dictionary(tally.conference.parts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = tally.parts.map { part -> [String] in
            let span = info[part.name].map { "\(time($0.start))–\(time($0.end))" } ?? ""
            return [HTML.text(part.name), span] + shown.map { $0.column.readable(part, language) }
        }
        page.table(
            [.init(header: text(.part)), .init(header: text(.htmlSpan))] + shown.map { .init(header: $0.header, numeric: true) },
            rows: rows, empty: text(.noParts))
    }

    /// IV: the presence curve with the parts and incidents on it.
    private mutating func curve() {
        page.section(text(.htmlCurveHeading))
        guard let chart = PresenceChart(
            curve: tally.curve, parts: tally.conference.parts, incidents: tally.incidents?.entries ?? [],
            invited: tally.total.invited, language: language)
        else {
            page.paragraph(HTML.text(text(.noData)), className: "none")
            return
        }
        page.raw(PresenceChartFigure.html(chart, language: language, id: "presence", invitedLabel:
            text(.htmlInvitedLabel, int(tally.total.invited)),
            slotMinutes: tally.curve.slotMinutes, conferenceDate: tally.conference.date))
    }

    /// V: sound and picture per part, and every incident.
    private mutating func incidents() {
        page.section(text(.htmlIncidentsHeading))
        lineTestTable()
        guard let summary = tally.incidents else {
            page.paragraph(HTML.text(text(.htmlNoIncidentData)), className: "none")
            return
        }
        if summary.entries.isEmpty {
            page.paragraph(HTML.text(text(.htmlNoIncidents)))
        } else {
            var sentence = text(.htmlOutage, minutes(summary.outageMinutes), minutes(summary.peopleMinutesLost))
            if let longest = summary.longestOutage {
                sentence += text(.htmlLongestOutage, HTML.text(longest.kind.label(language).lowercased()), time(longest.start),
                                 minutes(longest.minutes))
            }
            page.paragraph(sentence + ".")
        }
        page.table(
            [.init(header: text(.part)), .init(header: text(.htmlHadSound), numeric: true),
             .init(header: text(.htmlHadPicture), numeric: true),
             .init(header: text(.soundLostMinutes), numeric: true),
             .init(header: text(.pictureLostMinutes), numeric: true)],
            rows: summary.parts.map {
                [HTML.text($0.name), pct($0.soundPercent), pct($0.picturePercent), minutes($0.soundLostMinutes), minutes($0.pictureLostMinutes)]
            })
        guard !summary.entries.isEmpty else { return }
        let rows = summary.entries.enumerated().map { index, entry -> [String] in
            var detail = source(entry)
            if !entry.note.isEmpty { detail += "; " + HTML.text(ProbeCause.readable(entry.note, language)) }
            if entry.closedByConferenceEnd { detail += text(.stillOpen) }
            return [int(index + 1), HTML.text(entry.kind.label(language)), time(entry.start), time(entry.end),
                    minutes(entry.minutes), int(entry.peopleInsideAtStart), minutes(entry.peopleMinutesLost), detail]
        }
        page.table(
            [.init(header: text(.number), numeric: true), .init(header: text(.incidentKind)),
             .init(header: text(.from)), .init(header: text(.to)), .init(header: text(.htmlMinutesShort), numeric: true),
             .init(header: text(.peopleAtStart), numeric: true),
             .init(header: text(.peopleMinutes), numeric: true), .init(header: text(.sourceNote))],
            rows: rows)
    }

    /// The day-before line test (thử đường truyền), newest per target, when one was made.
    private mutating func lineTestTable() {
        guard !lineTests.isEmpty else { return }
        func ms(_ value: Double?) -> String { value.map { minutes($0) + " ms" } ?? "—" }
        page.table(
            [.init(header: text(.htmlLineTestTo)), .init(header: text(.at)),
             .init(header: text(.htmlLoss), numeric: true), .init(header: text(.htmlRoundTrip), numeric: true),
             .init(header: text(.htmlLongestGap), numeric: true), .init(header: text(.htmlResult))],
            rows: lineTests.map { test in
                [HTML.text(test.target), time(test.startedAt), pct(test.lossPercent), ms(test.rttP95Ms),
                 minutes(test.longestOutageSeconds) + " s",
                 test.passed ? "<span class=\"ok-mark\">\(text(.passed))</span>"
                     : "<span class=\"miss-mark\">▼ \(text(.failed))</span>"]
            })
    }

    private func source(_ entry: IncidentSummary.Entry) -> String {
        let who = text(entry.source.messageKey)
        return HTML.text(who + (entry.sourceName.map { $0.isEmpty ? "" : " " + $0 } ?? ""))
    }

    /// VI: the names.
    private mutating func lists() {
        page.section(text(.htmlListsHeading))
        let number = PageColumn.number(language)
        let name = ReportPage.Column(header: text(.fullName), width: "28%")
        let id = ReportPage.Column(header: text(.id))
        let unit = ReportPage.Column(header: text(.unit))
        let none = text(.htmlNone)
        let unexcused = tally.absentees.filter { !$0.excused }
        let excused = tally.absentees.filter(\.excused)

        page.subsection("1. \(text(.absentWithoutExcuse)) (\(int(unexcused.count)))")
        page.table([number, name, id, unit, .init(header: text(.category))],
                   rows: unexcused.enumerated().map { k, p in
                       [int(k + 1), HTML.text(p.name), HTML.text(p.id), HTML.text(p.unit), HTML.text(label(p.category))]
                   }, empty: none)

        page.subsection("2. \(text(.absentWithExcuse)) (\(int(excused.count)))")
        page.table([number, name, id, unit, .init(header: text(.reason), width: "28%")],
                   rows: excused.enumerated().map { k, p in
                       [int(k + 1), HTML.text(p.name), HTML.text(p.id), HTML.text(p.unit), HTML.text(p.reason ?? "—")]
                   }, empty: none)

        for (index, title, entries, header) in [
            (3, text(.arrivedLate), tally.lateArrivals, text(.htmlLateMinutes)),
            (4, text(.leftEarly), tally.earlyLeavers, text(.htmlEarlyMinutes)),
        ] {
            page.subsection("\(index). \(title) (\(int(entries.count)))")
            page.table([number, name, unit, .init(header: text(.part)), .init(header: text(.at)),
                        .init(header: header, numeric: true)],
                       rows: entries.enumerated().map { k, e in
                           [int(k + 1), HTML.text(e.name.isEmpty ? e.id : e.name), HTML.text(e.unit), HTML.text(e.part),
                            time(e.at), int(e.minutes)]
                       }, empty: none)
        }

        page.subsection("5. \(text(.htmlWalkInsList)) (\(int(tally.walkIns.count)))")
        page.table([number, id, .init(header: text(.firstSeen))],
                   rows: tally.walkIns.enumerated().map { k, w in [int(k + 1), HTML.text(w.id), time(w.firstSeen)] },
                   empty: none)
    }
}

/// Columns every list shares.
enum PageColumn {
    static func number(_ language: ReportLanguage) -> ReportPage.Column {
        .init(header: language.text(.number), numeric: true, width: "7%")
    }
}

/// The presence chart in a `<figure>` with its legend and a caption naming the peak.
enum PresenceChartFigure {
    static func html(_ chart: PresenceChart, language: ReportLanguage, id: String, invitedLabel: String?,
                     slotMinutes: Int, conferenceDate: String) -> String {
        // Each swatch and its label in one unbreakable item, so a line never ends between them.
        var items = [("curve", language.text(.chartPeoplePresent)), ("part", language.text(.chartParts))]
        if chart.invitedY != nil { items.append(("invited", language.text(.chartInvited))) }
        if chart.incidents.contains(where: \.outage) { items.append(("outage", language.text(.chartOutage))) }
        if chart.incidents.contains(where: { !$0.outage }) { items.append(("degraded", language.text(.chartDegraded))) }
        let legend = items.map { "<span class=\"legend-item\"><span class=\"swatch \($0.0)\"></span>\($0.1)</span>" }.joined(separator: " ")
        let peakAt = ReportTime.clock(Timestamp(milliseconds: chart.peak.at).vietnam, conferenceDate: conferenceDate, language: language)
        let peak = language.numbers.integer(chart.peak.count)
        let caption = language.text(.chartCaption, "\(slotMinutes)", peak, peakAt)

        return "<figure>\n" + chart.svg(language: language, invitedLabel: invitedLabel, id: id)
            + "\n<p class=\"legend\">\(legend)</p>\n<figcaption>\(HTML.text(caption))</figcaption>\n</figure>"
    }
}
