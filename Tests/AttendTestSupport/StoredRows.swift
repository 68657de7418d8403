import AttendStore

/// Read access to a daemon's database after it stopped, for assertions.
public struct StoredRows {
    public let database: Database

    public init(path: String) throws {
        database = try Database(path: path, readOnly: true)
    }

    /// The first column of the first row of `sql`, as a number.
    public func count(_ sql: String) throws -> Int {
        Int(try database.scalar(sql) ?? -1)
    }

    /// (terminal, seq) of every stored check-in.
    public func sequences() throws -> [String: [Int64]] {
        let rows = try database.prepare("SELECT terminal, seq FROM checkin WHERE seq IS NOT NULL").rows { ($0.text(0), $0.int64(1)) }
        return Dictionary(grouping: rows, by: \.0).mapValues { $0.map(\.1) }
    }

    public func integrityCheck() throws -> String {
        try database.prepare("PRAGMA integrity_check").rows { $0.text(0) }.joined(separator: "\n")
    }
}
