import Foundation
import Testing

@testable import AttendCore

/// The cards' pages as markup: the codes each card gets, the print order, escaping; the page as
/// printed and scanned is CardsRenderTests.
@Suite struct CardSheetTests {
    static func roster(_ delegates: [Delegate]) -> Roster {
        Roster(conference: "HN", title: "Hội nghị <quán triệt>", date: "2026-11-23", parts: [], site: "Xã Bình Tường", delegates: delegates)
    }

    @Test func everyIdGetsAQRCodeAndTheBarsThatFitTheCard() {
        let short = DelegateSymbols(id: "DV-0042")
        #expect(short.code128ModuleMillimetres == BarcodeSVG.code128ModuleMillimetres)
        #expect(short.qrModuleMillimetres == BarcodeSVG.qrModuleMillimetres)
        let vietnamese = DelegateSymbols(id: "Đảng-ủy-201")
        #expect(vietnamese.text == "%C4%90%E1%BA%A3ng-%E1%BB%A7y-201")
        #expect(vietnamese.code128ModuleMillimetres == BarcodeSVG.code128NarrowModuleMillimetres)
        #expect(DelegateSymbols(id: "Nguyễn-Thị-Phương-Thảo-Chi-bộ-Khối").code128 == nil)
        // The widest bars a card holds stay inside its 79 mm.
        for id in ["Hà-00123", "DV-2026-000123", "Đảng-ủy-201", String(repeating: "7", count: 64)] {
            let symbols = DelegateSymbols(id: id)
            let bars = try! #require(symbols.code128)
            #expect(Double(bars.moduleCount + 20) * symbols.code128ModuleMillimetres <= DelegateSymbols.code128WidthMillimetres, "\(id)")
        }
    }

    /// The longest ids there are (64 bytes) keep a QR code within 20 mm, at modules of 0.3 mm and up.
    @Test func theLongestIdsStillGetAReadableQRCode() {
        for id in [String(repeating: "à", count: 32), "a" + String(repeating: "à", count: 31), String(repeating: "x", count: 64),
                   String(repeating: "ạ", count: 21) + "a"] {
            let symbols = DelegateSymbols(id: id)
            let side = Double(symbols.qr.size + 8) * symbols.qrModuleMillimetres
            #expect(side <= DelegateSymbols.maximumQRMillimetres + 0.001, "\(id)")
            #expect(symbols.qrModuleMillimetres >= 0.3, "\(id): version \(symbols.qr.version), \(symbols.qrModuleMillimetres) mm")
        }
    }

    @Test func cardsGoByUnitInTheOrderTheListFirstNamesThem() {
        let delegates = [("A", "Chi bộ 2"), ("B", "Chi bộ 1"), ("C", "Chi bộ 2"), ("D", ""), ("E", "Chi bộ 1")].map {
            Delegate(id: $0.0, fullName: "Người \($0.0)", unit: $0.1, category: .partyMember)
        }
        #expect(Roster.printOrder(delegates).map(\.id) == ["A", "C", "B", "E", "D"])
        let sheet = CardSheet(roster: Self.roster(delegates))
        #expect(sheet.cards.map(\.delegate.id) == ["A", "C", "B", "E", "D"])
    }

    /// Within a unit, cards follow the sign-in sheet's Vietnamese order: by given name, đ after d.
    @Test func withinAUnitCardsGoInVietnameseNameOrder() {
        let delegates = [("1", "Vũ Văn Đức"), ("2", "Đặng Thị Dung"), ("3", "Trần An"), ("4", "Lê Ân")].map {
            Delegate(id: $0.0, fullName: $0.1, unit: "Chi bộ 1", category: .partyMember)
        }
        #expect(Roster.printOrder(delegates).map(\.id) == ["3", "4", "2", "1"])
    }

    @Test func aPageHoldsTenCardsAndEveryNameIsEscaped() {
        let delegates = (1...23).map { Delegate(id: "DV-\($0)", fullName: "<b>Tên \($0)</b>", unit: "Đơn vị \"1\"", category: .official) }
        let html = CardSheet(roster: Self.roster(delegates)).html()
        #expect(html.components(separatedBy: "<section class=\"sheet\">").count - 1 == 3)
        #expect(html.components(separatedBy: "<div class=\"card\"").count - 1 == 23)
        #expect(!html.contains("<b>Tên"))
        #expect(html.contains("&lt;b&gt;Tên 1&lt;/b&gt;"))
        #expect(html.contains("Hội nghị &lt;quán triệt&gt;"))
        // Cut marks: three vertical cut lines and six horizontal ones, marked at both ends.
        #expect(html.components(separatedBy: "<div class=\"mark\"").count - 1 == 3 * (2 * 3 + 2 * 6))
        let year = CardSheet(roster: Self.roster(delegates), validYear: 2026).html()
        #expect(year.contains("Có giá trị trong năm 2026"))
        #expect(CardSheet(roster: Self.roster(delegates), language: .english).html().contains("DELEGATE CARD"))
    }

    @Test func theRosterTravelsAsJSON() throws {
        let roster = Roster(
            conference: "HN", title: "Hội nghị", date: "2026-11-23",
            parts: try ConferencePlan.parseParts("Sáng 07:30-11:30", date: "2026-11-23"), site: "Xã A",
            delegates: [Delegate(id: "Hà-001", fullName: "Nguyễn Thị Hà", unit: "Chi bộ 1", category: .partyMember)])
        #expect(Roster.decode(roster.jsonData()) == roster)
        #expect(Roster.decode(Data("{}".utf8)) == nil)
        #expect(InvitationSheet(roster: roster, issued: "2026-11-19").when == "Sáng 07:30-11:30, ngày 23 tháng 11 năm 2026")
        var undated = roster
        undated.date = ""
        undated.parts = []
        #expect(InvitationSheet(roster: undated, issued: "2026-11-19").when == "sẽ thông báo sau")
    }

    /// A hub's halls: each hall's pages start a page of their own, name the hall as the place on
    /// every card and in the top margin, and travel as a list of rosters.
    @Test func hallsStartPagesOfTheirOwnAndNameTheirPlace() throws {
        func hall(_ id: String, _ name: String, _ count: Int) -> Roster {
            var roster = Self.roster((1...count).map { Delegate(id: "\(id)-\($0)", fullName: "Người \($0)", unit: "Chi bộ", category: .partyMember) })
            roster.hall = Roster.Hall(id: id, name: name)
            return roster
        }
        let halls = [hall("xa-b", "UBND xã Tây Giang", 11), hall("xa-a", "điểm cầu Bình Thuận", 3)]
        #expect(halls[0].place(.vietnamese) == "Điểm cầu UBND xã Tây Giang")
        #expect(halls[0].place(.english) == "Bridge point UBND xã Tây Giang")
        #expect(halls[1].place(.vietnamese) == "điểm cầu Bình Thuận")
        #expect(Self.roster([]).place(.vietnamese) == "Xã Bình Tường")
        #expect(Roster.decodeList(Roster.list(halls)) == halls)
        #expect(Roster.decodeList(halls[0].jsonData()) == nil)
        let html = CardSheet.html(halls.map { CardSheet(roster: $0) })
        #expect(html.components(separatedBy: "<section class=\"sheet\">").count - 1 == 3)
        #expect(html.components(separatedBy: "<div class=\"card\"").count - 1 == 14)
        #expect(html.components(separatedBy: "<html").count - 1 == 1)
        let margins = ["Điểm cầu UBND xã Tây Giang · HN · trang 1/2", "Điểm cầu UBND xã Tây Giang · HN · trang 2/2", "điểm cầu Bình Thuận · HN · trang 1/1"]
        let at = margins.map { html.range(of: "<div class=\"hall\">\($0)</div>")?.lowerBound }
        #expect(at.allSatisfy { $0 != nil } && at.map { $0! } == at.map { $0! }.sorted(), "\(at)")
        // A bridge point's own cards have neither.
        #expect(!CardSheet(roster: Self.roster(halls[0].delegates)).html().contains("class=\"place\""))
        let letters = InvitationSheet.html(halls.map { InvitationSheet(roster: $0, issued: "2026-11-19") })
        #expect(letters.components(separatedBy: "<section class=\"sheet\">").count - 1 == 6 + 2)
        #expect(letters.contains("<th>Địa điểm:</th><td>điểm cầu Bình Thuận</td>"))
        #expect(letters.contains("XÃ BÌNH TƯỜNG"))  // the issuer: the hub's site
    }
}
