import Foundation
import Testing

@testable import AttendCore

/// What fast entry saves a clerk: a realistic 300-person sheet, typed as its numbers the way a
/// clerk reads the ticks down the page (runs as ranges, a late group with its own time, the walk-ins
/// on blank rows with their ids), against typing each delegate's id, and against one
/// `attendctl checkin ID --at HH:MM` per person as before. The typed text is parsed back to prove
/// it says exactly who signed.
@Suite struct PaperEntryKeystrokeTests {
    @Test func a300PersonSheetTakesAFractionOfTheKeystrokesOfItsIds() throws {
        // Party card numbers as the hall's lists give them: 8 digits after the district prefix.
        let invited = (1...300).map { Delegate(id: String(format: "TS-5201%04d", $0 * 37 % 10_000), fullName: "Người \($0)", category: .partyMember) }
        let sheet = SignInSheet(code: "K7M2Q", conference: "HN", title: "Hội nghị", date: "2026-11-23", part: nil, invited: invited,
                                blank: 20, printedAt: Timestamp(milliseconds: 0))
        // 18 absent, spread over the sheet as a seeded draw would; rows 240-260 came late, at 07:52.
        var random = SplitMix(state: 2026)
        var absent = Set<Int>()
        while absent.count < 18 { absent.insert(1 + random.next(300)) }
        let signed = (1...300).filter { !absent.contains($0) }
        let lateRows = Set(240...260)
        let walkIns = ["TS-52019911", "TS-52019912", "TS-52019913", "TS-52019914", "TS-52019915"]

        // What the clerk types: consecutive signed rows as ranges, the late run with @07:52.
        var groups: [String] = []
        var index = 0
        while index < signed.count {
            var end = index
            let late = lateRows.contains(signed[index])
            while end + 1 < signed.count && signed[end + 1] == signed[end] + 1 && lateRows.contains(signed[end + 1]) == late { end += 1 }
            let range = end == index ? "\(signed[index])" : "\(signed[index])-\(signed[end])"
            groups.append(late ? range + "@07:52" : range)
            index = end + 1
        }
        groups += walkIns.enumerated().map { "\(301 + $0.offset)=\($0.element)" }
        let typed = groups.joined(separator: " ")
        let numberKeys = typed.count + 1  // and Enter

        let entries = try SheetNumbers.parse(typed, sheet: sheet).get()
        #expect(entries.filter { $0.walkIn == nil }.map(\.number) == signed)
        #expect(entries.filter { $0.time == "07:52" }.map(\.number) == signed.filter(lateRows.contains))
        #expect(entries.compactMap(\.walkIn) == walkIns)

        // Typing every id (each with Enter), and the late group's time once, as the numbers do.
        let ids = signed.map { sheet.rows[$0 - 1].id } + walkIns
        let idKeys = ids.reduce(0) { $0 + $1.count + 1 } + " @07:52".count
        // One `attendctl checkin ID --at HH:MM` per person, as before this existed.
        let commandKeys = ids.reduce(0) { $0 + "attendctl checkin \($1) --at 07:45".count + 1 }
        print("300-person sheet, \(signed.count) signed, \(walkIns.count) walk-ins: numbers \(numberKeys) keystrokes, "
              + "ids \(idKeys), checkin commands \(commandKeys)")
        #expect(numberKeys * 10 < idKeys, "numbers \(numberKeys) vs ids \(idKeys): \(typed)")
        #expect(numberKeys * 20 < commandKeys)
    }

    /// A small seeded generator (SplitMix64), so the sheet is the same on every run.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }
}
