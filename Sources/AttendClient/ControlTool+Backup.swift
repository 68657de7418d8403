import AttendCore
import AttendIO
import AttendStore
import Foundation

extension ControlTool {
    /// `attendctl backup FILE`: a consistent copy of the database while attendd runs.
    ///
    /// Done here, not in the daemon: the copy is read through a connection of attendctl's own
    /// (the writer is not paused), and written where the admin may write, which the daemon's
    /// sandbox (everything read-only but its state folder) would not allow.
    func backup(_ arguments: inout ToolArguments) throws -> Int32 {
        let destination = try arguments.single("backup FILE")
        guard FileManager.default.fileExists(atPath: config.databasePath) else {
            FileHandle.standardError.write(Data("attendctl: no database at \(config.databasePath)\n".utf8))
            return 1
        }
        let started = Date()
        let summary = try DatabaseBackup.copy(from: config.databasePath, to: destination)
        print("backup \(destination): \(summary.conferences) conferences, \(summary.checkins) check-ins, "
            + "\(summary.bytes) bytes, integrity \(summary.integrity), "
            + "\(Int(Date().timeIntervalSince(started) * 1000)) ms")
        return 0
    }
}
