import AttendCore
import AttendDaemon
import AttendIO
import Foundation

/// Importing a workbook: a 10,000-row .xlsx read, checked and sent to attendd, and the DEFLATE
/// decoder's throughput beside `gzip -d` on the same stream. The workbook's parts are deflated by
/// `gzip -9` itself (its raw stream between header and trailer), so no encoder is needed here.
enum SpreadsheetImportBench {
    static func run(_ options: BenchOptions, rows: Int, reporter: Reporter) throws {
        guard let gzip = ["/usr/bin/gzip", "/bin/gzip"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            reporter.add(Measurement(ModelBench.section, "xlsx import of \(rows) rows", nil, "s", atMost: 1, note: "gzip is not installed"))
            return
        }
        reporter.progress("xlsx import: \(rows) rows")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attendbench-xlsx-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var sheet = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>DANH SÁCH ĐẠI BIỂU</t></is></c></row>"
            + "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c><c r=\"C2\" t=\"s\"><v>2</v></c><c r=\"D2\" t=\"s\"><v>3</v></c></row>"
        for index in 0..<rows {
            let row = index + 3
            sheet += "<row r=\"\(row)\"><c r=\"A\(row)\"><v>\(100_000 + index)</v></c>"
                + "<c r=\"B\(row)\" t=\"inlineStr\"><is><t>Nguyễn Thị Hồng \(index)</t></is></c>"
                + "<c r=\"C\(row)\" t=\"inlineStr\"><is><t>Chi bộ \(index % 40)</t></is></c><c r=\"D\(row)\" t=\"s\"><v>\(4 + index % 4)</v></c></row>"
        }
        sheet += "</sheetData></worksheet>"
        let shared = "<sst>" + ["Mã", "Họ và tên", "Đơn vị", "Đối tượng", "Đảng viên", "Công chức", "Đoàn viên", "Khách mời"]
            .map { "<si><t>\($0)</t></si>" }.joined() + "</sst>"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let parts: [(String, String)] = [
            ("[Content_Types].xml", "<Types/>"),
            ("_rels/.rels", "<Relationships><Relationship Id=\"r1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<workbook xmlns:r=\"\(rel)\"><sheets><sheet name=\"Danh sách\" sheetId=\"1\" r:id=\"r1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<Relationships><Relationship Id=\"r1\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "<Relationship Id=\"r2\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"),
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        var entries: [(name: String, data: [UInt8], raw: [UInt8], crc: UInt32)] = []
        for (name, text) in parts {
            let data = Array(text.utf8)
            let gz = try gzipped(data, gzip: gzip, folder: folder)
            entries.append((name, data, Array(gz[10..<(gz.count - 8)]), CRC32.checksum(data)))
        }
        let book = zip(entries)

        let readStart = MonotonicClock.now()
        let list = try InvitedListImport.read(workbook: book, file: "bench.xlsx")
        let readMs = MonotonicClock.seconds(since: readStart) * 1000
        let payload = InvitedListImport.csv(list.delegates)

        let daemon = try BenchDaemon.start(options, name: "xlsx")
        let client = try LineClient(unixPath: daemon.folder.controlSocket)
        let began = MonotonicClock.now()
        let again = try InvitedListImport.read(workbook: book, file: "bench.xlsx")
        let reply = try client.request("INVITE conf=\(BenchDaemon.conference) bytes=\(payload.count)",
                                       payload: InvitedListImport.csv(again.delegates), timeoutSeconds: 60)
        let seconds = MonotonicClock.seconds(since: began)
        _ = daemon.stop()
        reporter.add(Measurement(
            ModelBench.section, "xlsx import of \(rows) rows into attendd (\(book.count / 1024) KiB workbook)", reply.isOK ? seconds : nil, "s",
            atMost: 1,
            note: reply.isOK
                ? String(format: "read + checked in process, then INVITE committed; the workbook reader alone: %.0f ms for %d rows", readMs, list.delegates.count)
                : "refused: \(reply)"))

        // The decoder beside gzip -d on one larger stream: the sheet repeated to about 20 MB.
        let big = [UInt8]((0..<max(1, 20_000_000 / max(1, entries[5].data.count))).flatMap { _ in entries[5].data })
        let gz = try gzipped(big, gzip: gzip, folder: folder)
        let raw = Array(gz[10..<(gz.count - 8)])
        let decodeStart = MonotonicClock.now()
        let decoded = try Inflate.decode(raw, maxOutput: big.count, expectedSize: big.count)
        let decodeSeconds = MonotonicClock.seconds(since: decodeStart)
        let file = folder.appendingPathComponent("big.gz")
        try Data(gz).write(to: file)
        let gzipStart = MonotonicClock.now()
        _ = try runTool(gzip, ["-d", "-c", file.path])
        let gzipSeconds = MonotonicClock.seconds(since: gzipStart)
        let megabytes = Double(big.count) / 1_000_000
        reporter.add(Measurement(
            ModelBench.section, "DEFLATE decoder, \(Int(megabytes)) MB of sheet XML", decoded == big ? megabytes / decodeSeconds : nil, "MB/s",
            note: String(format: "gzip -d on the same stream (a process, output to a pipe): %.0f MB/s", megabytes / gzipSeconds)))
    }

    /// `gzip -9 -n` of `data`: a 10-byte header, the raw DEFLATE stream, CRC-32 and size.
    static func gzipped(_ data: [UInt8], gzip: String, folder: URL) throws -> [UInt8] {
        let file = folder.appendingPathComponent("part-\(data.count)")
        try Data(data).write(to: file)
        return [UInt8](try runTool(gzip, ["-9", "-n", "-c", file.path]))
    }

    static func runTool(_ path: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// A zip file of deflated entries (`raw` is each entry's DEFLATE stream).
    static func zip(_ entries: [(name: String, data: [UInt8], raw: [UInt8], crc: UInt32)]) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
        func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16((value >> 16) & 0xFFFF) }
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let offset = out.count
            let sizes = le32(Int(entry.crc)) + le32(entry.raw.count) + le32(entry.data.count)
            out += le32(0x0403_4B50) + le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + sizes + le16(name.count) + le16(0) + name + entry.raw
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(8) + le16(0) + le16(0) + sizes
                + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(offset) + name
        }
        let directory = out.count
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count) + le32(central.count) + le32(directory) + le16(0)
        return out
    }
}
