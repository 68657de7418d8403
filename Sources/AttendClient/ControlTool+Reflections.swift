import AttendCore
import AttendIO
import Foundation

/// `attendctl reflection import|set`: the written reflections a unit's secretary records.
extension ControlTool {
    func reflection(_ arguments: inout ToolArguments) throws -> Int32 {
        let importUsage = "reflection import FILE.csv|FILE.xlsx --conf CONF [--sheet NAME] [--encoding utf-8|utf-16|windows-1258]"
        let setUsage = "reflection set CONF ID --date YYYY-MM-DD [--grade đạt|cơ bản đạt|chưa đạt] | --none"
        switch command.dropFirst().first {
        case "import": return try importReflections(&arguments, usage: importUsage)
        case "set": return try setReflection(&arguments, usage: setUsage)
        default: throw UsageError("\(importUsage)\n       \(setUsage)")
        }
    }

    /// Checks the whole file here, so every bad row is named by its line or cell, then sends the
    /// rows with their places; what attendd refuses (an id not invited) names the row too.
    private func importReflections(_ arguments: inout ToolArguments, usage: String) throws -> Int32 {
        guard let conference = arguments.option("--conf") else { throw UsageError(usage) }
        let sheet = arguments.option("--sheet")
        let encodingText = arguments.option("--encoding")
        let words = try arguments.positional(2...2, usage: usage)
        let file = words[1]
        guard let listFile = try readListFile(file, category: nil, encoding: encodingText, sheet: sheet, csvLimit: CSVReader.Limits().maxInputBytes, tooBig: {
            "attendctl reads a file of at most \($1 >> 20) MiB (\($1) bytes): split it"
        }) else { return 1 }
        let rows: [ReflectionImport.Row]
        do {
            rows = listFile.isWorkbook
                ? try ReflectionImport.read(workbook: listFile.bytes, file: file, sheet: sheet)
                : try ReflectionImport.read(csv: listFile.bytes, file: file, encoding: listFile.encoding)
        } catch {
            printError(error.description)
            printError("attendctl: nothing recorded: fix the rows above and import again")
            return 1
        }
        let payload = ReflectionImport.wire(rows)
        guard payload.count <= ReflectionImport.maxPayloadBytes else {
            printError("attendctl: \(file) holds \(rows.count) rows, \(payload.count) bytes to send; attendd takes at most "
                       + "\(ReflectionImport.maxPayloadBytes) bytes at once: split it")
            return 1
        }
        print("checked \(rows.count) rows in \(file)")
        return try send(
            RequestLine(verb: "REFLECT", fields: [.init("conf", conference), .init("bytes", String(payload.count))]), payload: payload)
    }

    private func setReflection(_ arguments: inout ToolArguments, usage: String) throws -> Int32 {
        let dateText = arguments.option("--date")
        let gradeText = arguments.option("--grade")
        let none = arguments.flag("--none")
        let words = try arguments.positional(3...3, usage: usage)
        guard none == (dateText == nil), !(none && gradeText != nil) else { throw UsageError(usage) }
        var submitted: String?
        if let dateText {
            guard let date = ReflectionImport.date(dateText) else { throw UsageError("--date takes YYYY-MM-DD or DD/MM/YYYY, got \(dateText)") }
            submitted = date
        }
        var grade: ReflectionGrade?
        if let gradeText {
            guard let parsed = ReflectionGrade.parse(gradeText) else {
                throw UsageError("--grade takes \(ReflectionGrade.accepted), got \(gradeText)")
            }
            grade = parsed
        }
        let row = ReflectionImport.Row(place: "attendctl reflection set", delegate: words[2], submitted: submitted, grade: grade)
        let payload = ReflectionImport.wire([row])
        return try send(RequestLine(verb: "REFLECT", fields: [.init("conf", words[1]), .init("bytes", String(payload.count))]), payload: payload)
    }
}

/// `attendctl year`: each member's year for the evaluation.
extension ControlTool {
    func year(_ arguments: inout ToolArguments) throws -> Int32 {
        let usage = "year YEAR [--from DATE --to DATE] [--unit UNIT] [--category CAT] [--csv | --json | --html FILE | --xlsx FILE] [--lang en]"
        let fromText = arguments.option("--from")
        let toText = arguments.option("--to")
        let unit = arguments.option("--unit")
        let category = arguments.option("--category")
        let language = arguments.option("--lang") ?? "vi"
        let html = arguments.option("--html")
        let xlsx = arguments.option("--xlsx")
        let format = html != nil ? "html" : xlsx != nil ? "xlsx" : arguments.flag("--csv") ? "csv" : arguments.flag("--json") ? "json" : "text"
        if let file = html ?? xlsx, file.isEmpty || file.hasPrefix("--") { throw UsageError(usage) }
        let words = try arguments.positional(1...1, usage: usage)
        guard words[0].count == 4, let year = Int(words[0]), (2000...2099).contains(year) else {
            throw UsageError("YEAR is the year, 2000 to 2099, got \(words[0])\n\(usage)")
        }
        func day(_ text: String?, _ fallback: String, _ option: String) throws -> String {
            guard let text else { return fallback }
            guard let day = ReflectionImport.date(text) else { throw UsageError("\(option) takes YYYY-MM-DD or DD/MM/YYYY, got \(text)") }
            return day
        }
        let from = try day(fromText, "\(year)-01-01", "--from")
        let to = try day(toText, "\(year)-12-31", "--to")
        guard from <= to else { throw UsageError("--from \(from) is after --to \(to)") }
        var fields: [RequestLine.Field] = [.init("from", from), .init("to", to), .init("format", format), .init("lang", language),
                                           .init("attention_rate", String(config.yearAttentionRate)),
                                           .init("attention_unexcused", String(config.yearAttentionUnexcused)),
                                           .init("attention_reflection", config.yearAttentionReflection)]
        if let unit { fields.append(.init("unit", unit)) }
        if let category { fields.append(.init("category", category)) }
        if let file = html ?? xlsx {
            return try writeReply(of: RequestLine(verb: "YEAR", fields: fields), to: file) { reply in
                "\(reply["from"] ?? "")..\(reply["to"] ?? ""), \(reply["delegates"] ?? "0") delegates"
            }
        }
        return try send(RequestLine(verb: "YEAR", fields: fields), printPayloadOnly: true)
    }
}
