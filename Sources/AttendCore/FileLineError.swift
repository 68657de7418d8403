/// A problem at one line of a file, or with the file as a whole (line 0), shown as
/// `file:line: message` (or `file: message`): the form editors and compilers use, so whoever
/// fixes the file can go straight to the line.
public struct FileLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// The line the problem starts on, from 1; 0 for the file as a whole.
    public var line: Int
    public var message: String
    /// Where in the file, when a line number does not say it: a workbook's cell, `Danh sách!C12`.
    public var place: String?

    public init(file: String, line: Int, message: String, place: String? = nil) {
        self.file = file
        self.line = line
        self.message = message
        self.place = place
    }

    public var description: String {
        if let place { return "\(file):\(place): \(message)" }
        return line == 0 ? "\(file): \(message)" : "\(file):\(line): \(message)"
    }
}

/// A problem in a configuration or keys file.
public typealias ConfigError = FileLineError
/// A problem in an invited-list file.
public typealias InvitedListError = FileLineError
