import AttendCore

/// Zip files and DEFLATE streams built byte by byte for the reader's tests, so that each can be
/// made to lie in exactly one way (a size, a CRC, a header) without any tool.
enum ZipFixture {
    struct Entry {
        var name: String
        var data: [UInt8]
        /// 0 stored, 8 deflated (as stored DEFLATE blocks unless `compressed` is given).
        var method = 8
        /// The DEFLATE bytes to store instead of `data` encoded as stored blocks.
        var compressed: [UInt8]?
        var claimedSize: Int?
        var claimedCRC: UInt32?
        var flags = 0
        var localName: String?

        init(_ name: String, _ data: [UInt8], method: Int = 8, compressed: [UInt8]? = nil, claimedSize: Int? = nil,
             claimedCRC: UInt32? = nil, flags: Int = 0, localName: String? = nil) {
            self.name = name
            self.data = data
            self.method = method
            self.compressed = compressed
            self.claimedSize = claimedSize
            self.claimedCRC = claimedCRC
            self.flags = flags
            self.localName = localName
        }

        init(_ name: String, _ text: String, method: Int = 8) {
            self.init(name, Array(text.utf8), method: method)
        }
    }

    static func zip(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let stored = entry.method == 0 ? entry.data : (entry.compressed ?? storedDeflate(entry.data))
            let crc = entry.claimedCRC ?? CRC32.checksum(entry.data)
            let size = entry.claimedSize ?? entry.data.count
            let name = Array(entry.name.utf8)
            let localName = Array((entry.localName ?? entry.name).utf8)
            let offset = out.count
            out += le32(0x0403_4B50) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0)
                + le32(crc) + le32(stored.count) + le32(size) + le16(localName.count) + le16(0) + localName + stored
            central += le32(0x0201_4B50) + le16(20) + le16(20) + le16(entry.flags) + le16(entry.method) + le16(0) + le16(0)
                + le32(crc) + le32(stored.count) + le32(size) + le16(name.count) + le16(0) + le16(0) + le16(0) + le16(0)
                + le32(0) + le32(offset) + name
        }
        let directoryOffset = out.count
        out += central
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
            + le32(central.count) + le32(directoryOffset) + le16(0)
        return out
    }

    /// `data` as DEFLATE stored blocks (valid method 8 data without compression).
    static func storedDeflate(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        repeat {
            let end = min(data.count, start + 65_535)
            let final: UInt8 = end == data.count ? 1 : 0
            out.append(final)
            out += le16(end - start) + le16(~(end - start) & 0xFFFF)
            out += data[start..<end]
            start = end
        } while start < data.count
        return out
    }

    /// A fixed-Huffman stream of `a` then `matches` copies of 258 bytes at distance 1: 13 bits
    /// per 258 output bytes, a ratio near 160 to 1: the core of a zip bomb.
    static func bombDeflate(matches: Int) -> [UInt8] {
        var writer = BitWriter()
        writer.write(1, bits: 1)  // final
        writer.write(1, bits: 2)  // fixed Huffman
        writer.writeCode(0x30 + Int(UInt8(ascii: "a")), length: 8)  // literal 'a'
        for _ in 0..<matches {
            writer.writeCode(0xC0 + (285 - 280), length: 8)  // length 258
            writer.writeCode(0, length: 5)  // distance code 0: distance 1
        }
        writer.writeCode(0, length: 7)  // end of block (256 is 0000000)
        return writer.bytes
    }

    struct BitWriter {
        var bytes: [UInt8] = []
        var count = 0

        /// `value`'s low `bits` bits, least significant first (header fields, extra bits).
        mutating func write(_ value: Int, bits: Int) {
            for bit in 0..<bits { push((value >> bit) & 1) }
        }

        /// A Huffman code, most significant bit first.
        mutating func writeCode(_ code: Int, length: Int) {
            for bit in (0..<length).reversed() { push((code >> bit) & 1) }
        }

        private mutating func push(_ bit: Int) {
            if count % 8 == 0 { bytes.append(0) }
            bytes[bytes.count - 1] |= UInt8(bit) << UInt8(count % 8)
            count += 1
        }
    }

    static func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF)] }
    static func le32(_ value: Int) -> [UInt8] { le16(value & 0xFFFF) + le16((value >> 16) & 0xFFFF) }
    static func le32(_ value: UInt32) -> [UInt8] { le32(Int(value)) }

    /// A minimal workbook: the given sheets (name, sheet XML body rows), shared strings if any.
    static func workbook(sheets: [(String, String)], shared: [String]? = nil, extraWorkbook: String = "") -> [UInt8] {
        let ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var entries: [Entry] = [
            Entry("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"),
            Entry("_rels/.rels", "<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" "
                  + "Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
        ]
        let sheetList = sheets.enumerated().map { "<sheet name=\"\($1.0)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        entries.append(Entry("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook \(ns)>\(extraWorkbook)<sheets>\(sheetList)</sheets></workbook>"))
        var rels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        if shared != nil { rels += "<Relationship Id=\"rIdS\" Type=\"\(rel)/sharedStrings\" Target=\"sharedStrings.xml\"/>" }
        entries.append(Entry("xl/_rels/workbook.xml.rels", "<Relationships>\(rels)</Relationships>"))
        for (index, sheet) in sheets.enumerated() {
            entries.append(Entry("xl/worksheets/sheet\(index + 1).xml", "<worksheet \(ns)><sheetData>\(sheet.1)</sheetData></worksheet>"))
        }
        if let shared {
            let items = shared.map { "<si><t>\($0)</t></si>" }.joined()
            entries.append(Entry("xl/sharedStrings.xml", "<sst \(ns) count=\"\(shared.count)\">\(items)</sst>"))
        }
        return zip(entries)
    }
}
