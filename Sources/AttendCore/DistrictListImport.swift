import Foundation

/// The district's invited list for a conference, split by bridge point: the bridge point's
/// import (`InvitedListImport`: its columns, rules and `file:line` errors, all or nothing)
/// plus a bridge-point column beside it.
///
/// - The bridge-point column (`Điểm cầu`, `Bridge point`) names each row's hall by its id or by
///   its name in the hub's keys file (case and diacritics ignored); `fixedBridge` (`--bridge ID`)
///   stands for it when the file is one hall's (a row whose column names another hall is then an
///   error). A row naming an unknown bridge point, or one not taking part, is an error with its line.
/// - An optional expected column (`Dự kiến`, `Số lượng dự kiến`, `Expected`) gives the hall's
///   planned count; every row of a hall that fills it must say the same number.
/// - A delegate id appears once in the whole file, whichever hall: a duplicate across halls is
///   an error naming both lines (the roll-up would count that person twice).
public enum DistrictListImport {
    public static let bridgeHeaders = ["Điểm cầu", "Bridge point", "Bridge"]
    public static let expectedHeaders = ["Dự kiến", "Số lượng dự kiến", "Expected"]

    /// The rows by bridge point id, and the planned counts the file gives.
    public struct Result: Equatable, Sendable {
        public var rows: [String: [Delegate]]
        public var expected: [String: Int]
    }

    /// - Parameters:
    ///   - bridges: the hub's keys file, to resolve ids and names.
    ///   - taking: the bridge points taking part (nil: every one in `bridges`).
    public static func parse(
        _ bytes: [UInt8], file: String, bridges: [BridgeKey], taking: Set<String>?, fixedBridge: String?,
        defaultCategory: DelegateCategory? = nil
    ) throws(InvitedListErrors) -> Result {
        let delegates = try InvitedListImport.parse(bytes, file: file, defaultCategory: defaultCategory)
        // The file read again for the two columns the bridge point's import leaves aside; it
        // decoded once, so it decodes again (in the encoding it was found in: UTF-16 and
        // Windows-1258 too).
        let records = (try? CSVTextDecoding.decode(bytes)).flatMap { try? CSVReader.read($0.utf8) } ?? []
        var problems: [InvitedListError] = []
        func fail(_ line: Int, _ message: String) {
            if problems.count < InvitedListImport.maxReportedErrors { problems.append(InvitedListError(file: file, line: line, message: message)) }
        }
        // The header as the bridge point's import finds it: the first row naming the id and the
        // name (title rows above it skipped).
        guard let header = records.first(where: InvitedListImport.namesIdAndName) else { return Result(rows: [:], expected: [:]) }
        func column(_ names: [String]) -> Int? {
            header.fields.firstIndex { cell in names.contains { NameFolding.key($0) == NameFolding.key(cell) } }
        }
        let idColumn = header.fields.firstIndex { InvitedListImport.Column.id.isNamed(by: $0) }!
        let bridgeColumn = column(bridgeHeaders)
        let expectedColumn = column(expectedHeaders)
        if bridgeColumn == nil && fixedBridge == nil {
            fail(header.line, "no bridge-point column (\(bridgeHeaders.joined(separator: ", "))): add it, or give --bridge ID for one hall's file")
        }
        let byID = Dictionary(bridges.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(bridges.map { (NameFolding.key($0.name), $0.id) }, uniquingKeysWith: { a, _ in a })
        func resolve(_ text: String, line: Int) -> String? {
            let cell = text.trimmingCharacters(in: .whitespaces)
            guard let id = byID[cell]?.id ?? byName[NameFolding.key(cell)] else {
                fail(line, "unknown bridge point \"\(cell)\": not an id or a name in the hub's keys file")
                return nil
            }
            if let taking, !taking.contains(id) { fail(line, "bridge point \(id) does not take part in this conference (--bridges)") }
            return id
        }
        let fixedID = fixedBridge.flatMap { resolve($0, line: header.line) }
        var hallOf: [String: (bridge: String, line: Int)] = [:]
        var expected: [String: (count: Int, line: Int)] = [:]
        for record in records where record.line > header.line && !InvitedListImport.isBlank(record.fields) {
            let id = record.fields.indices.contains(idColumn) ? record.fields[idColumn].trimmingCharacters(in: .whitespaces) : ""
            guard !id.isEmpty else { continue }
            let cell = bridgeColumn.flatMap { record.fields.indices.contains($0) ? record.fields[$0] : nil } ?? ""
            let named = cell.trimmingCharacters(in: .whitespaces).isEmpty ? fixedBridge : cell
            guard let named else {
                if bridgeColumn != nil { fail(record.line, "no bridge point given for \(id)") }
                continue
            }
            guard let bridge = resolve(named, line: record.line) else { continue }
            if let fixedID, bridge != fixedID {
                fail(record.line, "the row is for \(bridge), but the file is imported for \(fixedID) (--bridge)")
                continue
            }
            hallOf[id] = (bridge, record.line)
            if let expectedColumn, record.fields.indices.contains(expectedColumn) {
                let text = record.fields[expectedColumn].trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let count = Int(text), (0...1_000_000).contains(count) else {
                    fail(record.line, "expected count \"\(text)\" is not a whole number from 0")
                    continue
                }
                if let earlier = expected[bridge], earlier.count != count {
                    fail(record.line, "expected count \(count) for \(bridge) differs from \(earlier.count) on line \(earlier.line)")
                } else if expected[bridge] == nil {
                    expected[bridge] = (count, record.line)
                }
            }
        }
        guard problems.isEmpty else { throw InvitedListErrors(problems) }
        var rows: [String: [Delegate]] = [:]
        for delegate in delegates {
            guard let hall = hallOf[delegate.id] else { continue }
            rows[hall.bridge, default: []].append(delegate)
        }
        return Result(rows: rows, expected: expected.mapValues(\.count))
    }

    /// A delegate listed for two halls across imports (the file itself cannot list an id twice):
    /// the message names both, or nil.
    public static func crossHallDuplicate(_ rows: [String: [Delegate]]) -> String? {
        var seen: [String: String] = [:]
        for bridge in rows.keys.sorted() {
            for delegate in rows[bridge]! {
                if let other = seen[delegate.id], other != bridge { return "delegate \(delegate.id) is listed for both \(other) and \(bridge)" }
                seen[delegate.id] = bridge
            }
        }
        return nil
    }
}
