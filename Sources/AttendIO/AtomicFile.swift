import Foundation
import Glibc

/// Why `AtomicFile.write` failed: which file, at which step, and the system's message.
public struct AtomicFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The steps of an atomic replace, in order.
    public enum Step: String, Sendable {
        case createTemporary = "create temporary file"
        case write
        case fsync
        case close
        case rename
        case openDirectory = "open directory"
        case fsyncDirectory = "fsync directory"
    }

    /// The file that was to be replaced (not the temporary file).
    public var path: String
    public var step: Step
    /// The `errno` value, e.g. `ENOENT`.
    public var code: Int32
    /// `strerror(errno)`, e.g. `No such file or directory`.
    public var message: String

    public init(path: String, step: Step, code: Int32) {
        self.path = path
        self.step = step
        self.code = code
        self.message = String(cString: strerror(code))
    }

    /// `cannot write /run/attendd/status.json: rename: Permission denied`.
    public var description: String { "cannot write \(path): \(step.rawValue): \(message)" }
}

/// Replaces a file so that readers see the old content or the new, never a mix, and the new
/// content survives a power cut once `write` returns.
public enum AtomicFile {
    /// Writes a temporary file beside `path`, flushes it to disk, renames it over `path`,
    /// then flushes the directory so the rename itself is durable.
    ///
    /// The file gets exactly `mode`, whatever the process umask. The temporary file is
    /// removed if any step before the rename fails. Its name does not end in `.prom`, so
    /// node_exporter's textfile collector never reads a half-written file.
    ///
    /// `durable: false` keeps the rename's atomicity for readers but skips both fsyncs: for a
    /// file that describes the running process (the status file, the metrics textfile), which
    /// the daemon rewrites at its next start and which a power cut makes meaningless anyway.
    /// Each fsync of a new file is a journal commit of the file system, and the single writer's
    /// commit waits behind the journal commits of every other file on that disk.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o644, durable: Bool = true) throws {
        let directory = directoryOf(path)
        let (fd, temporary) = try createTemporary(beside: path, in: directory, mode: mode)

        // Every failure from here to the rename closes and removes the temporary file.
        func fail(_ step: AtomicFileError.Step, closing: Bool = true) -> AtomicFileError {
            let error = AtomicFileError(path: path, step: step, code: errno)  // before close/unlink change errno
            if closing { _ = Glibc.close(fd) }
            _ = unlink(temporary)
            return error
        }

        // fchmod, because open's mode is filtered through the umask.
        guard fchmod(fd, mode) == 0 else { throw fail(.createTemporary) }
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw fail(.write)
                }
                offset += n
            }
        }
        guard !durable || retryingEINTR({ fsync(fd) }) == 0 else { throw fail(.fsync) }
        // On Linux close releases the descriptor even when it reports EINTR, so EINTR is not
        // retried (that could close another thread's descriptor) and the data is already synced.
        if Glibc.close(fd) != 0, errno != EINTR { throw fail(.close, closing: false) }
        guard rename(temporary, path) == 0 else { throw fail(.rename, closing: false) }

        // The new content is in place; what remains makes the rename survive a power cut.
        guard durable else { return }
        let directoryFD = retryingEINTR { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard directoryFD >= 0 else { throw AtomicFileError(path: path, step: .openDirectory, code: errno) }
        defer { _ = Glibc.close(directoryFD) }
        guard retryingEINTR({ fsync(directoryFD) }) == 0 else {
            throw AtomicFileError(path: path, step: .fsyncDirectory, code: errno)
        }
    }

    /// Creates `.<name>.tmp-<pid>-<random>` in `directory` with `O_EXCL`, trying another name
    /// in the unlikely case that one exists (a crashed writer with a recycled pid).
    private static func createTemporary(beside path: String, in directory: String, mode: mode_t) throws -> (Int32, String) {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        var attempts = 0
        while true {
            let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
            let temporary = (directory == "/" ? "/" : directory + "/") + ".\(name).tmp-\(getpid())-\(suffix)"
            let fd = retryingEINTR { open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode) }
            if fd >= 0 { return (fd, temporary) }
            attempts += 1
            if errno != EEXIST || attempts >= 10 {
                throw AtomicFileError(path: path, step: .createTemporary, code: errno)
            }
        }
    }

    /// The directory part of `path`: `.` for a bare name, `/` for a file at the root.
    public static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    private static func retryingEINTR(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}
