import AttendStore
import Foundation

/// The storage limit of the least a durable, idempotent check-in needs, beside the daemon's own
/// schema (`StorageLimit`): one table whose unique (terminal, seq) index makes a retry store
/// nothing twice, 1,000 rows a `BEGIN IMMEDIATE ... COMMIT`, WAL with `synchronous=FULL`.
///
/// The same rows (terminal, seq, delegate, direction, received time) through the same
/// `Database`/`Statement` code attendd uses, so the gap to `StorageLimit` is what attendd's
/// schema costs (its indexes, the presence row, the kept reply), not the binding. Only the
/// transactions are timed.
enum MinimalRecordLimit {
    static let section = "storage limit, minimal record (one table, unique (terminal, seq))"

    /// Measures and reports the limit over the ingest runs' row count.
    static func run(_ options: BenchOptions, ownSchema: StorageLimit.Result?, reporter: Reporter) throws -> Double {
        let rows = options.ingestLines
        reporter.progress("storage limit, minimal record: \(rows) rows, \(StorageLimit.rowsPerCommit) a commit")
        let seconds = try measure(rows: rows, directory: options.directory)
        let rate = Double(rows) / seconds
        var note = "one STRICT table + UNIQUE (terminal, seq); WAL, synchronous=FULL"
        if let own = ownSchema?.rowsPerSecond(upTo: rows) {
            note += String(format: "; attendd's own schema reaches %.2f of it", own / rate)
        }
        reporter.add(Measurement(section, "first \(Measurement.format(Double(rows), "")) rows (as each ingest run)", rate, "rows/s", note: note))
        return rate
    }

    /// Seconds spent in the commits of `rows` rows written 1,000 at a time into a fresh database.
    static func measure(rows: Int, directory: String) throws -> Double {
        let folder = directory + "attendbench-minimal-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = try Database(path: folder + "/minimal.db")
        _ = try db.prepare("PRAGMA journal_mode = WAL").rows { $0.text(0) }
        try db.execute("""
            PRAGMA synchronous = FULL;
            CREATE TABLE checkin (
                terminal    TEXT NOT NULL,
                seq         INTEGER NOT NULL,
                delegate    TEXT NOT NULL,
                direction   TEXT NOT NULL,
                received_at INTEGER NOT NULL
            ) STRICT;
            CREATE UNIQUE INDEX checkin_terminal_seq ON checkin(terminal, seq);
            """)
        let insert = try db.prepare(
            "INSERT INTO checkin (terminal, seq, delegate, direction, received_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        var timed: UInt64 = 0
        var written = 0
        var random: UInt64 = 42
        while written < rows {
            let count = min(StorageLimit.rowsPerCommit, rows - written)
            let batch = (0..<count).map { k -> (Int64, String) in
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let delegate = Int((random >> 33) % UInt64(LineGenerator.delegates)) + 1
                return (Int64(written + k + 1), "DV-" + String(repeating: "0", count: 6 - String(delegate).count) + String(delegate))
            }
            let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
            let start = MonotonicClock.now()
            try db.transaction { () throws(StoreError) in
                for (sequence, delegate) in batch {
                    try insert.run([.text("direct-00"), .integer(sequence), .text(delegate), .text("in"), .integer(receivedAt)])
                }
            }
            timed += MonotonicClock.now() - start
            written += count
        }
        return Double(timed) / 1e9
    }
}
