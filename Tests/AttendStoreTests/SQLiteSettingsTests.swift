@testable import AttendStore
import CSQLite
import Testing

/// Process-wide SQLite settings attendd makes before its first connection.
@Suite struct SQLiteSettingsTests {
    @Test func memoryStatisticsAreOffOnceAConnectionIsOpen() throws {
        let db = try Database(path: ":memory:")
        #expect(Database.memoryStatisticsOff, "SQLite was initialized before the first Database: the setting did not apply")
        try db.execute("""
            CREATE TABLE t (x TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO t SELECT hex(randomblob(200)) FROM n;
            """)
        #expect(try db.scalar("SELECT count(*) FROM t") == 2000)
        // Counted, the 800 kB of rows would have raised the high-water mark; off, it counts nothing.
        #expect(sqlite3_memory_highwater(0) == 0)
    }
}

/// Text is bound as its UTF-8 bytes with their count (no C string built for each value).
@Suite struct StatementTextTests {
    @Test func textIsBoundByteForByteAndEmptyTextIsNotNull() throws {
        let db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (k INTEGER, x TEXT)")
        let long = String(repeating: "Nguyễn Thị Hồng Nhung ", count: 40)
        let values = ["", "a", "DV-000123", "Trần Văn Bình", long]
        let insert = try db.prepare("INSERT INTO t VALUES (?, ?)")
        for (k, value) in values.enumerated() { try insert.run([.integer(Int64(k)), .text(value)]) }
        let read = try db.prepare("SELECT x, typeof(x), length(CAST(x AS BLOB)) FROM t ORDER BY k")
            .rows { (text: $0.text(0), type: $0.text(1), bytes: $0.int64(2)) }
        #expect(read.map(\.text) == values)
        #expect(read.map(\.type) == Array(repeating: "text", count: values.count))
        #expect(read.map(\.bytes) == values.map { Int64($0.utf8.count) })
    }
}
