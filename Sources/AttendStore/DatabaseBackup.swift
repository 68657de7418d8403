import CSQLite
import Glibc

/// A consistent copy of the live database, taken beside the running daemon.
///
/// `VACUUM INTO` on a read-only connection of its own: SQLite copies one snapshot (every commit
/// made before the copy began, nothing after) inside a single read transaction. In WAL mode a
/// reader never blocks the writer, so attendd keeps acknowledging check-ins while the copy is
/// made; the checkpointer only waits to recycle the log until the copy is done. The copy is
/// written beside the destination, checked, synced and renamed into place, so `FILE` is either
/// the previous backup or a whole new one. A destination that is the live database or one of
/// its companions (by inode: links and `./` too) is refused before anything is written.
public enum DatabaseBackup {
    /// What a finished backup holds.
    public struct Summary: Equatable, Sendable {
        public var bytes: Int
        public var conferences: Int
        public var checkins: Int
        /// `PRAGMA integrity_check` of the copy: "ok".
        public var integrity: String
    }

    /// Copies the database at `source` to `destination` (replacing it atomically).
    public static func copy(from source: String, to destination: String) throws(StoreError) -> Summary {
        try refuseLiveTarget(source: source, destination: destination)
        let partial = destination + ".partial"
        unlink(partial)
        do {
            let database = try Database(path: source, readOnly: true)
            try database.prepare("VACUUM INTO ?").run([.text(partial)])
        }
        let summary: Summary
        do {
            let copy = try Database(path: partial, readOnly: true)
            summary = Summary(
                bytes: Int(try copy.scalar("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size") ?? 0),
                conferences: Int(try copy.scalar("SELECT count(*) FROM conference") ?? 0),
                checkins: Int(try copy.scalar("SELECT count(*) FROM checkin") ?? 0),
                integrity: try copy.prepare("PRAGMA integrity_check").rows { $0.text(0) }.joined(separator: "\n"))
        } catch {
            unlink(partial)
            throw error
        }
        guard summary.integrity == "ok" else {
            unlink(partial)
            throw StoreError(code: SQLITE_CORRUPT, message: "the copy failed its integrity check: \(summary.integrity)")
        }
        try syncAndRename(partial, to: destination)
        return summary
    }

    /// fsync the file, rename it over `destination`, fsync the folder: the backup survives a power cut.
    private static func syncAndRename(_ partial: String, to destination: String) throws(StoreError) {
        let fd = open(partial, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, fsync(fd) == 0 else {
            if fd >= 0 { close(fd) }
            unlink(partial)
            throw StoreError(code: SQLITE_IOERR, message: "cannot sync \(partial): errno \(errno)")
        }
        close(fd)
        guard rename(partial, destination) == 0 else {
            let code = errno
            unlink(partial)
            throw StoreError(code: SQLITE_CANTOPEN, message: "cannot rename the copy to \(destination): errno \(code)")
        }
        let slash = destination.lastIndex(of: "/")
        let folder = slash.map { String(destination[..<$0]) }.flatMap { $0.isEmpty ? "/" : $0 } ?? "."
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }
}
