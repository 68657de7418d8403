import Foundation

/// Reads a worksheet part (`<sheetData>` of `<row>`s of `<c>`s) into rows of text.
enum XLSXSheetReader {
    static func read(_ bytes: [UInt8], sheet: String, shared: [String], limits: XLSXReader.Limits) throws(XLSXError) -> [CSVRecord] {
        var scanner = XMLScanner(bytes)
        var rows: [CSVRecord] = []
        var rowCount = 0
        var cellCount = 0
        var rowNumber = 0
        var fields: [String] = []
        var column = 0
        do {
            while let token = try scanner.next() {
                switch token {
                case .start("row", let attributes, let selfClosing):
                    rowCount += 1
                    guard rowCount <= limits.maxRows else {
                        throw XLSXError("sheet \"\(sheet)\" has more than \(limits.maxRows) rows: attendd reads lists of at most "
                                        + "\(limits.maxRows) rows; delete the empty rows below the list, or split it")
                    }
                    let number = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
                    guard number > rowNumber, number <= 1_048_576 else {
                        throw XLSXError("sheet \"\(sheet)\": row \(attributes["r"] ?? "?") comes after row \(rowNumber)")
                    }
                    rowNumber = number
                    fields = []
                    column = 0
                    if selfClosing { continue }
                case .end("row"):
                    if !fields.isEmpty { rows.append(CSVRecord(line: rowNumber, fields: fields)) }
                    fields = []
                case .start("c", let attributes, let selfClosing):
                    let reference = attributes["r"]
                    if let reference {
                        guard let parsed = CellReference(reference) else {
                            throw XLSXError("sheet \"\(sheet)\": \(reference) is not a cell reference")
                        }
                        column = parsed.column
                    } else {
                        column += 1
                    }
                    if selfClosing { continue }
                    let place = reference ?? CellReference.name(column: column, row: rowNumber)
                    let value = try cellValue(&scanner, type: attributes["t"], shared: shared, place: place, sheet: sheet)
                    guard !value.isEmpty else { continue }
                    guard column <= limits.maxColumns else {
                        throw XLSXError("sheet \"\(sheet)\": cell \(place) is beyond column \(CellReference.letters(limits.maxColumns)), "
                                        + "the last attendd reads; delete what is far to the right")
                    }
                    if column > fields.count {
                        cellCount += column - fields.count
                        guard cellCount <= limits.maxCells else {
                            throw XLSXError("sheet \"\(sheet)\" has more than \(limits.maxCells) cells, counting the empty ones left of a value")
                        }
                        fields.append(contentsOf: repeatElement("", count: column - fields.count))
                    }
                    fields[column - 1] = value
                default:
                    continue
                }
            }
        } catch let error as XMLError {
            throw XLSXError("sheet \"\(sheet)\" is not well-formed XML: \(error)")
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError("\(error)")
        }
        return rows
    }

    /// The text of the cell whose start tag was just read, consuming up to its `</c>`.
    private static func cellValue(_ scanner: inout XMLScanner, type: String?, shared: [String], place: String,
                                  sheet: String) throws -> String {
        var value = ""
        var inline = ""
        while let token = try scanner.next() {
            switch token {
            case .start("v", _, false): value = try scanner.text(of: "v")
            case .start("is", _, false): inline = try scanner.text(of: "is", skipping: ["rPh", "rPr"])
            case .start(let name, _, false): _ = try scanner.text(of: name)  // <f>, <extLst>: not values
            case .end("c"):
                switch type {
                case "s":
                    guard let index = Int(value.trimmingCharacters(in: .whitespaces)), shared.indices.contains(index) else {
                        throw XLSXError("sheet \"\(sheet)\"!\(place): shared string \(value) does not exist "
                                        + "(the table has \(shared.count)): the file is damaged")
                    }
                    return shared[index]
                case "inlineStr": return inline
                case "b": return value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
                case "str", "e", "d": return value
                default: return number(value)
                }
            default: continue
            }
        }
        throw XMLError(offset: scanner.offset, "cell \(place) is never closed")
    }

    /// A number as a person typed it: integral values without a fraction or exponent.
    static func number(_ text: String) -> String {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value.isFinite, value == value.rounded(), abs(value) < 1e15 else { return text }
        return String(Int64(value))
    }
}

/// A cell reference such as `C12`: column letters (A = 1) and a row number.
struct CellReference: Equatable {
    var column: Int
    var row: Int

    init?(_ text: String) {
        var column = 0
        var row = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "A") + 1)
            case UInt8(ascii: "0")...UInt8(ascii: "9") where column > 0:
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default: return nil
            }
            if column > 16_384 || digits > 7 { return nil }
        }
        guard column > 0, digits > 0, row >= 1, row <= 1_048_576 else { return nil }
        self.column = column
        self.row = row
    }

    /// The letters of the 1-based column `column`: 1 is A, 27 is AA.
    static func letters(_ column: Int) -> String {
        var column = column
        var letters: [Character] = []
        while column > 0 {
            let digit = (column - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(digit))), at: 0)
            column = (column - 1) / 26
        }
        return String(letters)
    }

    static func name(column: Int, row: Int) -> String { letters(column) + String(row) }
}
