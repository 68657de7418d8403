import AttendCore
import AttendIO
import Foundation

/// How `attendd` was started: the config file, overrides from the command line, the environment.
public struct DaemonOptions: Sendable {
    /// The configuration file. Default `/etc/attendd/attendd.conf`.
    public var configPath = ConfigLocation.defaultPath
    /// `--data DIR`: the database in DIR, the socket and status files in DIR/run.
    public var dataDirectory: String?
    /// `-n`: check the configuration and exit.
    public var checkOnly = false
    /// `ATTENDD_TEST_CLOCK_START`: where the wall clock starts (tests only; see `Clock`).
    public var testClockStart: Timestamp?
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// The usage text for `--help`.
    public static let usage = """
        usage: attendd [--config FILE] [--data DIR] [-n] [--version]

          --config FILE  configuration file (default /etc/attendd/attendd.conf)
          --data DIR     keep the database in DIR and the control socket and status
                         files in DIR/run (overrides state_dir and runtime_dir)
          -n             check the configuration, print any errors, and exit
          --version      print the version and exit
        """

    /// What the command line asks for.
    public enum Parsed: Equatable {
        case run(DaemonOptions)
        case version
        case help
    }

    /// Parses `attendd`'s arguments (without the program name).
    public static func parse(_ arguments: [String], environment: [String: String]) throws(UsageError) -> Parsed {
        var options = DaemonOptions(environment: environment)
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--config", "-c":
                guard let value = rest.popFirst() else { throw UsageError("\(argument) needs a file") }
                options.configPath = value
            case "--data":
                guard let value = rest.popFirst() else { throw UsageError("--data needs a directory") }
                options.dataDirectory = value
            case "-n", "--check":
                options.checkOnly = true
            case "--version":
                return .version
            case "--help", "-h":
                return .help
            default:
                throw UsageError("unknown argument \(argument)")
            }
        }
        // Tests only (CI runs the end-to-end suite once from 23:58 Vietnam time).
        options.testClockStart = try Clock.testStart(in: environment)
        return .run(options)
    }

    /// Tests only: starts the wall clock where `ATTENDD_TEST_CLOCK_START` said, and says so once
    /// in the log, at warning level with the time it starts from, so a daemon on a moved clock is
    /// never mistaken for one on the system's. Only the wall clock moves: the monotonic clocks,
    /// the configuration and the data are as without it. Call from `main` before any thread.
    public func startTestClock(logger: Logger) {
        guard let testClockStart else { return }
        Clock.startWallClock(at: testClockStart)
        logger.warning("wall clock moved for a test; nothing else changed", ["from": testClockStart.vietnam, "by": Clock.testStartVariable])
    }

    /// Reads and parses the configuration file, then applies `--data`.
    public func loadConfig() throws(ConfigErrors) -> Config {
        try ConfigLocation(path: configPath, dataDirectory: dataDirectory).load(environment: environment)
    }

    public static func == (a: DaemonOptions, b: DaemonOptions) -> Bool {
        a.configPath == b.configPath && a.dataDirectory == b.dataDirectory && a.checkOnly == b.checkOnly
            && a.testClockStart == b.testClockStart
    }
}

extension DaemonOptions: Equatable {}
