import AttendCore
import AttendIO
import Glibc

/// One event a line on stderr: a fixed message, then `key=value` metadata.
///
/// Under systemd (`JOURNAL_STREAM` set) each line starts with its priority (`<6>`), which
/// journald reads and strips; elsewhere it starts with the local time and the level.
public struct Logger: Sendable {
    public var level: LogLevel
    public let underSystemd: Bool

    public init(level: LogLevel, environment: [String: String]) {
        self.level = level
        self.underSystemd = environment["JOURNAL_STREAM"] != nil
    }

    public func debug(_ message: String, _ metadata: KeyValuePairs<String, Any> = [:]) { log(.debug, message, metadata) }
    public func info(_ message: String, _ metadata: KeyValuePairs<String, Any> = [:]) { log(.info, message, metadata) }
    public func warning(_ message: String, _ metadata: KeyValuePairs<String, Any> = [:]) { log(.warning, message, metadata) }
    public func error(_ message: String, _ metadata: KeyValuePairs<String, Any> = [:]) { log(.error, message, metadata) }

    public func log(_ level: LogLevel, _ message: String, _ metadata: KeyValuePairs<String, Any>) {
        guard level >= self.level else { return }
        var line = underSystemd ? "<\(level.priority)>" : "\(Clock.now().vietnam) \(level.rawValue) "
        line += message
        for (key, value) in metadata {
            var bytes: [UInt8] = []
            LineEncoder.appendValue(String(describing: value), to: &bytes)
            line += " \(key)=" + String(decoding: bytes, as: UTF8.self)
        }
        line += "\n"
        Logger.writeToStderr(line)
    }

    /// A failure that stops attendd before it serves (a config error, a busy port, a keys file
    /// others may read): every line of `text` at error priority whatever the level, so
    /// `journalctl -p err -u attendd` shows why it did not start. Outside systemd the text is
    /// written as it is, with no time or level, since a person at a shell reads it at once.
    public func startupFailure(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let prefix = underSystemd ? "<\(LogLevel.error.priority)>" : ""
        Logger.writeToStderr(lines.map { prefix + $0 + "\n" }.joined())
    }

    /// One write(2) per event, so lines from two threads never interleave.
    private static func writeToStderr(_ text: String) {
        text.utf8CString.withUnsafeBufferPointer { buffer in
            _ = write(2, buffer.baseAddress, buffer.count - 1)
        }
    }
}
