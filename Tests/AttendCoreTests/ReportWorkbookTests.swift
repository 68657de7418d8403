@testable import AttendCore
import Foundation
import Testing

/// The tally's and the roll-up's workbooks hold what their CSVs hold: every sheet's rows,
/// written in the CSV's machine form, are the CSV's rows of that block, in both languages.
@Suite struct ReportWorkbookTests {
    /// A cell as the CSV writes the same value.
    static func machine(_ cell: XLSXWorkbook.Cell, conferenceDate: String) -> String {
        switch cell {
        case .empty: return ""
        case .text(let text): return text
        case .count(let value): return String(value)
        case .decimal(let value), .percent(let value): return CSVWriter.decimal(value)
        case .date(let date): return date
        case .clock(let instant), .dateTime(let instant):
            let (date, clock) = ReportTime.local(instant.vietnam)!
            return date == conferenceDate ? clock : "\(date) \(clock)"
        }
    }

    /// The CSV's records as fields, split into its blocks at the blank rows, the formula guard
    /// taken off (a workbook's text is never a formula, so it needs none).
    static func blocks(_ csv: [UInt8]) throws -> [[[String]]] {
        var blocks: [[[String]]] = [[]]
        for record in try CSVReader.read(csv, separator: .comma) {
            if record.fields == [""] { blocks.append([]); continue }
            blocks[blocks.count - 1].append(record.fields.map { field in
                field.hasPrefix("'") && "=+-@\t\r".contains(field.dropFirst().first ?? " ") ? String(field.dropFirst()) : field
            })
        }
        return blocks
    }

    static func rows(_ sheet: XLSXWorkbook.Sheet, date: String) -> [[String]] {
        [sheet.header] + sheet.rows.map { $0.map { machine($0, conferenceDate: date) } }
    }

    @Test(arguments: ReportLanguage.allCases)
    func theTallysSheetsAreItsCSVsRows(language: ReportLanguage) throws {
        var tally = ReportGoldenTests.richTally()
        tally.absentees[0].name = "=HYPERLINK(\"x\")"  // a name a spreadsheet would run
        let workbook = tally.xlsxWorkbook(language: language, site: "Hội trường Huyện ủy")
        let date = tally.conference.date
        #expect(workbook.sheets.map(\.name) == [MessageKey.xlsxSheetFigures, .xlsxSheetCategories, .xlsxSheetParts, .xlsxSheetAbsentees,
                                                .xlsxSheetLate, .xlsxSheetEarly, .xlsxSheetWalkIns, .xlsxSheetIncidents].map { language.text($0) })
        #expect(workbook.sheets.allSatisfy { $0.title == workbook.title && $0.title!.contains(tally.conference.id) })
        let blocks = try Self.blocks(tally.csv(language: language))
        #expect(blocks.count == 4)
        let sheets = workbook.sheets.map { Self.rows($0, date: date) }

        #expect(sheets[1] == blocks[0])
        #expect(workbook.sheets[1].boldRows == [tally.categories.count], "the total in bold")
        // The CSV's list block: which list, id, name, unit, category, part, time, minutes, reason.
        var lists = [blocks[1][0]]
        for row in sheets[3].dropFirst() { lists.append([row[4], row[0], row[1], row[2], row[3], "", "", "", row[5]]) }
        for (key, sheet) in [(MessageKey.csvLate, sheets[4]), (.csvLeftEarly, sheets[5])] {
            for row in sheet.dropFirst() { lists.append([language.text(key), row[0], row[1], row[2], "", row[3], row[4], row[5], ""]) }
        }
        for row in sheets[6].dropFirst() { lists.append([language.text(.csvWalkIn), row[0], "", "", "", "", row[1], "", ""]) }
        #expect(lists == blocks[1])
        #expect(lists.count >= 6, "the sample lists absentees, late arrivals, early leavers and walk-ins")
        #expect(sheets[7] == blocks[2])
        // Each part's sound and picture, the CSV's last block without its minutes column.
        #expect(sheets[2].dropFirst().map { [$0[0]] + $0.suffix(4) } == blocks[3].dropFirst().map { [$0[0]] + $0.suffix(4) })
        #expect(sheets[2].dropFirst().map { Array($0[3...7]) }
            == tally.parts.map { [$0.present, $0.presentAtStart, $0.presentAtEnd, $0.arrivedLate, $0.leftEarly].map(String.init) })

        func figure(_ key: MessageKey) -> XLSXWorkbook.Cell? { workbook.sheets[0].rows.first { $0[0] == .text(language.text(key)) }?[1] }
        #expect(figure(.invitedCount) == .count(tally.total.invited))
        #expect(figure(.attendanceRate) == .percent(tally.total.rate))
        #expect(figure(.date) == .date(date))
        #expect(figure(.bridgePoint) == .text("Hội trường Huyện ủy"))
    }

    /// No incidents: the sheet is there with its header only, and every part had sound and
    /// picture throughout. A tally from before incidents were recorded has no such columns.
    @Test func aTallyWithoutIncidentsHasAnEmptyIncidentsSheet() throws {
        var tally = TallyRenderingTests.tally()
        var workbook = tally.xlsxWorkbook()
        #expect(workbook.sheets[7].rows.isEmpty && !workbook.sheets[7].header.isEmpty)
        #expect(workbook.sheets[2].rows.allSatisfy { Array($0[8...9]) == [.percent(100), .percent(100)] })
        tally.incidents = nil
        workbook = tally.xlsxWorkbook()
        #expect(workbook.sheets[2].header.count == 8 && workbook.sheets[2].rows.allSatisfy { $0.count == 8 })
        #expect(workbook.sheets[7].rows.isEmpty)
    }

    @Test(arguments: ReportLanguage.allCases)
    func theRollUpsSheetsAreItsCSVsRows(language: ReportLanguage) throws {
        let rollup = ReportGoldenTests.announcedRollup()
        let info = TallyRenderingTests.tally().conference
        let workbook = rollup.xlsxWorkbook(conference: info, language: language)
        #expect(workbook.sheets.map(\.name)
            == [MessageKey.xlsxSheetCategories, .xlsxSheetBridges, .xlsxSheetElsewhere].map { language.text($0) })
        #expect(workbook.title == language.text(.xlsxTitle, info.title, rollup.conference, ReportTime.date(info.date, language: language)))
        let blocks = try Self.blocks(rollup.csv(language: language))
        let sheets = workbook.sheets.map { Self.rows($0, date: info.date) }
        #expect(sheets[0] == blocks[0])
        #expect(sheets[1] == blocks[1])
        #expect(sheets[1].count == 4, "reported, announced and missing")
        #expect(sheets[2].count == 1 && blocks.count == 2, "nobody attended elsewhere")
        #expect(rollup.xlsxWorkbook(conference: nil).title == rollup.conference)
    }
}
