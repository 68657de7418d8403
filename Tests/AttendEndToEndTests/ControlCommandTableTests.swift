@testable import AttendClient
import AttendCore
import Foundation
import Testing

/// attendctl's subcommands are the rows of `ControlCommand.table`: each row is in attendctl(8),
/// in the usage text and in the bash completion, sends only verbs of the core's `VerbTable`, and
/// the usage text built from the rows is byte for byte `Tests/Golden/attendctl-usage.txt` (what
/// `attendctl --help` printed before the table). Pure: it reads files, it starts nothing.
@Suite struct ControlCommandTableTests {
    static let root = ManPageUsageTests.root

    static func completion() throws -> String {
        try String(contentsOf: root.appendingPathComponent("systemd/attendctl.bash-completion"), encoding: .utf8)
    }

    /// The words of the completion's `local commands="..."`, in order.
    static func completionCommands(_ script: String) throws -> [String] {
        let start = try #require(script.range(of: "local commands=\""))
        let end = try #require(script[start.upperBound...].firstIndex(of: "\""))
        return script[start.upperBound..<end].split(whereSeparator: \.isWhitespace).map(String.init)
    }

    /// The options the completion offers after each command: its `case "$command"` arms
    /// (`checkin|checkout) options="--term --at"`), an arm's names applying to the
    /// `options="..."` that follows them.
    static func completionOptions(_ script: String) throws -> [String: [String]] {
        let start = try #require(script.range(of: "case \"$command\" in"))
        var options: [String: [String]] = [:]
        var arm: [String] = []
        for line in script[start.upperBound...].split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("esac") { break }
            if let close = trimmed.firstIndex(of: ")"), trimmed[..<close].allSatisfy({ $0.isLetter || $0 == "|" }) {
                arm = trimmed[..<close].split(separator: "|").map(String.init)
            }
            if let value = trimmed.range(of: "options=\"") {
                let words = trimmed[value.upperBound...].prefix { $0 != "\"" }.split(separator: " ").map(String.init)
                for name in arm { options[name] = words }
            }
        }
        return options
    }

    @Test func usageTextIsByteIdenticalToWhatHelpPrinted() throws {
        let url = Self.root.appendingPathComponent("Tests/Golden/attendctl-usage.txt")
        #expect(Array((ControlTool.usage + "\n").utf8) == (try [UInt8](Data(contentsOf: url))), "attendctl-usage.txt differs")
    }

    @Test func namesAreUniqueAndEachRowHasUsage() {
        let names = ControlCommand.table.map(\.name)
        #expect(Set(names).count == names.count, "a subcommand has two rows")
        for row in ControlCommand.table {
            #expect(row.usage.first?.hasPrefix("  \(row.name)") == true, "\(row.name)'s first usage line does not start with its name")
            #expect(ControlCommand.named(row.name)?.name == row.name)
        }
        #expect(ControlCommand.named("frobnicate") == nil)
    }

    @Test func everyRowIsInTheManPageTheUsageAndTheCompletion() throws {
        let tags = ManPageUsageTests.tags(of: try ManPageUsageTests.page("attendctl.8"))
        let usage = Set(ManPageUsageTests.entries(of: ControlTool.usage))
        let script = try Self.completion()
        let names = ControlCommand.table.map(\.name)
        #expect(names.filter { !tags.contains($0) }.isEmpty, "attendctl(8) lacks: \(names.filter { !tags.contains($0) })")
        #expect(names.filter { !usage.contains($0) }.isEmpty, "the usage text lacks: \(names.filter { !usage.contains($0) })")
        #expect(try Self.completionCommands(script) == names, "the completion's commands are not the table's, in its order")
        let options = try Self.completionOptions(script)
        for row in ControlCommand.table {
            #expect((options[row.name] ?? []) == row.options, "the completion offers \(row.name) \(options[row.name] ?? []), the table \(row.options)")
        }
    }

    @Test func everyVerbARowSendsIsInTheVerbTable() {
        for row in ControlCommand.table {
            guard case .verbs(let verbs) = row.reach else { continue }
            #expect(!verbs.isEmpty, "\(row.name) sends no verb: make it .local")
            for verb in verbs { #expect(VerbTable.verb(named: verb) != nil, "\(row.name) sends \(verb), which is not a row of VerbTable") }
        }
        // Every verb attendctl sends as an admin is one the control socket may send.
        for row in ControlCommand.table where row.name != "terminal" {
            guard case .verbs(let verbs) = row.reach else { continue }
            for verb in verbs { #expect(VerbTable.verb(named: verb)?.senders.contains(.control) == true, "\(verb) is not for the control socket") }
        }
    }
}
