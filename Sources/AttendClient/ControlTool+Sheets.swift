import AttendCore
import AttendIO
import Foundation

/// `attendctl sheet` (print the sign-in sheets) and `attendctl paper` (type a signed one in).
extension ControlTool {
    static let sheetUsage = "sheet CONF [--part NAME] --html FILE [--blank N] [--lang en]"
    static let paperUsage = "paper CONF --sheet CODE --at HH:MM [NUMBERS...] [--yes] [--lang en]"

    /// Asks attendd for the sheets (it stores each with its numbering and code), then writes
    /// them as one printable HTML file, atomically, and says which codes it holds.
    func sheet(_ arguments: inout ToolArguments) throws -> Int32 {
        let part = arguments.option("--part")
        let file = arguments.option("--html")
        let blank = arguments.option("--blank")
        let language = try Self.language(arguments.option("--lang"))
        let words = try arguments.positional(1...1, usage: Self.sheetUsage)
        guard let file, !file.isEmpty, !file.hasPrefix("--") else { throw UsageError(Self.sheetUsage) }
        var fields = [RequestLine.Field("conf", words[0])]
        if let part { fields.append(.init("part", part)) }
        if let blank { fields.append(.init("blank", blank)) }
        guard let reply = try request(RequestLine(verb: "SHEET", fields: fields)) else { return 1 }
        let sheets: [SignInSheet]
        do {
            sheets = try SignInSheet.decodeList(json: Data(reply.payload ?? []))
        } catch {
            printError("attendctl: attendd's sheets do not decode: \(error)")
            return 1
        }
        do {
            try Data(SignInSheet.html(sheets, site: config.siteName, language: language).utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            printError("attendctl: cannot write \(file): \(error.localizedDescription)")
            return 1
        }
        let codes = sheets.map { $0.part.isEmpty ? $0.code : "\($0.code) (\($0.part))" }.joined(separator: ", ")
        print("wrote \(file): sheets \(codes); \(reply["rows"] ?? "") rows and \(reply["blank"] ?? "") blank each")
        return 0
    }

    /// Reads the ticked numbers (after the options, or from standard input up to an empty line),
    /// shows what would be stored, asks, and stores the batch in one `PAPER`. The batch id is
    /// the one attendd derived in the dry run, so running the same entry again stores nothing.
    func paper(_ arguments: inout ToolArguments) throws -> Int32 {
        guard let sheet = arguments.option("--sheet"), let at = arguments.option("--at") else { throw UsageError(Self.paperUsage) }
        let yes = arguments.flag("--yes")
        let language = try Self.language(arguments.option("--lang"))
        let words = try arguments.positional(1...100_000, usage: Self.paperUsage)
        var numbers = words.dropFirst().joined(separator: " ")
        if numbers.isEmpty {
            if isatty(0) == 1 { FileHandle.standardError.write(Data(PaperBatch.prompt(language: language).utf8)) }
            while let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty { numbers += line + "\n" }
        }
        guard !numbers.isEmpty else { throw UsageError(Self.paperUsage + " (no numbers given)") }
        let payload = Array(numbers.utf8)
        guard payload.count <= PaperRequest.maxBytes else {
            printError("attendctl: \(payload.count) bytes of numbers; one entry takes at most \(PaperRequest.maxBytes): enter the sheet in parts")
            return 1
        }
        func line(dry: Bool, batch: String?) -> RequestLine {
            var fields: [RequestLine.Field] = [.init("conf", words[0]), .init("sheet", sheet), .init("at", at)]
            if let batch { fields.append(.init("batch", batch)) }
            if dry { fields.append(.init("dry", "1")) }
            fields.append(.init("bytes", String(payload.count)))
            return RequestLine(verb: "PAPER", fields: fields)
        }
        guard let preview = try request(line(dry: true, batch: nil), payload: payload),
              let planned = try? PaperBatch.decode(json: Data(preview.payload ?? []))
        else {
            printError(PaperBatch.nothingStored(language: language))
            return 1
        }
        let sheetTime = SheetNumbers.normalizedTime(Substring(at)) ?? at
        print(planned.summary(at: sheetTime, language: language), terminator: "")
        if preview["new"] == "0" || planned.checkIns.isEmpty {
            print(PaperBatch.outcome(stored: planned.checkIns.count, batch: planned.batch, isNew: preview["new"] != "0", language: language))
            return 0
        }
        if !yes {
            print(PaperBatch.confirmation(count: planned.checkIns.count, language: language), terminator: "")
            fflush(nil)
            guard let answer = readLine(), PaperBatch.confirms(answer) else {
                print(PaperBatch.nothingStored(language: language))
                return 1
            }
        }
        guard let stored = try request(line(dry: false, batch: planned.batch), payload: payload),
              let result = try? PaperBatch.decode(json: Data(stored.payload ?? []))
        else {
            printError(PaperBatch.nothingStored(language: language))
            return 1
        }
        print(PaperBatch.outcome(stored: result.checkIns.count, batch: result.batch, isNew: stored["new"] != "0", language: language))
        return 0
    }

    /// One request; the reply when OK, else nil after printing the error line to standard error.
    private func request(_ line: RequestLine, payload: [UInt8]? = nil) throws -> Reply? {
        let client: LineClient
        do {
            client = try LineClient(unixPath: config.controlSocketPath)
        } catch {
            printError("attendctl: cannot reach attendd at \(config.controlSocketPath): \(error)")
            return nil
        }
        var reply = try client.request(line.text, payload: payload, timeoutSeconds: 60)
        guard reply.isOK else {
            reply.payload = nil
            printError(String(decoding: reply.encoded().dropLast(), as: UTF8.self))
            return nil
        }
        return reply
    }

    private static func language(_ text: String?) throws -> ReportLanguage {
        guard let text else { return .vietnamese }
        guard let language = ReportLanguage(rawValue: text) else { throw UsageError("--lang takes vi or en, got \(text)") }
        return language
    }
}
