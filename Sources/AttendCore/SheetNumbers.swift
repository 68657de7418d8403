import Foundation

/// The numbers of a signed sheet as a clerk types them: `3 4 7-12 15`, a time for a group whose
/// "Giờ đến" differs from the sheet's (`7-12@07:52`, also `7h52`), and a blank row's walk-in with
/// the id written on it (`21=HN-0042`). Spaces, commas or semicolons separate the groups.
///
/// Pure and strict: every token that is not one of these is named with what is wrong (outside
/// the sheet, a range backwards, a bad time, a number given twice, a blank row without its id),
/// and a list with any problem gives no entries at all.
public enum SheetNumbers {
    /// One ticked row.
    public struct Entry: Equatable, Sendable {
        public var number: Int
        /// `HH:MM` as typed after `@` (normalized to a colon); nil: the sheet's time.
        public var time: String?
        /// The id written on a blank row; nil for a printed row.
        public var walkIn: String?
        /// The token it came from, for messages.
        public var token: String

        public init(number: Int, time: String? = nil, walkIn: String? = nil, token: String) {
            self.number = number
            self.time = time
            self.walkIn = walkIn
            self.token = token
        }
    }

    /// A token that cannot be read, and why.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var token: String
        public var message: String
        public var description: String { "\(token): \(message)" }
    }

    /// Every problem of one list (a list with any gives no entries).
    public struct Problems: Error, Equatable, Sendable {
        public var all: [Problem]
        public init(_ all: [Problem]) { self.all = all }
    }

    /// The most tokens one list may hold: a range counts as one, so this bounds the work, not the rows.
    public static let maxTokens = 10_000

    /// Reads `text` against `sheet`'s numbers; the entries in the order typed, or every problem.
    public static func parse(_ text: String, sheet: SignInSheet) -> Result<[Entry], Problems> {
        var entries: [Entry] = []
        var problems: [Problem] = []
        // The ranges taken so far, disjoint and sorted: a clash is found by a binary search, not
        // by walking the range, so 7,000 tokens of `1-100000` cost no more than 7,000 numbers.
        var taken: [(first: Int, last: Int, token: String)] = []
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0.isWhitespace })
        guard !tokens.isEmpty else { return .failure(Problems([Problem(token: "", message: "no numbers given")])) }
        guard tokens.count <= maxTokens else {
            return .failure(Problems([Problem(token: "", message: "\(tokens.count) groups; one entry takes at most \(maxTokens): enter the sheet in parts")]))
        }
        let last = sheet.rows.count + sheet.blank
        for tokenText in tokens {
            let token = String(tokenText)
            switch read(token) {
            case .failure(let refusal):
                problems.append(Problem(token: token, message: refusal.message))
            case .success(let group):
                if group.first > group.last {
                    problems.append(Problem(token: token, message: "the range runs backwards (write \(group.last)-\(group.first))"))
                    continue
                }
                guard group.first >= 1, group.last <= last else {
                    let outside = group.first < 1 ? group.first : group.last
                    problems.append(Problem(token: token, message: "\(outside) is not on sheet \(sheet.code) (rows 1-\(last))"))
                    continue
                }
                if let id = group.walkIn {
                    guard group.first == group.last, sheet.isBlank(group.first) else {
                        problems.append(Problem(token: token, message: group.first == group.last
                            ? "row \(group.first) is printed (\(sheet.row(group.first)?.name ?? "")); =ID is for a blank row (\(sheet.rows.count + 1)-\(last))"
                            : "a walk-in's id goes with one blank row, not a range"))
                        continue
                    }
                    if let problem = identifierProblem(id) {
                        problems.append(Problem(token: token, message: problem))
                        continue
                    }
                }
                // The first number of the group taken by an earlier token, and the first blank row
                // in a group without an id: whichever comes first is the problem (a taken one on a tie).
                var index = 0, end = taken.count
                while index < end {
                    let middle = (index + end) / 2
                    if taken[middle].last < group.first { index = middle + 1 } else { end = middle }
                }
                let clash = index < taken.count && taken[index].first <= group.last
                    ? (number: max(taken[index].first, group.first), earlier: taken[index].token) : nil
                let blankRow = group.walkIn == nil && group.last > sheet.rows.count ? max(group.first, sheet.rows.count + 1) : nil
                if let clash, clash.number <= (blankRow ?? clash.number) {
                    problems.append(Problem(token: token, message: "\(clash.number) was given already (in \(clash.earlier))"))
                    continue
                }
                if let blankRow {
                    problems.append(Problem(token: token, message: "row \(blankRow) is a blank row: give the id written on it (\(blankRow)=ID)"))
                    continue
                }
                taken.insert((group.first, group.last, token), at: index)
                for number in group.first...group.last {
                    entries.append(Entry(number: number, time: group.time, walkIn: group.walkIn, token: token))
                }
            }
        }
        return problems.isEmpty ? .success(entries) : .failure(Problems(problems))
    }

    /// One token's numbers, time and walk-in id, before the sheet is consulted.
    private struct Group {
        var first: Int
        var last: Int
        var time: String?
        var walkIn: String?
    }

    private struct Refusal: Error { var message: String }

    private static func read(_ token: String) -> Result<Group, Refusal> {
        var body = Substring(token)
        var time: String?
        if let at = body.firstIndex(of: "@") {
            let typed = body[body.index(after: at)...]
            guard let normalized = normalizedTime(typed) else {
                return .failure(Refusal(message: "\(typed.isEmpty ? "no time" : "bad time \(typed)") after @ (write HH:MM, like 07:52)"))
            }
            time = normalized
            body = body[..<at]
        }
        var walkIn: String?
        if let equals = body.firstIndex(of: "=") {
            // The payload is not a request line, whose values the decoder puts in NFC: an id
            // typed in NFD must be stored as the same bytes as the one on the terminals.
            let id = String(body[body.index(after: equals)...]).precomposedStringWithCanonicalMapping
            guard !id.isEmpty else { return .failure(Refusal(message: "no id after = (write ROW=ID, like 21=HN-0042)")) }
            walkIn = id
            body = body[..<equals]
        }
        let bounds = body.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 1 || bounds.count == 2 else { return .failure(Refusal(message: "not a number or a range (write 7 or 7-12)")) }
        var numbers: [Int] = []
        for bound in bounds {
            // At most 7 digits: anything longer is past any sheet, and stays far from overflow.
            guard !bound.isEmpty, bound.utf8.count <= 7, bound.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(bound) else {
                return .failure(Refusal(message: bound.isEmpty ? "a range needs a number on each side (write 7-12)"
                    : bound.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? "\(bound) is past the end of any sheet" : "\(bound) is not a number"))
            }
            numbers.append(number)
        }
        return .success(Group(first: numbers[0], last: numbers[numbers.count - 1], time: time, walkIn: walkIn))
    }

    /// `07:52`, `7:52`, `7h52`, `07.52` as `07:52`; nil when it is not a time of day.
    public static func normalizedTime(_ typed: Substring) -> String? {
        let parts = typed.lowercased().split(omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "h" || $0 == "." })
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), hour < 24, minute < 60 else { return nil }
        return (hour < 10 ? "0" : "") + "\(hour):" + parts[1]
    }

    /// Why `id` cannot be a delegate id (as `RequestFields.identifier` judges one), or nil.
    static func identifierProblem(_ id: String) -> String? {
        if id.utf8.count > Request.maxIdentifierBytes { return "the id is longer than \(Request.maxIdentifierBytes) bytes" }
        if id.unicodeScalars.contains(where: { RequestFields.isSpace($0) || ControlEscaping.isControl($0) }) {
            return "the id must not contain spaces or control characters"
        }
        return nil
    }
}
