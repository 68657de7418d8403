import AttendCore
import Foundation
import Testing

@testable import AttendStore

/// Issue 21: what a hub keeps of each bridge point's newest final tally for the year
/// (`received_year`): kept on arrival, replaced by the next final revision only, found by date,
/// and filled once for tallies received before the table existed.
@Suite struct YearRowsTests {
    static let at = Timestamp(milliseconds: 1_795_394_700_000)

    /// A hall's tally of `conference` dated `date` with `came` of A1, A2 present.
    static func tally(_ conference: String, date: String, came: Set<String>, final: Bool = true) -> Tally {
        let invited = [Delegate(id: "A1", fullName: "Nguyễn Văn An", category: .partyMember),
                       Delegate(id: "A2", fullName: "Trần Thị Bình", category: .partyMember)]
        let plan = ConferencePlan(id: conference, title: "Hội nghị", date: date, parts: [])
        var tally = TallyComputation.tally(plan: plan, invited: invited, excuses: [:], events: [])
        tally.absentees.removeAll { came.contains($0.id) }
        tally.present = came.sorted()
        tally.total.present = came.count
        tally.final = final
        tally.bridge = "xa-a"
        return tally
    }

    static func receive(_ store: AttendanceStore, _ tally: Tally, revision: Int64, keepYear: Bool = true) throws -> Bool {
        try store.push.receive(
            bridge: "xa-a", conference: tally.conference.id, revision: revision, payload: Array(tally.jsonData()),
            summary: TallySummary(tally), year: keepYear ? YearReport.HallTally(bridge: "xa-a", tally: tally) : nil, at: at)
    }

    static func present(_ store: AttendanceStore, from: String = "2026-01-01", to: String = "2026-12-31") throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for row in try store.push.yearRows(from: from, to: to) {
            out[row.conference] = YearReport.HallTally.stored(bridge: row.bridge, bytes: row.body)?.present
        }
        return out
    }

    @Test func theNewestFinalRevisionIsKeptAndFoundByItsDate() throws {
        let path = NSTemporaryDirectory() + "attendd-yearrows-\(UUID().uuidString).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try AttendanceStore(path: path)
        #expect(try Self.receive(store, Self.tally("HN", date: "2026-03-02", came: ["A1"]), revision: 2))
        #expect(try Self.present(store) == ["HN": ["A1"]])
        // A day-before tally (not final) and an older final revision arriving late change nothing.
        #expect(try Self.receive(store, Self.tally("HN", date: "2026-03-02", came: [], final: false), revision: 3))
        #expect(try Self.receive(store, Self.tally("HN", date: "2026-03-02", came: []), revision: 1))
        #expect(try Self.present(store) == ["HN": ["A1"]])
        // The next final revision (a correction) replaces it; a repeat of it is not new.
        #expect(try Self.receive(store, Self.tally("HN", date: "2026-03-02", came: ["A1", "A2"]), revision: 4))
        #expect(try !Self.receive(store, Self.tally("HN", date: "2026-03-02", came: []), revision: 4))
        #expect(try Self.present(store) == ["HN": ["A1", "A2"]])
        // Another year's conference is not read for this one.
        #expect(try Self.receive(store, Self.tally("CU", date: "2025-12-31", came: ["A2"]), revision: 1))
        #expect(try Self.present(store) == ["HN": ["A1", "A2"]])
        #expect(try Self.present(store, from: "2025-01-01", to: "2025-12-31") == ["CU": ["A2"]])
    }

    @Test func talliesReceivedBeforeTheTableAreFilledWhenTheWriterOpens() throws {
        let path = NSTemporaryDirectory() + "attendd-yearrows-\(UUID().uuidString).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let store = try AttendanceStore(path: path)
            // As an attendd before migration 11 kept them: the tally and its summary, no year row.
            #expect(try Self.receive(store, Self.tally("HN", date: "2026-03-02", came: ["A1"]), revision: 1, keepYear: false))
            #expect(try Self.receive(store, Self.tally("HN", date: "2026-03-02", came: ["A2"]), revision: 2, keepYear: false))
            #expect(try Self.receive(store, Self.tally("DB", date: "2026-03-01", came: [], final: false), revision: 1, keepYear: false))
            try store.database.execute(
                "INSERT INTO received (bridge, conference, revision, payload, received_at, final) VALUES ('xa-b', 'HN', 1, X'7B6E6F74', 0, 1)")
            #expect(try store.push.yearRows(from: "2026-01-01", to: "2026-12-31").isEmpty)
        }
        let reopened = try AttendanceStore(path: path)
        // The newest final revision of each (hall, conference), once; the undecodable one left out.
        #expect(try Self.present(reopened) == ["HN": ["A2"]])
        #expect(try reopened.push.yearRows(from: "2026-01-01", to: "2026-12-31").map(\.bridge) == ["xa-a"])
        #expect(try reopened.push.fillYearRows() == 0)
    }
}
