import AttendCore
import Foundation

/// `attendctl`: the operators' and admins' tool. Talks to the daemon over its control
/// socket and reads its status file; shares the daemon's codec and config parser.
public struct ControlTool {
    public static let usage = """
        usage: attendctl [--config FILE | --data DIR] COMMAND

        commands:
          status [--json]          the daemon's status, from its status file
          open CONF [TITLE]        open a conference (created if new); check-ins go to it
          close [CONF]             close the open conference
          checkin ID [--term T]    check a delegate in by hand (method=manual)
          checkout ID [--term T]   check a delegate out by hand
          ping                     check that attendd answers
          reload                   re-read the configuration, as SIGHUP does
          send LINE                send one protocol line and print the reply

        --config FILE  the daemon's configuration (default /etc/attendd/attendd.conf)
        --data DIR     the same DIR given to attendd --data
        Exit status: 0 done, 1 refused or daemon unreachable or status stale, 2 usage.
        """

    var config: Config
    var command: [String]

    /// Parses the arguments (without the program name).
    public init(arguments: [String], environment: [String: String]) throws {
        var options = DaemonOptions(environment: environment)
        var explicitConfig = false
        var rest = arguments[...]
        var command: [String] = []
        while let argument = rest.popFirst() {
            switch argument {
            case "--config", "-c":
                guard let value = rest.popFirst() else { throw UsageError("--config needs a file") }
                options.configPath = value
                explicitConfig = true
            case "--data":
                guard let value = rest.popFirst() else { throw UsageError("--data needs a directory") }
                options.dataDirectory = value
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
        if explicitConfig || FileManager.default.fileExists(atPath: options.configPath) {
            config = try options.loadConfig()
        } else {
            config = Config.defaults(environment: environment)
            if let data = options.dataDirectory {
                config.stateDirectory = data
                config.runtimeDirectory = data + "/run"
            }
        }
    }

    /// Runs the command; returns the exit status. Output goes to `print`.
    public func run() -> Int32 {
        let arguments = Array(command.dropFirst())
        do {
            switch command[0] {
            case "status":
                return status(json: arguments.contains("--json"))
            case "open":
                guard let id = arguments.first, arguments.count <= 2 else { throw UsageError("open CONF [TITLE]") }
                var fields = [RequestLine.Field("conf", id)]
                if arguments.count == 2 { fields.append(.init("title", arguments[1])) }
                return try send(RequestLine(verb: "OPEN", fields: fields))
            case "close":
                guard arguments.count <= 1 else { throw UsageError("close [CONF]") }
                return try send(RequestLine(verb: "CLOSE", fields: arguments.first.map { [.init("conf", $0)] } ?? []))
            case "checkin", "checkout":
                guard let id = arguments.first else { throw UsageError("\(command[0]) ID [--term T]") }
                var fields = [RequestLine.Field("id", id), .init("method", "manual")]
                if let index = arguments.firstIndex(of: "--term"), index + 1 < arguments.count {
                    fields.append(.init("term", arguments[index + 1]))
                }
                return try send(RequestLine(verb: command[0].uppercased(), fields: fields))
            case "ping":
                return try send(RequestLine(verb: "PING"))
            case "reload":
                return try send(RequestLine(verb: "RELOAD"))
            case "send":
                guard arguments.count == 1 else { throw UsageError("send 'LINE' (quote the line as one argument)") }
                return try send(raw: arguments[0])
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

    private func send(_ line: RequestLine) throws -> Int32 {
        try send(raw: String(decoding: LineEncoder.encode(line).dropLast(), as: UTF8.self))
    }

    private func send(raw line: String) throws -> Int32 {
        let client: LineClient
        do {
            client = try LineClient(unixPath: config.controlSocketPath)
        } catch {
            printError("attendctl: cannot reach attendd at \(config.controlSocketPath): \(error)")
            return 1
        }
        let reply = try client.request(line)
        print(String(decoding: reply.encoded().dropLast(), as: UTF8.self))
        return reply.isOK ? 0 : 1
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
            return snapshot.isStale(now: now) || snapshot.state == "stopped" ? 1 : 0
        } catch {
            printError("attendctl: \(path) is not a status file attendctl understands: \(error)")
            return 1
        }
    }

    private func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
