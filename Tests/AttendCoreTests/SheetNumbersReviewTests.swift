import Foundation
import Testing

@testable import AttendCore

/// Number lists a careless clerk or a hostile control client can send with `PAPER`.
@Suite struct SheetNumbersReviewTests {
    static func sheet(rows: Int, blank: Int = 10) -> SignInSheet {
        let invited = (1...rows).map { Delegate(id: "D\($0)", fullName: "Lê Văn \($0)", unit: "Chi bộ 1", category: .partyMember) }
        return SignInSheet(
            code: "K7M2Q", conference: "hn1", title: "Hội nghị", date: "2026-11-23", part: nil, invited: invited, blank: blank,
            printedAt: Timestamp(milliseconds: 0))
    }

    /// A walk-in's id typed in NFD is read as the NFC id the terminals send (the payload is not a
    /// request line, which the decoder puts in NFC), so the store holds one delegate, not two.
    @Test func walkInIdIsReadInNFC() throws {
        let sheet = Self.sheet(rows: 3)
        let nfd = "Ha\u{0300}-001"
        let entries = try SheetNumbers.parse("4=\(nfd)", sheet: sheet).get()
        #expect(Array(entries[0].walkIn!.utf8) == Array("H\u{00E0}-001".utf8))
    }

    /// A range that runs into an earlier one or into the blank rows is refused without walking it:
    /// 64 KiB of `1-100001` against a 100,000-row sheet used to take the writer ~700 million steps.
    @Test func overlappingRangesCostNoMoreThanTheirCount() throws {
        let sheet = Self.sheet(rows: 100_000)
        let text = "100000 " + Array(repeating: "1-100000", count: 7_000).joined(separator: " ")
        let clock = ContinuousClock()
        var result: Result<[SheetNumbers.Entry], SheetNumbers.Problems>?
        let took = clock.measure { result = SheetNumbers.parse(text, sheet: sheet) }
        guard case .failure(let problems)? = result else { Issue.record("accepted"); return }
        #expect(problems.all.count == 7_000)
        #expect(problems.all[0].description == "1-100000: 100000 was given already (in 100000)")
        #expect(took < .seconds(3))
        let blanks = "1-100001 " + Array(repeating: "5-100005", count: 7_000).joined(separator: " ")
        let took2 = clock.measure { result = SheetNumbers.parse(blanks, sheet: sheet) }
        guard case .failure(let second)? = result else { Issue.record("accepted"); return }
        #expect(second.all[0].description == "1-100001: row 100001 is a blank row: give the id written on it (100001=ID)")
        #expect(took2 < .seconds(3))
    }

    /// The first problem of a range is the earliest number, taken or blank, as before.
    @Test func firstProblemOfARangeIsItsEarliestNumber() {
        let sheet = Self.sheet(rows: 30)
        for (text, message) in [
            ("20-25 10-31", "10-31: 20 was given already (in 20-25)"),
            ("31=X 29-32", "29-32: 31 was given already (in 31=X)"),
            ("32=X 29-32", "29-32: row 31 is a blank row: give the id written on it (31=ID)"),
            ("5 7 1-10", "1-10: 5 was given already (in 5)"),
            ("5 7 6-10", "6-10: 7 was given already (in 7)"),
        ] {
            guard case .failure(let problems) = SheetNumbers.parse(text, sheet: sheet) else { Issue.record("\(text) accepted"); continue }
            #expect(problems.all.map(\.description) == [message], "\(text)")
        }
        let entries = try? SheetNumbers.parse("10-12 1-3 5 31=X 20-22", sheet: sheet).get()
        #expect(entries?.map(\.number) == [10, 11, 12, 1, 2, 3, 5, 31, 20, 21, 22])
    }
}
