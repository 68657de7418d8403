import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// The README's status key table (under "Files attendd writes") names exactly the keys of
/// status.json, and every key of its nested objects, so the manual cannot drift from the file.
@Suite struct StatusKeysTests {
    /// The table: each top-level key, with the backticked names in its "what" column.
    static func readmeTable() throws -> [String: Set<String>] {
        let text = try String(contentsOf: Promtool.root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("| status.json key |") }) else {
            throw HarnessError("README.md has no table headed | status.json key |")
        }
        var table: [String: Set<String>] = [:]
        for line in lines[(header + 2)...] {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            guard cells.count >= 3, let key = names(cells[1]).first else { throw HarnessError("README status row without a key: \(line)") }
            table[key] = Set(names(cells[2]))
        }
        return table
    }

    /// The `backticked` words of a cell.
    static func names(_ cell: Substring) -> [String] {
        cell.matches(of: /`([^`]+)`/).map { String($0.output.1) }
    }

    /// The keys of a JSON object, or of the objects in a JSON array.
    static func nestedKeys(_ value: Any) -> Set<String> {
        if let object = value as? [String: Any] { return Set(object.keys) }
        if let array = value as? [[String: Any]] { return array.reduce(into: Set<String>()) { $0.formUnion($1.keys) } }
        return []
    }

    @Test func theTableHasEveryKeyOfTheFileAndItsObjects() throws {
        var snapshot = PromtoolTests.fullSnapshot()
        snapshot.lastStorageError = .init(at: "2026-11-23T09:00:00+07:00", message: "disk I/O error")
        let json = try #require(try JSONSerialization.jsonObject(with: snapshot.jsonData()) as? [String: Any])
        let table = try Self.readmeTable()
        let undocumented = Set(json.keys).subtracting(table.keys).sorted()
        let extra = Set(table.keys).subtracting(json.keys).sorted()
        #expect(undocumented.isEmpty, "status.json keys the README's table lacks: \(undocumented)")
        #expect(extra.isEmpty, "README status keys the file does not have: \(extra)")
        // requests and errors are maps by verb and code, not fixed keys.
        for (key, value) in json where key != "requests" && key != "errors" {
            let missing = Self.nestedKeys(value).subtracting(table[key] ?? []).sorted()
            #expect(missing.isEmpty, "the README's `\(key)` row does not name \(missing)")
        }
        // The names the daemon counts requests under besides the verbs (StreamServer+Reading, Datagrams, RequestAdmission).
        let refused = ["rate_limited", "too_long", "undecodable", "unauthenticated", "other"]
        let unnamed = refused.filter { !(table["requests"] ?? []).contains($0) }
        #expect(unnamed.isEmpty, "the README's `requests` row does not name \(unnamed)")
    }

    @Test func theRunningDaemonWritesOnlyDocumentedKeys() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("K")
        _ = try daemon.waitForStatus { $0.conference?.id == "K" }
        let data = try #require(FileManager.default.contents(atPath: daemon.statusPath))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let table = try Self.readmeTable()
        let undocumented = Set(json.keys).subtracting(table.keys).sorted()
        #expect(undocumented.isEmpty, "the daemon writes keys the README's table lacks: \(undocumented)")
        for (key, value) in json where key != "requests" && key != "errors" {
            let missing = Self.nestedKeys(value).subtracting(table[key] ?? []).sorted()
            #expect(missing.isEmpty, "the README's `\(key)` row does not name \(missing)")
        }
    }
}
