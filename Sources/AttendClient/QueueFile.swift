import AttendCore
import AttendIO
import Foundation
import Glibc

/// The terminal's offline queue on disk (format: `OfflineQueue`). Every record is appended and
/// synced before the program shows or sends what it records, so a terminal killed at any moment
/// restarts with every scan it showed and a sequence number it never used.
///
/// A lock file beside it keeps a second terminal program off the same queue.
public final class QueueFile {
    public let path: String
    public private(set) var queue: OfflineQueue
    private var fd: Int32
    private let lockFD: Int32
    /// Records appended since the last rewrite; the file is rewritten when the queue empties.
    private var appended = 0

    /// Opens (or creates) the queue at `path` and replays it; a corrupt record is an error naming its line.
    public init(path: String, firstSequence: Int64) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: AtomicFile.directoryOf(path), withIntermediateDirectories: true)
        lockFD = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lockFD >= 0 else { throw SystemError("open", detail: path + ".lock") }
        guard flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
            let error = SystemError("flock", detail: "\(path).lock (another terminal program uses this queue)")
            close(lockFD)
            throw error
        }
        let contents = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
        do {
            queue = try OfflineQueue(contents: contents, file: path, firstSequence: firstSequence)
        } catch {
            close(lockFD)
            throw error
        }
        // Start from a clean file: the next number and what is still pending.
        try AtomicFile.write(Data(queue.compacted()), to: path, mode: 0o600)
        fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else {
            close(lockFD)
            throw SystemError("open", detail: path)
        }
    }

    deinit {
        close(fd)
        close(lockFD)
    }

    /// Records a scan with the next sequence number; returns once it is on disk.
    public func add(direction: Direction, delegate: String, method: CheckMethod, at: Timestamp, conference: String?) throws -> OfflineQueue.Entry {
        var copy = queue
        let (entry, record) = copy.add(direction: direction, delegate: delegate, method: method, at: at, conference: conference)
        try append(record)
        queue = copy
        return entry
    }

    /// Records attendd's answer to a pending scan; once nothing is pending the file is rewritten short.
    public func finish(sequence: Int64, refused: String? = nil) throws {
        var copy = queue
        guard let record = copy.finish(sequence: sequence, refused: refused) else { return }
        try append(record)
        queue = copy
        if queue.pending.isEmpty && appended >= 100 { try rewrite() }
    }

    /// Appends and syncs one record; on failure the file is cut back, so no half record stays.
    private func append(_ bytes: [UInt8]) throws {
        let size = lseek(fd, 0, SEEK_END)
        do {
            try appendAndSync(bytes)
        } catch {
            if size >= 0 { _ = ftruncate(fd, size) }
            throw error
        }
        appended += 1
    }

    private func appendAndSync(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", detail: path)
            }
            offset += written
        }
        guard fsync(fd) == 0 else { throw SystemError("fsync", detail: path) }
    }

    private func rewrite() throws {
        try AtomicFile.write(Data(queue.compacted()), to: path, mode: 0o600)
        let reopened = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard reopened >= 0 else { throw SystemError("open", detail: path) }
        close(fd)
        fd = reopened
        appended = 0
    }
}
