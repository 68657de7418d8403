import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// `attendctl district invite import` takes the bridge point's sources: a workbook written by
/// openpyxl (a title above the header, a sheet chosen by name, halls named as the keys file
/// names them) and Excel's UTF-16 text; the hub's errors name the sheet's own row.
@Suite struct DistrictListSourcesTests {
    static let keys = "xa-a \(String(repeating: "a1", count: 32)) UBND xã Bình Thuận\nxa-b \(String(repeating: "b2", count: 32)) UBND xã Tây Giang\n"

    static func hub(_ folder: String) throws -> DaemonHarness {
        let hub = try DaemonHarness(extraConfig: "[hub]\nkeys_file = \(try DistrictPushTests.writeKeys(folder, "hub.keys", keys))\n")
        let now = hub.now()
        let define = try hub.attendctl([
            "district", "define", "HN", "--title", "Hội nghị", "--date", PlanClock.day(PlanClock.minute(of: now, plus: 60)),
            "--parts", PlanClock.part("Sáng", at: now, from: 60, to: 180), "--bridges", "all",
        ])
        #expect(define.status == 0, "\(define)")
        return hub
    }

    @Test(.enabled(if: SpreadsheetImportTests.hasOpenpyxl || underCI, "python3-openpyxl is not installed (apt-get install python3-openpyxl)"))
    func aDistrictWorkbookImportsThroughAttendctl() throws {
        let folder = NSTemporaryDirectory() + "attendd-dlist-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try Self.hub(folder)
        let book = folder + "/huyen.xlsx"
        // Rows 4-6 the list; an empty row 7; row 8 names a hall the keys file does not know
        // (written only into the second book, so the first imports clean).
        let script = """
            import sys, openpyxl
            wb = openpyxl.Workbook()
            wb.active.title = "Bìa"
            ws = wb.create_sheet("Danh sách")
            ws["A1"] = "DANH SÁCH ĐẠI BIỂU HUYỆN"
            ws["A2"] = "Hội nghị ngày 23/11/2026"
            ws.append(["Mã", "Họ và tên", "Đối tượng", "Điểm cầu", "Dự kiến", "Ghi chú"])
            ws.append([1001, "Nguyễn Văn An", "Đảng viên", "xa-a", 3, "dòng 1\\ndòng 2"])
            ws.append([1002, "Trần Thị Bình", "Công chức", "ubnd xa binh thuan", 3, None])
            ws.append([1003, "Lê Văn Cường", "Khách mời", "UBND xã Tây Giang", None, None])
            if sys.argv[2] == "bad":
                ws.cell(row=8, column=1, value=1004); ws.cell(row=8, column=2, value="Hồ Văn Em")
                ws.cell(row=8, column=3, value="Đảng viên"); ws.cell(row=8, column=4, value="xa-z")
            wb.save(sys.argv[1])
            """
        let made = try ExternalTool.run(SpreadsheetImportTests.python, ["-c", script, book, "good"])
        try #require(made.status == 0, "\(made.stderr)")
        let imported = try hub.attendctl(["district", "invite", "import", book, "--sheet", "Danh sách", "--conf", "HN"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("huyen.xlsx:Danh sách!A3: header row (sheet \"Danh sách\"; rows above it skipped)"), "\(imported.stdout)")
        #expect(imported.stdout.contains("invited=3"), "\(imported.stdout)")
        let board = try DistrictPlansTests.board(hub, "HN")
        #expect(board.bridges.map(\.districtRows) == [2, 1])
        #expect(board.bridges.map(\.planned) == [3, nil])

        // The first sheet (the cover) has no list; a bad row is named by its row in the sheet.
        let cover = try hub.attendctl(["district", "invite", "import", book, "--conf", "HN"])
        #expect(cover.status == 1)
        #expect(cover.stderr.contains("huyen.xlsx:Bìa!A1: the sheet is empty"), "\(cover.stderr)")
        let bad = folder + "/bad.xlsx"
        try #require(try ExternalTool.run(SpreadsheetImportTests.python, ["-c", script, bad, "bad"]).status == 0)
        let refused = try hub.attendctl(["district", "invite", "import", bad, "--sheet", "Danh sách", "--conf", "HN"])
        #expect(refused.status != 0)
        #expect(refused.stdout.contains("district list:8: unknown bridge point \\\"xa-z\\\""), "\(refused)")
        #expect(try DistrictPlansTests.board(hub, "HN").revision == 2)  // nothing half-imported
    }

    /// Excel's "Unicode Text" (UTF-16 with tabs): the hub reads the bridge-point column from it
    /// too (it used to read that column as UTF-8 only, and found no row).
    @Test func aDistrictUnicodeTextFileImportsThroughAttendctl() throws {
        let folder = NSTemporaryDirectory() + "attendd-dlist-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hub = try Self.hub(folder)
        let text = "Mã\tHọ và tên\tĐối tượng\tĐiểm cầu\r\nA1\tNguyễn Văn Đạt\tĐảng viên\tUBND xã Tây Giang\r\n"
        let file = folder + "/unicode.txt"
        try Data([UInt8]([0xFF, 0xFE]) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: URL(fileURLWithPath: file))
        let imported = try hub.attendctl(["district", "invite", "import", file, "--conf", "HN"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("unicode.txt:1: header row (utf-16)"), "\(imported.stdout)")
        #expect(try DistrictPlansTests.board(hub, "HN").bridges.map(\.districtRows) == [0, 1])
    }
}
