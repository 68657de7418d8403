import AttendCore
import Foundation
import Testing

@testable import AttendStore

/// The `void` table: a voided event stays stored, and the presence counts leave it out.
@Suite struct VoidRepositoryTests {
    let t0 = Timestamp(milliseconds: 1_795_394_700_000)  // 2026-11-23T07:45:00+07:00

    @Test func aVoidTakesTheEventOutOfThePresenceCountsOnce() throws {
        let path = NSTemporaryDirectory() + "attendd-void-\(UUID().uuidString).db"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try AttendanceStore(path: path)
        _ = try store.conferences.open(id: "HN", title: "HN", at: t0)
        func checkIn(_ id: String, _ direction: Direction = .checkIn) throws -> CheckRecord {
            guard case .stored(let record, _) = try store.checkins.record(
                CheckRequest(direction: direction, delegate: id), conference: "HN", receivedAt: t0, source: nil)
            else { throw StoreError(code: 1, message: "not stored") }
            return record
        }
        let first = try checkIn("A")
        let second = try checkIn("A")
        let out = try checkIn("A", .checkOut)
        let before = try store.checkins.counts(conference: "HN")
        #expect(before.checkins == 2 && before.checkouts == 1)

        // The first check-in voided: the second becomes the first arrival.
        #expect(try store.voids.void(first, reason: "nhầm", terminal: "g1", byControl: false, source: "127.0.0.1", at: t0))
        #expect(try store.checkins.counts(conference: "HN").checkins == 1)
        #expect(try store.checkins.checkedInBefore(second.event, delegate: "A", conference: "HN") == false)
        #expect(try store.checkins.checkedInDelegates(conference: "HN") == ["A"])
        // A second void of the same event changes nothing.
        #expect(try store.voids.void(first, reason: "again", terminal: nil, byControl: true, source: nil, at: t0) == false)
        #expect(try store.checkins.counts(conference: "HN").checkins == 1)
        #expect(try store.voids.find(event: first.event)?.reason == "nhầm")
        #expect(try store.voids.find(event: first.event)?.by == "g1")

        // Every check-in voided: not arrived any more; the check-out voided too.
        #expect(try store.voids.void(second, reason: "x", terminal: nil, byControl: true, source: nil, at: t0))
        #expect(try store.voids.void(out, reason: "x", terminal: nil, byControl: true, source: nil, at: t0))
        let after = try store.checkins.counts(conference: "HN")
        #expect(after.checkins == 0 && after.checkouts == 0)
        #expect(try store.checkins.checkedInDelegates(conference: "HN").isEmpty)
        #expect(try store.voids.all(conference: "HN").map(\.checkin.event) == [first.event, second.event, out.event])
        #expect(try store.voids.all(conference: nil).count == 3)
        #expect(try store.voids.all(conference: "other").isEmpty)
        // The events themselves stay stored.
        #expect(try store.checkins.all(conference: "HN").count == 3)
    }
}
