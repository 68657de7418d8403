/// The XML parts of a workbook, the least ECMA-376 asks for plus what a clerk needs: content
/// types, the package and workbook relationships, the document's title, the workbook with its
/// sheets and print titles, the styles (number formats, bold headers), one worksheet per
/// sheet, and the shared strings (one copy of each text, as Excel and LibreOffice write).
extension XLSXWorkbook {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The style index (`s=`) of each look, the order of `cellXfs` in `styles()`.
    enum Style: Int {
        case plain, header, title, count, decimal, percent, date, clock, dateTime
        case boldPlain, boldCount, boldDecimal, boldPercent

        /// The same look in bold, for a total's row.
        var bold: Style {
            switch self {
            case .plain: return .boldPlain
            case .count: return .boldCount
            case .decimal: return .boldDecimal
            case .percent: return .boldPercent
            default: return self
            }
        }
    }

    func contentTypes() -> [UInt8] {
        var xml = XMLText()
        xml.markup(Self.declaration)
        xml.markup("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
        xml.markup("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
        xml.markup("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
        let spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        xml.markup("<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(spreadsheet).sheet.main+xml\"/>")
        for index in sheets.indices {
            xml.markup("<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"\(spreadsheet).worksheet+xml\"/>")
        }
        xml.markup("<Override PartName=\"/xl/styles.xml\" ContentType=\"\(spreadsheet).styles+xml\"/>")
        xml.markup("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(spreadsheet).sharedStrings+xml\"/>")
        xml.markup("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>")
        xml.markup("</Types>")
        return xml.bytes
    }

    func packageRelationships() -> [UInt8] {
        var xml = XMLText()
        xml.markup(Self.declaration)
        xml.markup("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        xml.markup("<Relationship Id=\"rId1\" Type=\"\(Self.relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>")
        xml.markup("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\"")
        xml.markup(" Target=\"docProps/core.xml\"/>")
        xml.markup("</Relationships>")
        return xml.bytes
    }

    /// The title and the time made, which file managers and Excel's "Info" show.
    func coreProperties(_ modified: Timestamp) -> [UInt8] {
        let utc = String(modified.rfc3339().prefix(19)) + "Z"
        var xml = XMLText()
        xml.markup(Self.declaration)
        xml.markup("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\"")
        xml.markup(" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\"")
        xml.markup(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
        xml.markup("<dc:title>")
        xml.text(title)
        xml.markup("</dc:title><dc:creator>attendd</dc:creator>")
        xml.markup("<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(utc)</dcterms:created>")
        xml.markup("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(utc)</dcterms:modified>")
        xml.markup("</cp:coreProperties>")
        return xml.bytes
    }

    /// The sheets in order, and each one's heading rows as its print titles.
    func workbook() -> [UInt8] {
        var xml = XMLText()
        xml.markup(Self.declaration)
        xml.markup("<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">")
        xml.markup("<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>")
        for (index, sheet) in sheets.enumerated() {
            xml.markup("<sheet name=\"")
            xml.text(sheet.name)
            xml.markup("\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>")
        }
        xml.markup("</sheets><definedNames>")
        for (index, sheet) in sheets.enumerated() {
            xml.markup("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">")
            xml.text("'\(sheet.name.replacingOccurrences(of: "'", with: "''"))'!$1:$\(sheet.headingRows)")
            xml.markup("</definedName>")
        }
        xml.markup("</definedNames></workbook>")
        return xml.bytes
    }

    func workbookRelationships() -> [UInt8] {
        var xml = XMLText()
        xml.markup(Self.declaration)
        xml.markup("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
        for index in sheets.indices {
            xml.markup("<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relationshipNamespace)/worksheet\"")
            xml.markup(" Target=\"worksheets/sheet\(index + 1).xml\"/>")
        }
        xml.markup("<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.relationshipNamespace)/styles\" Target=\"styles.xml\"/>")
        xml.markup("<Relationship Id=\"rId\(sheets.count + 2)\" Type=\"\(Self.relationshipNamespace)/sharedStrings\"")
        xml.markup(" Target=\"sharedStrings.xml\"/>")
        xml.markup("</Relationships>")
        return xml.bytes
    }

    /// Number formats 164 and up are the workbook's own (below are Excel's built-in ones: 3 is
    /// `#,##0`); fonts 0 plain, 1 bold, 2 the title's; fill 2 the header's grey.
    func styles() -> [UInt8] {
        var xml = XMLText()
        xml.markup(Self.declaration)
        xml.markup("<styleSheet xmlns=\"\(Self.mainNamespace)\">")
        xml.markup("<numFmts count=\"5\"><numFmt numFmtId=\"164\" formatCode=\"#,##0.0\"/><numFmt numFmtId=\"165\" formatCode=\"0.0%\"/>")
        xml.markup("<numFmt numFmtId=\"166\" formatCode=\"")
        xml.text(dateFormat)
        xml.markup("\"/><numFmt numFmtId=\"167\" formatCode=\"hh:mm\"/><numFmt numFmtId=\"168\" formatCode=\"")
        xml.text(dateFormat + " hh:mm")
        xml.markup("\"/></numFmts>")
        xml.markup("<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>")
        xml.markup("<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>")
        xml.markup("<font><b/><sz val=\"14\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>")
        xml.markup("<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>")
        xml.markup("<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFD9D9D9\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>")
        xml.markup("<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>")
        xml.markup("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        let formats: [(Style, numFmt: Int, font: Int, fill: Int)] = [
            (.plain, 0, 0, 0), (.header, 0, 1, 2), (.title, 0, 2, 0), (.count, 3, 0, 0), (.decimal, 164, 0, 0),
            (.percent, 165, 0, 0), (.date, 166, 0, 0), (.clock, 167, 0, 0), (.dateTime, 168, 0, 0),
            (.boldPlain, 0, 1, 0), (.boldCount, 3, 1, 0), (.boldDecimal, 164, 1, 0), (.boldPercent, 165, 1, 0),
        ]
        precondition(formats.map(\.0.rawValue) == Array(0..<formats.count))
        xml.markup("<cellXfs count=\"\(formats.count)\">")
        for format in formats {
            xml.markup("<xf numFmtId=\"\(format.numFmt)\" fontId=\"\(format.font)\" fillId=\"\(format.fill)\" borderId=\"0\" xfId=\"0\"")
            if format.numFmt != 0 { xml.markup(" applyNumberFormat=\"1\"") }
            if format.font != 0 { xml.markup(" applyFont=\"1\"") }
            if format.fill != 0 { xml.markup(" applyFill=\"1\"") }
            xml.markup("/>")
        }
        xml.markup("</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        xml.markup("</styleSheet>")
        return xml.bytes
    }

    /// One sheet: its view with the heading rows frozen, its column widths, its rows, and its
    /// page: A4, as wide as the paper (portrait, or landscape when its columns are wider than
    /// `portraitWidth`), as many pages down as it takes.
    func worksheet(_ sheet: Sheet, selected: Bool, strings: inout SharedStrings) -> [UInt8] {
        var sheet = sheet
        let room = rowLimit - sheet.headingRows - 1
        if sheet.rows.count > room + 1 {
            let leftOut = sheet.rows.count - room
            sheet.rows.removeLast(leftOut)
            sheet.rows.append([.text(MessageCatalog.fill(sheet.rowsLeftOut, [String(leftOut)]))])
        }
        let columnCount = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0, 1)
        let lastRow = sheet.headingRows + sheet.rows.count
        let widths = (0..<columnCount).map { column in
            Self.width(of: sheet.rows.map { column < $0.count ? $0[column] : .empty },
                       header: column < sheet.header.count ? sheet.header[column] : "")
        }
        var xml = XMLText(capacity: 256 + sheet.rows.count * columnCount * 24)
        xml.markup(Self.declaration)
        xml.markup("<worksheet xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">")
        xml.markup("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>")
        xml.markup("<dimension ref=\"A1:\(Self.column(columnCount - 1))\(lastRow)\"/>")
        let firstData = "A\(sheet.headingRows + 1)"
        xml.markup("<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>")
        xml.markup("<pane ySplit=\"\(sheet.headingRows)\" topLeftCell=\"\(firstData)\" activePane=\"bottomLeft\" state=\"frozen\"/>")
        xml.markup("<selection pane=\"bottomLeft\" activeCell=\"\(firstData)\" sqref=\"\(firstData)\"/></sheetView></sheetViews>")
        xml.markup("<sheetFormatPr defaultRowHeight=\"15\"/><cols>")
        for (column, width) in widths.enumerated() {
            xml.markup("<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(width)\" customWidth=\"1\"/>")
        }
        xml.markup("</cols><sheetData>")
        var rowNumber = 0
        if let title = sheet.title {
            rowNumber += 1
            xml.markup("<row r=\"1\">")
            cell(&xml, .text(title), column: 0, row: 1, style: .title, strings: &strings)
            xml.markup("</row>")
        }
        rowNumber += 1
        xml.markup("<row r=\"\(rowNumber)\">")
        for (column, header) in sheet.header.enumerated() {
            cell(&xml, .text(header), column: column, row: rowNumber, style: .header, strings: &strings)
        }
        xml.markup("</row>")
        for (index, row) in sheet.rows.enumerated() {
            rowNumber += 1
            xml.markup("<row r=\"")
            xml.number(rowNumber)
            xml.markup("\">")
            let bold = sheet.boldRows.contains(index)
            for (column, value) in row.enumerated() {
                cell(&xml, value, column: column, row: rowNumber, style: nil, bold: bold, strings: &strings)
            }
            xml.markup("</row>")
        }
        xml.markup("</sheetData>")
        xml.markup("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>")
        let orientation = widths.reduce(0, +) > Self.portraitWidth ? "landscape" : "portrait"
        xml.markup("<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"0\" orientation=\"\(orientation)\"/>")  // 9: A4
        xml.markup("</worksheet>")
        return xml.bytes
    }

    /// One `<c>`: text as a shared string, numbers and dates as values under their number
    /// format's style. An empty cell or text, or a number that is not finite, is left out.
    private func cell(
        _ xml: inout XMLText, _ value: Cell, column: Int, row: Int, style: Style?, bold: Bool = false, strings: inout SharedStrings
    ) {
        func open(_ chosen: Style, type: String? = nil) {
            let look = bold && style == nil ? chosen.bold : chosen
            xml.markup("<c r=\"")
            xml.markup(Self.column(column))
            xml.number(row)
            xml.markup("\"")
            if look != .plain { xml.markup(" s=\"\(look.rawValue)\"") }
            if let type { xml.markup(" t=\"\(type)\"") }
            xml.markup("><v>")
        }
        switch value {
        case .empty, .text(""): return
        case .text(let text):
            open(style ?? .plain, type: "s")
            xml.number(strings.index(of: text))
        case .count(let count):
            open(style ?? .count)
            xml.number(count)
        case .decimal(let number):
            guard number.isFinite else { return }
            open(style ?? .decimal)
            xml.markup(Self.decimalText(number))
        case .percent(let points):
            guard points.isFinite else { return }
            open(style ?? .percent)
            xml.markup(Self.fractionText(percent: points))
        case .date(let date):
            guard let serial = Self.serial(date: date) else { return cell(&xml, .text(date), column: column, row: row, style: style, strings: &strings) }
            open(style ?? .date)
            xml.number(serial)
        case .clock(let instant):
            open(style ?? .clock)
            xml.markup(Self.decimalText(Self.serial(instant)))
        case .dateTime(let instant):
            open(style ?? .dateTime)
            xml.markup(Self.decimalText(Self.serial(instant)))
        }
        xml.markup("</v></c>")
    }

    /// The columns' width, in characters, that an A4 portrait page holds at its normal size.
    static let portraitWidth = 100.0

    /// `A`…`Z`, `AA`…: the letters of the zero-based column `index`.
    static func column(_ index: Int) -> String {
        var letters: [UInt8] = []
        var rest = index + 1
        while rest > 0 {
            rest -= 1
            letters.insert(UInt8(ascii: "A") + UInt8(rest % 26), at: 0)
            rest /= 26
        }
        return String(decoding: letters, as: UTF8.self)
    }

    /// The shortest text that reads back as `value` (Swift's description); whole numbers without `.0`.
    static func decimalText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    /// The fraction of `percent` as text, exactly for a percentage with one decimal
    /// (`97.8` is `0.978`, not `0.9779999999999999`), else as `decimalText` gives it.
    static func fractionText(percent: Double) -> String {
        let tenths = (percent * 10).rounded()
        guard abs(percent * 10 - tenths) < 1e-6, abs(tenths) < 1e15 else { return decimalText(percent / 100) }
        var digits = String(Int(abs(tenths)))
        if digits.count < 4 { digits = String(repeating: "0", count: 4 - digits.count) + digits }
        var text = digits.dropLast(3) + "." + digits.suffix(3)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return (tenths < 0 ? "-" : "") + text
    }
}

/// The workbook's shared string table: each distinct text once, referred to by its index.
struct SharedStrings {
    /// By the text's UTF-8: hashing bytes skips `String`'s normalization, and every text here
    /// is already NFC (two spellings of one name would only be two entries).
    private var indexes: [[UInt8]: Int] = [:]
    private var texts: [String] = []
    /// Every reference, counted as Excel's `count` attribute wants.
    private var references = 0

    /// The index of `text`, added when new. Text longer than a cell may hold (32,767 UTF-16
    /// units) is cut there with `…`: no name or reason attendd accepts comes near it.
    mutating func index(of text: String) -> Int {
        references += 1
        let key = Array(text.utf8)
        if let index = indexes[key] { return index }
        let index = texts.count
        indexes[key] = index
        var kept = text
        if text.utf16.count > XLSXWorkbook.maxCellCharacters {
            kept = String(decoding: Array(text.utf16.prefix(XLSXWorkbook.maxCellCharacters - 2)), as: UTF16.self) + "…"
        }
        texts.append(kept)
        return index
    }

    func part() -> [UInt8] {
        var xml = XMLText(capacity: texts.count * 40)
        xml.markup(XLSXWorkbook.declaration)
        xml.markup("<sst xmlns=\"\(XLSXWorkbook.mainNamespace)\" count=\"\(references)\" uniqueCount=\"\(texts.count)\">")
        for text in texts {
            xml.markup("<si><t xml:space=\"preserve\">")
            xml.text(text)
            xml.markup("</t></si>")
        }
        xml.markup("</sst>")
        return xml.bytes
    }
}
