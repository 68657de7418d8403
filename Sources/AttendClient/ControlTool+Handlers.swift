import AttendCore
import AttendIO
import Foundation

/// The handlers of `ControlCommand.table`'s rows that send a request: each takes its options
/// out of the words, checks what is left, and sends its line (`send`) or writes what comes back.
extension ControlTool {
    func define(_ arguments: inout ToolArguments) throws -> Int32 {
        var fields = [("title", "--title"), ("date", "--date"), ("parts", "--parts"), ("grace", "--grace"), ("expected", "--expected"),
                      ("reflection_due", "--reflection-due")]
            .compactMap { key, option in arguments.option(option).map { RequestLine.Field(key, $0) } }
        if arguments.flag("--auto") { fields.append(.init("auto", "1")) }
        if arguments.flag("--manual") { fields.append(.init("auto", "0")) }
        let conference = try arguments.single(
            "define CONF [--title T] [--date D] [--parts P] [--grace N] [--expected N] [--reflection-due D] [--auto | --manual]")
        return try send(RequestLine(verb: "DEFINE", fields: [.init("conf", conference)] + fields))
    }

    func conferences(_ arguments: inout ToolArguments) throws -> Int32 {
        _ = try arguments.positional(0...0, usage: "conferences")
        return try send(RequestLine(verb: "CONFERENCES"), printPayloadOnly: true)
    }

    func open(_ arguments: inout ToolArguments) throws -> Int32 {
        let words = try arguments.positional(1...2, usage: "open CONF [TITLE]")
        var fields = [RequestLine.Field("conf", words[0])]
        if words.count == 2 { fields.append(.init("title", words[1])) }
        return try send(RequestLine(verb: "OPEN", fields: fields))
    }

    func close(_ arguments: inout ToolArguments) throws -> Int32 {
        let words = try arguments.positional(0...1, usage: "close [CONF]")
        return try send(RequestLine(verb: "CLOSE", fields: words.map { RequestLine.Field("conf", $0) }))
    }

    func excuse(_ arguments: inout ToolArguments) throws -> Int32 {
        let conference = arguments.option("--conf")
        let words = try arguments.positional(2...2, usage: "excuse ID REASON [--conf CONF]")
        var fields = [RequestLine.Field("id", words[0]), .init("reason", words[1])]
        if let conference { fields.append(.init("conf", conference)) }
        return try send(RequestLine(verb: "EXCUSE", fields: fields))
    }

    func find(_ arguments: inout ToolArguments) throws -> Int32 {
        let conference = arguments.option("--conf")
        let words = try arguments.positional(1...10, usage: "find NAME [--conf CONF]")
        var fields = [RequestLine.Field("q", words.joined(separator: " "))]
        if let conference { fields.append(.init("conf", conference)) }
        return try send(RequestLine(verb: "FIND", fields: fields), printPayloadOnly: true)
    }

    func incident(_ arguments: inout ToolArguments) throws -> Int32 {
        let note = arguments.option("--note")
        let words = try arguments.positional(1...2, usage: "incident start|end KIND [--note TEXT] | incident list")
        if words == ["list"] { return try send(RequestLine(verb: "INCIDENTS"), printPayloadOnly: true) }
        guard words.count == 2, ["start", "end"].contains(words[0]) else {
            throw UsageError("incident start|end KIND [--note TEXT] | incident list")
        }
        var fields = [RequestLine.Field("action", words[0]), .init("kind", words[1])]
        if let note { fields.append(.init("note", note)) }
        return try send(RequestLine(verb: "INCIDENT", fields: fields))
    }

    func linetest(_ arguments: inout ToolArguments) throws -> Int32 {
        let seconds = arguments.option("--seconds") ?? "60"
        _ = try arguments.positional(0...0, usage: "linetest [--seconds N]")
        guard let wait = Double(seconds) else { throw UsageError("--seconds takes a number") }
        // A failed target is exit 1, so a script running the day-before test can tell.
        return try send(RequestLine(verb: "LINETEST", fields: [.init("seconds", seconds)]), printPayloadOnly: false,
                        timeoutSeconds: wait + 30, failsWhen: { ($0["failed"].flatMap(Int.init) ?? 0) > 0 })
    }

    func void(_ arguments: inout ToolArguments) throws -> Int32 {
        let words = try arguments.positional(2...2, usage: "void EVENT REASON")
        return try send(RequestLine(verb: "VOID", fields: [.init("event", words[0]), .init("reason", words[1])]))
    }

    func voids(_ arguments: inout ToolArguments) throws -> Int32 {
        let words = try arguments.positional(0...1, usage: "voids [CONF]")
        return try send(RequestLine(verb: "VOIDS", fields: words.map { RequestLine.Field("conf", $0) }), printPayloadOnly: true)
    }

    func report(_ arguments: inout ToolArguments) throws -> Int32 {
        if let file = arguments.option("--html") { return try writeHTML(verb: "REPORT", &arguments, to: file) }
        if let file = arguments.option("--xlsx") { return try writeHTML(verb: "REPORT", format: "xlsx", &arguments, to: file) }
        let format = arguments.flag("--csv") ? "csv" : arguments.flag("--json") ? "json" : "text"
        let language = arguments.option("--lang") ?? "vi"
        let words = try arguments.positional(0...1, usage: "report [CONF] [--csv | --json] [--lang en]")
        return try send(RequestLine(verb: "REPORT", fields: [.init("format", format), .init("lang", language)]
            + words.map { RequestLine.Field("conf", $0) }), printPayloadOnly: true)
    }

    func delegate(_ arguments: inout ToolArguments) throws -> Int32 {
        let words = try arguments.positional(1...1, usage: "delegate ID")
        return try send(RequestLine(verb: "HISTORY", fields: [.init("id", words[0])]), printPayloadOnly: true)
    }

    func outbox(_ arguments: inout ToolArguments) throws -> Int32 {
        _ = try arguments.positional(0...0, usage: "outbox")
        return try send(RequestLine(verb: "OUTBOX"), printPayloadOnly: true)
    }

    func district(_ arguments: inout ToolArguments) throws -> Int32 {
        if let word = command.dropFirst().first, ControlTool.districtPlanWords.contains(word) { return try districtPlans(word, &arguments) }
        if let file = arguments.option("--html") { return try writeHTML(verb: "DISTRICT", &arguments, to: file) }
        if let file = arguments.option("--xlsx") { return try writeHTML(verb: "DISTRICT", format: "xlsx", &arguments, to: file) }
        let format = arguments.flag("--csv") ? "csv" : arguments.flag("--json") ? "json" : "text"
        let language = arguments.option("--lang") ?? "vi"
        let words = try arguments.positional(1...1, usage: "district CONF [--csv | --json] [--lang en]")
        return try send(RequestLine(verb: "DISTRICT", fields: [.init("conf", words[0]), .init("format", format), .init("lang", language)]),
                        printPayloadOnly: true)
    }

    /// `send LINE`: the line as typed, whatever its verb.
    func sendLine(_ arguments: inout ToolArguments) throws -> Int32 {
        let words = try arguments.positional(1...1, usage: "send 'LINE' (quote the line as one argument)")
        return try send(raw: words[0])
    }

    /// Checks the whole list here first, so every bad row is shown with its line or cell, then
    /// sends it. A workbook, or a CSV in UTF-16 or Windows-1258, is sent as the UTF-8 CSV of the
    /// checked list (`InvitedListImport.csv`), so the daemon reads one form only.
    func invite(_ arguments: inout ToolArguments) throws -> Int32 {
        let usage = "invite import FILE.csv|FILE.xlsx [--conf CONF] [--category CAT] [--sheet NAME] [--encoding utf-8|utf-16|windows-1258]"
        let conference = arguments.option("--conf")
        let categoryText = arguments.option("--category")
        let sheet = arguments.option("--sheet")
        let encodingText = arguments.option("--encoding")
        let words = try arguments.positional(2...2, usage: usage)
        guard words[0] == "import" else { throw UsageError(usage) }
        let file = words[1]
        // attendd's own limit, checked here so a list too big is never half sent.
        guard let listFile = try readListFile(file, category: categoryText, encoding: encodingText, sheet: sheet, csvLimit: Request.maxInviteBytes, tooBig: {
            "attendd takes an invited list of at most \($1 >> 20) MiB (\($1) bytes): split it and import the parts"
        }) else { return 1 }
        let (bytes, isWorkbook, category, encoding) = (listFile.bytes, listFile.isWorkbook, listFile.category, listFile.encoding)
        let list: InvitedListImport.InvitedList
        do {
            list = isWorkbook
                ? try InvitedListImport.read(workbook: bytes, file: file, sheet: sheet, defaultCategory: category)
                : try InvitedListImport.read(csv: bytes, file: file, encoding: encoding, defaultCategory: category)
        } catch {
            for problem in error.errors { printError(problem.description) }
            printError("attendctl: nothing imported: fix the rows above and import again")
            return 1
        }
        let payload = list.encoding == .utf8 ? bytes : InvitedListImport.csv(list.delegates)
        guard payload.count <= Request.maxInviteBytes else {
            printError("attendctl: the list in \(file) is \(payload.count) bytes as CSV; attendd takes at most \(Request.maxInviteBytes) bytes: split it")
            return 1
        }
        var fields: [RequestLine.Field] = conference.map { [.init("conf", $0)] } ?? []
        if let category { fields.append(.init("category", category.rawValue)) }
        fields.append(.init("bytes", String(payload.count)))
        printChecked(list, file: file)
        return try send(RequestLine(verb: "INVITE", fields: fields), payload: payload)
    }

    /// `--at HH:MM` (on the open conference's day, Vietnam time: see `SheetTime`) or a full
    /// RFC 3339 time marks a paper-sheet entry.
    func check(_ arguments: inout ToolArguments) throws -> Int32 {
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
}
