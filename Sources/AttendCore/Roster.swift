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

    public init(conference: String, title: String, date: String, parts: [ConferencePlan.Part], site: String, delegates: [Delegate]) {
        self.conference = conference
        self.title = title
        self.date = date
        self.parts = parts
        self.site = site
        self.delegates = delegates
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

    /// The order cards and invitations are printed in: by unit, units in the order the list
    /// first names them, then in Vietnamese name order within a unit (`VietnameseOrder`), as the
    /// sign-in sheet lists them.
    public static func printOrder(_ delegates: [Delegate]) -> [Delegate] {
        VietnameseOrder.sorted(
            delegates, name: \.fullName, id: \.id, unit: \.unit,
            unitOrder: VietnameseOrder.firstAppearance(delegates.map(\.unit)))
    }
}
