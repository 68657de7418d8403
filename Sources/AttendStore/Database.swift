import CSQLite

/// One SQLite connection.
///
/// `@unchecked Sendable` because a `sqlite3*` is a C handle Swift cannot check: each
/// `Database` is used by one thread at a time (the writer thread owns the write connection;
/// readers open their own).
public final class Database: @unchecked Sendable {
    let handle: OpaquePointer
    public let path: String

    /// Set before SQLite initializes, by the first connection opened (see the shim).
    private static let configured: Int32 = attend_sqlite3_disable_memory_statistics()

    /// Whether SQLite's memory statistics (and their global mutex) are off in this process;
    /// meaningful once a connection was opened.
    public static var memoryStatisticsOff: Bool { configured == SQLITE_OK }

    /// Opens (and creates, unless `readOnly`) the database at `path`.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        _ = Database.configured
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            if let db { sqlite3_close_v2(db) }
            throw StoreError(code: rc, message: "\(path): \(message)")
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(StoreError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(errorMessage)
            throw StoreError(code: rc, message: message)
        }
    }

    /// Compiles a statement for repeated use.
    public func prepare(_ sql: String) throws(StoreError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction: committed if it returns, rolled back if it throws.
    public func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last successful INSERT.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The value of a pragma or other one-value query.
    public func scalar(_ sql: String) throws(StoreError) -> Int64? {
        try prepare(sql).rows { $0.int64(0) }.first
    }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    func error(_ code: Int32) -> StoreError {
        StoreError(code: sqlite3_extended_errcode(handle) != 0 ? sqlite3_extended_errcode(handle) : code, message: lastMessage)
    }

    /// Copies committed log frames into the database file without blocking the writer
    /// (`wal_checkpoint(PASSIVE)`); returns the frames in the log and those copied.
    @discardableResult
    public func checkpoint() throws(StoreError) -> (logged: Int, copied: Int) {
        let row = try prepare("PRAGMA wal_checkpoint(PASSIVE)").rows { (Int($0.int64(1)), Int($0.int64(2))) }
        return row.first ?? (0, 0)
    }
}
