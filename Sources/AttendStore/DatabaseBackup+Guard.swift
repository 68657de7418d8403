import CSQLite
import Glibc

extension DatabaseBackup {
    /// The files SQLite keeps beside a database: writing, renaming or unlinking any of them
    /// under a running daemon destroys what it acknowledged.
    static let companionSuffixes = ["", "-wal", "-shm", "-journal"]

    /// Throws unless writing `destination` (and its `.partial` beside it) leaves the live
    /// database at `source` and its companions untouched.
    ///
    /// Compared by device and inode, so a symlink, a hard link, `./attendd.db` or a path through
    /// another folder are all seen for what they are; the path itself is checked as well as what
    /// it points to (`rename` replaces a link, `VACUUM INTO` writes through one). A companion
    /// that does not exist at the moment (`-journal`, a checkpointed `-wal`) is compared by its
    /// resolved name, since SQLite would take a file of that name for its own.
    static func refuseLiveTarget(source: String, destination: String) throws(StoreError) {
        let live = Set(companionSuffixes.compactMap { identity(of: source + $0, following: true) })
        let liveNames = Set(companionSuffixes.compactMap { suffix in resolvedName(source).map { $0 + suffix } })
        for path in [destination, destination + ".partial"] {
            let targets = [identity(of: path, following: true), identity(of: path, following: false)].compactMap { $0 }
            if targets.contains(where: live.contains) || resolvedName(path).map(liveNames.contains) == true {
                throw StoreError(
                    code: SQLITE_MISUSE,
                    message: "\(path) is the live database \(source) or one of its -wal/-shm files; "
                        + "writing it would destroy the database: name a backup file outside the data folder")
            }
        }
        var info = stat()
        if stat(destination, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw StoreError(code: SQLITE_CANTOPEN, message: "\(destination) is a folder: name the backup file, such as \(destination)/attendd-backup.db")
        }
    }

    /// Device and inode of the file at `path` (of the link itself when not `following`).
    private static func identity(of path: String, following: Bool) -> FileIdentity? {
        var info = stat()
        guard (following ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The absolute name `path` would have: its folder resolved (`..`, `.`, symlinks), its last
    /// component kept; nil when the folder does not exist.
    private static func resolvedName(_ path: String) -> String? {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let resolved = realpath(folder, nil) else { return nil }
        defer { free(resolved) }
        let base = String(cString: resolved)
        return (base == "/" ? "" : base) + "/" + name
    }
}

/// A file as the kernel knows it, whatever names lead to it.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64
}
