extension DistrictLive {
    /// The live view in the printed district page, while the conference is open: when the
    /// figures are from, the district's present now / invited, a row per hall (present now,
    /// invited, rate, below-target categories, open incidents, live or "mất tín hiệu" with the
    /// time last heard, in red) and the district curve so far. Once closed the hub no longer
    /// passes a live view and the page is the final report alone.
    func htmlSection(into page: inout ReportPage, language: ReportLanguage, conferenceDate: String) {
        let numbers = language.numbers
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        func clock(_ time: String) -> String { ReportTime.clock(time, conferenceDate: conferenceDate, language: language) }
        func categoryName(_ raw: String) -> String {
            guard let category = DelegateCategory(rawValue: raw) else { return raw }
            return language == .vietnamese ? category.vietnameseLabel : category.englishLabel
        }
        page.section(text(.liveHTMLHeading))
        page.paragraph(HTML.text(text(.liveHTMLNote, clock(at))), className: "live-note")
        page.figures([
            (text(.livePresentInvited), "\(numbers.integer(present)) / \(numbers.integer(invited)) (\(numbers.percent(rate)))", false),
            (text(.liveSilentHalls), numbers.integer(silent.count), !silent.isEmpty),
            (text(.liveCSVIncidents), numbers.integer(incidentHalls), incidentHalls > 0),
        ])
        var rows: [[String]] = []
        var classes: [String?] = []
        for hall in halls {
            let below = hall.belowTarget.map { HTML.text(categoryName($0)) }.joined(separator: ", ")
            let incidents = hall.incidents.map { incident in
                HTML.text((IncidentKind(rawValue: incident.kind)?.label(language) ?? incident.kind) + " " + clock(incident.since))
            }.joined(separator: "<br>")
            // Red and bold, in pieces that each keep together (the mark does not wrap) on a narrow column.
            let state = hall.silent
                ? text(.liveSilentSince, clock(hall.lastHeard)).split(separator: " ", omittingEmptySubsequences: true)
                    .map { "<span class=\"miss-mark\">\(HTML.text(String($0)))</span>" }.joined(separator: " ")
                : HTML.text(text(.liveHTMLLive) + " " + clock(hall.lastHeard))
            rows.append([numbers.integer(rows.count + 1), HTML.text(hall.name), numbers.integer(hall.present), numbers.integer(hall.invited),
                         numbers.percent(hall.rate), below.isEmpty ? "" : "<span class=\"miss-mark\">\(below)</span>",
                         incidents.isEmpty ? "" : "<span class=\"miss-mark\">\(incidents)</span>", state])
            classes.append(hall.silent || !hall.incidents.isEmpty ? "miss" : nil)
        }
        page.table(
            [PageColumn.number(language), .init(header: text(.bridgePoint), width: "24%"),
             .init(header: text(.liveCSVPresent), numeric: true), .init(header: text(.liveCSVInvited), numeric: true),
             .init(header: text(.liveCSVRate), numeric: true), .init(header: text(.liveCSVBelowTarget)),
             .init(header: text(.liveCSVIncidents)), .init(header: text(.liveHTMLState), width: "17%")],
            rows: rows,
            footer: ["", text(.districtHTMLWhole), numbers.integer(present), numbers.integer(invited), numbers.percent(rate), "", "", ""],
            rowClasses: classes)
        if let svg = LiveCurveSVG(curve: curve, invited: invited)?.svg(clock: clock) {
            page.raw("<figure>\n" + svg + "\n<figcaption>" + HTML.text(text(.liveHTMLCurveCaption, clock(at))) + "</figcaption>\n</figure>")
        }
    }
}

/// The district curve so far as a small SVG line chart: present now over time, from the first
/// point to the newest, the y axis from 0 to the invited (or the peak when more came). Nil with
/// fewer than two points: one point is no curve.
///
/// Geometry: the plot spans `left…right` × `top…bottom`; a point at time t is at
/// `left + (t − first) / (last − first) × (right − left)`, its count c at
/// `bottom − c / scale × (bottom − top)`.
struct LiveCurveSVG {
    static let width = 680.0, height = 200.0
    static let left = 48.0, right = 664.0, top = 14.0, bottom = 168.0

    let points: [(x: Double, y: Double, at: String, present: Int)]
    let scale: Int

    init?(curve: [LiveSummary.Point], invited: Int) {
        let timed = curve.compactMap { point in Timestamp(rfc3339: point.at).map { ($0.milliseconds, point) } }
        guard timed.count > 1, let first = timed.first?.0, let last = timed.last?.0, last > first else { return nil }
        scale = max(1, invited, timed.map(\.1.present).max() ?? 1)
        let scale = Double(scale)
        points = timed.map { time, point in
            (Self.left + Double(time - first) / Double(last - first) * (Self.right - Self.left),
             Self.bottom - Double(point.present) / scale * (Self.bottom - Self.top), point.at, point.present)
        }
    }

    func svg(clock: (String) -> String) -> String {
        func f(_ value: Double) -> String { String(format: "%.1f", value) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart live-curve\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\""
            + " width=\"100%\" role=\"img\" font-family=\"'Times New Roman', 'Liberation Serif', serif\" font-size=\"11\">\n"
        out += "<line x1=\"\(f(Self.left))\" y1=\"\(f(Self.bottom))\" x2=\"\(f(Self.right))\" y2=\"\(f(Self.bottom))\" stroke=\"#000\"/>\n"
        out += "<line x1=\"\(f(Self.left))\" y1=\"\(f(Self.top))\" x2=\"\(f(Self.left))\" y2=\"\(f(Self.bottom))\" stroke=\"#000\"/>\n"
        out += "<line x1=\"\(f(Self.left))\" y1=\"\(f(Self.top))\" x2=\"\(f(Self.right))\" y2=\"\(f(Self.top))\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>\n"
        out += "<text x=\"\(f(Self.left - 4))\" y=\"\(f(Self.top + 4))\" text-anchor=\"end\">\(scale)</text>\n"
        out += "<text x=\"\(f(Self.left - 4))\" y=\"\(f(Self.bottom + 4))\" text-anchor=\"end\">0</text>\n"
        let line = points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
        out += "<polyline fill=\"none\" stroke=\"#1a4f9c\" stroke-width=\"2\" points=\"\(line)\"/>\n"
        if let first = points.first, let last = points.last {
            out += "<text x=\"\(f(first.x))\" y=\"\(f(Self.bottom + 16))\">\(HTML.text(clock(first.at)))</text>\n"
            out += "<text x=\"\(f(last.x))\" y=\"\(f(Self.bottom + 16))\" text-anchor=\"end\">\(HTML.text(clock(last.at)))</text>\n"
            out += "<circle cx=\"\(f(last.x))\" cy=\"\(f(last.y))\" r=\"3\" fill=\"#1a4f9c\"/>\n"
            out += "<text x=\"\(f(last.x - 6))\" y=\"\(f(max(Self.top + 12, last.y - 6)))\" text-anchor=\"end\">\(last.present)</text>\n"
        }
        return out + "</svg>"
    }
}
