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
}
