import AttendClient
import AttendDaemon
import Foundation
import Testing

/// attendd(8) and attendctl(8) (`systemd/man/`) describe every option and command the tools'
/// own usage texts list, so a new option or command without its man page entry fails here by
/// name. Pure: it reads the pages and the usage strings, it starts nothing.
@Suite struct ManPageUsageTests {
    /// The repository's root, from this file's place in Tests/AttendEndToEndTests.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A page's text with roff's `\-` read as the hyphen it prints.
    static func page(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("systemd/man/" + name), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
    }

    /// The first words of the usage lines indented by exactly two spaces: options or commands.
    static func entries(of usage: String) -> [String] {
        usage.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
            return line.dropFirst(2).split(separator: " ").first.map(String.init)
        }
    }

    /// The words that start a `.TP` entry's tag line (`.B ping`, `.BI "send " LINE`, `.BR close ...`).
    static func tags(of page: String) -> Set<String> {
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tags = Set<String>()
        for (index, line) in lines.enumerated().dropLast() where line == ".TP" {
            let tag = lines[index + 1].split(separator: " ", maxSplits: 1)
            guard tag.count == 2, tag[0].hasPrefix(".B") else { continue }
            let word = tag[1].drop { $0 == "\"" }.prefix { $0 != " " && $0 != "\"" }
            tags.insert(String(word))
        }
        return tags
    }

    @Test func attenddsPageDescribesEveryOption() throws {
        let options = Self.entries(of: DaemonOptions.usage)
        #expect(options.count >= 4, "no options read from DaemonOptions.usage")
        let tags = Self.tags(of: try Self.page("attendd.8"))
        let missing = options.filter { !tags.contains($0) }
        #expect(missing.isEmpty, "attendd(8) has no .TP entry for the options: \(missing.joined(separator: ", "))")
    }

    @Test func attendctlsPageDescribesEveryCommandAndOption() throws {
        let entries = Self.entries(of: ControlTool.usage).filter { $0 != "usage:" }
        #expect(entries.count >= 25, "no commands read from ControlTool.usage")
        let tags = Self.tags(of: try Self.page("attendctl.8"))
        let missing = Set(entries).subtracting(tags).sorted()
        #expect(missing.isEmpty, "attendctl(8) has no .TP entry for: \(missing.joined(separator: ", "))")
    }
}
