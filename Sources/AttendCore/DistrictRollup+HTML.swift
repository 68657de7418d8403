extension DistrictRollup {
    /// The printable district report: one self-contained HTML page for A4 portrait, with the
    /// district's totals, a table of its bridge points (reported or missing, invited, present,
    /// rate, late, left early, minutes without sound or picture), the totals per category, a
    /// bar chart of the rate per bridge point and the district's summed presence curve.
    ///
    /// - Parameters:
    ///   - conference: the conference as the bridge points' tallies describe it (title, date,
    ///     parts); nil when none has reported, and the report names only the id.
    ///   - district: the hub's name (`[daemon] site_name`).
    public func htmlReport(
        conference info: Tally.ConferenceInfo?, district: String?, language: ReportLanguage = .vietnamese, generatedAt: Timestamp,
        heading: ReportHeading = ReportHeading()
    ) -> String {
        var report = DistrictHTMLReport(rollup: self, info: info, language: language)
        report.page.heading = heading
        report.render(district: district.flatMap { $0.isEmpty ? nil : $0 })
        let title = language.text(.districtHTMLTitle, info?.title ?? conference)
        return report.page.document(title: title, generatedAt: generatedAt)
    }
}

/// Builds the district's `htmlReport` section by section.
private struct DistrictHTMLReport {
    let rollup: DistrictRollup
    let info: Tally.ConferenceInfo?
    let language: ReportLanguage
    var page: ReportPage

    init(rollup: DistrictRollup, info: Tally.ConferenceInfo?, language: ReportLanguage) {
        self.rollup = rollup
        self.info = info
        self.language = language
        page = ReportPage(language: language)
    }

    private func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
    private func int(_ value: Int) -> String { language.numbers.integer(value) }
    private func pct(_ value: Double?) -> String { language.numbers.percent(value) }
    private func minutes(_ value: Double) -> String { language.numbers.decimal(value) }
    private var date: String { info?.date ?? "" }
    private func time(_ rfc3339: String) -> String { ReportTime.clock(rfc3339, conferenceDate: date, language: language) }

    mutating func render(district: String?) {
        page.masthead(issuer: [district ?? text(.districtHTMLIssuer)], date: date)
        page.title(text(.htmlReport), subject: [text(.districtHTMLSubject), info?.title ?? rollup.conference])
        var facts = [(text(.conference), info.map { "\($0.title) (\(rollup.conference))" } ?? rollup.conference)]
        if let info {
            facts.append((text(.date), ReportTime.date(info.date, language: language)))
            let parts = info.parts.map { "\($0.name) \(time($0.start))–\(time($0.end))" }
            facts.append((text(.parts), parts.isEmpty ? "—" : parts.joined(separator: "; ")))
        }
        facts.append((text(.bridgePointsReported), "\(int(rollup.reported.count))/\(int(rollup.expected))"))
        page.facts(facts)
        // While open, the live view first: what the district staff watch; the final figures follow.
        rollup.live?.htmlSection(into: &page, language: language, conferenceDate: date.isEmpty ? String(rollup.live?.at.prefix(10) ?? "") : date)
        summary(district: district)
        bridges()
        page.section(text(.districtHTMLByCategory))
        page.categoryTable(rollup.categories, total: rollup.total)
        curve()
        elsewhere()
        plan()
        if let reflections = rollup.reflections {
            // Numbered after the sections above that are there: V, VI or VII.
            let number = 5 + (rollup.attendedElsewhere.isEmpty ? 0 : 1) + (rollup.plan == nil ? 0 : 1)
            page.reflections(reflections.htmlSection, heading: SectionNumbering.roman(number) + "- " + text(.reflectionsHeading))
        }
        page.signature(
            recipients: [text(.districtHTMLRecipientProvince), text(.districtHTMLRecipientStanding), text(.htmlRecipientFile)],
            signer: [text(.htmlSigner), text(.htmlSignerNote)])
    }

    /// I: the district's figures, then the same in sentences, naming who has not reported.
    private mutating func summary(district: String?) {
        page.section(text(.htmlSummaryHeading))
        let total = rollup.total
        page.figures([
            (text(.bridgePointsReported), "\(int(rollup.reported.count))/\(int(rollup.expected))", !rollup.missing.isEmpty),
            (text(.expected), rollup.expectedDelegates.map(int) ?? "—", false),
            (text(.invitedCount), int(total.invited), false),
            (text(.present), int(total.present), false),
            (text(.attendanceRate), pct(total.rate), total.belowTarget),
            (text(.htmlAbsentExcused), int(total.absentExcused), false),
            (text(.htmlAbsentUnexcused), int(total.absentUnexcused), total.absentUnexcused > 0),
            (text(.htmlWalkIns), int(total.walkIns), false),
        ])
        page.paragraph(text(
            .districtHTMLSummary, int(rollup.reported.count), int(rollup.expected), int(total.invited), int(total.present),
            pct(total.rate), int(total.absentExcused), int(total.absentUnexcused)))
        if !rollup.missing.isEmpty {
            let names = rollup.missing.map(HTML.text).joined(separator: ", ")
            page.paragraph(text(.districtHTMLNotReportedList, names))
        }
    }

    /// II: a row per bridge point, reported or not, then the rate chart.
    private mutating func bridges() {
        page.section(text(.districtHTMLByBridge))
        let columns = BridgeColumn.shown(in: .html)
        var rows: [[String]] = []
        var classes: [String?] = []
        for bridge in rollup.reported {
            let below = bridge.rate.map { $0 < RateChart.targets[0] } ?? false
            rows.append([int(rows.count + 1), HTML.text(bridge.name),
                         bridge.report.map { text(.districtHTMLReportNumber, int($0)) } ?? text(.districtHTMLReported)]
                + columns.map { $0.cell(bridge, reported: true, .html, language) })
            classes.append(below ? "miss" : nil)
        }
        let announced = Dictionary(rollup.announced.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in rollup.missing {
            let early = announced[name]
            rows.append([int(rows.count + 1), HTML.text(name), "<span class=\"miss-mark\">\(text(.districtHTMLNotReported))</span>"]
                + columns.map { $0.cell(early, reported: false, .html, language) })
            classes.append("miss")
        }
        page.table(
            [PageColumn.number(language), .init(header: text(.bridgePoint), width: "27%"),
             .init(header: text(.districtHTMLReport))]
                + columns.map { .init(header: $0.header(.html, language), numeric: $0.numeric, width: $0.htmlWidth) },
            rows: rows,
            footer: ["", text(.districtHTMLWhole), "\(int(rollup.reported.count))/\(int(rollup.expected))",
                     int(rollup.total.invited), int(rollup.total.present), pct(rollup.total.rate),
                     int(rollup.reported.map(\.late).reduce(0, +)), int(rollup.reported.map(\.leftEarly).reduce(0, +)),
                     minutes(rollup.reported.map(\.outageMinutes).reduce(0, +)), ""],
            rowClasses: classes, empty: text(.districtHTMLNoBridges))
        let entries = rollup.reported.map { (name: $0.name, rate: $0.rate, reported: true) }
            + rollup.missing.map { (name: $0, rate: Double?.none, reported: false) }
        for chart in RateChart.charts(entries) {
            page.raw("<figure>\n" + chart.svg(language: language) + "\n<figcaption>"
                + HTML.text(text(.districtHTMLRateCaption))
                + "</figcaption>\n</figure>")
        }
    }

    /// V (VI after those who attended elsewhere): the day-before board of a published
    /// conference, a row per bridge point, a hall that does not hold the newest revision or whose
    /// clock is beyond the limit marked.
    private mutating func plan() {
        guard let plan = rollup.plan else { return }
        page.section(SectionNumbering.roman(rollup.attendedElsewhere.isEmpty ? 5 : 6) + "- " + plan.title(language).uppercased())
        var rows: [[String]] = []
        var classes: [String?] = []
        for row in plan.bridges {
            var cells = plan.cells(row, language).map(HTML.text)
            let behind = row.taking && !row.isCurrent(plan.revision)
            if behind { cells[0] = "<span class=\"miss-mark\">\(cells[0])</span>" }
            if plan.offsetBeyondLimit(row) { cells[6] = "<span class=\"miss-mark\">\(cells[6])</span>" }
            rows.append([int(rows.count + 1), HTML.text(row.name)] + cells)
            classes.append(behind || plan.offsetBeyondLimit(row) ? "miss" : nil)
        }
        let numeric = [true, false, true, true, true, false, true, false]
        page.table(
            [PageColumn.number(language), .init(header: text(.bridgePoint), width: "22%")]
                + zip(PlanBoard.headers(language), numeric).map { .init(header: DistrictRollup.oneLine($0), numeric: $1) },
            rows: rows, rowClasses: classes)
        let reasons = plan.bridges.compactMap { row in row.reason.map { "\(HTML.text(row.name)): \(HTML.text($0))" } }
        if !reasons.isEmpty { page.paragraph(reasons.joined(separator: "<br>")) }
    }

    /// IV: everyone inside at the district's bridge points together, over the day.
    private mutating func curve() {
        page.section(text(.districtHTMLCurve))
        guard let curve = rollup.curve,
              let chart = PresenceChart(curve: curve, parts: info?.parts ?? [], invited: rollup.total.invited, language: language)
        else {
            page.paragraph(HTML.text(text(.noData)), className: "none")
            return
        }
        page.raw(PresenceChartFigure.html(chart, language: language, id: "district", invitedLabel:
            text(.htmlInvitedLabel, int(rollup.total.invited)),
            slotMinutes: curve.slotMinutes, conferenceDate: date))
    }

    /// V: delegates counted present at another bridge point than their own.
    private mutating func elsewhere() {
        guard !rollup.attendedElsewhere.isEmpty else { return }
        page.section(text(.districtHTMLElsewhere))
        let names = Dictionary(rollup.reported.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        page.table(
            [PageColumn.number(language), .init(header: text(.id)), .init(header: text(.districtHTMLInvitedAt)),
             .init(header: text(.districtHTMLAttendedAt))],

            rows: rollup.attendedElsewhere.enumerated().map { k, person in
                [int(k + 1), HTML.text(person.id), HTML.text(names[person.invitedAt] ?? person.invitedAt),
                 HTML.text(names[person.cameTo] ?? person.cameTo)]
            })
    }
}
