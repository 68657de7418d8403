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
        conference info: Tally.ConferenceInfo?, district: String?, language: ReportLanguage = .vietnamese, generatedAt: Timestamp
    ) -> String {
        var report = DistrictHTMLReport(rollup: self, info: info, language: language)
        report.render(district: district.flatMap { $0.isEmpty ? nil : $0 })
        let title = (language == .vietnamese ? "Báo cáo tổng hợp điểm danh – " : "District attendance report – ")
            + (info?.title ?? conference)
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

    private var vi: Bool { language == .vietnamese }
    private func int(_ value: Int) -> String { language.numbers.integer(value) }
    private func pct(_ value: Double?) -> String { language.numbers.percent(value) }
    private func minutes(_ value: Double) -> String { language.numbers.decimal(value) }
    private var date: String { info?.date ?? "" }
    private func time(_ rfc3339: String) -> String { ReportTime.clock(rfc3339, conferenceDate: date, language: language) }

    mutating func render(district: String?) {
        page.masthead(issuer: [district ?? (vi ? "Huyện" : "District")], date: date)
        page.title(vi ? "BÁO CÁO" : "REPORT", subject: [
            vi ? "Tổng hợp kết quả điểm danh đại biểu tại các điểm cầu" : "Attendance at every bridge point of the district",
            info?.title ?? rollup.conference,
        ])
        var facts = [(vi ? "Hội nghị" : "Conference", info.map { "\($0.title) (\(rollup.conference))" } ?? rollup.conference)]
        if let info {
            facts.append((vi ? "Ngày" : "Date", ReportTime.date(info.date, language: language)))
            let parts = info.parts.map { "\($0.name) \(time($0.start))–\(time($0.end))" }
            facts.append((vi ? "Các buổi" : "Parts", parts.isEmpty ? "—" : parts.joined(separator: "; ")))
        }
        facts.append((vi ? "Điểm cầu đã báo cáo" : "Bridge points reported", "\(int(rollup.reported.count))/\(int(rollup.expected))"))
        page.facts(facts)
        summary(district: district)
        bridges()
        page.section(vi ? "III- THEO ĐỐI TƯỢNG (TOÀN HUYỆN)" : "III- BY CATEGORY (THE WHOLE DISTRICT)")
        page.categoryTable(rollup.categories, total: rollup.total)
        curve()
        elsewhere()
        page.signature(
            recipients: vi ? ["- Ban Tuyên giáo Tỉnh ủy (để báo cáo);", "- Thường trực cấp ủy;", "- Lưu."]
                : ["- The provincial propaganda board (for its report);", "- The standing committee;", "- File."],
            signer: vi ? ["NGƯỜI LẬP BÁO CÁO", "(Ký, ghi rõ họ tên)"] : ["PREPARED BY", "(signature and full name)"])
    }

    /// I: the district's figures, then the same in sentences, naming who has not reported.
    private mutating func summary(district: String?) {
        page.section(vi ? "I- KẾT QUẢ CHUNG" : "I- SUMMARY")
        let total = rollup.total
        page.figures([
            (vi ? "Điểm cầu đã báo cáo" : "Bridge points reported", "\(int(rollup.reported.count))/\(int(rollup.expected))",
             !rollup.missing.isEmpty),
            (vi ? "Số lượng dự kiến" : "Expected", rollup.expectedDelegates.map(int) ?? "—", false),
            (vi ? "Số đại biểu được mời" : "Invited", int(total.invited), false),
            (vi ? "Có mặt" : "Present", int(total.present), false),
            (vi ? "Tỷ lệ có mặt" : "Attendance rate", pct(total.rate), total.belowTarget),
            (vi ? "Vắng có lý do" : "Absent, excused", int(total.absentExcused), false),
            (vi ? "Vắng không lý do" : "Absent, unexcused", int(total.absentUnexcused), total.absentUnexcused > 0),
            (vi ? "Ngoài danh sách" : "Walk-ins", int(total.walkIns), false),
        ])
        let sentence = vi
            ? "Có <b>\(int(rollup.reported.count))/\(int(rollup.expected))</b> điểm cầu đã gửi báo cáo với \(int(total.invited)) đại biểu được mời; "
                + "có mặt <b>\(int(total.present))</b> đại biểu, đạt <b>\(pct(total.rate))</b>; vắng có lý do \(int(total.absentExcused)), "
                + "vắng không lý do \(int(total.absentUnexcused))."
            : "<b>\(int(rollup.reported.count)) of \(int(rollup.expected))</b> bridge points have reported, with \(int(total.invited)) invited; "
                + "<b>\(int(total.present))</b> attended, <b>\(pct(total.rate))</b>; \(int(total.absentExcused)) absent with an excuse, "
                + "\(int(total.absentUnexcused)) without."
        page.paragraph(sentence)
        if !rollup.missing.isEmpty {
            let names = rollup.missing.map(HTML.text).joined(separator: ", ")
            page.paragraph(vi ? "<span class=\"miss-mark\">Chưa báo cáo:</span> \(names)."
                : "<span class=\"miss-mark\">Not reported:</span> \(names).")
        }
    }

    /// The day-before line test's verdict: passed, failed, or a dash when none was run.
    private func lineTest(_ passed: Bool?) -> String {
        switch passed {
        case true?: return vi ? "Đạt" : "Passed"
        case false?: return "<span class=\"miss-mark\">\(vi ? "Không đạt" : "Failed")</span>"
        case nil: return "—"
        }
    }

    /// II: a row per bridge point, reported or not, then the rate chart.
    private mutating func bridges() {
        page.section(vi ? "II- THEO ĐIỂM CẦU" : "II- BY BRIDGE POINT")
        var rows: [[String]] = []
        var classes: [String?] = []
        for bridge in rollup.reported {
            let below = bridge.rate.map { $0 < RateChart.targets[0] } ?? false
            rows.append([int(rows.count + 1), HTML.text(bridge.name),
                         bridge.report.map { vi ? "Lần \(int($0))" : "No. \(int($0))" } ?? (vi ? "Đã báo cáo" : "Reported"), int(bridge.invited), int(bridge.present),
                         below ? "<span class=\"miss-mark\">\(pct(bridge.rate))</span>" : pct(bridge.rate),
                         int(bridge.late), int(bridge.leftEarly), minutes(bridge.outageMinutes), lineTest(bridge.lineTestPassed)])
            classes.append(below ? "miss" : nil)
        }
        let announced = Dictionary(rollup.announced.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for name in rollup.missing {
            let early = announced[name]
            rows.append([int(rows.count + 1), HTML.text(name), "<span class=\"miss-mark\">\(vi ? "Chưa báo cáo" : "Not reported")</span>",
                         early.map { int($0.invited) } ?? "—", "—", "—", "—", "—", "—", lineTest(early?.lineTestPassed)])
            classes.append("miss")
        }
        page.table(
            [PageColumn.number(language), .init(header: vi ? "Điểm cầu" : "Bridge point", width: "27%"),
             .init(header: vi ? "Báo cáo" : "Report"), .init(header: vi ? "Được mời" : "Invited", numeric: true),
             .init(header: vi ? "Có mặt" : "Present", numeric: true), .init(header: vi ? "Tỷ lệ" : "Rate", numeric: true),
             .init(header: vi ? "Đến muộn" : "Late", numeric: true), .init(header: vi ? "Về sớm" : "Left early", numeric: true),
             .init(header: vi ? "Mất âm thanh, hình ảnh (phút)" : "Sound or picture lost (min)", numeric: true, width: "13%"),
             .init(header: vi ? "Thử đường truyền" : "Line test", width: "10%")],
            rows: rows,
            footer: ["", vi ? "Toàn huyện" : "District", "\(int(rollup.reported.count))/\(int(rollup.expected))",
                     int(rollup.total.invited), int(rollup.total.present), pct(rollup.total.rate),
                     int(rollup.reported.map(\.late).reduce(0, +)), int(rollup.reported.map(\.leftEarly).reduce(0, +)),
                     minutes(rollup.reported.map(\.outageMinutes).reduce(0, +)), ""],
            rowClasses: classes, empty: vi ? "Chưa có điểm cầu nào." : "No bridge points.")
        let entries = rollup.reported.map { (name: $0.name, rate: $0.rate, reported: true) }
            + rollup.missing.map { (name: $0, rate: Double?.none, reported: false) }
        for chart in RateChart.charts(entries) {
            page.raw("<figure>\n" + chart.svg(language: language) + "\n<figcaption>"
                + HTML.text(vi ? "Tỷ lệ có mặt theo điểm cầu; đường đứt nét: chỉ tiêu 90% và 98%; thanh đỏ: dưới 90%."
                    : "Attendance rate by bridge point; dashed: the 90% and 98% targets; red bars: below 90%.")
                + "</figcaption>\n</figure>")
        }
    }

    /// IV: everyone inside at the district's bridge points together, over the day.
    private mutating func curve() {
        page.section(vi ? "IV- DIỄN BIẾN SỐ NGƯỜI CÓ MẶT (TOÀN HUYỆN)" : "IV- PEOPLE PRESENT OVER THE DAY (THE WHOLE DISTRICT)")
        guard let curve = rollup.curve,
              let chart = PresenceChart(curve: curve, parts: info?.parts ?? [], invited: rollup.total.invited, language: language)
        else {
            page.paragraph(HTML.text(vi ? "Không có số liệu." : "No data."), className: "none")
            return
        }
        page.raw(PresenceChartFigure.html(chart, language: language, id: "district", invitedLabel:
            vi ? "Được mời: \(int(rollup.total.invited))" : "Invited: \(int(rollup.total.invited))",
            slotMinutes: curve.slotMinutes, conferenceDate: date))
    }

    /// V: delegates counted present at another bridge point than their own.
    private mutating func elsewhere() {
        guard !rollup.attendedElsewhere.isEmpty else { return }
        page.section(vi ? "V- ĐẠI BIỂU DỰ TẠI ĐIỂM CẦU KHÁC" : "V- DELEGATES WHO ATTENDED ELSEWHERE")
        let names = Dictionary(rollup.reported.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        page.table(
            [PageColumn.number(language), .init(header: vi ? "Mã" : "Id"), .init(header: vi ? "Được mời tại" : "Invited at"),
             .init(header: vi ? "Dự tại" : "Attended at")],
            rows: rollup.attendedElsewhere.enumerated().map { k, person in
                [int(k + 1), HTML.text(person.id), HTML.text(names[person.invitedAt] ?? person.invitedAt),
                 HTML.text(names[person.cameTo] ?? person.cameTo)]
            })
    }
}
