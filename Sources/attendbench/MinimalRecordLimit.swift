import AttendCore
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
        for part in SchemaPart.allCases {
            let partRows = rows / 3
            let partRate = Double(partRows) / (try measure(part, rows: partRows, directory: options.directory))
            reporter.add(Measurement(
                section, "  attendd's schema, \(part.rawValue)", partRate, "rows/s",
                note: String(format: "%.2f of the minimal record; first %@ rows", partRate / rate,
                             Measurement.format(Double(partRows), ""))))
        }
        return rate
    }

    /// What of attendd's schema a row pays for, added one part at a time: where the gap between
    /// the two limits comes from.
    enum SchemaPart: String, CaseIterable {
        /// The `checkin` row with its indexes and its kept reply, written by its INSERT.
        case row = "the check-in row, its indexes and kept reply"
        /// The same and the delegate's `presence` row counted by each check-in (the daemon's
        /// path before issue 23).
        case presence = "the row and the presence upsert (before)"
        /// The row, and `presence` counted in folds (`CheckInRepository.foldPresence`), every
        /// 16,384 rows and at the end, inside the timed commits.
        case folded = "the row, presence folded"
        /// The same with the narrow kept reply (only what the row cannot give back): the daemon's path.
        case narrow = "the row with the narrow reply, presence folded"
        /// The daemon's path without the `checkin_by_conference` index: what that index costs.
        case noConferenceIndex = "the same without the conference index"
    }

    /// The next commit's rows: sequence numbers after `written`, delegates drawn as the load
    /// generator draws them (the same seed in every measurement, so each writes the same rows).
    static func batch(after written: Int, count: Int, random: inout UInt64) -> [(Int64, String)] {
        (0..<count).map { k -> (Int64, String) in
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let delegate = Int((random >> 33) % UInt64(LineGenerator.delegates)) + 1
            return (Int64(written + k + 1), "DV-" + String(repeating: "0", count: 6 - String(delegate).count) + String(delegate))
        }
    }

    /// Seconds in the commits of `rows` check-ins into attendd's migrated schema, written with
    /// `part`'s statements, 1,000 a commit.
    static func measure(_ part: SchemaPart, rows: Int, directory: String) throws -> Double {
        let folder = directory + "attendbench-schema-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try AttendanceStore(path: folder + "/attendd.db")
        let opened = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        _ = try store.conferences.open(id: BenchDaemon.conference, title: "Hội nghị đo hiệu năng", at: opened)
        let db = store.database
        let insert = try db.prepare("""
            INSERT INTO checkin (conference, delegate, direction, terminal, seq, method, received_at, terminal_at, source,
                                 effective_at, origin, reply)
            VALUES (?, ?, 'in', 'direct-00', ?, 'card', ?, ?, '127.0.0.1:40000', ?, 'live', ?) ON CONFLICT DO NOTHING
            """)
        let presence = try db.prepare("""
            INSERT INTO presence (conference, delegate, first_in, checkins, checkouts) VALUES (?, ?, ?, 1, 0)
            ON CONFLICT (conference, delegate) DO UPDATE SET first_in = coalesce(first_in, excluded.first_in),
                checkins = checkins + excluded.checkins
            """)
        var timed: UInt64 = 0
        var written = 0
        var random: UInt64 = 42
        let folds = part == .folded || part == .narrow || part == .noConferenceIndex
        if part == .noConferenceIndex { try db.execute("DROP INDEX checkin_by_conference") }
        while written < rows {
            let batch = Self.batch(after: written, count: min(StorageLimit.rowsPerCommit, rows - written), random: &random)
            let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
            let start = MonotonicClock.now()
            try db.transaction { () throws(StoreError) in
                for (sequence, delegate) in batch {
                    let reply = part == .narrow || part == .noConferenceIndex
                        ? "invited=0 first=0"
                        : "event=\(sequence) conf=\(BenchDaemon.conference) id=\(delegate) at=2026-12-01T08:00:00+07:00 invited=0 first=0"
                    try insert.run([
                        .text(BenchDaemon.conference), .text(delegate), .integer(sequence), .integer(receivedAt),
                        .integer(receivedAt - 60_000), .integer(receivedAt), .text(reply),
                    ])
                    if part == .presence {
                        try presence.run([.text(BenchDaemon.conference), .text(delegate), .integer(sequence)])
                    }
                    if folds && sequence % Int64(CheckInRepository.presenceFoldRows) == 0 { try store.checkins.foldPresence() }
                }
                if folds && written + batch.count >= rows { try store.checkins.foldPresence() }
            }
            timed += MonotonicClock.now() - start
            written += batch.count
        }
        return Double(timed) / 1e9
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
            let batch = Self.batch(after: written, count: min(StorageLimit.rowsPerCommit, rows - written), random: &random)
            let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
            let start = MonotonicClock.now()
            try db.transaction { () throws(StoreError) in
                for (sequence, delegate) in batch {
                    try insert.run([.text("direct-00"), .integer(sequence), .text(delegate), .text("in"), .integer(receivedAt)])
                }
            }
            timed += MonotonicClock.now() - start
            written += batch.count
        }
        return Double(timed) / 1e9
    }
}
