extension DistrictRollup {
    /// The roll-up as a spreadsheet (`attendctl district CONF --csv`), in the tally CSV's form
    /// (`Tally.csv`: UTF-8 with a BOM, RFC 4180, numbers in one machine form): the figures per
    /// category and the total, then one row per bridge point with its status (reported,
    /// announced, missing), then those who attended elsewhere.
    public func csv(language: ReportLanguage = .vietnamese) -> [UInt8] {
        let vi = language == .vietnamese
        var writer = CSVWriter()
        writer.categoryRows(categories, total: total, language: language)
        writer.row([])

        writer.row(vi
            ? ["Mã điểm cầu", "Điểm cầu", "Tình trạng", "Lần gửi", "Dự kiến", "Được mời", "Có mặt", "Tỷ lệ (%)",
               "Đến muộn", "Về sớm", "Sự cố (phút)", "Thử đường truyền"]
            : ["Bridge id", "Bridge point", "Status", "Revision", "Expected", "Invited", "Present", "Rate (%)",
               "Late", "Left early", "Outage (min)", "Line test"])
        func lineTest(_ passed: Bool?) -> String {
            passed.map { $0 ? (vi ? "đạt" : "passed") : (vi ? "không đạt" : "failed") } ?? ""
        }
        for bridge in reported {
            writer.row([
                bridge.id, bridge.name, vi ? "đã báo cáo" : "reported", String(bridge.revision),
                bridge.expected.map(String.init) ?? "", String(bridge.invited), String(bridge.present),
                CSVWriter.decimal(bridge.rate), String(bridge.late), String(bridge.leftEarly),
                CSVWriter.decimal(bridge.outageMinutes), lineTest(bridge.lineTestPassed),
            ])
        }
        for bridge in announced {
            writer.row([
                bridge.id, bridge.name, vi ? "mới báo số dự kiến" : "announced", String(bridge.revision),
                bridge.expected.map(String.init) ?? "", String(bridge.invited), "", "", "", "", "", lineTest(bridge.lineTestPassed),
            ])
        }
        let heard = Set((reported + announced).map(\.name))
        for name in missing where !heard.contains(name) {
            writer.row(["", name, vi ? "chưa báo cáo" : "missing", "", "", "", "", "", "", "", "", ""])
        }
        if !attendedElsewhere.isEmpty {
            writer.row([])
            writer.row(vi ? ["Mã đại biểu", "Được mời ở", "Dự ở"] : ["Delegate id", "Invited at", "Came to"])
            for person in attendedElsewhere { writer.row([person.id, person.invitedAt, person.cameTo]) }
        }
        return writer.bytes
    }
}
