extension DistrictRollup {
    /// The roll-up as a spreadsheet (`attendctl district CONF --csv`), in the tally CSV's form
    /// (`Tally.csv`: UTF-8 with a BOM, RFC 4180, numbers in one machine form): the figures per
    /// category and the total, then one row per bridge point with its status (reported,
    /// announced, missing), then, for a conference the hub published, the day-before board (one row
    /// per bridge point: revision applied, when, list, planned, confirmed, line test, clock offset
    /// in seconds, 1 when beyond `[push] clock_offset_limit`), then, while halls are live, the live
    /// view (one row per hall: present now, arrived, invited, rate, below target, incidents,
    /// silent 1/0, last heard), then those who attended elsewhere.
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
        if let plan {
            writer.row([])
            writer.row([language.text(.districtCSVBridgeId), language.text(.bridgePoint)] + PlanBoard.headers(language).map(Self.oneLine)
                + [language.text(.districtCSVClockBeyond)])
            for row in plan.bridges {
                writer.row([row.id, row.name] + plan.machineCells(row, language) + [plan.offsetBeyondLimit(row) ? "1" : "0"])
            }
        }
        if let live {
            // The live view: one row per hall, machine forms (rate with a dot, 1/0, ids of categories and incident kinds).
            writer.row([])
            writer.row([MessageKey.districtCSVBridgeId, .bridgePoint, .liveCSVPresent, .liveCSVArrived, .liveCSVInvited, .liveCSVRate,
                        .liveCSVBelowTarget, .liveCSVIncidents, .liveCSVSilent, .liveCSVLastHeard].map { language.text($0) })
            for hall in live.halls {
                writer.row([hall.id, hall.name, String(hall.present), String(hall.arrived), String(hall.invited), hall.rate.map { String($0) } ?? "",
                            hall.belowTarget.joined(separator: " "), hall.incidents.map(\.kind).joined(separator: " "), hall.silent ? "1" : "0",
                            hall.lastHeard])
            }
        }
        if !attendedElsewhere.isEmpty {
            writer.row([])
            writer.row([MessageKey.districtCSVDelegateId, .districtCSVInvitedAt, .districtCSVCameTo].map { language.text($0) })

            for person in attendedElsewhere { writer.row([person.id, person.invitedAt, person.cameTo]) }
        }
        return writer.bytes
    }

    /// A header written on two lines for a terminal, on one in a spreadsheet cell.
    static func oneLine(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
}
