import AttendCore
import AttendIO
import Foundation

/// `attendctl`: the operators' and admins' tool. Talks to the daemon over its control
/// socket and reads its status file; shares the daemon's codec and parsers.
public struct ControlTool {
    public static let usage = """
        usage: attendctl [--config FILE | --data DIR] COMMAND

        conferences:
          define CONF [--title T] [--date YYYY-MM-DD] [--parts "Sáng 07:30-11:30, Chiều 13:30-17:00"]
                 [--grace MIN] [--expected N] [--auto | --manual]
                                                 define or change a conference's plan; --auto opens it
                                                 an hour before its first part and closes it after its last
          conferences                            every conference: id, date, state, parts, invited, came, title
          open CONF [TITLE]                      open a conference (created if new); check-ins go to it
          close [CONF]                           close the open conference
        invited lists and excuses:
          invite import FILE.csv [--conf CONF] [--category CAT]
                                                 replace the invited list (all rows checked first)
          excuse ID REASON [--conf CONF]         record why an invited delegate is absent ("" withdraws)
          find NAME [--conf CONF]                invited delegates by name, without diacritics ("nguyen van an")
        incidents:
          incident start KIND [--note TEXT]      sound, picture or line lost (audio_lost, video_lost, line_down,
                                                 degraded, power); starting one already open changes nothing
          incident end KIND                      it is back
          incident list                          open incidents and those of the last 7 days
          linetest [--seconds N]                 the day-before line test against the probe targets (default 60 s)
        check-ins by hand:
          checkin ID [--term T] [--at HH:MM]     check a delegate in (--at: from a paper sheet)
          checkout ID [--term T] [--at HH:MM]    check a delegate out
          void EVENT REASON                      take a check-in back (event= of its reply); it stays
                                                 stored with who voided it and why, and counts for nothing
          voids [CONF]                           voided events: event, conf, id, in/out, received, voided, by, reason
          terminal --term ID [--host IPV4 [--port P] | --data DIR] [--queue FILE] [--key FILE]
                                                 the operator's full-screen check-in terminal (see README)
        reports:
          report [CONF] [--csv | --json] [--lang en]   the tally (default: the open or last closed conference)
          report [CONF] --html FILE [--lang en]  the tally as a printable report (A4, with the presence chart)
          delegate ID                            one delegate's attendance across conferences
        the district:
          outbox                                 tallies waiting for the district, and those it has
          district CONF [--csv | --json] [--lang en]
                                                 on a hub: the roll-up of its bridge points' newest tallies,
                                                 who announced and who is missing
          district CONF --html FILE [--lang en]  the same as a printable district report
        the daemon:
          status [--json]                        the daemon's status, from its status file
          ping                                   check that attendd answers
          reload                                 re-read the configuration, as SIGHUP does
          send LINE                              send one protocol line and print the reply
          backup FILE                            a consistent copy of the database, taken while attendd runs

        --config FILE  the daemon's configuration (default /etc/attendd/attendd.conf)
        --data DIR     the same DIR given to attendd --data
        --version      print the version and exit
        Exit status: 0 done, 1 refused or daemon unreachable or status stale, 2 usage.
        """

    var config: Config
    var command: [String]

    /// Parses the arguments (without the program name).
    public init(arguments: [String], environment: [String: String]) throws {
        var location = ConfigLocation()
        var explicitConfig = false
        var rest = arguments[...]
        var command: [String] = []
        while let argument = rest.popFirst() {
            switch argument {
            case "--config", "-c":
                guard let value = rest.popFirst() else { throw UsageError("--config needs a file") }
                location.path = value
                explicitConfig = true
            case "--data":
                guard let value = rest.popFirst() else { throw UsageError("--data needs a directory") }
                location.dataDirectory = value
            case "--help", "-h":
                throw UsageError("")
            default:
                command.append(argument)
                command.append(contentsOf: rest)
                rest = []
            }
        }
        guard !command.isEmpty else { throw UsageError("no command given") }
        self.command = command
        if explicitConfig || FileManager.default.fileExists(atPath: location.path) {
            config = try location.load(environment: environment)
        } else {
            config = Config.defaults(environment: environment)
            if let data = location.dataDirectory { config.useDataDirectory(data) }
        }
    }

    /// Runs the command; returns the exit status.
    public func run() -> Int32 {
        var arguments = ToolArguments(Array(command.dropFirst()))
        do {
            switch command[0] {
            case "status":
                return status(json: arguments.flag("--json"))
            case "define":
                var fields = [("title", "--title"), ("date", "--date"), ("parts", "--parts"), ("grace", "--grace"), ("expected", "--expected")]
                    .compactMap { key, option in arguments.option(option).map { RequestLine.Field(key, $0) } }
                if arguments.flag("--auto") { fields.append(.init("auto", "1")) }
                if arguments.flag("--manual") { fields.append(.init("auto", "0")) }
                let conference = try arguments.single("define CONF [--title T] [--date D] [--parts P] [--grace N] [--expected N] [--auto | --manual]")
                return try send(RequestLine(verb: "DEFINE", fields: [.init("conf", conference)] + fields))
            case "conferences":
                _ = try arguments.positional(0...0, usage: "conferences")
                return try send(RequestLine(verb: "CONFERENCES"), printPayloadOnly: true)
            case "open":
                let words = try arguments.positional(1...2, usage: "open CONF [TITLE]")
                var fields = [RequestLine.Field("conf", words[0])]
                if words.count == 2 { fields.append(.init("title", words[1])) }
                return try send(RequestLine(verb: "OPEN", fields: fields))
            case "close":
                let words = try arguments.positional(0...1, usage: "close [CONF]")
                return try send(RequestLine(verb: "CLOSE", fields: words.map { RequestLine.Field("conf", $0) }))
            case "invite":
                return try invite(&arguments)
            case "excuse":
                let conference = arguments.option("--conf")
                let words = try arguments.positional(2...2, usage: "excuse ID REASON [--conf CONF]")
                var fields = [RequestLine.Field("id", words[0]), .init("reason", words[1])]
                if let conference { fields.append(.init("conf", conference)) }
                return try send(RequestLine(verb: "EXCUSE", fields: fields))
            case "checkin", "checkout":
                return try check(&arguments)
            case "void":
                let words = try arguments.positional(2...2, usage: "void EVENT REASON")
                return try send(RequestLine(verb: "VOID", fields: [.init("event", words[0]), .init("reason", words[1])]))
            case "voids":
                let words = try arguments.positional(0...1, usage: "voids [CONF]")
                return try send(RequestLine(verb: "VOIDS", fields: words.map { RequestLine.Field("conf", $0) }), printPayloadOnly: true)
            case "terminal":
                let options = try TerminalProgram.options(&arguments, config: config, environment: ProcessInfo.processInfo.environment)
                return TerminalProgram(options: options).run()
            case "report":
                if let file = arguments.option("--html") { return try writeHTML(verb: "REPORT", &arguments, to: file) }
                let format = arguments.flag("--csv") ? "csv" : arguments.flag("--json") ? "json" : "text"
                let language = arguments.option("--lang") ?? "vi"
                let words = try arguments.positional(0...1, usage: "report [CONF] [--csv | --json] [--lang en]")
                return try send(RequestLine(verb: "REPORT", fields: [.init("format", format), .init("lang", language)]
                    + words.map { RequestLine.Field("conf", $0) }), printPayloadOnly: true)
            case "incident":
                let note = arguments.option("--note")
                let words = try arguments.positional(1...2, usage: "incident start|end KIND [--note TEXT] | incident list")
                if words == ["list"] { return try send(RequestLine(verb: "INCIDENTS"), printPayloadOnly: true) }
                guard words.count == 2, ["start", "end"].contains(words[0]) else {
                    throw UsageError("incident start|end KIND [--note TEXT] | incident list")
                }
                var fields = [RequestLine.Field("action", words[0]), .init("kind", words[1])]
                if let note { fields.append(.init("note", note)) }
                return try send(RequestLine(verb: "INCIDENT", fields: fields))
            case "linetest":
                let seconds = arguments.option("--seconds") ?? "60"
                _ = try arguments.positional(0...0, usage: "linetest [--seconds N]")
                guard let wait = Double(seconds) else { throw UsageError("--seconds takes a number") }
                // A failed target is exit 1, so a script running the day-before test can tell.
                return try send(RequestLine(verb: "LINETEST", fields: [.init("seconds", seconds)]), printPayloadOnly: false,
                                timeoutSeconds: wait + 30, failsWhen: { ($0["failed"].flatMap(Int.init) ?? 0) > 0 })
            case "outbox":
                _ = try arguments.positional(0...0, usage: "outbox")
                return try send(RequestLine(verb: "OUTBOX"), printPayloadOnly: true)
            case "district":
                if let file = arguments.option("--html") { return try writeHTML(verb: "DISTRICT", &arguments, to: file) }
                let format = arguments.flag("--csv") ? "csv" : arguments.flag("--json") ? "json" : "text"
                let language = arguments.option("--lang") ?? "vi"
                let words = try arguments.positional(1...1, usage: "district CONF [--csv | --json] [--lang en]")
                return try send(RequestLine(verb: "DISTRICT", fields: [.init("conf", words[0]), .init("format", format), .init("lang", language)]),
                                printPayloadOnly: true)
            case "find":
                let conference = arguments.option("--conf")
                let words = try arguments.positional(1...10, usage: "find NAME [--conf CONF]")
                var fields = [RequestLine.Field("q", words.joined(separator: " "))]
                if let conference { fields.append(.init("conf", conference)) }
                return try send(RequestLine(verb: "FIND", fields: fields), printPayloadOnly: true)
            case "delegate":
                let words = try arguments.positional(1...1, usage: "delegate ID")
                return try send(RequestLine(verb: "HISTORY", fields: [.init("id", words[0])]), printPayloadOnly: true)
            case "ping":
                return try send(RequestLine(verb: "PING"))
            case "reload":
                return try send(RequestLine(verb: "RELOAD"))
            case "backup":
                return try backup(&arguments)
            case "send":
                let words = try arguments.positional(1...1, usage: "send 'LINE' (quote the line as one argument)")
                return try send(raw: words[0])
            default:
                throw UsageError("unknown command \(command[0])")
            }
        } catch let error as UsageError {
            printError("attendctl: usage: \(error)")
            return 2
        } catch {
            printError("attendctl: \(error)")
            return 1
        }
    }

    /// Checks the whole list here first, so every bad row is shown with its line, then sends it.
    private func invite(_ arguments: inout ToolArguments) throws -> Int32 {
        let conference = arguments.option("--conf")
        let categoryText = arguments.option("--category")
        let words = try arguments.positional(2...2, usage: "invite import FILE.csv [--conf CONF] [--category CAT]")
        guard words[0] == "import" else { throw UsageError("invite import FILE.csv [--conf CONF] [--category CAT]") }
        guard let data = FileManager.default.contents(atPath: words[1]) else {
            printError("attendctl: cannot read \(words[1])")
            return 1
        }
        // attendd's own limit, checked here so a list too big is never half sent.
        guard data.count <= Request.maxPayloadBytes else {
            printError("attendctl: \(words[1]) is \(data.count) bytes; attendd takes an invited list of at most \(Request.maxPayloadBytes >> 20) MiB (\(Request.maxPayloadBytes) bytes): split it and import the parts")
            return 1
        }
        var category: DelegateCategory?
        if let categoryText {
            guard let parsed = DelegateCategory.parse(categoryText) else { throw UsageError("unknown category \(categoryText)") }
            category = parsed
        }
        let delegates: [Delegate]
        do {
            delegates = try InvitedListImport.parse([UInt8](data), file: words[1], defaultCategory: category)
        } catch {
            for problem in error.errors { printError(problem.description) }
            printError("attendctl: nothing imported: fix the rows above and import again")
            return 1
        }
        var fields: [RequestLine.Field] = conference.map { [.init("conf", $0)] } ?? []
        if let category { fields.append(.init("category", category.rawValue)) }
        fields.append(.init("bytes", String(data.count)))
        print("checked \(delegates.count) delegates in \(words[1])")
        return try send(RequestLine(verb: "INVITE", fields: fields), payload: [UInt8](data))
    }

    /// `--at HH:MM` (on the open conference's day, Vietnam time: see `SheetTime`) or a full
    /// RFC 3339 time marks a paper-sheet entry.
    private func check(_ arguments: inout ToolArguments) throws -> Int32 {
        let terminal = arguments.option("--term")
        let at = arguments.option("--at")
        let words = try arguments.positional(1...1, usage: "\(command[0]) ID [--term T] [--at HH:MM]")
        var fields = [RequestLine.Field("id", words[0]), .init("method", "manual")]
        if let terminal { fields.append(.init("term", terminal)) }
        if let at {
            // The open conference's day, from the status file: the evening's sheet typed after midnight is the evening's.
            let snapshot = FileManager.default.contents(atPath: config.statusPath).flatMap { try? StatusSnapshot.decode(json: $0) }
            let day = snapshot?.conference.map { String($0.openedAt.prefix(10)) }
            guard let time = Timestamp(rfc3339: at) ?? SheetTime.resolve(at, conferenceDay: day, now: Clock.now()) else {
                throw UsageError("--at takes HH:MM (on the conference's day) or an RFC 3339 time, got \(at)")
            }
            fields.append(.init("at", time.vietnam))
            fields.append(.init("paper", "1"))
        }
        return try send(RequestLine(verb: command[0].uppercased(), fields: fields))
    }

    private func send(
        _ line: RequestLine, payload: [UInt8]? = nil, printPayloadOnly: Bool = false, timeoutSeconds: Double = 60,
        failsWhen: (Reply) -> Bool = { _ in false }
    ) throws -> Int32 {
        try send(raw: line.text, payload: payload,
                 printPayloadOnly: printPayloadOnly, timeoutSeconds: timeoutSeconds, failsWhen: failsWhen)
    }

    /// Sends one request and prints the reply; exit 1 for an error reply or one `failsWhen` judges failed.
    private func send(
        raw line: String, payload: [UInt8]? = nil, printPayloadOnly: Bool = false, timeoutSeconds: Double = 60,
        failsWhen: (Reply) -> Bool = { _ in false }
    ) throws -> Int32 {
        let client: LineClient
        do {
            client = try LineClient(unixPath: config.controlSocketPath)
        } catch {
            printError("attendctl: cannot reach attendd at \(config.controlSocketPath): \(error)")
            return 1
        }
        var reply = try client.request(line, payload: payload, timeoutSeconds: timeoutSeconds)
        if printPayloadOnly, reply.isOK, let body = reply.payload {
            FileHandle.standardOutput.write(Data(body))
            return 0
        }
        let body = reply.payload
        reply.payload = nil
        print(String(decoding: reply.encoded().dropLast(), as: UTF8.self))
        if let body { FileHandle.standardOutput.write(Data(body)) }
        return reply.isOK && !failsWhen(reply) ? 0 : 1
    }

    private func status(json: Bool) -> Int32 {
        let path = config.statusPath
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("attendctl: no status file at \(path): attendd is not running, or writes it elsewhere ([status] json_file)")
            return 1
        }
        if json {
            print(String(decoding: data, as: UTF8.self), terminator: "")
            return 0
        }
        do {
            let snapshot = try StatusSnapshot.decode(json: data)
            let now = Clock.now()
            print(snapshot.humanReport(now: now), terminator: "")
            return snapshot.isStale(now: now) || snapshot.state == .stopped ? 1 : 0
        } catch {
            printError("attendctl: \(path) is not a status file attendctl understands: \(error)")
            return 1
        }
    }

    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// A command's words: `--name value` options and flags taken out by name, then positionals.
struct ToolArguments {
    private var words: [String]

    init(_ words: [String]) { self.words = words }

    /// Removes `name value` and returns the value.
    mutating func option(_ name: String) -> String? {
        guard let index = words.firstIndex(of: name), index + 1 < words.count else { return nil }
        let value = words[index + 1]
        words.removeSubrange(index...(index + 1))
        return value
    }

    /// Removes `name` and says whether it was there.
    mutating func flag(_ name: String) -> Bool {
        guard let index = words.firstIndex(of: name) else { return false }
        words.remove(at: index)
        return true
    }

    /// What is left, when its count is in `range` and no unknown option remains.
    func positional(_ range: ClosedRange<Int>, usage: String) throws -> [String] {
        guard range.contains(words.count), !words.contains(where: { $0.hasPrefix("--") }) else { throw UsageError(usage) }
        return words
    }

    /// The one word left.
    func single(_ usage: String) throws -> String {
        try positional(1...1, usage: usage)[0]
    }
}
