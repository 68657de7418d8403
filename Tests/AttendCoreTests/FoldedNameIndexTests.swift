import AttendTestSupport
import Testing

@testable import AttendCore

/// FIND's index answers exactly what folding each name per query answered, in list order.
@Suite struct FoldedNameIndexTests {
    static let surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let middles = ["Văn", "Thị", "Hữu", "Đức", "Thanh", "Minh", "Ngọc", "Quang"]
    static let givens = ["An", "Anh", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Long", "Nam", "Thủy", "Tú"]

    static func delegates(_ count: Int, seed: UInt64) -> [Delegate] {
        var random = SplitMix64(state: seed)
        return (0..<count).map { index in
            let name = [surnames, middles, givens].map { $0[random.next(below: $0.count)] }.joined(separator: " ")
            return Delegate(id: "DV-\(index)", fullName: name, unit: "Chi bộ \(index % 7)", category: .official)
        }
    }

    @Test func agreesWithFoldingEachNameForEveryQuery() {
        let delegates = Self.delegates(2_000, seed: 0xF1_4D)
        let index = FoldedNameIndex(delegates)
        #expect(index.count == 2_000)
        let queries = ["ng v an", "NGUYỄN", "dat", "đạt", "van an", "an nguyen", "h", "tran thi thuy", "", "   ", "xyz", "ha", "Hà", "pham  minh"]
        for query in queries {
            // In Vietnamese order, equal names in list order (the sort is stable on the id's position).
            let position = Dictionary(uniqueKeysWithValues: delegates.enumerated().map { ($1.id, $0) })
            let expected = delegates.filter { NameFolding.matches(query: query, name: $0.fullName) }
                .sorted { (VietnameseOrder.key($0.fullName), position[$0.id]!) < (VietnameseOrder.key($1.fullName), position[$1.id]!) }
            let found = index.search(query, limit: 50)
            #expect(found.count == expected.count, "\(query)")
            #expect(found.first == Array(expected.prefix(50)), "\(query)")
        }
    }

    @Test func foldedAtImportGivesTheSameAnswers() {
        let delegates = Self.delegates(300, seed: 7)
        let stored = FoldedNameIndex(folded: delegates.map { ($0, NameFolding.fold($0.fullName)) })
        let folded = FoldedNameIndex(delegates)
        for query in ["le", "đỗ ngọc", "d", "bui quang long"] {
            #expect(stored.search(query, limit: 10).first == folded.search(query, limit: 10).first)
            #expect(stored.search(query, limit: 10).count == folded.search(query, limit: 10).count)
        }
    }

    @Test func theLimitCutsTheListNotTheCount() {
        let delegates = (0..<120).map { Delegate(id: "X\($0)", fullName: "Nguyễn Văn An", unit: "", category: .guest) }
        let found = FoldedNameIndex(delegates).search("an", limit: 50)
        #expect(found.count == 120)
        #expect(found.first.map(\.id) == (0..<50).map { "X\($0)" })
        #expect(FoldedNameIndex([]).search("an", limit: 50).count == 0)
    }
}
