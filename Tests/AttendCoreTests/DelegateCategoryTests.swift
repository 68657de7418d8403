import Foundation
import Testing

@testable import AttendCore

@Suite struct DelegateCategoryTests {
    @Test func rawValues() {
        #expect(DelegateCategory.allCases.map(\.rawValue) == ["party_member", "official", "union_member", "guest"])
    }

    @Test func targets() {
        #expect(DelegateCategory.partyMember.target == 0.98)
        #expect(DelegateCategory.official.target == 0.90)
        #expect(DelegateCategory.unionMember.target == 0.90)
        #expect(DelegateCategory.guest.target == nil)
    }

    @Test func labels() {
        #expect(DelegateCategory.allCases.map(\.vietnameseLabel)
                    == ["Đảng viên", "Cán bộ, công chức, viên chức", "Đoàn viên, hội viên", "Khách mời"])
        #expect(DelegateCategory.allCases.allSatisfy { !$0.englishLabel.isEmpty })
        // Every label reads back as its own category.
        for category in DelegateCategory.allCases {
            #expect(DelegateCategory.parse(category.vietnameseLabel) == category)
            #expect(DelegateCategory.parse(category.rawValue) == category)
        }
    }

    @Test(arguments: [
        ("party_member", DelegateCategory.partyMember), ("PARTY_MEMBER", .partyMember), ("Party member", .partyMember),
        ("Đảng viên", .partyMember), ("dang vien", .partyMember), ("ĐẢNG VIÊN", .partyMember),
        ("  đảng   viên ", .partyMember), ("Đảng viên dự bị", .partyMember), ("đảng viên chính thức", .partyMember),
        ("official", .official), ("Civil servant", .official), ("cán bộ", .official), ("CONG CHUC", .official),
        ("viên chức", .official), ("CBCCVC", .official), ("cbcc", .official), ("Cán bộ, công chức, viên chức", .official),
        ("can bo cong chuc vien chuc", .official), ("CB, CC, VC", .official),
        ("union_member", .unionMember), ("Union member", .unionMember), ("association member", .unionMember),
        ("Đoàn viên", .unionMember), ("hoi vien", .unionMember), ("Đoàn viên, hội viên", .unionMember),
        ("đoàn viên/hội viên", .unionMember),
        ("guest", .guest), ("Khách", .guest), ("khach moi", .guest), ("KHÁCH MỜI", .guest),
    ])
    func parsesSpellings(text: String, category: DelegateCategory) {
        #expect(DelegateCategory.parse(text) == category)
    }

    @Test(arguments: ["", "  ", "DV", "đv", "dang", "vien", "member", "party", "x", "đảng viên, đoàn viên", "khách khách"])
    func refusesUnknownAndAmbiguous(text: String) {
        #expect(DelegateCategory.parse(text) == nil)
    }

    @Test func parsesNFD() {
        #expect(DelegateCategory.parse("\u{0110}a\u{0309}ng vie\u{0302}n") == .partyMember)
        #expect(DelegateCategory.parse("Kha\u{0301}ch mo\u{031B}\u{0300}i") == .guest)
    }

    @Test func acceptedValuesDescriptionNamesEveryCategory() {
        let description = DelegateCategory.acceptedValuesDescription
        for category in DelegateCategory.allCases {
            #expect(description.contains(category.rawValue))
            #expect(description.contains(category.vietnameseLabel))
        }
    }

    @Test func delegateStoresNamesInNFC() throws {
        let delegate = Delegate(id: "1", fullName: "Nguye\u{0302}\u{0303}n Va\u{0306}n An", unit: "Chi bo\u{0302}\u{0323} 1", category: .partyMember)
        #expect(Array(delegate.fullName.unicodeScalars) == Array("Nguyễn Văn An".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(delegate.fullName.unicodeScalars.count == 13)
        #expect(delegate.unit.unicodeScalars.count == 8)
    }

    @Test func delegateRoundTripsThroughJSON() throws {
        let delegate = Delegate(id: "DV-0012", fullName: "Đặng Thị Thủy", unit: "Chi bộ Thôn 3", category: .unionMember)
        let data = try JSONEncoder().encode(delegate)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"union_member\""))
        #expect(try JSONDecoder().decode(Delegate.self, from: data) == delegate)
    }

    @Test func decodedNamesAreNFC() throws {
        let json = #"{"id":"1","fullName":"Nguye\u0302\u0303n","category":"guest"}"#
        let delegate = try JSONDecoder().decode(Delegate.self, from: Data(json.utf8))
        #expect(delegate.fullName.unicodeScalars.count == 6)
        #expect(delegate.unit == "")
        #expect(delegate.category == .guest)
    }
}
