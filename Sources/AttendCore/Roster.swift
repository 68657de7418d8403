import Foundation

/// A conference's invited list with what its cards and invitations print: the `ROSTER` verb's
/// JSON payload, read by `attendctl cards`.
public struct Roster: Codable, Equatable, Sendable {
    public var conference: String
    /// The plan's title, else the conference's, else its id.
    public var title: String
    /// `YYYY-MM-DD`, or empty when no plan gives one.
    public var date: String
    public var parts: [ConferencePlan.Part]
    /// `[daemon] site_name`: the hall, printed as the place and the issuing body.
    public var site: String
    /// As the invited list gives them.
    public var delegates: [Delegate]
    /// On a hub: the bridge point whose rows these are, printed on each card and invitation as
    /// the place (`Điểm cầu ...`); nil at a bridge point, where the place is `site`.
    public var hall: Hall?

    /// A bridge point of the hub's keys file: its id and name.
    public struct Hall: Codable, Equatable, Sendable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public init(
        conference: String, title: String, date: String, parts: [ConferencePlan.Part], site: String, delegates: [Delegate], hall: Hall? = nil
    ) {
        self.conference = conference
        self.title = title
        self.date = date
        self.parts = parts
        self.site = site
        self.delegates = delegates
        self.hall = hall
    }

    /// Where the delegates attend, as the cards and invitations print it: `Điểm cầu` and the
    /// hall's name (once, when the keys file's name already says it), else the site.
    public func place(_ language: ReportLanguage) -> String {
        guard let hall else { return site }
        let word = language.text(.cardPlaceWord, arguments: [])
        let named = NameFolding.key(hall.name).hasPrefix(NameFolding.key(word))
        return named ? hall.name : language.text(.cardPlace, arguments: [hall.name])
    }

    /// The JSON the verb sends (keys sorted, so equal rosters are equal bytes).
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A Roster of strings, timestamps and enums always encodes.
        return try! encoder.encode(self)
    }

    /// The roster in `data`, or nil when it is not one.
    public static func decode(_ data: Data) -> Roster? {
        try? JSONDecoder().decode(Roster.self, from: data)
    }

    /// A hub's reply (`halls=` set): one roster a bridge point, in the keys file's order.
    public static func list(_ rosters: [Roster]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try! encoder.encode(rosters)
    }

    /// The hub's rosters in `data`, or nil when they are not.
    public static func decodeList(_ data: Data) -> [Roster]? {
        try? JSONDecoder().decode([Roster].self, from: data)
    }

    /// The order cards and invitations are printed in: by unit, units in the order the list
    /// first names them, then in Vietnamese name order within a unit (`VietnameseOrder`), as the
    /// sign-in sheet lists them.
    public static func printOrder(_ delegates: [Delegate]) -> [Delegate] {
        VietnameseOrder.sorted(
            delegates, name: \.fullName, id: \.id, unit: \.unit,
            unitOrder: VietnameseOrder.firstAppearance(delegates.map(\.unit)))
    }
}
