import Foundation

/// A printed sign-in sheet (danh sách ký tên) for one part of a conference: its numbered rows
/// as printed, and the short code printed on it.
///
/// Stored when it is printed (`SHEET`), so that row 17 of a signed sheet means the same delegate
/// whenever the sheet is typed in (`PAPER`), even after the invited list was replaced. Rows are
/// grouped by unit, the units in the order the invited list first names them, and in Vietnamese
/// order within each unit (`VietnameseOrder`); STT runs on across units, and the blank rows for
/// walk-ins follow the last one.
public struct SignInSheet: Equatable, Sendable, Codable {
    /// The code printed on the sheet, typed back with `attendctl paper --sheet CODE`.
    public var code: String
    public var conference: String
    public var title: String
    /// The conference's day, `YYYY-MM-DD`; empty when its plan gives none.
    public var date: String
    /// The part's name; empty for a conference without parts.
    public var part: String
    /// The part's times in Vietnam (`07:30`, `11:30`); empty without parts.
    public var start: String
    public var end: String
    /// When it was printed, RFC 3339 in Vietnam's time.
    public var printedAt: String
    /// The invited delegates, numbered 1 to `rows.count` in print order.
    public var rows: [Row]
    /// Blank rows after them, numbered on: walk-ins write their name and id there.
    public var blank: Int

    public struct Row: Equatable, Sendable, Codable {
        public var number: Int
        public var id: String
        public var name: String
        public var unit: String
    }

    /// The default and largest number of blank rows.
    public static let defaultBlank = 20
    public static let maxBlank = 500
    /// The JSON of every sheet of one request stays under this (a 100,000-name list gives about 8 MiB).
    public static let maxRows = 100_000

    /// The sheet of `invited` for one part, rows in list order.
    public init(
        code: String, conference: String, title: String, date: String, part: ConferencePlan.Part?,
        invited: [Delegate], blank: Int, printedAt: Timestamp
    ) {
        self.code = code
        self.conference = conference
        self.title = title
        self.date = date
        self.part = part?.name ?? ""
        start = part.map { String($0.start.vietnam.dropFirst(11).prefix(5)) } ?? ""
        end = part.map { String($0.end.vietnam.dropFirst(11).prefix(5)) } ?? ""
        self.printedAt = printedAt.vietnam
        let ordered = VietnameseOrder.sorted(
            invited, name: \.fullName, id: \.id, unit: \.unit, unitOrder: VietnameseOrder.firstAppearance(invited.map(\.unit)))
        rows = ordered.enumerated().map { Row(number: $0.offset + 1, id: $0.element.id, name: $0.element.fullName, unit: $0.element.unit) }
        self.blank = blank
    }

    /// Every number on the sheet: the delegates' and the blank rows'.
    public var numbers: ClosedRange<Int> { 1...max(1, rows.count + blank) }

    /// Whether `number` is a blank row.
    public func isBlank(_ number: Int) -> Bool { number > rows.count && number <= rows.count + blank }

    /// The delegate printed on row `number`; nil for a blank row or one not on the sheet.
    public func row(_ number: Int) -> Row? {
        number >= 1 && number <= rows.count ? rows[number - 1] : nil
    }

    /// The rows grouped by unit, in print order (a unit appears once: the rows are grouped).
    public var units: [(unit: String, rows: ArraySlice<Row>)] {
        var groups: [(String, ArraySlice<Row>)] = []
        var start = 0
        while start < rows.count {
            var end = start
            while end < rows.count && rows[end].unit == rows[start].unit { end += 1 }
            groups.append((rows[start].unit, rows[start..<end]))
            start = end
        }
        return groups
    }

    /// Compact JSON (sorted keys), as stored and as the `SHEET` reply carries it.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A sheet holds strings and integers only: encoding cannot fail.
        return try! encoder.encode(self)
    }

    /// The `SHEET` reply's payload: a JSON array of sheets.
    public static func decodeList(json: Data) throws -> [SignInSheet] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([SignInSheet].self, from: json)
    }

    public static func decode(json: Data) throws -> SignInSheet {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(SignInSheet.self, from: json)
    }
}

/// The short code printed on a sheet: five characters of Crockford's base 32 (digits and upper
/// case letters without I, L, O, U), so a clerk cannot confuse 0 with O or 1 with I; typed back
/// in any case, with O read as 0 and I or L as 1. 32⁵ (33 million) codes: the daemon draws
/// again on the rare collision with a stored one.
public enum SheetCode {
    public static let length = 5
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// A new code from `generator` (the daemon passes the system's; tests a seeded one).
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> String {
        String((0..<length).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// The code as typed, in its printed form; nil when it cannot be one (the message names why).
    public static func normalized(_ typed: String) -> String? {
        let mapped = typed.uppercased().compactMap { character -> Character? in
            switch character {
            case "-", " ": return nil
            case "O": return "0"
            case "I", "L": return "1"
            default: return character
            }
        }
        guard mapped.count == length, mapped.allSatisfy(alphabet.contains) else { return nil }
        return String(mapped)
    }
}
