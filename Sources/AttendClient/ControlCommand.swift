import AttendCore

/// One subcommand of `attendctl`: a row of `ControlCommand.table`. The usage text
/// (`ControlTool.usage`), the dispatch (`ControlTool.run`) and the bash completion's word list
/// (`systemd/attendctl.bash-completion`, checked against the table by `ControlCommandTableTests`)
/// all come from these rows, and attendctl(8) has a `.TP` entry for each.
struct ControlCommand: Sendable {
    /// The heading a subcommand is listed under in the usage text, in the order printed.
    enum Section: String, CaseIterable, Sendable {
        case conferences = "conferences"
        case invitedLists = "invited lists and excuses"
        case incidents = "incidents"
        case checkInsByHand = "check-ins by hand"
        case reports = "reports"
        case district = "the district"
        case daemon = "the daemon"
    }

    /// What a subcommand asks of attendd.
    enum Reach: Equatable, Sendable {
        /// It sends these verbs of the core's `VerbTable` over the control socket (or, for the
        /// terminal, its link).
        case verbs([String])
        /// It sends the one line the admin typed, whatever its verb (`send`).
        case anyLine
        /// It runs here, without a request: it reads a file attendd wrote, or the database.
        case local
    }

    /// What the admin types, the first word after the global options.
    var name: String
    var section: Section
    /// Its lines in the usage text, exactly as printed (two-space indent, description column).
    var usage: [String]
    /// The options it takes, as the bash completion offers them after the subcommand.
    var options: [String] = []
    var reach: Reach
    /// Carries it out with the words after its name; returns the exit status. A `UsageError`
    /// thrown here is printed as `attendctl: usage: ...` with exit 2.
    var run: @Sendable (ControlTool, inout ToolArguments) throws -> Int32

    /// The row named `name`, or nil for a word attendctl does not know.
    static func named(_ name: String) -> ControlCommand? {
        table.first { $0.name == name }
    }

    /// The usage text: the synopsis, each section's rows in table order, and the global options.
    static var usageText: String {
        var lines = ["usage: attendctl [--config FILE | --data DIR] COMMAND", ""]
        for section in Section.allCases {
            lines.append(section.rawValue + ":")
            lines += table.filter { $0.section == section }.flatMap(\.usage)
        }
        lines += [
            "",
            "--config FILE  the daemon's configuration (default /etc/attendd/attendd.conf)",
            "--data DIR     the same DIR given to attendd --data",
            "--version      print the version and exit",
            "Exit status: 0 done, 1 refused or daemon unreachable or status stale, 2 usage.",
        ]
        return lines.joined(separator: "\n")
    }
}
