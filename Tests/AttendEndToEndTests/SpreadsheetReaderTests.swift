import AttendCore
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// The workbooks (`--xlsx`) opened by the programs clerks and their scripts use: `unzip -t` and
/// Python's `zipfile` check the archive and every CRC-32; openpyxl reads the cells' types (counts
/// are numbers, rates are `0.0%` percentages, dates and times are dates); LibreOffice headless
/// converts every sheet back to CSV, as a Vietnamese and as an English desktop would, and each
/// value it shows parses back to the workbook's own. `.ci/run` installs unzip, python3-openpyxl,
/// libreoffice-calc and the vi_VN.UTF-8 locale.
@Suite(.enabled(if: SpreadsheetTools.available || underCI,
                "needs unzip, python3-openpyxl, libreoffice-calc and the vi_VN.UTF-8 locale (.ci/run installs them)"))
struct SpreadsheetReaderTests {
    /// The sample day with names a spreadsheet could trip on: a formula, an escape look-alike,
    /// a vertical tab and a quote.
    static func tally() -> Tally {
        var tally = SampleConference.tally(reflections: true)  // and the Thu hoạch sheet
        tally.report = 1
        tally.absentees[0].name = "=SUM(A1:A9) Nguyễn"
        tally.absentees[1].name = "Lê _x0041_ \"Bé\""
        tally.absentees[2].reason = "Ốm\u{0B}có giấy"
        return tally
    }

    static func rollup() -> (DistrictRollup, Tally.ConferenceInfo) {
        let tallies = (0..<4).map { SampleConference.tally(seed: UInt64($0) + 3, invited: 80 + 30 * $0, reflections: $0 != 2) }
        let bridges = (0..<5).map { BridgeKey(id: String(format: "xa-%02d", $0), key: [], name: SampleConference.communes[$0]) }
        var rollup = DistrictRollup.compute(
            conference: "HN-2026-11", bridges: bridges,
            tallies: tallies.enumerated().map { (bridge: bridges[$0.offset].id, revision: Int64($0.offset + 1), tally: $0.element) })
        // The day-before board of a published conference: one hall up to date, one behind and off-clock.
        var current = PlanBoard.Row(id: bridges[0].id, name: bridges[0].name, taking: true, districtRows: 80)
        current.confirmedRevision = 2
        current.outcome = PlanConfirmation.Outcome.applied.rawValue
        current.confirmedAt = "2026-11-22T16:05:00+07:00"
        current.hallRows = 80
        current.confirmed = 78
        current.lineTestPassed = true
        current.lastPollAt = "2026-11-22T16:06:00+07:00"
        current.clockOffsetSeconds = 1.5
        var behind = PlanBoard.Row(id: bridges[1].id, name: bridges[1].name, taking: true, districtRows: 110)
        behind.confirmedRevision = 1
        behind.lastPollAt = "2026-11-22T09:00:00+07:00"
        behind.clockOffsetSeconds = -45
        rollup.plan = PlanBoard(conference: "HN-2026-11", revision: 2, withdrawn: false, clockOffsetLimitSeconds: 30, bridges: [current, behind])
        return (rollup, tallies[0].conference)
    }

    static let made = SampleConference.at("17:30")

    /// Both workbooks written into a fresh directory.
    static func write() throws -> (directory: String, tally: String, rollup: String, workbooks: [String: XLSXWorkbook]) {
        let directory = NSTemporaryDirectory() + "attendd-xlsx-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let tally = tally().xlsxWorkbook(site: "Hội trường Huyện ủy Tây Sơn")
        let (rollup, info) = rollup()
        let district = rollup.xlsxWorkbook(conference: info)
        try Data(tally.bytes(modified: made)).write(to: URL(fileURLWithPath: directory + "/bao-cao.xlsx"))
        try Data(district.bytes(modified: made)).write(to: URL(fileURLWithPath: directory + "/huyen.xlsx"))
        return (directory, directory + "/bao-cao.xlsx", directory + "/huyen.xlsx", ["bao-cao": tally, "huyen": district])
    }

    @Test func unzipAndPythonsZipfileFindEveryEntrySound() throws {
        let written = try Self.write()
        defer { try? FileManager.default.removeItem(atPath: written.directory) }
        for file in [written.tally, written.rollup] {
            let tested = try Renderer.run(SpreadsheetTools.unzip, ["-t", file])
            #expect(tested.status == 0 && tested.stdout.contains("No errors detected"), "\(tested)")
            let zipfile = try Renderer.run(SpreadsheetTools.python, ["-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())", file])
            #expect(zipfile.stdout == "None\n", "\(zipfile)")
        }
    }

    /// openpyxl's view of every cell: its Python type, value and number format, and each sheet's frozen cell.
    static let openpyxlDump = """
        import json, sys, datetime, openpyxl
        book = openpyxl.load_workbook(sys.argv[1])
        out = []
        for sheet in book.worksheets:
            rows = []
            for row in sheet.iter_rows():
                cells = []
                for cell in row:
                    value = cell.value
                    if isinstance(value, datetime.datetime): value = value.isoformat()
                    cells.append([type(cell.value).__name__, value, cell.number_format])
                rows.append(cells)
            out.append({"name": sheet.title, "frozen": sheet.freeze_panes, "rows": rows})
        print(json.dumps(out))
        """

    @Test func openpyxlReadsNumbersAsNumbersAndDatesAsDates() throws {
        let written = try Self.write()
        defer { try? FileManager.default.removeItem(atPath: written.directory) }
        var checked = Set<String>()
        for (name, workbook) in written.workbooks {
            let dumped = try Renderer.run(SpreadsheetTools.python, ["-c", Self.openpyxlDump, written.directory + "/\(name).xlsx"])
            try #require(dumped.status == 0, "\(dumped.stderr)")
            let sheets = try #require(try JSONSerialization.jsonObject(with: Data(dumped.stdout.utf8)) as? [[String: Any]])
            #expect(sheets.map { $0["name"] as? String } == workbook.sheets.map(\.name))
            for (sheet, read) in zip(workbook.sheets, sheets) {
                #expect(read["frozen"] as? String == "A3", "\(sheet.name)")
                let rows = try #require(read["rows"] as? [[[Any]]])
                #expect(rows.count == sheet.rows.count + 2, "\(sheet.name)")
                #expect(rows.first?.first?[1] as? String == sheet.title)
                #expect(rows.dropFirst().first?.map { $0[1] as? String } == sheet.header)
                for (row, readRow) in zip(sheet.rows, rows.dropFirst(2)) {
                    for (cell, read) in zip(row, readRow) {
                        let kind = read[0] as? String ?? "", format = read[2] as? String ?? ""
                        let place = "\(sheet.name): \(cell) read as \(read)"
                        switch cell {
                        case .empty, .text(""): #expect(kind == "NoneType", "\(place)")
                        case .text(let text):
                            // openpyxl 3.0 leaves Excel's _xHHHH_ escapes as written; Excel and LibreOffice decode them.
                            #expect(kind == "str" && [text, Self.escapedAsExcelDoes(text)].contains(read[1] as? String ?? ""), "\(place)")
                        case .count(let value):
                            #expect(kind == "int" && read[1] as? Int == value && format == "#,##0", "\(place)")
                        case .percent(let points):
                            #expect(["int", "float"].contains(kind) && abs((read[1] as? Double ?? -1) - points / 100) < 1e-12
                                && format == "0.0%", "\(place)")
                        case .decimal(let value):
                            #expect(["int", "float"].contains(kind) && abs((read[1] as? Double ?? -1) - value) < 1e-9
                                && format == "#,##0.0", "\(place)")
                        case .date(let date):
                            #expect(kind == "datetime" && read[1] as? String == date + "T00:00:00" && format == "dd/mm/yyyy", "\(place)")
                        case .clock(let instant), .dateTime(let instant):
                            let local = String(instant.vietnam.prefix(16)) + ":00"
                            let wanted = { if case .clock = cell { return "hh:mm" } else { return "dd/mm/yyyy hh:mm" } }()
                            #expect(kind == "datetime" && read[1] as? String == local && format == wanted, "\(place)")
                        }
                        checked.insert("\(cell)".prefix { $0 != "(" }.description)
                    }
                }
            }
        }
        #expect(checked.isSuperset(of: ["text", "count", "percent", "decimal", "date", "clock", "empty"]), "\(checked)")
    }

    /// LibreOffice, as a clerk's desktop in Vietnam and in English would run it, converts every
    /// sheet to CSV showing the cells as formatted (`97,8%` / `97.8%`, `1.234` / `1,234`,
    /// `23/11/2026`, `07:55`); each value parses back, in its locale, to the workbook's own.
    @Test func libreOfficeShowsTheSameValuesInVietnameseAndEnglishLocales() throws {
        let written = try Self.write()
        defer { try? FileManager.default.removeItem(atPath: written.directory) }
        var shownRates: [String: Set<String>] = [:]
        for locale in ["vi_VN.UTF-8", "en_US.UTF-8"] {
            let output = written.directory + "/" + locale
            // Every sheet (the last option, -1) as UTF-8 (76), comma-separated (44), cells as shown.
            let converted = try Renderer.run(SpreadsheetTools.soffice, [
                "--headless", "-env:UserInstallation=file://\(written.directory)/profile-\(locale)",
                "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                "--outdir", output, written.tally, written.rollup,
            ], environment: ["LC_ALL": locale, "LANG": locale, "LANGUAGE": ""])
            try #require(converted.status == 0, "\(converted)")
            let vietnamese = locale.hasPrefix("vi")
            for (name, workbook) in written.workbooks {
                for sheet in workbook.sheets {
                    let file = output + "/\(name)-\(sheet.name).csv"
                    let rows = Self.csvRows(String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self))
                    try #require(rows.count == sheet.rows.count + 2, "\(file): \(rows.count) rows")
                    #expect(rows[0].first == sheet.title)
                    #expect(Array(rows[1].prefix(sheet.header.count)) == sheet.header)
                    for (row, shown) in zip(sheet.rows, rows.dropFirst(2)) {
                        for (index, cell) in row.enumerated() {
                            let field = index < shown.count ? shown[index] : ""
                            #expect(Self.parses(field, as: cell, vietnamese: vietnamese), "\(locale) \(name)-\(sheet.name): \(cell) shown as \(field)")
                            if case .percent = cell { shownRates[locale, default: []].insert(field) }
                        }
                    }
                }
            }
        }
        // The locale really changed what was shown.
        #expect(shownRates["vi_VN.UTF-8"]?.contains("100,0%") == true && shownRates["en_US.UTF-8"]?.contains("100.0%") == true)
    }

    /// Whether LibreOffice's `field` is `cell` as shown in the locale.
    static func parses(_ field: String, as cell: XLSXWorkbook.Cell, vietnamese: Bool) -> Bool {
        func number(_ text: Substring) -> Double? {
            let (group, mark): (Character, Character) = vietnamese ? (".", ",") : (",", ".")
            return Double(String(text.filter { $0 != group }.map { $0 == mark ? "." : $0 }))
        }
        func local(_ instant: Timestamp) -> (date: String, clock: String) {
            let text = instant.vietnam
            let parts = text.prefix(10).split(separator: "-")
            return ("\(parts[2])/\(parts[1])/\(parts[0])", String(text.dropFirst(11).prefix(5)))
        }
        switch cell {
        case .empty: return field.isEmpty
        case .text(let text): return field == text
        case .count(let value): return !field.contains(vietnamese ? "," : ".") && number(field[...]) == Double(value)
        case .percent(let points):
            guard field.hasSuffix("%"), let shown = number(field.dropLast()) else { return false }
            return abs(shown - (points * 10).rounded() / 10) < 1e-9
        case .decimal(let value): return number(field[...]).map { abs($0 - (value * 10).rounded() / 10) < 1e-9 } ?? false
        case .date(let date):
            let parts = date.split(separator: "-")
            return field == "\(parts[2])/\(parts[1])/\(parts[0])"
        case .clock(let instant): return field == local(instant).clock
        case .dateTime(let instant): return field == "\(local(instant).date) \(local(instant).clock)"
        }
    }

    /// Excel's `_xHHHH_` escapes of the characters XML cannot hold, as in the shared strings.
    static func escapedAsExcelDoes(_ text: String) -> String {
        text.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" && $0 != "\n" ? String(format: "_x%04X_", $0.value) : String($0) }.joined()
    }

    /// RFC 4180 rows (LibreOffice's CSV: `"` quoting, `""` for a quote, LF or CRLF between rows).
    static func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": continue
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

/// Where the readers are, and whether all are there.
enum SpreadsheetTools {
    static let unzip = "/usr/bin/unzip"
    static let python = "/usr/bin/python3"
    static let soffice = "/usr/bin/soffice"

    static var available: Bool {
        access(unzip, X_OK) == 0 && access(soffice, X_OK) == 0 && hasOpenpyxl && hasVietnameseLocale
    }

    static var hasOpenpyxl: Bool {
        access(python, X_OK) == 0 && (try? Renderer.run(python, ["-c", "import openpyxl"]).status) == 0
    }

    /// `vi_VN.UTF-8` generated (`locale -a` lists it as `vi_VN.utf8`).
    static var hasVietnameseLocale: Bool {
        ((try? Renderer.run("/usr/bin/locale", ["-a"]).stdout) ?? "").split(separator: "\n").contains { $0.lowercased() == "vi_vn.utf8" }
    }
}
