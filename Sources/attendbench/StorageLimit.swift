import AttendCore
import AttendStore
import Foundation

/// The machine's storage limit: the daemon's own schema and repository code, written directly
/// in one process, 1,000 rows per `BEGIN IMMEDIATE ... COMMIT`, WAL with `synchronous=FULL`.
///
/// No sockets, no parsing, no event loop: what attendd could reach if everything but SQLite
/// and fsync were free. Only the transactions are timed (building the requests is not). The
/// rate falls as the table grows, so the time is also read at `marks` (row counts) to compare
/// attendd with it at the same size.
enum StorageLimit {
    static let rowsPerCommit = 1_000
    static let section = "storage limit (direct SQLite, 1,000 rows a commit)"

    /// Measures and reports the limit at the ingest runs' size, in all, and at the end.
    static func run(_ options: BenchOptions, reporter: Reporter) throws -> Result {
        let rows = options.storageRows
        let tail = min(100_000, rows / 10)
        reporter.progress("storage limit: \(rows) rows, \(rowsPerCommit) a commit")
        let result = try measure(rows: rows, marks: [options.ingestLines, rows - tail], directory: options.directory)
        let note = "AttendanceStore + CheckInRepository.record; WAL, synchronous=FULL"
        reporter.add(Measurement(
            section, "first \(Measurement.format(Double(options.ingestLines), "")) rows (as each ingest run)",
            result.rowsPerSecond(upTo: options.ingestLines), "rows/s", note: note))
        reporter.add(Measurement(
            section, "all \(Measurement.format(Double(rows), "")) rows", result.rowsPerSecond, "rows/s",
            note: String(format: "%.1f s in commits", result.seconds)))
        reporter.add(Measurement(
            section, "last \(Measurement.format(Double(tail), "")) rows (table at \(Measurement.format(Double(rows - tail), "")))",
            result.rowsPerSecond(from: rows - tail, to: rows), "rows/s", note: "the rate falls as the table and its indexes grow"))
        return result
    }

    struct Result: Sendable {
        var rows: Int
        var seconds: Double
        /// Timed seconds when the table held each mark's rows.
        var secondsAt: [Int: Double]
        var rowsPerSecond: Double { Double(rows) / seconds }

        /// Rows a second from an empty table up to `mark` rows.
        func rowsPerSecond(upTo mark: Int) -> Double? {
            secondsAt[mark].map { Double(mark) / $0 }
        }

        /// Rows a second between two marks (the table's growth in between).
        func rowsPerSecond(from low: Int, to high: Int) -> Double? {
            guard let a = low == 0 ? 0 : secondsAt[low], let b = secondsAt[high], b > a else { return nil }
            return Double(high - low) / (b - a)
        }
    }

    static func measure(rows: Int, marks: [Int], directory: String) throws -> Result {
        let folder = directory + "attendbench-storage-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try AttendanceStore(path: folder + "/attendd.db")
        let opened = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
        _ = try store.conferences.open(id: BenchDaemon.conference, title: "Hội nghị đo hiệu năng", at: opened)

        var timed: UInt64 = 0
        var written = 0
        var secondsAt: [Int: Double] = [:]
        var random: UInt64 = 42
        while written < rows {
            let count = min(rowsPerCommit, rows - written)
            let batch = (0..<count).map { k -> CheckRequest in
                random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let delegate = Int((random >> 33) % UInt64(LineGenerator.delegates)) + 1
                let id = "DV-" + String(repeating: "0", count: 6 - String(delegate).count) + String(delegate)
                return CheckRequest(
                    direction: .checkIn, delegate: id, terminal: "direct-00", sequence: Int64(written + k + 1),
                    method: .card, terminalTime: Timestamp(milliseconds: opened.milliseconds - 60_000))
            }
            let receivedAt = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            let start = MonotonicClock.now()
            try store.transaction { () throws(StoreError) in
                for request in batch {
                    _ = try store.checkins.record(
                        request, conference: BenchDaemon.conference, receivedAt: receivedAt, source: "127.0.0.1:40000")
                }
            }
            timed += MonotonicClock.now() - start
            let before = written
            written += count
            for mark in marks where before < mark && mark <= written { secondsAt[mark] = Double(timed) / 1e9 }
        }
        secondsAt[written] = Double(timed) / 1e9
        return Result(rows: written, seconds: Double(timed) / 1e9, secondsAt: secondsAt)
    }
}
