/// Why a workbook was refused: the file, and where in it when a cell is to blame.
public struct XLSXError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

/// One worksheet's values as text, a record per row that has a value (`line` is the row number).
public struct XLSXSheet: Equatable, Sendable {
    /// The sheet's name, as the tab shows it.
    public var name: String
    /// The rows in order; empty cells inside a row are `""`, cells right of the last value are absent,
    /// and rows without any value (empty or only formatted) are left out, so trailing ones cost nothing.
    public var rows: [CSVRecord]
    /// Every sheet name of the workbook, in tab order.
    public var sheetNames: [String]
}

/// Reads the values of one worksheet of an Office Open XML workbook (.xlsx, ECMA-376), as Excel,
/// LibreOffice, WPS and openpyxl write it: the step any importer calls before its own rules.
///
/// - The sheet is the first in tab order, or the one named (exactly, else ignoring case).
/// - Strings shared (`xl/sharedStrings.xml`, rich-text runs joined, phonetic runs left out) or
///   inline (`t="inlineStr"`); formula results as their cached value; booleans `TRUE`/`FALSE`.
/// - Numbers as a clerk typed them: an integral value is written without a fraction (`1001`, not
///   `1001.0` or `1.001E3`), any other number as stored.
/// - Cell references may skip columns and rows; cells without `r` follow the previous one.
/// - Bounded (`Limits`): the zip's bounds (64 MiB inflated, 100:1), 100,000 rows, column 1,000,
///   2,000,000 cells counting the empty ones left of a value. A workbook that links to other files
///   (external references) is refused: its values could be another file's.
public enum XLSXReader {
    public struct Limits: Equatable, Sendable {
        public var zip = ZipArchive.Limits()
        /// Rows (`<row>` elements, empty ones too): 100,000.
        public var maxRows = 100_000
        /// The rightmost column holding a value: 1,000 (column ALL), the CSV reader's field limit.
        public var maxColumns = 1_000
        /// Cells kept, counting the empty ones left of a value in each row: 2,000,000.
        public var maxCells = 2_000_000

        public init(zip: ZipArchive.Limits = ZipArchive.Limits(), maxRows: Int = 100_000, maxColumns: Int = 1_000,
                    maxCells: Int = 2_000_000) {
            self.zip = zip
            self.maxRows = maxRows
            self.maxColumns = maxColumns
            self.maxCells = maxCells
        }
    }

    /// Whether `bytes` start like a zip file (and so may be a workbook rather than CSV).
    public static func looksLikeWorkbook(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0])
    }

    /// The values of the sheet `sheet` (nil: the first) of the workbook `bytes`.
    public static func read(_ bytes: [UInt8], sheet wanted: String? = nil, limits: Limits = Limits()) throws(XLSXError) -> XLSXSheet {
        do {
            var zip = try ZipArchive(bytes, limits: limits.zip)
            let book = try XLSXPackage.workbook(in: &zip)
            let sheets = book.sheets
            guard !sheets.isEmpty else { throw XLSXError("the workbook has no sheets") }
            let chosen: XLSXPackage.SheetEntry
            if let wanted {
                guard let found = sheets.first(where: { $0.name == wanted })
                    ?? sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
                    throw XLSXError("the workbook has no sheet named \"\(wanted)\"; its sheets: "
                                    + sheets.map { "\"\($0.name)\"" }.joined(separator: ", "))
                }
                chosen = found
            } else {
                chosen = sheets[0]
            }
            var shared: [String] = []
            if let path = book.sharedStringsPath, let bytes = try zip.read(path) {
                shared = try XLSXSharedStrings.read(bytes, part: path)
            }
            guard let sheetBytes = try zip.read(chosen.path) else {
                throw XLSXError("the workbook names sheet \"\(chosen.name)\" at \(chosen.path), but the file has no such part")
            }
            let rows = try XLSXSheetReader.read(sheetBytes, sheet: chosen.name, shared: shared, limits: limits)
            return XLSXSheet(name: chosen.name, rows: rows, sheetNames: sheets.map(\.name))
        } catch let error as ZipError {
            throw XLSXError(error.message)
        } catch let error as XLSXError {
            throw error
        } catch {
            throw XLSXError("\(error)")
        }
    }
}

/// The shared-string table: `<si>` items in order, each the text of its `<t>` elements.
enum XLSXSharedStrings {
    /// The strings of the part `bytes` (their count is capped by the zip's budget: each costs at least `<si/>`).
    static func read(_ bytes: [UInt8], part: String) throws(XLSXError) -> [String] {
        var scanner = XMLScanner(bytes)
        var strings: [String] = []
        do {
            while let token = try scanner.next() {
                guard case .start("si", _, let selfClosing) = token else { continue }
                strings.append(selfClosing ? "" : try scanner.text(of: "si", skipping: ["rPh", "rPr"]))
            }
        } catch {
            throw XLSXError("\(part) is not well-formed XML: \(error)")
        }
        return strings
    }
}
