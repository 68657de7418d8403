import AttendCore
import AttendIO
import Foundation

/// `attendctl`: the operators' and admins' tool. Talks to the daemon over its control
/// socket and reads its status file; shares the daemon's codec and parsers.
public struct ControlTool {
    /// What `--help` prints: built from `ControlCommand.table`.
    public static var usage: String { ControlCommand.usageText }

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

    /// Runs the command through its row of `ControlCommand.table`; returns the exit status.
    public func run() -> Int32 {
        var arguments = ToolArguments(Array(command.dropFirst()))
        do {
            guard let subcommand = ControlCommand.named(command[0]) else { throw UsageError("unknown command \(command[0])") }
            return try subcommand.run(self, &arguments)
        } catch let error as UsageError {
            printError("attendctl: usage: \(error)")
            return 2
        } catch {
            printError("attendctl: \(error)")
            return 1
        }
    }

    func send(
        _ line: RequestLine, payload: [UInt8]? = nil, printPayloadOnly: Bool = false, timeoutSeconds: Double = 60,
        failsWhen: (Reply) -> Bool = { _ in false }
    ) throws -> Int32 {
        try send(raw: line.text, payload: payload,
                 printPayloadOnly: printPayloadOnly, timeoutSeconds: timeoutSeconds, failsWhen: failsWhen)
    }

    /// Sends one request and prints the reply; exit 1 for an error reply or one `failsWhen` judges failed.
    func send(
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

    func status(json: Bool) -> Int32 {
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

    func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
