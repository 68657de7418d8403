import Foundation
import Testing

@testable import AttendCore

/// attendd.conf(5) (`systemd/man/attendd.conf.5`, shipped in the Debian package) is the reference
/// a Debian admin reads: it must name exactly the sections and keys the config parser accepts, each
/// with its default. A key added to `ConfigParser.sections` without a man page entry fails here by
/// name, as does an entry for a key the parser does not know.
@Suite struct ManPageKeysTests {
    /// The repository's root, from this file's place in Tests/AttendCoreTests.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// One `.TP` / `.B key` entry of the page: its section, key and the text until the next entry.
    struct Entry {
        let section: String
        let key: String
        var body: String
    }

    /// The entries of attendd.conf(5): keys are `.B name` lines right after `.TP`, under a
    /// `.SS [section]` heading.
    static func entries() throws -> [Entry] {
        let text = try String(contentsOf: root.appendingPathComponent("systemd/man/attendd.conf.5"), encoding: .utf8)
        var entries: [Entry] = []
        var section: String?
        var afterTP = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix(".SS [") && line.hasSuffix("]") {
                section = String(line.dropFirst(5).dropLast())
            } else if line.hasPrefix(".SH") {
                section = nil
            } else if afterTP, let section, line.hasPrefix(".B ") {
                entries.append(Entry(section: section, key: String(line.dropFirst(3)), body: ""))
            } else if !entries.isEmpty, section != nil, line != ".TP" {
                entries[entries.count - 1].body += line + "\n"
            }
            afterTP = line == ".TP"
        }
        return entries
    }

    @Test func everyParserKeyHasAnEntryAndEveryEntryIsAParserKey() throws {
        let entries = try Self.entries()
        let documented = Set(entries.map { "[\($0.section)] \($0.key)" })
        let accepted = ConfigKeyTableTests.rows.map { "[\($0.section)] \($0.key.name)" }
        let missing = accepted.filter { !documented.contains($0) }
        #expect(missing.isEmpty, "attendd.conf(5) has no entry (.TP, then .B KEY, under .SS [SECTION]) for: \(missing.joined(separator: ", "))")
        let unknown = entries.map { "[\($0.section)] \($0.key)" }.filter { !accepted.contains($0) }
        #expect(unknown.isEmpty, "attendd.conf(5) describes keys the config parser does not accept: \(unknown.joined(separator: ", "))")
        #expect(entries.count == Set(entries.map { "[\($0.section)] \($0.key)" }).count, "attendd.conf(5) describes a key twice")
        #expect(accepted.count >= 30, "the parser's table was not read: \(accepted.count) keys")
    }

    @Test func everyEntrySaysItsDefaultAndTheExampleFileAgrees() throws {
        let entries = try Self.entries()
        for entry in entries {
            #expect(entry.body.contains("Default: "), "attendd.conf(5) [\(entry.section)] \(entry.key) says no default")
        }
        // The example config sets every key it does not comment out to its default
        // (ConfigParserTests.exampleConfigParsesToTheDefaults): the page must say the same value.
        let example = try String(contentsOf: Self.root.appendingPathComponent("config/attendd.conf"), encoding: .utf8)
        var section = ""
        var checked = 0
        for line in example.split(separator: "\n").map(String.init) {
            if line.hasPrefix("[") { section = String(line.dropFirst().dropLast()); continue }
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let entry = entries.first(where: { $0.section == section && $0.key == key }) else { continue }
            let said = entry.body.replacingOccurrences(of: "\\-", with: "-").replacingOccurrences(of: "\n", with: " ")
            #expect(said.contains("Default: \(value)."), "attendd.conf(5) [\(section)] \(key): config/attendd.conf has \(value)")
            checked += 1
        }
        #expect(checked >= 15, "only \(checked) keys of config/attendd.conf were compared")
    }
}
