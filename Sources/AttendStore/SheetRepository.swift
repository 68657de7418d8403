import AttendCore
import Foundation

/// The `sheet` and `paper_batch` tables: printed sign-in sheets with their numbering as printed,
/// and the entries typed from them, each stored once under its batch id.
public final class SheetRepository {
    private let insertSheet: Statement
    private let findSheet: Statement
    private let insertBatch: Statement
    private let findBatch: Statement

    init(_ db: Database) throws(StoreError) {
        insertSheet = try db.prepare("INSERT INTO sheet (code, conference, part, printed_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        findSheet = try db.prepare("SELECT body FROM sheet WHERE code = ?")
        insertBatch = try db.prepare("""
            INSERT INTO paper_batch (batch, conference, sheet, stored_at, checkins, result) VALUES (?, ?, ?, ?, ?, ?)
            """)
        findBatch = try db.prepare("SELECT result FROM paper_batch WHERE batch = ?")
    }

    /// Stores a printed sheet; false when its code is taken (the caller draws another).
    public func save(_ sheet: SignInSheet, at: Timestamp) throws(StoreError) -> Bool {
        try insertSheet.run([
            .text(sheet.code), .text(sheet.conference), .text(sheet.part), .integer(at.milliseconds), .blob(Array(sheet.jsonData())),
        ])
        return try findSheet.rows([.text(sheet.code)]) { $0.blob(0) }.first == Array(sheet.jsonData())
    }

    /// The sheet printed under `code`, as printed; nil when there is none.
    public func sheet(_ code: String) throws(StoreError) -> SignInSheet? {
        guard let body = try findSheet.rows([.text(code)], { $0.blob(0) }).first else { return nil }
        do {
            return try SignInSheet.decode(json: Data(body))
        } catch {
            throw StoreError(code: 1, message: "sheet \(code) is stored unreadable: \(error)")
        }
    }

    /// Records a stored entry (call in the transaction that stores its check-ins).
    public func record(_ batch: PaperBatch, at: Timestamp) throws(StoreError) {
        try insertBatch.run([
            .text(batch.batch), .text(batch.conference), .text(batch.sheet), .integer(at.milliseconds),
            .integer(Int64(batch.checkIns.count)), .blob(Array(batch.jsonData())),
        ])
    }

    /// The entry stored under `batch`, as it was stored; nil when none was.
    public func batch(_ batch: String) throws(StoreError) -> PaperBatch? {
        guard let body = try findBatch.rows([.text(batch)], { $0.blob(0) }).first else { return nil }
        return try? PaperBatch.decode(json: Data(body))
    }
}
