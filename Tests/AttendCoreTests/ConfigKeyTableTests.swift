import Foundation
import Testing

@testable import AttendCore

/// The table of keys (`ConfigParser.sections`) is the one place a key is declared: these tests
/// hold `Config`, the reload, README's configuration table and attendd.conf(5) to it, so a key
/// added in one place and forgotten in another fails here by name.
@Suite struct ConfigKeyTableTests {
    static let rows = ConfigParser.sections.flatMap { section in section.keys.map { (section: section.name, key: $0) } }

    /// A value other than the default for every key, to see what a reload does with it.
    static let samples: [String: String] = [
        "[daemon] runtime_dir": "/tmp/attendd-run", "[daemon] site_name": "Hội trường", "[daemon] reports_dir": "/tmp/attendd-reports",
        "[storage] state_dir": "/tmp/attendd-state",
        "[listen] address": "127.0.0.1", "[listen] port": "7401",
        "[limits] max_line_bytes": "2048", "[limits] max_connections": "10", "[limits] idle_timeout": "30",
        "[limits] max_pipeline": "8", "[limits] max_connection_buffer": "1048576",
        "[limits] max_input_buffer": "200000000", "[limits] payload_timeout": "30",
        "[limits] rate_per_source": "0", "[limits] rate_burst": "5",
        "[terminals] allow": "t1", "[terminals] from": "10.0.0.0/8", "[terminals] keys_file": "/etc/attendd/terminals.keys",
        "[terminals] unsigned": "t2", "[terminals] replay_window": "50", "[terminals] void_minutes": "5",
        "[status] json_file": "other.json", "[status] prometheus_file": "other.prom",
        "[log] level": "debug",
        "[push] to": "192.0.2.1:7400", "[push] bridge_id": "xa-a", "[push] keys_file": "/etc/attendd/push.keys",
        "[push] timeout": "30", "[push] poll": "5", "[push] clock_offset_limit": "10", "[push] live_interval": "30",
        "[hub] keys_file": "/etc/attendd/hub.keys", "[hub] report_delay": "5",
        "[year] attention_rate": "75", "[year] attention_unexcused": "3", "[year] attention_reflection": "none",
        "[probes] targets": "gateway 192.0.2.1:53 udp", "[probes] interval": "9", "[probes] timeout_ms": "500",
        "[probes] fail_after": "2", "[probes] recover_after": "2", "[probes] degraded_rtt_ms": "100",
        "[report] issuer": "ĐẢNG BỘ TỈNH BÌNH ĐỊNH | HUYỆN ỦY TÂY SƠN", "[report] symbol": "-BC/HU", "[report] place": "Tây Sơn",
        "[events] spool": "/var/spool/attendd-events", "[report] signer": "T/M BAN THƯỜNG VỤ | BÍ THƯ | Nguyễn Văn A", "[report] recipients": "Ban Tuyên giáo Tỉnh ủy | Lưu Văn phòng Huyện ủy",
    ]

    @Test func everyFieldOfConfigHasExactlyOneRow() {
        let fields = Mirror(reflecting: Config.defaults(environment: [:])).children.compactMap(\.label)
        #expect(Self.rows.count == fields.count, "Config has \(fields.count) fields and the table \(Self.rows.count) rows: a field without a row is neither parsed nor reloaded")
        #expect(Set(Self.rows.map { $0.key.field as AnyKeyPath }).count == Self.rows.count, "two rows set the same field")
    }

    /// Each key changed alone: a reload takes it when its row says `.applies`, and otherwise
    /// keeps the running value and names the row's notice, once.
    @Test func aReloadDoesWhatEachRowSays() throws {
        let running = Config.defaults(environment: [:])
        for (section, key) in Self.rows {
            let name = "[\(section)] \(key.name)"
            let sample = try #require(Self.samples[name], "ConfigKeyTableTests.samples has no value for \(name)")
            let fresh = try ConfigParser.parse("[\(section)]\n\(key.name) = \(sample)\n", file: "t", environment: [:])
            #expect(key.differs(running, fresh), "\(name): the sample \(sample) is its default")
            let (next, unchanged) = running.reloaded(from: fresh)
            switch key.reload {
            case .applies:
                #expect(next == fresh, "\(name) applies on reload but was not taken")
                #expect(unchanged.isEmpty, "\(name) applies on reload but was reported as waiting: \(unchanged)")
            case .atRestart(let notice):
                #expect(next == running, "\(name) waits for a restart but a reload took it")
                #expect(unchanged == [notice.rawValue], "\(name)")
            }
        }
    }

    /// What a reload takes, written out apart from the table (as the hand-written reload had it
    /// before the table): a row flipped between `.applies` and `.atRestart` fails here.
    @Test func theKeysThatWaitForARestartAreTheManualsOnes() {
        let waiting = Set(Self.rows.filter { if case .atRestart = $0.key.reload { true } else { false } }.map { "[\($0.section)] \($0.key.name)" })
        let wholeSections = ["daemon", "storage", "listen", "push", "hub", "probes", "report", "events"]
        let expected = Set(Self.rows.filter { wholeSections.contains($0.section) }.map { "[\($0.section)] \($0.key.name)" })
            .union(["[terminals] void_minutes"]).subtracting(["[push] live_interval"])  // the live pusher takes a reload
        #expect(waiting == expected, "waiting for a restart: \(waiting.sorted()); expected \(expected.sorted())")
        #expect(!Self.rows.filter { wholeSections.contains($0.section) }.isEmpty)
    }

    @Test func theWarningListsWhatWaitsInItsOwnOrder() throws {
        let running = Config.defaults(environment: [:])
        let fresh = try ConfigParser.parse("[listen]\nport = 1\n[terminals]\nvoid_minutes = 3\n[daemon]\nsite_name = A\n", file: "t", environment: [:])
        #expect(running.reloaded(from: fresh).unchanged == ["[daemon]", "[terminals] void_minutes", "[listen]"])
    }

    /// README's configuration table, `| `[section]` | `key` | default | meaning |` (the section
    /// cell empty on the rows after a section's first): each `[section] key` with its default cell.
    static func readmeRows() throws -> [(key: String, defaultCell: String)] {
        let text = try String(contentsOf: ManPageKeysTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = text.range(of: "\n## Configuration\n") else { return [] }
        let rest = text[start.upperBound...]
        let section = rest.range(of: "\n## ").map { rest[..<$0.lowerBound] } ?? rest
        var rows: [(key: String, defaultCell: String)] = []
        var current = ""
        for line in section.split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 4, cells[2].hasPrefix("`") else { continue }
            if !cells[1].isEmpty { current = cells[1].replacingOccurrences(of: "`", with: "") }
            rows.append(("\(current) \(cells[2].replacingOccurrences(of: "`", with: ""))", cells[3]))
        }
        return rows
    }

    /// A row's default as the file would write it (its field in `Config.defaults`), or nil when it
    /// has none to write (empty, absent, none) or comes from systemd's environment.
    static func writtenDefault(_ key: ConfigParser.Key) -> String? {
        let plain = Config.defaults(environment: [:])[keyPath: key.field]
        let underSystemd = Config.defaults(environment: ["STATE_DIRECTORY": "/s", "RUNTIME_DIRECTORY": "/r"])[keyPath: key.field]
        guard "\(plain)" == "\(underSystemd)" else { return nil }
        switch plain {
        case let number as Int: return String(number)
        case let text as String: return text.isEmpty ? nil : text
        case let level as LogLevel: return level.rawValue
        default: return nil
        }
    }

    /// The default is part of the row (its field's initial value in `Config`): README and
    /// attendd.conf(5) must say the same one.
    @Test func readmeAndTheManPageSayEachRowsDefault() throws {
        let readme = try Self.readmeRows()
        let manPage = try ManPageKeysTests.entries()
        var checked = 0
        for (section, key) in Self.rows {
            guard let value = Self.writtenDefault(key) else { continue }
            let name = "[\(section)] \(key.name)"
            let cell = readme.first { $0.key == name }?.defaultCell
            #expect(cell == "`\(value)`", "README's configuration table: \(name) default should be `\(value)`, is \(cell ?? "missing")")
            let body = manPage.first { "[\($0.section)] \($0.key)" == name }?.body.replacingOccurrences(of: "\\-", with: "-") ?? ""
            #expect(body.contains("Default: \(value)."), "attendd.conf(5) \(name) should say Default: \(value).")
            checked += 1
        }
        #expect(checked >= 20, "only \(checked) defaults were compared")
    }

    @Test func everyRowIsInTheReadmeAndTheManPageAndNothingElse() throws {
        let table = Self.rows.map { "[\($0.section)] \($0.key.name)" }
        let readme = try Self.readmeRows().map(\.key)
        #expect(table.filter { !readme.contains($0) }.isEmpty, "README's configuration table lacks: \(table.filter { !readme.contains($0) })")
        #expect(readme.filter { !table.contains($0) }.isEmpty, "README's configuration table names keys the parser does not accept: \(readme.filter { !table.contains($0) })")
        let manPage = try ManPageKeysTests.entries().map { "[\($0.section)] \($0.key)" }
        #expect(table.filter { !manPage.contains($0) }.isEmpty, "attendd.conf(5) lacks: \(table.filter { !manPage.contains($0) })")
        #expect(table.count >= 30, "the table was not read: \(table.count) rows")
    }
}
