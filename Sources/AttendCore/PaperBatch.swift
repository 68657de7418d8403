import Foundation

/// What a typed sheet (`PAPER`) would store: one paper check-in per ticked row, at the sheet's
/// time or the group's, and who is left out because they had checked in already. The summary a
/// clerk confirms and the writer's transaction are both this, computed from the stored sheet,
/// so what was shown is what is stored.
///
/// Rules:
/// - A printed row is the delegate printed there, whatever the invited list says now.
/// - A blank row's walk-in is the id written on it; invited elsewhere on the list or not.
/// - A delegate already inside during the sheet's part (events not voided, `alreadyPresent`) is
///   listed, not stored again: a repeated entry, or a sheet typed after the terminals, adds
///   nothing twice; one who left at noon and signed the afternoon's sheet is stored.
/// - The same delegate twice in one entry (their row and a blank row) is refused.
/// - A time is `HH:MM` on the conference's day or the next (`SheetTime`), never in the future
///   nor outside the plan (as `attendctl checkin --at`); of the two days, one inside the plan.
public struct PaperBatch: Equatable, Sendable, Codable {
    public var conference: String
    public var sheet: String
    public var part: String
    /// Names the entry for its idempotence: a second `PAPER` with it stores nothing.
    public var batch: String
    /// Stored by this entry (or, in a dry run, to be stored).
    public var checkIns: [Item]
    /// Ticked, but checked in already: not stored again.
    public var already: [Item]

    public struct Item: Equatable, Sendable, Codable {
        public var number: Int
        public var id: String
        /// Empty for a walk-in not on the invited list.
        public var name: String
        public var unit: String
        /// RFC 3339 in Vietnam's time.
        public var at: String
        /// Written on a blank row.
        public var walkIn: Bool
    }

    /// Derives the batch from the typed entry, or names every problem.
    /// - Parameters:
    ///   - numbers: the list as typed (`SheetNumbers`); `at`: the sheet's `HH:MM`.
    ///   - checkedIn: delegates inside during the sheet's part already (`alreadyPresent`).
    ///   - invited: the conference's invited list now, to name walk-ins who are on it.
    public static func plan(
        sheet: SignInSheet, numbers: String, at: String, batch: String?, plan: ConferencePlan?,
        checkedIn: Set<String>, invited: [String: Delegate], now: Timestamp
    ) -> Result<PaperBatch, SheetNumbers.Problems> {
        let entries: [SheetNumbers.Entry]
        switch SheetNumbers.parse(numbers, sheet: sheet) {
        case .success(let parsed): entries = parsed
        case .failure(let problems): return .failure(problems)
        }
        var problems: [SheetNumbers.Problem] = []
        guard let sheetTime = SheetNumbers.normalizedTime(Substring(at)) else {
            return .failure(SheetNumbers.Problems([SheetNumbers.Problem(token: "--at \(at)", message: "bad time (write HH:MM, like 07:45)")]))
        }
        let rule = CheckInRule(openConference: sheet.conference, plan: plan, invited: invited)
        let day = plan.flatMap { $0.date.isEmpty ? nil : $0.date } ?? (sheet.date.isEmpty ? nil : sheet.date)
        var resolved: [String: Timestamp] = [:]
        func time(_ hhmm: String, token: String) -> Timestamp? {
            if let known = resolved[hhmm] { return known }
            guard let instant = SheetTime.resolve(hhmm, conferenceDay: day, now: now) else {
                problems.append(.init(token: token, message: "bad time \(hhmm)"))
                return nil
            }
            // SheetTime takes the latest of the conference day's and the next day's HH:MM that is
            // not in the future; typed after midnight, a morning part's 00:20 is the conference
            // day's when only that one lies in the plan.
            let conferenceDays = day.flatMap { ConferencePlan.localTime($0, hhmm) }.map { [$0] } ?? []
            var firstRefusal: ProtocolError?
            for candidate in [instant] + conferenceDays.filter({ $0 != instant }) {
                var request = CheckRequest(direction: .checkIn, delegate: "", method: .manual, terminalTime: candidate)
                request.paper = true
                switch rule.effectiveTime(of: request, receivedAt: now, clockOffset: nil) {
                case .success(let effective):
                    resolved[hhmm] = effective
                    return effective
                case .failure(let error):
                    firstRefusal = firstRefusal ?? error
                }
            }
            problems.append(.init(token: token, message: firstRefusal?.message ?? "bad time \(hhmm)"))
            return nil
        }
        var items: [Item] = []
        var rowOf: [String: Int] = [:]
        for entry in entries {
            guard let instant = time(entry.time ?? sheetTime, token: entry.time == nil ? "--at \(at)" : entry.token) else { continue }
            let item: Item
            if let id = entry.walkIn {
                let known = invited[id]
                item = Item(number: entry.number, id: id, name: known?.fullName ?? "", unit: known?.unit ?? "", at: instant.vietnam, walkIn: true)
            } else {
                let row = sheet.row(entry.number)!
                item = Item(number: entry.number, id: row.id, name: row.name, unit: row.unit, at: instant.vietnam, walkIn: false)
            }
            if let other = rowOf[item.id] {
                problems.append(.init(token: entry.token, message: "\(item.id) is on row \(other) too"))
                continue
            }
            rowOf[item.id] = entry.number
            items.append(item)
        }
        // One message for a bad sheet time, not one per row.
        var seenProblems = Set<String>()
        problems = problems.filter { seenProblems.insert($0.description).inserted }
        guard problems.isEmpty else { return .failure(SheetNumbers.Problems(problems)) }
        items.sort { $0.number < $1.number }
        return .success(PaperBatch(
            conference: sheet.conference, sheet: sheet.code, part: sheet.part,
            batch: batch ?? batchID(conference: sheet.conference, sheet: sheet.code, at: sheetTime, entries: items),
            checkIns: items.filter { !checkedIn.contains($0.id) }, already: items.filter { checkedIn.contains($0.id) }))
    }

    /// The batch id of an entry that gives none: the same sheet, time and rows give the same id,
    /// so typing a sheet twice stores it once.
    public static func batchID(conference: String, sheet: String, at: String, entries: [Item]) -> String {
        let text = ([conference, sheet, at] + entries.map { "\($0.number)=\($0.id)@\($0.at)" }).joined(separator: "\n")
        return String(Hex.encode(SHA256.hash(Array(text.utf8))).prefix(16))
    }

    /// Compact JSON with sorted keys: the `PAPER` reply's payload.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try! encoder.encode(self)
    }

    public static func decode(json: Data) throws -> PaperBatch {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(PaperBatch.self, from: json)
    }
}
