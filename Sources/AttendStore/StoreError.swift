import CSQLite

/// A failed SQLite call: the result code's reason and the connection's message.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    /// The extended SQLite result code.
    public let code: Int32
    public let message: String

    public init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// SQLite's short text for the code ("database or disk is full").
    public var reason: String { String(cString: sqlite3_errstr(code)) }

    /// Full disk, I/O error, read-only or locked database: worth retrying once space or access returns.
    public var isStorageFailure: Bool {
        switch code & 0xFF {
        case SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_NOMEM:
            return true
        default:
            return false
        }
    }

    public var description: String { message == reason ? message : "\(reason): \(message)" }
}
