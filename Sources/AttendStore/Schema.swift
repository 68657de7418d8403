/// The database schema as numbered migrations; `PRAGMA user_version` holds how many have run.
///
/// Never edit a released migration: add the next one.
enum Schema {
    static let migrations: [String] = [
        // 1: conferences and check-ins.
        """
        CREATE TABLE conference (
            id         TEXT PRIMARY KEY,
            title      TEXT NOT NULL,
            created_at INTEGER NOT NULL,   -- ms since 1970, UTC
            opened_at  INTEGER,
            closed_at  INTEGER
        ) STRICT;
        CREATE TABLE checkin (
            event       INTEGER PRIMARY KEY,
            conference  TEXT NOT NULL REFERENCES conference(id),
            delegate    TEXT NOT NULL,
            direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
            terminal    TEXT,
            seq         INTEGER,
            method      TEXT,
            received_at INTEGER NOT NULL,  -- the server's clock: authoritative
            terminal_at INTEGER,           -- the terminal's clock, kept beside it
            source      TEXT               -- the peer address it came from
        ) STRICT;
        -- A repeated (terminal, seq) is the same request: stored once.
        CREATE UNIQUE INDEX checkin_terminal_seq ON checkin(terminal, seq)
            WHERE terminal IS NOT NULL AND seq IS NOT NULL;
        CREATE INDEX checkin_conference ON checkin(conference, delegate);
        """,
    ]

    /// Brings the database to the newest schema, one migration per transaction.
    static func migrate(_ db: Database) throws(StoreError) {
        let current = Int(try db.scalar("PRAGMA user_version") ?? 0)
        guard current <= migrations.count else {
            throw StoreError(
                code: 1, message: "database schema version \(current) is newer than this attendd knows (\(migrations.count))")
        }
        for version in current..<migrations.count {
            try db.transaction { () throws(StoreError) in
                try db.execute(migrations[version])
                try db.execute("PRAGMA user_version = \(version + 1)")
            }
        }
    }
}
