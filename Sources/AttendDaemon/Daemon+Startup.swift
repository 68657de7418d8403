import AttendCore
import AttendIO
import Foundation
import Glibc

/// What the daemon reads and takes before it serves: the keys files, the open-file limit, the
/// state directory's lock. None of it touches a running daemon's state.
extension Daemon {
    /// This bridge point's key when `[push] to` is set: its line in `[push] keys_file`.
    static func pushKey(_ config: Config) throws(StartupError) -> BridgeKey? {
        guard !config.pushTo.isEmpty else { return nil }
        guard !config.bridgeID.isEmpty, !config.pushKeysFile.isEmpty else {
            throw StartupError("[push] to needs bridge_id and keys_file")
        }
        guard let key = try readKeys(config.pushKeysFile).first(where: { $0.id == config.bridgeID }) else {
            throw StartupError("\(config.pushKeysFile) has no key for bridge_id \(config.bridgeID)")
        }
        return key
    }

    /// Reads a keys file, refusing one that other users may read: the keys sign the tallies.
    static func readKeys(_ path: String) throws(StartupError) -> [BridgeKey] {
        do {
            return try KeysFileReader.read(path)
        } catch {
            throw StartupError(error.description)
        }
    }

    /// Raises the soft open-file limit to the hard one (each connection is a descriptor);
    /// returns the limit now in force.
    static func raiseFileLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Takes an exclusive lock on `attendd.lock` so two daemons never share one database.
    static func lockStateDirectory(_ directory: String) throws(StartupError) -> Int32 {
        let path = directory + "/attendd.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw StartupError("cannot open \(path): \(SystemError("open"))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw StartupError("\(path) is locked: another attendd is using \(directory)")
        }
        return fd
    }
}

/// Why the daemon could not start, worded for the admin.
public struct StartupError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
