/// What `attendctl district invite import` reads: the bridge point's sources (CSV in UTF-8,
/// UTF-16 or Windows-1258; an `.xlsx` sheet), checked by the bridge point's rules
/// (`InvitedListImport.read`), and the UTF-8 CSV the hub is sent, every column kept (the hub
/// reads the bridge-point and expected columns from it, `DistrictListImport`).
///
/// The CSV keeps the file's line numbers: a CSV is its decoded text as it is; a sheet's row N is
/// line N (the blank rows between written as empty lines), so an error the hub finds names the
/// row a clerk sees in Excel. Line breaks inside a workbook cell (Alt+Enter) travel as spaces,
/// so they cannot shift the rows below.
public enum DistrictListSource {
    public struct Read: Sendable {
        /// The list as the bridge point's import reads it (header place, sheet or encoding).
        public var list: InvitedListImport.InvitedList
        /// What the hub is sent.
        public var csv: [UInt8]
    }

    /// - Parameters:
    ///   - workbook: the file is an `.xlsx` (`sheet`: the sheet, nil for the first); otherwise a
    ///     CSV in `encoding`, or the one detected when nil.
    public static func read(
        _ bytes: [UInt8], file: String, workbook: Bool, sheet: String? = nil, encoding: CSVEncoding? = nil,
        defaultCategory: DelegateCategory? = nil
    ) throws(InvitedListErrors) -> Read {
        if workbook {
            let found: XLSXSheet
            do {
                found = try XLSXReader.read(bytes, sheet: sheet)
            } catch {
                throw InvitedListErrors([InvitedListError(file: file, line: 0, message: error.message)])
            }
            let list = try InvitedListImport.read(rows: found.rows, file: file, sheet: found.name, defaultCategory: defaultCategory)
            return Read(list: list, csv: csv(found.rows))
        }
        let list = try InvitedListImport.read(csv: bytes, file: file, encoding: encoding, defaultCategory: defaultCategory)
        let text: [UInt8]
        do throws(CSVError) {
            text = try CSVTextDecoding.decode(bytes, as: encoding).utf8
        } catch {
            throw InvitedListErrors([InvitedListError(file: file, line: error.line, message: error.message)])
        }
        return Read(list: list, csv: text)
    }

    /// `rows` as RFC 4180 CSV with each record on the line it names.
    static func csv(_ rows: [CSVRecord]) -> [UInt8] {
        var out: [UInt8] = []
        var line = 1
        for record in rows {
            while line < record.line {
                out += [0x0D, 0x0A]
                line += 1
            }
            let fields = record.fields.map { field -> String in
                let flat = field.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).joined(separator: " ")
                return "\"" + flat.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            out += Array(fields.joined(separator: ",").utf8) + [0x0D, 0x0A]
            line += 1
        }
        return out
    }
}
