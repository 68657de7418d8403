import Foundation
import Testing

@testable import AttendCore

/// Each pair is in list order; every test's names differ by exactly the rule it names.
@Suite struct VietnameseOrderTests {
    @Test(arguments: [
        // đ after d and before e: code point order puts Đ (U+0110) after V.
        ("Vũ Văn Dũng", "Vũ Văn Đông"), ("Trần Đặng", "Trần Vũ"), ("Đặng Văn Hải", "Vũ Văn Hải"),
        // a ă â, e ê, o ô ơ, u ư each a letter of its own, in that order.
        ("Lê An", "Lê Ăn"), ("Lê Ăn", "Lê Ân"), ("Lê Ân", "Lê Bình"), ("Lê Em", "Lê Êm"),
        ("Lê Ong", "Lê Ông"), ("Lê Ông", "Lê Ơn"), ("Lê Ơn", "Lê Phúc"), ("Lê Ung", "Lê Ưng"), ("Lê Ưng", "Lê Vân"),
        // The alphabet has no f j w z; y is last.
        ("Lê Xuân", "Lê Yến"), ("Lê Huy", "Lê Khoa"),
        // Letters before tones: Ân (â, no tone) before Ấn, but An (a) before both.
        ("Lê An", "Lê Ấn"), ("Lê Ấn", "Lê Âng"),
        ("Lê Ba", "Lê Bá"), ("Lê Bá", "Lê Bac"),
        // A shorter word that starts a longer one comes first.
        ("Lê An", "Lê Anh"), ("Nguyễn Anh", "Nguyễn Văn Anh"),
    ])
    func ordersLetters(first: String, second: String) {
        #expect(VietnameseOrder.precedes(first, second))
        #expect(!VietnameseOrder.precedes(second, first))
    }

    /// none, huyền, hỏi, ngã, sắc, nặng: a à ả ã á ạ.
    @Test func ordersTonesAsADictionary() {
        let dictionary = ["Lê Ma", "Lê Mà", "Lê Mả", "Lê Mã", "Lê Má", "Lê Mạ"]
        #expect(VietnameseOrder.sorted(dictionary.reversed(), name: { $0 }, id: { $0 }) == dictionary)
        let withBreve = ["Lê Ăn", "Lê Ằn", "Lê Ẳn", "Lê Ẵn", "Lê Ắn", "Lê Ặn"]
        #expect(VietnameseOrder.sorted(withBreve.shuffled(), name: { $0 }, id: { $0 }) == withBreve)
    }

    /// The given name first, then the family and middle names as written.
    @Test func ordersByGivenNameThenFamily() {
        let names = ["Nguyễn Văn Bình", "Trần An", "Nguyễn Thị An", "Lê Văn Cường", "Phạm An"]
        #expect(VietnameseOrder.sorted(names, name: { $0 }, id: { $0 })
            == ["Nguyễn Thị An", "Phạm An", "Trần An", "Nguyễn Văn Bình", "Lê Văn Cường"])
        // Same given and family names: the middle name decides.
        #expect(VietnameseOrder.precedes("Nguyễn Thị Hoa", "Nguyễn Văn Hoa"))
        #expect(VietnameseOrder.precedes("Đỗ Hoa", "Nguyễn Hoa"))
    }

    @Test func caseComesAfterLettersAndTones() {
        #expect(VietnameseOrder.precedes("nguyễn văn an", "NGUYỄN VĂN AN"))
        // Case never outweighs a letter: "AN" still before "anh".
        #expect(VietnameseOrder.precedes("LÊ AN", "lê anh"))
        #expect(VietnameseOrder.precedes("LÊ ĐẶNG", "lê vũ"))
    }

    @Test func nfdAndNfcAreOneKey() {
        for name in ["Đặng Thị Thủy", "Nguyễn Văn Ấn", "Trương Thị Ưng"] {
            let nfd = name.decomposedStringWithCanonicalMapping
            #expect(Array(nfd.unicodeScalars) != Array(name.unicodeScalars))
            #expect(VietnameseOrder.key(nfd) == VietnameseOrder.key(name))
        }
        #expect(VietnameseOrder.precedes("Lê Ân".decomposedStringWithCanonicalMapping, "Lê Ấn"))
    }

    @Test func spacesDoNotCount() {
        #expect(VietnameseOrder.key("  Nguyễn\u{00A0}Văn   An ") == VietnameseOrder.key("Nguyễn Văn An"))
        #expect(VietnameseOrder.key("") < VietnameseOrder.key("An"))
    }

    @Test func groupsByUnitInTheOrderTheListNamesThem() {
        struct Person { var id, name, unit: String }
        let people = [
            Person(id: "1", name: "Vũ Văn Bình", unit: "Chi bộ 3"), Person(id: "2", name: "Đặng An", unit: "Chi bộ 1"),
            Person(id: "3", name: "Lê An", unit: "Chi bộ 3"), Person(id: "4", name: "Hà Ân", unit: "Chi bộ 1"),
            Person(id: "5", name: "Lê An", unit: "Chi bộ 3"), Person(id: "6", name: "Mai Cúc", unit: "Ấp Đông"),
        ]
        let order = VietnameseOrder.firstAppearance(people.map(\.unit))
        #expect(order == ["Chi bộ 3": 0, "Chi bộ 1": 1, "Ấp Đông": 2])
        let sorted = VietnameseOrder.sorted(people, name: \.name, id: \.id, unit: \.unit, unitOrder: order)
        // Chi bộ 3 first as the list names it; two "Lê An" by id.
        #expect(sorted.map(\.id) == ["3", "5", "1", "2", "4", "6"])
        // A unit the order does not know comes after those it does.
        let partial = VietnameseOrder.sorted(people, name: \.name, id: \.id, unit: \.unit, unitOrder: ["Ấp Đông": 0])
        #expect(partial.map(\.id) == ["6", "2", "4", "3", "5", "1"])
    }

    @Test func digitsBeforeLettersAndForeignLettersInPlace() {
        #expect(VietnameseOrder.precedes("Tổ 2", "Tổ 10") == false)  // by character, as written
        #expect(VietnameseOrder.precedes("Lê 9", "Lê A"))
        #expect(VietnameseOrder.precedes("Lê Ê", "Lê Fan"))
        #expect(VietnameseOrder.precedes("Lê Fan", "Lê Giang"))
        #expect(VietnameseOrder.precedes("Lê Vy", "Lê Wang"))
        #expect(VietnameseOrder.precedes("Lê Yến", "Lê Zhang"))
    }
}

/// The tally's lists are built in that order, so every form (text, CSV, JSON, HTML) shows it.
@Suite struct TallyListOrderTests {
    @Test func absenteesByUnitThenNameAndLateArrivalsByPartThenName() throws {
        let day = "2026-11-23"
        var plan = ConferencePlan(id: "hn1", title: "Hội nghị", date: day, parts: [])
        plan.parts = try ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: day)
        // The list names Chi bộ 2 first; code point order would put Vũ before Đặng, Ấn before Ân.
        let invited = [
            Delegate(id: "1", fullName: "Vũ Thị Hà", unit: "Chi bộ 2", category: .partyMember),
            Delegate(id: "2", fullName: "Đặng Văn Hà", unit: "Chi bộ 2", category: .partyMember),
            Delegate(id: "3", fullName: "Lê Ấn", unit: "Chi bộ 1", category: .partyMember),
            Delegate(id: "4", fullName: "Lê Ân", unit: "Chi bộ 1", category: .partyMember),
            Delegate(id: "5", fullName: "Trần An", unit: "Chi bộ 2", category: .official),
            Delegate(id: "6", fullName: "Vũ Bình", unit: "Chi bộ 1", category: .official),
            Delegate(id: "7", fullName: "Đỗ Bình", unit: "Chi bộ 1", category: .official),
            Delegate(id: "8", fullName: "Ánh", unit: "Chi bộ 1", category: .official),
        ]
        let late = ConferencePlan.localTime(day, "08:30")!
        let lateAfternoon = ConferencePlan.localTime(day, "14:30")!
        let events = [
            AttendanceEvent(delegate: "6", direction: .checkIn, at: ConferencePlan.localTime(day, "08:00")!),
            AttendanceEvent(delegate: "7", direction: .checkIn, at: late),
            AttendanceEvent(delegate: "8", direction: .checkIn, at: lateAfternoon),
        ]
        let tally = TallyComputation.tally(plan: plan, invited: invited, excuses: ["2": "Ốm"], events: events)
        #expect(tally.absentees.map(\.id) == ["5", "1", "4", "3", "2"])
        // Both late in the morning: Bình (Đỗ) before Bình (Vũ), though Vũ came first.
        #expect(tally.lateArrivals.map { "\($0.part) \($0.id)" } == ["Sáng 7", "Sáng 6", "Chiều 8"])
    }
}
