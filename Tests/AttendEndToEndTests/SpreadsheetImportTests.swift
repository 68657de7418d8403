import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// The import half of issue 20 checked against the programs people use: DEFLATE streams from
/// zlib and gzip, workbooks from openpyxl and LibreOffice, imported through attendctl into a
/// running attendd. Each tool is skipped, saying so, where it is missing; under CI=true a
/// missing tool is a failure (`.ci/run` installs python3-openpyxl and libreoffice-calc).
@Suite struct SpreadsheetImportTests {
    static let python = "/usr/bin/python3"
    static let hasOpenpyxl = FileManager.default.isExecutableFile(atPath: python)
        && (try? ExternalTool.run(python, ["-c", "import openpyxl"]).status) == 0
    static let soffice = ExternalTool.find("soffice")
    static let gzip = ExternalTool.find("gzip")

    /// zlib at every level and strategy (stored, fixed, dynamic, RLE, Huffman only) and `gzip -9`:
    /// the decoder gives back the original bytes, and gzip's CRC-32 and size agree.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: python) || underCI, "python3 is not installed"))
    func decoderMatchesZlibAndGzip() throws {
        let folder = try ExternalTool.temporaryFolder("inflate")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = """
            import zlib, random, sys
            random.seed(20)
            names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Đức Em"]
            text = "".join(f"{i};DV-{i:05d};{random.choice(names)};Chi bộ {i % 40};Đảng viên\\r\\n" for i in range(3000)).encode()
            data = {"text": text, "random": bytes(random.getrandbits(8) for _ in range(20000)), "empty": b"",
                    "runs": b"a" * 30000 + b"b" * 3 + b"a" * 1000, "one": b"x"}
            n = 0
            for name, payload in data.items():
                open(f"{sys.argv[1]}/{name}.bin", "wb").write(payload)
                for level in (0, 1, 6, 9):
                    for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FIXED, zlib.Z_RLE, zlib.Z_HUFFMAN_ONLY, zlib.Z_FILTERED):
                        c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
                        open(f"{sys.argv[1]}/{name}.{level}.{strategy}.deflate", "wb").write(c.compress(payload) + c.flush())
                        n += 1
            print(n)
            """
        let made = try ExternalTool.run(Self.python, ["-c", script, folder.path])
        try #require(made.status == 0, "\(made.stderr)")
        var checked = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".deflate") {
            let original = [UInt8](try Data(contentsOf: folder.appendingPathComponent(String(file.prefix { $0 != "." }) + ".bin")))
            let stream = [UInt8](try Data(contentsOf: folder.appendingPathComponent(file)))
            #expect(try Inflate.decode(stream, maxOutput: original.count) == original, "\(file)")
            checked += 1
        }
        #expect(checked == 100)

        guard let gzip = Self.gzip else { return }
        let text = folder.appendingPathComponent("text.bin")
        let zipped = try ExternalTool.run(gzip, ["-9", "-n", "-c", text.path])
        try #require(zipped.status == 0)
        let bytes = [UInt8](zipped.stdout)
        // RFC 1952: a 10-byte header (no name with -n), the raw stream, CRC-32 and size.
        let raw = Array(bytes[10..<(bytes.count - 8)])
        let trailer = Array(bytes[(bytes.count - 8)...])
        let decoded = try Inflate.decode(raw, maxOutput: 64 << 20)
        #expect(decoded == [UInt8](try Data(contentsOf: text)))
        let crc = UInt32(trailer[0]) | UInt32(trailer[1]) << 8 | UInt32(trailer[2]) << 16 | UInt32(trailer[3]) << 24
        #expect(crc == CRC32.checksum(decoded))
    }

    /// A workbook as a district office makes it with openpyxl: a cover sheet first, then the list
    /// with a title and a date above the header, ids typed as numbers, a notes column, and
    /// formatted empty rows below; plus a million-row sheet, refused at the row bound.
    @Test(.enabled(if: hasOpenpyxl || underCI, "python3-openpyxl is not installed (apt-get install python3-openpyxl)"))
    func openpyxlWorkbookImportsThroughAttendctl() throws {
        let daemon = try DaemonHarness()
        let book = daemon.directory + "/danh-sach.xlsx"
        let script = """
            import sys, openpyxl
            from openpyxl.styles import Font
            wb = openpyxl.Workbook()
            cover = wb.active
            cover.title = "Bìa"
            cover["A1"] = "HỘI NGHỊ QUÁN TRIỆT NGHỊ QUYẾT"
            ws = wb.create_sheet("Danh sách")
            ws["A1"] = "DANH SÁCH ĐẠI BIỂU"
            ws["A2"] = "Ngày 23/11/2026"
            ws.append(["STT", "Mã đại biểu", "Họ và tên", "Đơn vị", "Đối tượng", "Ghi chú"])
            rows = [(1001, "Nguyễn Văn An", "Chi bộ 1", "Đảng viên", ""), (1002, "Trần Thị Bình", "Phòng Nội vụ", "Công chức", "x" * 20000),
                    (1003, "Lê Văn Cường", None, "Khách mời", None)]
            for i, r in enumerate(rows):
                ws.append([i + 1, *r])
            for row in range(40, 60):
                ws.cell(row=row, column=2).font = Font(bold=True)
            wb.save(sys.argv[1])
            """
        let made = try ExternalTool.run(Self.python, ["-c", script, book])
        try #require(made.status == 0, "\(made.stderr)")

        try daemon.openConference("HN")
        let imported = try daemon.attendctl(["invite", "import", book, "--sheet", "Danh sách", "--conf", "HN"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("danh-sach.xlsx:Danh sách!A3: header row (sheet \"Danh sách\"; rows above it skipped)"), "\(imported.stdout)")
        #expect(imported.stdout.contains("invited=3"), "\(imported.stdout)")
        let found = try daemon.attendctl(["find", "tran thi binh", "--conf", "HN"])
        #expect(found.stdout == "1002\tTrần Thị Bình\tPhòng Nội vụ\tofficial\n", "\(found)")

        let cover = try daemon.attendctl(["invite", "import", book, "--conf", "HN"])
        #expect(cover.status == 1)
        #expect(cover.stderr.contains("danh-sach.xlsx:Bìa!A1: no id column"), "\(cover.stderr)")

        // A sheet of a million rows (zipped by Python's zipfile: openpyxl would take a minute):
        // refused at row 100,001, cheaply, and the daemon's list is unchanged.
        let big = daemon.directory + "/lon.xlsx"
        let bigScript = """
            import sys, zipfile
            R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
            with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
                z.writestr('[Content_Types].xml', '<Types/>')
                z.writestr('_rels/.rels', f'<Relationships><Relationship Id="r1" Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
                z.writestr('xl/workbook.xml', f'<workbook xmlns:r="{R}"><sheets><sheet name="Lớn" sheetId="1" r:id="r1"/></sheets></workbook>')
                z.writestr('xl/_rels/workbook.xml.rels', f'<Relationships><Relationship Id="r1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
                z.writestr('xl/worksheets/sheet1.xml', '<worksheet><sheetData>' + ''.join(f'<row r="{i}"/>' for i in range(1, 1000001)) + '</sheetData></worksheet>')
            """
        let bigMade = try ExternalTool.run(Self.python, ["-c", bigScript, big])
        try #require(bigMade.status == 0, "\(bigMade.stderr)")
        // (How cheaply is the benchmark's to say, not a timed test's: `attendbench --only model`.)
        let huge = try daemon.attendctl(["invite", "import", big, "--conf", "HN"])
        #expect(huge.status == 1)
        #expect(huge.stderr.contains("sheet \"Lớn\" has more than 100000 rows"), "\(huge.stderr)")
        #expect(try daemon.attendctl(["find", "nguyen van an", "--conf", "HN"]).stdout.hasPrefix("1001\t"))
    }

    /// LibreOffice converts a CSV in the tally's form (UTF-8 with a BOM, `,`, `.` decimals) with
    /// the import options the README gives, in its own profile; the workbook it writes imports,
    /// its rate stays a number, and its shared strings keep every Vietnamese letter.
    @Test(.enabled(if: soffice != nil || underCI, "LibreOffice is not installed (apt-get install libreoffice-calc)"))
    func libreOfficeWorkbookImports() throws {
        let soffice = try #require(Self.soffice, "LibreOffice is missing under CI=true: .ci/run installs libreoffice-calc")
        let folder = try ExternalTool.temporaryFolder("soffice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("danh-sach.csv")
        try Data(("\u{FEFF}Danh sách đại biểu,,,,\r\nMã,Họ và tên,Đơn vị,Đối tượng,Tỷ lệ\r\n"
                  + "2001,Đỗ Thị Ánh,\"Xã Tây Sơn, huyện A\",Đảng viên,97.8\r\n2002,Vũ Minh Đức,Chi bộ 2,Đoàn viên,91.0\r\n").utf8).write(to: csv)
        let converted = try ExternalTool.run(soffice, [
            "-env:UserInstallation=file://" + folder.appendingPathComponent("profile").path, "--headless",
            "--infilter=CSV:44,34,76,1,,1033", "--convert-to", "xlsx", "--outdir", folder.path, csv.path,
        ])
        let book = folder.appendingPathComponent("danh-sach.xlsx")
        try #require(FileManager.default.fileExists(atPath: book.path), "soffice wrote nothing: \(converted.stderr)")
        let bytes = [UInt8](try Data(contentsOf: book))

        var zip = try ZipArchive(bytes)
        let sheetXML = String(decoding: try #require(try zip.read("xl/worksheets/sheet1.xml")), as: UTF8.self)
        #expect(sheetXML.contains("<v>97.8</v>"), "the rate is not a number: \(sheetXML.prefix(2000))")
        let sheet = try XLSXReader.read(bytes)
        #expect(sheet.rows.map(\.fields).dropFirst(2).first == ["2001", "Đỗ Thị Ánh", "Xã Tây Sơn, huyện A", "Đảng viên", "97.8"])
        let list = try InvitedListImport.read(workbook: bytes, file: "danh-sach.xlsx")
        #expect(list.headerLine == 2)
        #expect(list.delegates.map(\.fullName) == ["Đỗ Thị Ánh", "Vũ Minh Đức"])
    }

    /// Excel's "Unicode Text" (UTF-16, tabs) and a Windows-1258 file, detected and given, through attendctl.
    @Test func officeEncodingsImportThroughAttendctl() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("HN")
        let text = "Họ và tên\tMã\tĐối tượng\r\nNguyễn Văn Đạt\tA1\tĐảng viên\r\n"
        let utf16 = daemon.directory + "/unicode.txt"
        try Data([UInt8]([0xFF, 0xFE]) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }).write(to: URL(fileURLWithPath: utf16))
        let imported = try daemon.attendctl(["invite", "import", utf16, "--conf", "HN"])
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stdout.contains("unicode.txt:1: header row (utf-16)"), "\(imported.stdout)")
        #expect(try daemon.attendctl(["find", "nguyen van dat", "--conf", "HN"]).stdout == "A1\tNguyễn Văn Đạt\t\tparty_member\n")

        // "Bùi Thị Ầu": u then the grave byte, A-circumflex (C2) then grave (CC).
        let legacy = daemon.directory + "/ansi.csv"
        try Data(Array("Ma;Ho ten;Loai\r\nB2;B".utf8) + [0x75, 0xCC, 0x69, 0x20, 0x54, 0x68, 0x69, 0xF2, 0x20, 0xC2, 0xCC, 0x75]
                 + Array(";guest\r\n".utf8)).write(to: URL(fileURLWithPath: legacy))
        for arguments in [["invite", "import", legacy, "--conf", "HN"], ["invite", "import", legacy, "--encoding", "windows-1258", "--conf", "HN"]] {
            let result = try daemon.attendctl(arguments)
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("header row (windows-1258)"), "\(result.stdout)")
        }
        let found = try daemon.attendctl(["find", "bui thi au", "--conf", "HN"]).stdout
        #expect(Array(found.unicodeScalars) == Array("B2\tBùi Thị Ầu\t\tguest\n".precomposedStringWithCanonicalMapping.unicodeScalars))

        let usage = try daemon.attendctl(["invite", "import", legacy, "--sheet", "S"])
        #expect(usage.status != 0)
        #expect(usage.stderr.contains("--sheet is for workbooks"), "\(usage.stderr)")
    }
}

/// Running the outside programs these tests compare with.
enum ExternalTool {
    static func find(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Both pipes drained at once: a chatty tool blocks on a full pipe otherwise.
        let errors = DataBox()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, output, String(decoding: errors.data, as: UTF8.self))
    }

    /// Written by one reader thread, read after it is waited for.
    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }

    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attendd-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
