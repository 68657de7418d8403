import Foundation

/// A person on a conference's invited list.
public struct Delegate: Equatable, Sendable, Codable {
    /// The card or member number terminals send: no spaces, at most 64 bytes.
    public var id: String
    /// The full name in NFC, so it is the same bytes however it was typed or exported.
    public var fullName: String
    /// The unit (chi bộ, cơ quan) in NFC; empty when the list gives none.
    public var unit: String
    public var category: DelegateCategory

    /// A delegate; `fullName` and `unit` are stored in NFC.
    public init(id: String, fullName: String, unit: String = "", category: DelegateCategory) {
        self.id = id
        self.fullName = Self.nfc(fullName)
        self.unit = Self.nfc(unit)
        self.category = category
    }

    /// A delegate whose name and unit are already NFC (a hub's year makes 500,000 of them from
    /// strings `YearReport.HallTally` normalized when the tally arrived).
    init(id: String, nfcName: String, nfcUnit: String, category: DelegateCategory) {
        self.id = id
        fullName = nfcName
        unit = nfcUnit
        self.category = category
    }

    /// `text` in NFC; ASCII (ids, empty units) is NFC already and skips Foundation's normalizer,
    /// which costs a microsecond even for an empty string (the hub's year profile).
    static func nfc(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.precomposedStringWithCanonicalMapping
    }

    private enum CodingKeys: String, CodingKey {
        case id, fullName, unit, category
    }

    /// Decodes through `init(id:fullName:unit:category:)`, so decoded names are NFC too.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            fullName: try container.decode(String.self, forKey: .fullName),
            unit: try container.decodeIfPresent(String.self, forKey: .unit) ?? "",
            category: try container.decode(DelegateCategory.self, forKey: .category))
    }
}

/// The groups the reports count separately, each with its own participation target.
public enum DelegateCategory: String, CaseIterable, Codable, Sendable {
    /// Đảng viên.
    case partyMember = "party_member"
    /// Cán bộ, công chức, viên chức who are not counted as party members here.
    case official
    /// Đoàn viên, hội viên: members of the youth union and the mass associations.
    case unionMember = "union_member"
    /// Khách mời: counted, but with no target.
    case guest

    /// The share of the invited who should attend: 98% for party members, 90% for officials and
    /// union members, none for guests.
    public var target: Double? {
        switch self {
        case .partyMember: return 0.98
        case .official, .unionMember: return 0.90
        case .guest: return nil
        }
    }

    /// The name reports print.
    public var vietnameseLabel: String {
        switch self {
        case .partyMember: return "Đảng viên"
        case .official: return "Cán bộ, công chức, viên chức"
        case .unionMember: return "Đoàn viên, hội viên"
        case .guest: return "Khách mời"
        }
    }

    public var englishLabel: String {
        switch self {
        case .partyMember: return "Party member"
        case .official: return "Official or civil servant"
        case .unionMember: return "Union or association member"
        case .guest: return "Guest"
        }
    }

    /// The category a spreadsheet cell names, or nil: the raw values, the English words, and
    /// the usual Vietnamese ones with or without diacritics, in any case ("Đảng viên",
    /// "dang vien", "CBCCVC", "Đoàn viên, hội viên", "khách mời"). Abbreviations that could mean
    /// two categories ("ĐV" is đảng viên or đoàn viên) are refused.
    public static func parse(_ text: String) -> DelegateCategory? {
        spellings[NameFolding.key(text)]
    }

    /// What `parse` accepts, for messages: each raw value with its Vietnamese label.
    public static var acceptedValuesDescription: String {
        allCases.map { "\($0.rawValue) (\($0.vietnameseLabel))" }.joined(separator: ", ")
    }

    /// Every accepted spelling, as `NameFolding.key` gives it, and its category.
    private static let spellings: [String: DelegateCategory] = {
        let table: [(DelegateCategory, [String])] = [
            (.partyMember, ["party_member", "party member", "đảng viên",
                            // Probationary and full members both count as party members.
                            "đảng viên dự bị", "đảng viên chính thức"]),
            (.official, ["official", "civil servant", "cán bộ", "công chức", "viên chức",
                         "cán bộ, công chức", "công chức, viên chức", "cán bộ, công chức, viên chức",
                         "CBCC", "CCVC", "CBCCVC", "CB, CC, VC"]),
            (.unionMember, ["union_member", "union member", "association member",
                            "đoàn viên", "hội viên", "đoàn viên, hội viên"]),
            (.guest, ["guest", "khách", "khách mời"]),
        ]
        var spellings: [String: DelegateCategory] = [:]
        for (category, words) in table {
            for word in words { spellings[NameFolding.key(word)] = category }
        }
        return spellings
    }()
}
