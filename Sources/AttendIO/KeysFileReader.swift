import AttendCore
import Foundation
import Glibc

/// Reads a keys file (`ID HEXKEY [NAME]` lines: `[terminals]`, `[push]` and `[hub] keys_file`,
/// and `attendctl terminal --key`), refusing one that other users may read: the keys sign lines
/// and tallies.
public enum KeysFileReader {
    /// Why a keys file was not read; the text names the file.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// The file's keys, or why not.
    public static func read(_ path: String) throws(Failure) -> [BridgeKey] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(description: "cannot read the keys file \(path): \(SystemError("stat"))") }
        guard info.st_mode & 0o007 == 0 else {
            throw Failure(description: "the keys file \(path) is readable by other users (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 640 or 600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "cannot read the keys file \(path)")
        }
        do {
            return try KeysFile.parse(text, file: path)
        } catch {
            throw Failure(description: error.description)
        }
    }
}
