extension DistrictRollup {
    /// The roll-up as a workbook (`attendctl district CONF --xlsx FILE`), the CSV's blocks as
    /// sheets under a title row with the conference: figures per category and the total, one
    /// row per bridge point with its status (reported, announced, missing) and its figures
    /// (`BridgeColumn`, the CSV's columns as typed cells), those who attended elsewhere, when
    /// the halls send them the written reflections (`Thu hoạch`), and for a conference the hub
    /// published the day-before board (`PlanBoard`, the CSV's block).
    /// `conference` is the conference as a bridge point's tally gave it (for its title and
    /// date); without one the title is the conference's id.
    public func xlsx(conference info: Tally.ConferenceInfo?, language: ReportLanguage = .vietnamese, generatedAt: Timestamp) -> [UInt8] {
        xlsxWorkbook(conference: info, language: language).bytes(modified: generatedAt)
    }

    /// The workbook `xlsx` writes.
    public func xlsxWorkbook(conference info: Tally.ConferenceInfo?, language: ReportLanguage = .vietnamese) -> XLSXWorkbook {
        let title = info.map { language.text(.xlsxTitle, $0.title, conference, ReportTime.date($0.date, language: language)) } ?? conference
        let columns = BridgeColumn.shown(in: .csv)
        let bridgeHeader = [MessageKey.districtCSVBridgeId, .bridgePoint, .districtCSVStatus, .districtCSVRevision].map { language.text($0) }
            + columns.map { $0.header(.csv, language) }
        func row(_ bridge: BridgeFigures, status: MessageKey, reported: Bool) -> [XLSXWorkbook.Cell] {
            [.text(bridge.id), .text(bridge.name), .text(language.text(status)), .count(Int(bridge.revision))]
                + columns.map { $0.xlsxCell(bridge, reported: reported, language) }
        }
        var bridges = reported.map { row($0, status: .districtCSVReported, reported: true) }
            + announced.map { row($0, status: .districtCSVAnnounced, reported: false) }
        let heard = Set((reported + announced).map(\.name))
        for name in missing where !heard.contains(name) {
            bridges.append([.empty, .text(name), .text(language.text(.districtCSVMissing)), .empty]
                + columns.map { $0.xlsxCell(nil, reported: false, language) })
        }
        let elsewhere = attendedElsewhere.map { [XLSXWorkbook.Cell.text($0.id), .text($0.invitedAt), .text($0.cameTo)] }
        var workbook = XLSXWorkbook(title: title, sheets: [
            XLSXWorkbook.categorySheet(categories, total: total, title: title, language),
            XLSXWorkbook.Sheet(name: language.text(.xlsxSheetBridges), title: title, header: bridgeHeader, rows: bridges),
            XLSXWorkbook.Sheet(name: language.text(.xlsxSheetElsewhere), title: title,
                               header: [MessageKey.districtCSVDelegateId, .districtCSVInvitedAt, .districtCSVCameTo].map { language.text($0) },
                               rows: elsewhere),
        ], dateFormat: XLSXWorkbook.dateFormat(language))
        // When the halls' tallies carry written reflections: their figures added up, and who has none.
        if let reflections { workbook.sheets.append(reflections.xlsxSheet(title: title, language: language)) }
        if let plan { workbook.sheets.append(plan.xlsxSheet(title: title, language)) }
        for index in workbook.sheets.indices { workbook.sheets[index].rowsLeftOut = language.text(.xlsxRowsLeftOut) }
        return workbook
    }
}

extension BridgeColumn {
    /// The CSV's cell (`cell(_:reported:_:_:)`) as a typed one: the same figure where the CSV
    /// has one, empty where it is blank; the line test's verdict stays a word.
    func xlsxCell(_ bridge: DistrictRollup.BridgeFigures?, reported: Bool, _ language: ReportLanguage) -> XLSXWorkbook.Cell {
        guard let bridge, reported || knownBeforeReporting else {
            return self == .lineTest ? .text(cell(nil, reported: reported, .csv, language)) : .empty
        }
        switch self {
        case .expected: return .count(bridge.expected)
        case .invited: return .count(bridge.invited)
        case .present: return .count(bridge.present)
        case .rate: return .percent(bridge.rate)
        case .late: return .count(bridge.late)
        case .leftEarly: return .count(bridge.leftEarly)
        case .outage: return .decimal(bridge.outageMinutes)
        case .lineTest: return .text(cell(bridge, reported: reported, .csv, language))
        }
    }
}

extension PlanBoard {
    /// The day-before board as a sheet: the CSV's block with typed cells (revisions and counts
    /// as numbers, when it confirmed as a date and time, the clock offset in seconds).
    func xlsxSheet(title: String, _ language: ReportLanguage) -> XLSXWorkbook.Sheet {
        let header = [language.text(.districtCSVBridgeId), language.text(.bridgePoint)]
            + PlanBoard.headers(language).map(DistrictRollup.oneLine) + [language.text(.districtCSVClockBeyond)]
        let rows = bridges.map { row -> [XLSXWorkbook.Cell] in
            func count(_ value: Int?) -> XLSXWorkbook.Cell { value.map { .count($0) } ?? .empty }
            return [
                .text(row.id), .text(row.name), count(row.confirmedRevision.map { Int($0) }),
                row.confirmedAt.flatMap { Timestamp(rfc3339: $0) }.map { .dateTime($0) } ?? .empty,
                .count(row.hallRows ?? row.districtRows), count(row.planned), count(row.confirmed),
                row.lineTestPassed.map { .text(language.text($0 ? .linePassed : .lineFailed)) } ?? .empty,
                row.clockOffsetSeconds.map { .decimal($0) } ?? .empty,
                .text(notes(row, language).joined(separator: "; ")), .count(offsetBeyondLimit(row) ? 1 : 0),
            ]
        }
        return XLSXWorkbook.Sheet(name: language.text(.xlsxSheetPlanBoard), title: title, header: header, rows: rows)
    }
}
