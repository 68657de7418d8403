import Foundation
import Testing

@testable import AttendCore

/// Issue 21: what a hub keeps of each hall's final tally for the year (`received_year`), and the
/// per-delegate reflections a bridge point's tally carries for it.
@Suite struct YearHallBytesTests {
    static let an = Delegate(id: "A1", fullName: "Nguyễn Văn An", unit: "Chi bộ 1", category: .partyMember)
    static let binh = Delegate(id: "A2", fullName: "Trần Thị Bình", unit: "Chi bộ 1", category: .official)
    static let cuong = Delegate(id: "B1", fullName: "Lê Văn Cường", unit: "Chi bộ 2", category: .unionMember)

    /// A final tally of three invited, An present and late, Bình absent excused, Cường absent,
    /// a walk-in, and reflections for An (graded) and Bình (not graded yet).
    static func tally() -> Tally {
        let plan = ConferencePlan(
            id: "HN", title: "Hội nghị \"quán triệt\"", date: "2026-03-02",
            parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30", date: "2026-03-02"), graceMinutes: 10)
        let start = plan.parts[0].start.milliseconds
        var tally = TallyComputation.tally(
            plan: plan, invited: [an, binh, cuong], excuses: ["A2": "ốm"],
            events: [AttendanceEvent(delegate: "A1", direction: .checkIn, at: Timestamp(milliseconds: start + 20 * 60_000)),
                     AttendanceEvent(delegate: "W9", direction: .checkIn, at: Timestamp(milliseconds: start))])
        tally.reflections = Tally.ReflectionFigures.compute(
            invited: [an, binh, cuong],
            reflections: [Reflection(delegate: "A2", submitted: "2026-03-05", grade: nil),
                          Reflection(delegate: "A1", submitted: "2026-03-04", grade: .basicallyPassed)],
            due: "2026-03-10")
        tally.final = true
        return tally
    }

    @Test func theKeptBytesReadBackAsTheHallMadeFromTheTally() throws {
        let tally = Self.tally()
        let made = YearReport.HallTally(bridge: "xa-a", tally: tally)
        #expect(made.present == ["A1"] && made.lateArrivals.map(\.id) == ["A1"] && made.walkIns == ["W9"])
        #expect(made.followsReflections && made.reflections?.map(\.delegate) == ["A1", "A2"])
        let read = try #require(YearReport.HallTally.stored(bridge: "xa-a", bytes: made.storedBytes()))
        let fromJSON = try #require(YearReport.HallTally.decode(bridge: "xa-a", json: Array(tally.jsonData())))
        for hall in [read, fromJSON] {
            #expect(hall.conference == made.conference && hall.final == made.final && hall.present == made.present)
            #expect(hall.absentees.map { [$0.id, $0.name, $0.unit, $0.category.rawValue, "\($0.excused)"] }
                == made.absentees.map { [$0.id, $0.name, $0.unit, $0.category.rawValue, "\($0.excused)"] })
            #expect(hall.lateArrivals.map(\.id) == ["A1"] && hall.lateArrivals.first?.name == "Nguyễn Văn An")
            #expect(hall.earlyLeavers.isEmpty && hall.walkIns == ["W9"])
            #expect(hall.followsReflections && hall.reflections == made.reflections)
        }
        // 3 delegates: the row is a few hundred bytes, not the tally's kilobytes.
        #expect(made.storedBytes().count < Array(tally.jsonData()).count / 4)
    }

    @Test func aTallyWithoutPresentOrHandedInReadsBackWithout() throws {
        var tally = Self.tally()
        tally.present = nil
        tally.reflections?.handedIn = nil
        let made = YearReport.HallTally(bridge: "xa-c", tally: tally)
        let read = try #require(YearReport.HallTally.stored(bridge: "xa-c", bytes: made.storedBytes()))
        #expect(read.present == nil && read.followsReflections && read.reflections == nil)
        tally.reflections = nil
        let none = try #require(YearReport.HallTally.stored(bridge: "xa-c", bytes: YearReport.HallTally(bridge: "xa-c", tally: tally).storedBytes()))
        #expect(!none.followsReflections && none.reflections == nil)
        let json = try #require(YearReport.HallTally.decode(bridge: "xa-c", json: Array(tally.jsonData())))
        #expect(!json.followsReflections && json.reflections == nil && json.present == nil)
    }

    @Test func damagedOrForgedBytesReadAsNothing() throws {
        let bytes = YearReport.HallTally(bridge: "xa-a", tally: Self.tally()).storedBytes()
        // Every truncation, a byte more, another version, and a count claiming more than the row holds.
        for length in 0..<bytes.count { #expect(YearReport.HallTally.stored(bridge: "x", bytes: Array(bytes.prefix(length))) == nil) }
        #expect(YearReport.HallTally.stored(bridge: "x", bytes: bytes + [0]) == nil)
        #expect(YearReport.HallTally.stored(bridge: "x", bytes: [2] + bytes.dropFirst()) == nil)
        #expect(YearReport.HallTally.stored(bridge: "x", bytes: [1, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == nil)
        #expect(YearReport.HallTally.stored(bridge: "x", bytes: [1] + [UInt8](repeating: 0x80, count: 12)) == nil)
    }

    @Test func handedInListsAreBoundedWhenATallyIsDecoded() throws {
        var tally = Self.tally()
        #expect(try Tally.decode(json: tally.jsonData()).reflections?.handedIn?.map(\.id) == ["A1", "A2"])
        let good = tally.reflections!.handedIn!
        // More entries than handed in, one id twice, an id longer than any delegate's, an empty id, a bad date.
        let forged: [[Tally.ReflectionFigures.HandedIn]] = [
            good + [.init(id: "B1", submitted: "2026-03-04", grade: .passed)],
            [good[0], good[0]],
            [.init(id: String(repeating: "x", count: 65), submitted: "2026-03-04", grade: nil)],
            [.init(id: "", submitted: "2026-03-04", grade: nil)],
            [.init(id: "A1", submitted: "04/03/2026", grade: nil)],
        ]
        for list in forged {
            tally.reflections!.handedIn = list
            #expect(throws: TallyDecodingError.self) { try Tally.decode(json: tally.jsonData()) }
        }
        // A tally from before the field decodes, without it.
        tally.reflections!.handedIn = nil
        #expect(try Tally.decode(json: tally.jsonData()).reflections?.handedIn == nil)
    }
}
