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
        voids: [VoidedEvent]? = nil
    ) -> String {
        var report = TallyHTMLReport(tally: self, language: language)
        report.voids = voids
        let end = conference.parts.compactMap { Timestamp(rfc3339: $0.end) }.max()
        report.lineTests = lineTests.filter { test in
            guard let started = Timestamp(rfc3339: test.startedAt), let end else { return false }
            return started <= end
        }.sorted { $0.target < $1.target }
        report.render(site: site.flatMap { $0.isEmpty ? nil : $0 } ?? bridge)
        let title = (language == .vietnamese ? "Báo cáo điểm danh – " : "Attendance report – ") + conference.title
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

    private var vi: Bool { language == .vietnamese }
    private func int(_ value: Int) -> String { language.numbers.integer(value) }
    private func pct(_ value: Double?) -> String { language.numbers.percent(value) }
    private func minutes(_ value: Double) -> String { language.numbers.decimal(value) }
    private func time(_ rfc3339: String) -> String {
        ReportTime.clock(rfc3339, conferenceDate: tally.conference.date, language: language)
    }
    private func label(_ category: DelegateCategory) -> String { vi ? category.vietnameseLabel : category.englishLabel }

    mutating func render(site: String?) {
        let conference = tally.conference
        page.masthead(issuer: [vi ? "Điểm cầu" : "Bridge point", site ?? (vi ? "(chưa đặt tên)" : "(unnamed)")],
                      date: conference.date)
        page.title(vi ? "BÁO CÁO" : "REPORT", subject: [
            vi ? "Kết quả điểm danh đại biểu dự hội nghị trực tuyến" : "Attendance at the online conference",
            conference.title,
        ])
        let parts = conference.parts.map { "\($0.name) \(time($0.start))–\(time($0.end))" }
        page.facts([
            (vi ? "Hội nghị" : "Conference", "\(conference.title) (\(conference.id))"),
            (vi ? "Ngày" : "Date", ReportTime.date(conference.date, language: language)),
            (vi ? "Các buổi" : "Parts", parts.isEmpty ? "—" : parts.joined(separator: "; ")),
            (vi ? "Đến muộn, về sớm tính sau" : "Late or early after", vi ? "\(int(conference.graceMinutes)) phút" : "\(int(conference.graceMinutes)) min"),
        ])
        summary(site: site)
        categories()
        parts_()
        curve()
        incidents()
        lists()
        if let voids { page.voids(voids, conferenceDate: tally.conference.date) }
        page.signature(
            recipients: vi ? ["- Ban Tuyên giáo (để báo cáo);", "- Lưu."] : ["- The propaganda board (for its report);", "- File."],
            signer: vi ? ["NGƯỜI LẬP BÁO CÁO", "(Ký, ghi rõ họ tên)"] : ["PREPARED BY", "(signature and full name)"])
    }

    /// I: the figures beside the expected count, then the same in a sentence.
    private mutating func summary(site: String?) {
        page.section(vi ? "I- KẾT QUẢ CHUNG" : "I- SUMMARY")
        let total = tally.total
        page.figures([
            (vi ? "Số đại biểu được mời" : "Invited", int(total.invited), false),
            (vi ? "Số lượng dự kiến" : "Expected", tally.conference.expected.map(int) ?? "—", false),
            (vi ? "Có mặt" : "Present", int(total.present), false),
            (vi ? "Tỷ lệ có mặt" : "Attendance rate", pct(total.rate), total.belowTarget),
            (vi ? "Vắng có lý do" : "Absent, excused", int(total.absentExcused), false),
            (vi ? "Vắng không lý do" : "Absent, unexcused", int(total.absentUnexcused), total.absentUnexcused > 0),
            (vi ? "Ngoài danh sách" : "Walk-ins", int(total.walkIns), false),
        ])
        let place = site.map(HTML.text) ?? (vi ? "điểm cầu" : "the bridge point")
        // Closed before any part began (TallyComputation): invited, but nobody present or absent.
        if total.invited > 0 && total.present + total.absentExcused + total.absentUnexcused == 0 {
            page.paragraph(HTML.text(vi ? "Hội nghị kết thúc trước khi buổi đầu tiên bắt đầu: không ai bị tính vắng."
                : "The conference closed before its first part began: nobody is counted absent."))
            return
        }
        var sentence = vi
            ? "Tại \(place), có <b>\(int(total.present))/\(int(total.invited))</b> đại biểu được mời có mặt, đạt <b>\(pct(total.rate))</b>"
            : "At \(place), <b>\(int(total.present)) of \(int(total.invited))</b> invited delegates attended: <b>\(pct(total.rate))</b>"
        if let expected = tally.conference.expected {
            sentence += vi ? " (số lượng dự kiến \(int(expected)))" : " (\(int(expected)) expected)"
        }
        sentence += vi
            ? "; vắng có lý do \(int(total.absentExcused)), vắng không lý do \(int(total.absentUnexcused))"
            : "; \(int(total.absentExcused)) absent with an excuse, \(int(total.absentUnexcused)) without"
        if total.walkIns > 0 {
            sentence += vi ? "; ngoài ra có \(int(total.walkIns)) người không có trong danh sách" : "; and \(int(total.walkIns)) walk-ins"
        }
        page.paragraph(sentence + ".")
    }

    /// II: a row per category with its rate against its target; a miss is marked in words.
    private mutating func categories() {
        page.section(vi ? "II- THEO ĐỐI TƯỢNG" : "II- BY CATEGORY")
        page.categoryTable(tally.categories, total: tally.total)
    }

    /// III: each part: who came, who was there at its start and end, late and early.
    private mutating func parts_() {
        page.section(vi ? "III- THEO BUỔI" : "III- BY PART")
        let info = Dictionary(tally.conference.parts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = tally.parts.map { part -> [String] in
            let span = info[part.name].map { "\(time($0.start))–\(time($0.end))" } ?? ""
            return [HTML.text(part.name), span, int(part.present), int(part.presentAtStart), int(part.presentAtEnd),
                    int(part.arrivedLate), int(part.leftEarly)]
        }
        page.table(
            [.init(header: vi ? "Buổi" : "Part"), .init(header: vi ? "Thời gian" : "Time"),
             .init(header: vi ? "Có mặt" : "Present", numeric: true), .init(header: vi ? "Có mặt đầu buổi" : "At the start", numeric: true),
             .init(header: vi ? "Có mặt cuối buổi" : "At the end", numeric: true), .init(header: vi ? "Đến muộn" : "Late", numeric: true),
             .init(header: vi ? "Về sớm" : "Left early", numeric: true)],
            rows: rows, empty: vi ? "Không có buổi nào." : "No parts.")
    }

    /// IV: the presence curve with the parts and incidents on it.
    private mutating func curve() {
        page.section(vi ? "IV- DIỄN BIẾN SỐ NGƯỜI CÓ MẶT" : "IV- PEOPLE PRESENT OVER THE DAY")
        guard let chart = PresenceChart(
            curve: tally.curve, parts: tally.conference.parts, incidents: tally.incidents?.entries ?? [],
            invited: tally.total.invited, language: language)
        else {
            page.paragraph(HTML.text(vi ? "Không có số liệu." : "No data."), className: "none")
            return
        }
        page.raw(PresenceChartFigure.html(chart, language: language, id: "presence", invitedLabel:
            vi ? "Được mời: \(int(tally.total.invited))" : "Invited: \(int(tally.total.invited))",
            slotMinutes: tally.curve.slotMinutes, conferenceDate: tally.conference.date))
    }

    /// V: sound and picture per part, and every incident.
    private mutating func incidents() {
        page.section(vi ? "V- ĐƯỜNG TRUYỀN VÀ SỰ CỐ" : "V- THE LINE AND ITS INCIDENTS")
        lineTestTable()
        guard let summary = tally.incidents else {
            page.paragraph(HTML.text(vi ? "Không có số liệu về sự cố." : "No incident data."), className: "none")
            return
        }
        if summary.entries.isEmpty {
            page.paragraph(HTML.text(vi ? "Không có sự cố đường truyền; âm thanh và hình ảnh thông suốt cả hội nghị."
                : "No connection incidents; sound and picture held for the whole conference."))
        } else {
            var text = vi
                ? "Mất âm thanh hoặc hình ảnh tổng cộng <b>\(minutes(summary.outageMinutes)) phút</b>, "
                    + "ảnh hưởng \(minutes(summary.peopleMinutesLost)) người-phút"
                : "Sound or picture was lost for <b>\(minutes(summary.outageMinutes)) min</b> in all, "
                    + "\(minutes(summary.peopleMinutesLost)) people-minutes"
            if let longest = summary.longestOutage {
                text += vi
                    ? "; lâu nhất: \(HTML.text(longest.kind.label(language).lowercased())) từ \(time(longest.start)), \(minutes(longest.minutes)) phút"
                    : "; the longest: \(HTML.text(longest.kind.label(language).lowercased())) from \(time(longest.start)), \(minutes(longest.minutes)) min"
            }
            page.paragraph(text + ".")
        }
        page.table(
            [.init(header: vi ? "Buổi" : "Part"), .init(header: vi ? "Có âm thanh" : "Had sound", numeric: true),
             .init(header: vi ? "Có hình ảnh" : "Had picture", numeric: true),
             .init(header: vi ? "Mất âm thanh (phút)" : "Sound lost (min)", numeric: true),
             .init(header: vi ? "Mất hình ảnh (phút)" : "Picture lost (min)", numeric: true)],
            rows: summary.parts.map {
                [HTML.text($0.name), pct($0.soundPercent), pct($0.picturePercent), minutes($0.soundLostMinutes), minutes($0.pictureLostMinutes)]
            })
        guard !summary.entries.isEmpty else { return }
        let rows = summary.entries.enumerated().map { index, entry -> [String] in
            var detail = source(entry)
            if !entry.note.isEmpty { detail += "; " + HTML.text(ProbeCause.readable(entry.note, language)) }
            if entry.closedByConferenceEnd { detail += vi ? " (chưa kết thúc khi hết hội nghị)" : " (still open at the end)" }
            return [int(index + 1), HTML.text(entry.kind.label(language)), time(entry.start), time(entry.end),
                    minutes(entry.minutes), int(entry.peopleInsideAtStart), minutes(entry.peopleMinutesLost), detail]
        }
        page.table(
            [.init(header: vi ? "STT" : "No.", numeric: true), .init(header: vi ? "Loại sự cố" : "Kind"),
             .init(header: vi ? "Từ" : "From"), .init(header: vi ? "Đến" : "To"), .init(header: vi ? "Số phút" : "Min", numeric: true),
             .init(header: vi ? "Có mặt lúc đầu" : "People at start", numeric: true),
             .init(header: vi ? "Người-phút" : "People-minutes", numeric: true), .init(header: vi ? "Nguồn, ghi chú" : "Source, note")],
            rows: rows)
    }

    /// The day-before line test (thử đường truyền), newest per target, when one was made.
    private mutating func lineTestTable() {
        guard !lineTests.isEmpty else { return }
        func ms(_ value: Double?) -> String { value.map { minutes($0) + " ms" } ?? "—" }
        page.table(
            [.init(header: vi ? "Thử đường truyền tới" : "Line test to"), .init(header: vi ? "Lúc" : "At"),
             .init(header: vi ? "Mất gói" : "Loss", numeric: true), .init(header: vi ? "Trễ (p95)" : "Round trip (p95)", numeric: true),
             .init(header: vi ? "Gián đoạn dài nhất" : "Longest outage", numeric: true), .init(header: vi ? "Kết quả" : "Result")],
            rows: lineTests.map { test in
                [HTML.text(test.target), time(test.startedAt), pct(test.lossPercent), ms(test.rttP95Ms),
                 minutes(test.longestOutageSeconds) + " s",
                 test.passed ? "<span class=\"ok-mark\">\(vi ? "Đạt" : "Passed")</span>"
                     : "<span class=\"miss-mark\">▼ \(vi ? "Không đạt" : "Failed")</span>"]
            })
    }

    private func source(_ entry: IncidentSummary.Entry) -> String {
        let who: String
        switch entry.source {
        case .operator: who = vi ? "người vận hành" : "operator"
        case .terminal: who = vi ? "thiết bị" : "terminal"
        case .probe: who = vi ? "tự kiểm tra" : "probe"
        }
        return HTML.text(who + (entry.sourceName.map { $0.isEmpty ? "" : " " + $0 } ?? ""))
    }

    /// VI: the names.
    private mutating func lists() {
        page.section(vi ? "VI- DANH SÁCH" : "VI- LISTS")
        let number = PageColumn.number(vi)
        let name = ReportPage.Column(header: vi ? "Họ và tên" : "Name", width: "28%")
        let id = ReportPage.Column(header: vi ? "Mã" : "Id")
        let unit = ReportPage.Column(header: vi ? "Đơn vị" : "Unit")
        let none = vi ? "Không có." : "None."
        let unexcused = tally.absentees.filter { !$0.excused }
        let excused = tally.absentees.filter(\.excused)

        page.subsection((vi ? "1. Vắng không lý do" : "1. Absent without an excuse") + " (\(int(unexcused.count)))")
        page.table([number, name, id, unit, .init(header: vi ? "Đối tượng" : "Category")],
                   rows: unexcused.enumerated().map { k, p in
                       [int(k + 1), HTML.text(p.name), HTML.text(p.id), HTML.text(p.unit), HTML.text(label(p.category))]
                   }, empty: none)

        page.subsection((vi ? "2. Vắng có lý do" : "2. Absent with an excuse") + " (\(int(excused.count)))")
        page.table([number, name, id, unit, .init(header: vi ? "Lý do" : "Reason", width: "28%")],
                   rows: excused.enumerated().map { k, p in
                       [int(k + 1), HTML.text(p.name), HTML.text(p.id), HTML.text(p.unit), HTML.text(p.reason ?? "—")]
                   }, empty: none)

        for (index, title, entries, header) in [
            (3, vi ? "Đến muộn" : "Arrived late", tally.lateArrivals, vi ? "Muộn (phút)" : "Late (min)"),
            (4, vi ? "Về sớm" : "Left early", tally.earlyLeavers, vi ? "Sớm (phút)" : "Early (min)"),
        ] {
            page.subsection("\(index). \(title) (\(int(entries.count)))")
            page.table([number, name, unit, .init(header: vi ? "Buổi" : "Part"), .init(header: vi ? "Lúc" : "At"),
                        .init(header: header, numeric: true)],
                       rows: entries.enumerated().map { k, e in
                           [int(k + 1), HTML.text(e.name.isEmpty ? e.id : e.name), HTML.text(e.unit), HTML.text(e.part),
                            time(e.at), int(e.minutes)]
                       }, empty: none)
        }

        page.subsection((vi ? "5. Ngoài danh sách được mời" : "5. Walk-ins (not on the invited list)") + " (\(int(tally.walkIns.count)))")
        page.table([number, id, .init(header: vi ? "Đến lúc" : "First seen")],
                   rows: tally.walkIns.enumerated().map { k, w in [int(k + 1), HTML.text(w.id), time(w.firstSeen)] },
                   empty: none)
    }
}

/// Columns every list shares.
enum PageColumn {
    static func number(_ vi: Bool) -> ReportPage.Column { .init(header: vi ? "STT" : "No.", numeric: true, width: "7%") }
}

/// The presence chart in a `<figure>` with its legend and a caption naming the peak.
enum PresenceChartFigure {
    static func html(_ chart: PresenceChart, language: ReportLanguage, id: String, invitedLabel: String?,
                     slotMinutes: Int, conferenceDate: String) -> String {
        let vi = language == .vietnamese
        // Each swatch and its label in one unbreakable item, so a line never ends between them.
        var items = [("curve", vi ? "Số người có mặt" : "People present"), ("part", vi ? "Thời gian các buổi" : "Parts")]
        if chart.invitedY != nil { items.append(("invited", vi ? "Số được mời" : "Invited")) }
        if chart.incidents.contains(where: \.outage) { items.append(("outage", vi ? "Mất âm thanh, hình ảnh" : "Sound or picture lost")) }
        if chart.incidents.contains(where: { !$0.outage }) { items.append(("degraded", vi ? "Chất lượng kém" : "Poor quality")) }
        let legend = items.map { "<span class=\"legend-item\"><span class=\"swatch \($0.0)\"></span>\($0.1)</span>" }.joined(separator: " ")
        let peakAt = ReportTime.clock(Timestamp(milliseconds: chart.peak.at).vietnam, conferenceDate: conferenceDate, language: language)
        let peak = language.numbers.integer(chart.peak.count)
        let caption = vi
            ? "Số người có mặt, \(slotMinutes) phút một điểm; đông nhất \(peak) người lúc \(peakAt)."
            : "People present, one point every \(slotMinutes) minutes; at most \(peak) at \(peakAt)."
        return "<figure>\n" + chart.svg(language: language, invitedLabel: invitedLabel, id: id)
            + "\n<p class=\"legend\">\(legend)</p>\n<figcaption>\(HTML.text(caption))</figcaption>\n</figure>"
    }
}
