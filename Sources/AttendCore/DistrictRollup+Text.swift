import Foundation

extension DistrictRollup {
    /// The roll-up as `attendctl district` prints it: who reported and who is missing, the
    /// expected total, the figures per category against their targets, one row per bridge
    /// point (missing ones too), those who attended elsewhere, and the district's curve.
    public func textReport(language: ReportLanguage = .vietnamese) -> String {
        let numbers = language.numbers
        func int(_ value: Int) -> String { numbers.integer(value) }
        func pct(_ value: Double?) -> String { numbers.percent(value) }
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        var lines = [text(.districtTextTitle), ""]

        func field(_ label: String, _ value: String) { lines.append("  " + label + ": " + value) }
        field(text(.conference), conference)
        field(text(.bridgePointsReported), "\(int(reported.count)) / \(int(expected))")
        field(text(.districtTextExpected), expectedDelegates.map(int) ?? text(.textNotConfirmed))
        field(text(.districtTextInvitedPresent), "\(int(total.invited)) / \(int(total.present)) (\(pct(total.rate)))")
        if !missing.isEmpty { field(text(.districtTextMissing), missing.joined(separator: ", ")) }

        var sections = SectionNumbering()
        lines += ["", sections.heading(text(.districtTextByCategory))]
        lines += TextTable.categories(categories, total: total, language: language).render(indent: 0)

        lines += ["", sections.heading(text(.districtTextByBridge))]
        let columns = BridgeColumn.shown(in: .text)
        var bridgeTable = TextTable(columns: [.init(header: text(.bridgePoint), align: .left)]
            + columns.map { .init(header: $0.header(.text, language), align: $0.numeric ? .right : .left) })
        func cells(_ bridge: BridgeFigures?, reported: Bool) -> [[String]] {
            columns.map { [$0.cell(bridge, reported: reported, .text, language)] }
        }
        for bridge in reported {
            bridgeTable.rows.append([[bridge.name]] + cells(bridge, reported: true))
        }
        for bridge in announced {
            bridgeTable.rows.append([[bridge.name + " " + text(.districtTextNotReported)]] + cells(bridge, reported: false))
        }
        let heard = Set((reported + announced).map(\.name))
        for name in missing where !heard.contains(name) {
            bridgeTable.rows.append([[name + " " + text(.districtTextNotReported)]] + cells(nil, reported: false))
        }
        lines += bridgeTable.render(indent: 0)

        if let plan {
            lines += ["", sections.heading(plan.title(language).uppercased())]
            lines += plan.textLines(language)
        }

        if let live {
            lines += ["", sections.heading(text(.liveTitle).uppercased())]
            lines += live.textLines(language)
        }

        if !attendedElsewhere.isEmpty {
            lines += ["", sections.heading(text(.districtTextElsewhere))]
            for person in attendedElsewhere {
                lines.append(text(.districtTextElsewhereLine, person.id, person.invitedAt, person.cameTo))
            }
        }
        if let curve, !curve.counts.isEmpty, (1...1440).contains(curve.slotMinutes), let origin = Timestamp(rfc3339: curve.start) {
            lines += ["", sections.heading(text(.districtTextCurve))]

            let step = PresenceCurveRows.stepSlots(slotMinutes: curve.slotMinutes, slots: curve.counts.count)
            let peak = max(curve.counts.max() ?? 1, 1)
            let numberWidth = int(peak).count
            for index in stride(from: 0, to: curve.counts.count, by: step) {
                let instant = Timestamp(milliseconds: origin.milliseconds + Int64(index * curve.slotMinutes) * 60_000)
                let label = ReportTime.local(instant.vietnam).map(\.clock) ?? instant.vietnam
                let bar = PresenceCurveRows.bar(curve.counts[index], peak: peak, width: 50)
                lines.append("  " + label + "  " + bar.padded(to: 50) + " " + int(curve.counts[index]).padded(to: numberWidth, right: true))
            }
        }
        return lines.joined(separator: "\n").precomposedStringWithCanonicalMapping + "\n"
    }
}
