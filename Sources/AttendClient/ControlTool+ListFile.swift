import AttendCore
import AttendIO
import Foundation

/// An invited list's file as attendctl reads it for `invite import` and `district invite
/// import`, before its rows are checked: its bytes, whether it is a workbook, and the
/// `--category` and `--encoding` given for it.
struct ListFile {
    let path: String
    let bytes: [UInt8]
    let isWorkbook: Bool
    let category: DelegateCategory?
    let encoding: CSVEncoding?
}

extension ControlTool {
    /// Reads `path` and checks `--category`, `--encoding` and `--sheet` against it; nil, after
    /// saying why, when it cannot be read or is over the size its taker accepts (`csvLimit`; a
    /// workbook: the zip reader's inflated bound), so a list too big is never half sent.
    /// `tooBig(size, limit)` words that refusal.
    func readListFile(
        _ path: String, category categoryText: String?, encoding encodingText: String?, sheet: String?,
        csvLimit: Int, tooBig: (Int, Int) -> String
    ) throws -> ListFile? {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("attendctl: cannot read \(path)")
            return nil
        }
        var category: DelegateCategory?
        if let categoryText {
            guard let parsed = DelegateCategory.parse(categoryText) else { throw UsageError("unknown category \(categoryText)") }
            category = parsed
        }
        var encoding: CSVEncoding?
        if let encodingText {
            guard let parsed = CSVEncoding.named(encodingText) else {
                throw UsageError("--encoding takes \(CSVEncoding.allCases.map(\.rawValue).joined(separator: ", ")), got \(encodingText)")
            }
            encoding = parsed
        }
        let bytes = [UInt8](data)
        let isWorkbook = XLSXReader.looksLikeWorkbook(bytes) || path.lowercased().hasSuffix(".xlsx")
        if isWorkbook, encoding != nil { throw UsageError("--encoding is for CSV files; \(path) is a workbook") }
        if !isWorkbook, sheet != nil { throw UsageError("--sheet is for workbooks (.xlsx); \(path) is a CSV file") }
        let limit = isWorkbook ? ZipArchive.Limits().maxInflatedBytes : csvLimit
        guard data.count <= limit else {
            printError("attendctl: \(path) is \(data.count) bytes; " + tooBig(data.count, limit))
            return nil
        }
        return ListFile(path: path, bytes: bytes, isWorkbook: isWorkbook, category: category, encoding: encoding)
    }

    /// Says which row was taken as the header (and that rows above it were skipped) and how
    /// many delegates the file holds, once every row passed.
    func printChecked(_ list: InvitedListImport.InvitedList, file: String) {
        let source = list.sheet.map { "sheet \"\($0)\"" } ?? (list.encoding ?? .utf8).rawValue
        let skipped = list.headerLine > 1 ? "; rows above it skipped" : ""
        print("\(file):\(list.sheet.map { "\($0)!A\(list.headerLine)" } ?? String(list.headerLine)): header row (\(source)\(skipped))")
        print("checked \(list.delegates.count) delegates in \(file)")
    }
}
