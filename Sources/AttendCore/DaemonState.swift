/// The daemon's state as the status file gives it (`"state"`), with the same text.
public enum DaemonState: String, CaseIterable, Codable, Sendable {
    /// Serving.
    case ready
    /// A SIGTERM or SIGINT came: finishing what was received, taking nothing new.
    case stopping
    /// The last snapshot of a daemon that finished; `attendctl status` exits 1 on it.
    case stopped
    /// The database refuses writes: check-ins are answered `ERR unavailable` until it recovers.
    case storageError = "storage_error"
}
