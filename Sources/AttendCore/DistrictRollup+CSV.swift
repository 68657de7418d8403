extension DistrictRollup {
    /// The roll-up as a spreadsheet (`attendctl district CONF --csv`), in the tally CSV's form
    /// (`Tally.csv`: UTF-8 with a BOM, RFC 4180, numbers in one machine form): the figures per
    /// category and the total, then one row per bridge point with its status (reported,
    /// announced, missing), then those who attended elsewhere.
    public func csv(language: ReportLanguage = .vietnamese) -> [UInt8] {
        var writer = CSVWriter()
        writer.categoryRows(categories, total: total, language: language)
        writer.row([])

        let columns = BridgeColumn.shown(in: .csv)
        writer.row([MessageKey.districtCSVBridgeId, .bridgePoint, .districtCSVStatus, .districtCSVRevision].map { language.text($0) }
            + columns.map { $0.header(.csv, language) })
        func cells(_ bridge: BridgeFigures?, reported: Bool) -> [String] {
            columns.map { $0.cell(bridge, reported: reported, .csv, language) }
        }
        for bridge in reported {
            writer.row([bridge.id, bridge.name, language.text(.districtCSVReported), String(bridge.revision)]
                + cells(bridge, reported: true))
        }
        for bridge in announced {
            writer.row([bridge.id, bridge.name, language.text(.districtCSVAnnounced), String(bridge.revision)]
                + cells(bridge, reported: false))
        }
        let heard = Set((reported + announced).map(\.name))
        for name in missing where !heard.contains(name) {
            writer.row(["", name, language.text(.districtCSVMissing), ""] + cells(nil, reported: false))
        }
        if !attendedElsewhere.isEmpty {
            writer.row([])
            writer.row([MessageKey.districtCSVDelegateId, .districtCSVInvitedAt, .districtCSVCameTo].map { language.text($0) })

            for person in attendedElsewhere { writer.row([person.id, person.invitedAt, person.cameTo]) }
        }
        return writer.bytes
    }
}
