extension DistrictLive {
    /// The live view's lines in the text roll-up: when, the district's totals, one line per hall
    /// (present now / invited, rate, below-target categories, open incidents, silent since), the
    /// silent halls by name, and the district's curve as bars.
    func textLines(_ language: ReportLanguage) -> [String] {
        let numbers = language.numbers
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        func clock(_ time: String) -> String {
            let today = ReportTime.local(at)?.date ?? ""
            return ReportTime.clock(time, conferenceDate: today, language: language)
        }
        func categoryName(_ raw: String) -> String {
            guard let category = DelegateCategory(rawValue: raw) else { return raw }
            return language == .vietnamese ? category.vietnameseLabel : category.englishLabel
        }
        var lines = ["  " + text(.liveAsOf) + ": " + clock(at)]
        lines.append("  " + text(.livePresentInvited) + ": \(numbers.integer(present)) / \(numbers.integer(invited)) (\(numbers.percent(rate)))")
        if !silent.isEmpty { lines.append("  " + text(.liveSilentHalls) + ": " + silent.joined(separator: ", ")) }
        lines.append("")
        let width = halls.map(\.name.count).max() ?? 0
        for hall in halls {
            var notes: [String] = []
            if hall.silent { notes.append(text(.liveSilentSince, clock(hall.lastHeard))) }
            if !hall.belowTarget.isEmpty { notes.append(text(.liveBelowTarget, hall.belowTarget.map(categoryName).joined(separator: ", "))) }
            if !hall.incidents.isEmpty {
                let kinds = hall.incidents.map { incident in
                    (IncidentKind(rawValue: incident.kind)?.label(language) ?? incident.kind) + " " + clock(incident.since)
                }
                notes.append(text(.liveIncidents, kinds.joined(separator: ", ")))
            }
            let figures = "\(numbers.integer(hall.present)) / \(numbers.integer(hall.invited)) (\(numbers.percent(hall.rate)))"
            lines.append("  " + hall.name.padded(to: width) + "  " + figures + (notes.isEmpty ? "" : "  " + notes.joined(separator: "; ")))
        }
        if curve.count > 1 {
            lines += ["", "  " + text(.liveCurve) + ":"]
            let peak = max(curve.map(\.present).max() ?? 1, 1)
            let numberWidth = numbers.integer(peak).count
            // One line per minute shown (the newest point of that minute), at most twelve lines.
            var shown: [(label: String, present: Int)] = []
            for point in curve {
                let label = clock(point.at)
                if shown.last?.label == label { shown[shown.count - 1].present = point.present } else { shown.append((label, point.present)) }
            }
            let step = max(1, (shown.count + 11) / 12)
            for (index, point) in shown.enumerated() where index % step == 0 || index == shown.count - 1 {
                let bar = PresenceCurveRows.bar(point.present, peak: peak, width: 40)
                lines.append("  " + point.label.padded(to: 5) + "  " + bar.padded(to: 40) + " "
                    + numbers.integer(point.present).padded(to: numberWidth, right: true))
            }
        }
        return lines
    }
}
