import AttendCore
import AttendIO
import Foundation

extension ControlTool {
    /// `report [CONF] --html FILE` and `district CONF --html FILE` (and `--xlsx FILE`): asks the
    /// daemon for the printable page (`format=html`) or the workbook (`format=xlsx`) and writes
    /// it to `FILE` atomically, so a half-written report never replaces a good one; prints where
    /// it went.
    func writeHTML(verb: String, format: String = "html", _ arguments: inout ToolArguments, to file: String) throws -> Int32 {
        let language = arguments.option("--lang") ?? "vi"
        let number = format == "html" ? arguments.option("--number") : nil
        let usage = verb == "REPORT" ? "report [CONF] --\(format) FILE [--lang en]" : "district CONF --\(format) FILE [--lang en]"
        let words = try arguments.positional(verb == "REPORT" ? 0...1 : 1...1, usage: usage)
        guard !file.isEmpty, !file.hasPrefix("--") else { throw UsageError(usage) }
        let line = RequestLine(verb: verb, fields: [.init("format", format), .init("lang", language)]
            + words.map { RequestLine.Field("conf", $0) } + (number.map { [RequestLine.Field("number", $0)] } ?? []))
        return try writeReply(of: line, to: file) { reply in reply["conf"] ?? "" }
    }

    /// Sends `line` and writes the reply's payload to `file` atomically; prints where it went,
    /// with `label` of the reply (the conference, the year).
    func writeReply(of line: RequestLine, to file: String, label: (Reply) -> String) throws -> Int32 {
        let client: LineClient
        do {
            client = try LineClient(unixPath: config.controlSocketPath)
        } catch {
            FileHandle.standardError.write(Data("attendctl: cannot reach attendd at \(config.controlSocketPath): \(error)\n".utf8))
            return 1
        }
        var reply = try client.request(line.text, payload: nil,
                                       timeoutSeconds: 60)
        guard reply.isOK, let body = reply.payload else {
            reply.payload = nil
            FileHandle.standardError.write(Data(reply.encoded()))
            return 1
        }
        do {
            try Data(body).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            FileHandle.standardError.write(Data("attendctl: cannot write \(file): \(error.localizedDescription)\n".utf8))
            return 1
        }
        print("wrote \(file) (\(label(reply)), \(body.count) bytes)")
        return 0
    }
}
