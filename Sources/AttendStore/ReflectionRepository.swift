import AttendCore

/// The `reflection` table: the written reflections handed in per conference and delegate.
public final class ReflectionRepository {
    private let upsert: Statement
    private let delete: Statement
    private let list: Statement
    private let db: Database

    init(_ db: Database) throws(StoreError) {
        self.db = db
        upsert = try db.prepare("""
            INSERT INTO reflection (conference, delegate, submitted, grade, recorded_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (conference, delegate) DO UPDATE SET
                submitted = excluded.submitted, grade = excluded.grade, recorded_at = excluded.recorded_at
            """)
        delete = try db.prepare("DELETE FROM reflection WHERE conference = ? AND delegate = ?")
        list = try db.prepare("SELECT delegate, submitted, grade FROM reflection WHERE conference = ? ORDER BY delegate")
    }

    /// Records a reflection, replacing the delegate's earlier one for the conference.
    public func record(_ reflection: Reflection, conference: String, at: Timestamp) throws(StoreError) {
        try upsert.run([
            .text(conference), .text(reflection.delegate), .text(reflection.submitted), reflection.grade.map { .text($0.rawValue) },
            .integer(at.milliseconds),
        ])
    }

    /// Forgets the delegate's reflection for the conference ("not handed in"); whether there was one.
    @discardableResult
    public func withdraw(_ delegate: String, conference: String) throws(StoreError) -> Bool {
        try delete.run([.text(conference), .text(delegate)])
        return db.changes > 0
    }

    /// The conference's reflections, by delegate id.
    public func all(conference: String) throws(StoreError) -> [Reflection] {
        try list.rows([.text(conference)]) { row in
            Reflection(delegate: row.text(0), submitted: row.text(1), grade: row.optionalText(2).flatMap(ReflectionGrade.init(rawValue:)))
        }
    }
}
