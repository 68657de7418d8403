import Foundation

extension DistrictRollup {
    /// The roll-up as `attendctl district` prints it: who reported and who is missing, the
    /// expected total, the figures per category against their targets, one row per bridge
    /// point (missing ones too), those who attended elsewhere, and the district's curve.
    public func textReport(language: ReportLanguage = .vietnamese) -> String {
        let vi = language == .vietnamese
        let numbers = language.numbers
        func int(_ value: Int) -> String { numbers.integer(value) }
        func pct(_ value: Double?) -> String { numbers.percent(value) }
        var lines = [vi ? "TỔNG HỢP ĐIỂM DANH CÁC ĐIỂM CẦU" : "DISTRICT ROLL-UP OF THE BRIDGE POINTS", ""]

        func field(_ label: String, _ value: String) { lines.append("  " + label + ": " + value) }
        field(vi ? "Hội nghị" : "Conference", conference)
        field(vi ? "Điểm cầu đã báo cáo" : "Bridge points reported", "\(int(reported.count)) / \(int(expected))")
        field(vi ? "Số lượng dự kiến" : "Expected delegates", expectedDelegates.map(int) ?? (vi ? "chưa báo" : "not confirmed"))
        field(vi ? "Được mời / có mặt" : "Invited / present",
              "\(int(total.invited)) / \(int(total.present)) (\(pct(total.rate)))")
        if !missing.isEmpty { field(vi ? "Chưa báo cáo" : "Missing", missing.joined(separator: ", ")) }

        var sections = SectionNumbering()
        lines += ["", sections.heading(vi ? "THEO ĐỐI TƯỢNG" : "BY CATEGORY")]
        lines += TextTable.categories(categories, total: total, language: language).render(indent: 0)

        lines += ["", sections.heading(vi ? "THEO ĐIỂM CẦU" : "BY BRIDGE POINT")]
        var bridgeTable = TextTable(columns: [
            .init(header: vi ? "Điểm cầu" : "Bridge point", align: .left),
            .init(header: vi ? "Dự\nkiến" : "Expec-\nted", align: .right),
            .init(header: vi ? "Được\nmời" : "Invited", align: .right),
            .init(header: vi ? "Có\nmặt" : "Present", align: .right),
            .init(header: vi ? "Tỷ lệ" : "Rate", align: .right),
            .init(header: vi ? "Đến\nmuộn" : "Late", align: .right),
            .init(header: vi ? "Về\nsớm" : "Left\nearly", align: .right),
            .init(header: vi ? "Sự cố\n(phút)" : "Outage\n(min)", align: .right),
            .init(header: vi ? "Thử đường\ntruyền" : "Line\ntest", align: .left),
        ])
        func lineTest(_ passed: Bool?) -> String {
            switch passed {
            case true?: return vi ? "đạt" : "passed"
            case false?: return vi ? "không đạt" : "failed"
            case nil: return "—"
            }
        }
        for bridge in reported {
            bridgeTable.rows.append([
                [bridge.name], [bridge.expected.map(int) ?? "—"], [int(bridge.invited)], [int(bridge.present)],
                [pct(bridge.rate)], [int(bridge.late)], [int(bridge.leftEarly)], [int(Int(bridge.outageMinutes.rounded()))],
                [lineTest(bridge.lineTestPassed)],
            ])
        }
        for bridge in announced {
            let status = vi ? "(chưa báo cáo)" : "(not reported)"
            bridgeTable.rows.append([
                [bridge.name + " " + status], [bridge.expected.map(int) ?? "—"], [int(bridge.invited)], ["—"], ["—"], ["—"],
                ["—"], ["—"], [lineTest(bridge.lineTestPassed)],
            ])
        }
        let heard = Set((reported + announced).map(\.name))
        for name in missing where !heard.contains(name) {
            bridgeTable.rows.append([[name + " " + (vi ? "(chưa báo cáo)" : "(not reported)")]] + Array(repeating: ["—"], count: 8))
        }
        lines += bridgeTable.render(indent: 0)

        if !attendedElsewhere.isEmpty {
            lines += ["", sections.heading(vi ? "DỰ Ở ĐIỂM CẦU KHÁC (tính là có mặt)" : "ATTENDED ELSEWHERE (counted present)")]
            for person in attendedElsewhere {
                lines.append(vi ? "  \(person.id): được mời ở \(person.invitedAt), dự ở \(person.cameTo)"
                    : "  \(person.id): invited at \(person.invitedAt), came to \(person.cameTo)")
            }
        }
        if let curve, !curve.counts.isEmpty, (1...1440).contains(curve.slotMinutes), let origin = Timestamp(rfc3339: curve.start) {
            lines += ["", sections.heading(vi ? "SỐ NGƯỜI CÓ MẶT THEO THỜI GIAN" : "PEOPLE PRESENT OVER TIME")]
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
