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
        // 2: the attendance model: plans with parts, invited lists, excuses, effective times.
        """
        ALTER TABLE conference ADD COLUMN date TEXT NOT NULL DEFAULT '';
        ALTER TABLE conference ADD COLUMN grace_minutes INTEGER NOT NULL DEFAULT 10;
        ALTER TABLE conference ADD COLUMN expected INTEGER;
        -- 1: opened and closed by the daemon on the schedule of its parts.
        ALTER TABLE conference ADD COLUMN auto_schedule INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE part (
            conference TEXT NOT NULL REFERENCES conference(id),
            position   INTEGER NOT NULL,
            name       TEXT NOT NULL,
            starts_at  INTEGER NOT NULL,
            ends_at    INTEGER NOT NULL,
            PRIMARY KEY (conference, position)
        ) STRICT;
        CREATE TABLE invited (
            conference  TEXT NOT NULL REFERENCES conference(id),
            delegate    TEXT NOT NULL,
            name        TEXT NOT NULL,   -- NFC
            name_folded TEXT NOT NULL,   -- lower case, no diacritics, for search
            unit        TEXT NOT NULL,
            category    TEXT NOT NULL,
            PRIMARY KEY (conference, delegate)
        ) STRICT;
        CREATE INDEX invited_delegate ON invited(delegate);
        CREATE TABLE excuse (
            conference  TEXT NOT NULL REFERENCES conference(id),
            delegate    TEXT NOT NULL,
            reason      TEXT NOT NULL,
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (conference, delegate)
        ) STRICT;
        -- When it happened for the tally: received_at for live check-ins, the corrected scan
        -- time for queued ones, the sheet's time for paper ones.
        ALTER TABLE checkin ADD COLUMN effective_at INTEGER;
        ALTER TABLE checkin ADD COLUMN origin TEXT NOT NULL DEFAULT 'live'
            CHECK (origin IN ('live', 'queued', 'paper'));
        UPDATE checkin SET effective_at = received_at;
        -- One row per delegate per conference: first arrival and counts. Check-ins are read by
        -- conference through (conference, event), which grows at its end; an index keyed by
        -- delegate would take every insert at a random place and cost most of the commit.
        CREATE TABLE presence (
            conference TEXT NOT NULL,
            delegate   TEXT NOT NULL,
            first_in   INTEGER,            -- event number of the first check-in
            checkins   INTEGER NOT NULL DEFAULT 0,
            checkouts  INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (conference, delegate)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX presence_delegate ON presence(delegate);
        INSERT INTO presence (conference, delegate, first_in, checkins, checkouts)
            SELECT conference, delegate, min(CASE WHEN direction = 'in' THEN event END),
                   count(*) FILTER (WHERE direction = 'in'), count(*) FILTER (WHERE direction = 'out')
            FROM checkin GROUP BY conference, delegate;
        DROP INDEX checkin_conference;
        CREATE INDEX checkin_by_conference ON checkin(conference);
        """,
        // 3: connection-quality incidents and day-before line tests.
        """
        CREATE TABLE incident (
            id          INTEGER PRIMARY KEY,
            kind        TEXT NOT NULL,
            source      TEXT NOT NULL CHECK (source IN ('operator', 'terminal', 'probe')),
            source_name TEXT NOT NULL DEFAULT '',  -- terminal id or probe target
            started_at  INTEGER NOT NULL,
            ended_at    INTEGER,
            note        TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX incident_started ON incident(started_at);
        CREATE INDEX incident_open ON incident(kind) WHERE ended_at IS NULL;
        CREATE TABLE linetest (
            id         INTEGER PRIMARY KEY,
            target     TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            passed     INTEGER NOT NULL,
            result     TEXT NOT NULL             -- LineTestResult as JSON
        ) STRICT;
        """,
        // 4: the push to the district (outbox) and, on a hub, the tallies received.
        """
        CREATE TABLE outbox (
            conference TEXT NOT NULL,
            revision   INTEGER NOT NULL,
            payload    BLOB NOT NULL,           -- the tally JSON, signed as these exact bytes
            created_at INTEGER NOT NULL,
            pushed_at  INTEGER,
            PRIMARY KEY (conference, revision)
        ) STRICT;
        CREATE TABLE received (
            bridge      TEXT NOT NULL,
            conference  TEXT NOT NULL,
            revision    INTEGER NOT NULL,
            payload     BLOB NOT NULL,
            received_at INTEGER NOT NULL,
            PRIMARY KEY (bridge, conference, revision)
        ) STRICT;
        """,
        // 5: a hub keeps what the roll-up needs of each tally beside its bytes, and whether it
        // is final (sent at the close) or the day-before figures.
        """
        ALTER TABLE received ADD COLUMN summary BLOB;      -- TallySummary as compact JSON
        ALTER TABLE received ADD COLUMN final INTEGER NOT NULL DEFAULT 1;
        """,
        // 6: voided events (VOID): the check-in stays in `checkin`; this row says who took it
        // back, when and why. `presence` counts only events not voided.
        """
        CREATE TABLE void (
            event      INTEGER PRIMARY KEY REFERENCES checkin(event),
            reason     TEXT NOT NULL,
            terminal   TEXT,                 -- the terminal that asked (term=), if any
            by_control INTEGER NOT NULL,     -- 1: from the local control socket
            source     TEXT,                 -- the peer address it came from
            voided_at  INTEGER NOT NULL      -- ms since 1970, UTC
        ) STRICT;
        """,
        // 7: the reply a stored check-in got (its fields after the echoed ones, as sent), so that a
        // retry of its (terminal, seq) gets it byte for byte after a CLOSE or a re-import too.
        // Rows stored before have none: their retries rebuild the reply as before.
        """
        ALTER TABLE checkin ADD COLUMN reply TEXT;
        """,
        // 8: printed sign-in sheets with their numbering as printed (SHEET), and the entries
        // typed from them (PAPER), so a number always means the same delegate and a batch is
        // stored once.
        """
        CREATE TABLE sheet (
            code       TEXT PRIMARY KEY,      -- the short code printed on it (SheetCode)
            conference TEXT NOT NULL,
            part       TEXT NOT NULL,         -- the part's name; '' without parts
            printed_at INTEGER NOT NULL,      -- ms since 1970, UTC
            body       BLOB NOT NULL          -- SignInSheet as JSON: every row as printed
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX sheet_conference ON sheet(conference);
        CREATE TABLE paper_batch (
            batch      TEXT PRIMARY KEY,      -- the entry's id: a repeat stores nothing
            conference TEXT NOT NULL,
            sheet      TEXT NOT NULL REFERENCES sheet(code),
            stored_at  INTEGER NOT NULL,
            checkins   INTEGER NOT NULL,      -- how many it stored
            result     BLOB NOT NULL          -- PaperBatch as JSON, the reply's payload
        ) STRICT, WITHOUT ROWID;
        """,
        // 9: the district's plans. On a hub: each published conference at its newest revision,
        // its list by bridge point, the planned and confirmed counts, what each bridge point
        // confirmed and its last poll. On a bridge point: the newest revision it received of
        // each district conference, what it did with it, and whether the hub has that answer.
        """
        CREATE TABLE district_plan (
            conference    TEXT PRIMARY KEY,
            revision      INTEGER NOT NULL,
            title         TEXT NOT NULL,
            date          TEXT NOT NULL,
            parts         TEXT NOT NULL,     -- [ConferencePlan.Part] as JSON
            grace_minutes INTEGER NOT NULL,
            auto_schedule INTEGER NOT NULL,
            bridges       TEXT NOT NULL,     -- 'all' or ids separated by commas
            withdrawn     INTEGER NOT NULL DEFAULT 0,
            changed_at    INTEGER NOT NULL
        ) STRICT;
        CREATE TABLE district_invited (
            conference TEXT NOT NULL,
            bridge     TEXT NOT NULL,
            delegate   TEXT NOT NULL,
            name       TEXT NOT NULL,
            unit       TEXT NOT NULL,
            category   TEXT NOT NULL,
            PRIMARY KEY (conference, delegate)
        ) STRICT;
        CREATE INDEX district_invited_bridge ON district_invited(conference, bridge);
        CREATE TABLE district_expected (
            conference TEXT NOT NULL,
            bridge     TEXT NOT NULL,
            planned    INTEGER,              -- the district's count for the hall
            confirmed  INTEGER,              -- the hall's own, the day before
            PRIMARY KEY (conference, bridge)
        ) STRICT;
        CREATE TABLE plan_confirmation (
            bridge       TEXT NOT NULL,
            conference   TEXT NOT NULL,
            revision     INTEGER NOT NULL,
            outcome      TEXT NOT NULL CHECK (outcome IN ('applied', 'received', 'refused')),
            reason       TEXT NOT NULL,
            size         INTEGER NOT NULL,
            confirmed_at INTEGER NOT NULL,
            PRIMARY KEY (bridge, conference)
        ) STRICT;
        CREATE TABLE plan_peer (
            bridge          TEXT PRIMARY KEY,
            last_seq        INTEGER NOT NULL,
            polled_at       INTEGER,
            clock_offset_ms INTEGER           -- hub minus bridge point
        ) STRICT;
        CREATE TABLE hall_plan (
            conference  TEXT PRIMARY KEY,
            revision    INTEGER NOT NULL,
            outcome     TEXT NOT NULL CHECK (outcome IN ('applied', 'received', 'refused')),
            reason      TEXT NOT NULL,
            adopted     INTEGER NOT NULL,      -- 1: the conference is the district's here
            withdrawn   INTEGER NOT NULL,
            size        INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            confirmed   INTEGER NOT NULL DEFAULT 0  -- 1: the hub has this outcome
        ) STRICT;
        """,
        // 10 (issue 21): the written reflections handed in per conference, and their due date.
        """
        CREATE TABLE reflection (
            conference  TEXT NOT NULL REFERENCES conference(id),
            delegate    TEXT NOT NULL,
            submitted   TEXT NOT NULL,         -- YYYY-MM-DD, Vietnam's calendar
            grade       TEXT CHECK (grade IN ('dat', 'co_ban_dat', 'chua_dat')),  -- NULL: not graded yet
            recorded_at INTEGER NOT NULL,
            PRIMARY KEY (conference, delegate)
        ) STRICT;
        ALTER TABLE conference ADD COLUMN reflection_due TEXT;
        """,
        // 11 (issue 21, reflect-print): the reflections' due date in the district's published plan.
        """
        ALTER TABLE district_plan ADD COLUMN reflection_due TEXT;   -- YYYY-MM-DD; NULL: none
        """,
        // 12 (issue 21, year3): a hub keeps of each bridge point's newest final tally what the year
        // reads (`YearReport.HallTally`, compact), so `year` reads rows, not every JSON tally.
        // Tallies received before it are filled when the writer opens the database.
        """
        CREATE TABLE received_year (
            bridge     TEXT NOT NULL,
            conference TEXT NOT NULL,
            revision   INTEGER NOT NULL,       -- the newest final revision of (bridge, conference)
            date       TEXT NOT NULL,          -- the conference's date, YYYY-MM-DD
            body       BLOB NOT NULL,          -- YearReport.HallTally.storedBytes()
            PRIMARY KEY (bridge, conference)
        ) STRICT;
        CREATE INDEX received_year_date ON received_year(date);
        """,
        // 13 (issue 23): `presence` is written in folds (PresenceLedger), not once per check-in:
        // it counts the check-ins up to `folded_through`; readers add the rows after it. Every
        // row stored so far is counted already.
        """
        CREATE TABLE presence_mark (
            id             INTEGER PRIMARY KEY CHECK (id = 1),
            folded_through INTEGER NOT NULL     -- the largest event counted in presence
        ) STRICT;
        INSERT INTO presence_mark (id, folded_through) SELECT 1, coalesce(max(event), 0) FROM checkin;
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
