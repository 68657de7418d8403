import AttendCore
import Foundation

/// Where the configuration file is and what `--data DIR` overrides: how `attendd` and
/// `attendctl` find and read the same configuration.
public struct ConfigLocation: Sendable, Equatable {
    /// The file both programs read when not told another.
    public static let defaultPath = "/etc/attendd/attendd.conf"

    /// The configuration file.
    public var path: String
    /// `--data DIR`: the database in DIR, the socket and status files in DIR/run.
    public var dataDirectory: String?

    public init(path: String = ConfigLocation.defaultPath, dataDirectory: String? = nil) {
        self.path = path
        self.dataDirectory = dataDirectory
    }

    /// Reads and parses the configuration file, then applies `--data`.
    public func load(environment: [String: String]) throws(ConfigErrors) -> Config {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? "cannot read it"
            throw ConfigErrors([ConfigError(file: path, line: 0, message: "cannot read the file: \(reason)")])
        }
        var config = try ConfigParser.parse(text, file: path, environment: environment)
        if let dataDirectory { config.useDataDirectory(dataDirectory) }
        return config
    }
}

extension Config {
    /// `--data DIR`: the database in DIR, the control socket and status files in DIR/run
    /// (over `state_dir` and `runtime_dir`).
    public mutating func useDataDirectory(_ directory: String) {
        stateDirectory = directory
        runtimeDirectory = directory + "/run"
    }
}
