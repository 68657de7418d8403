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
