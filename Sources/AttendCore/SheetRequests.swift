/// A `SHEET` request: print (and store) the sign-in sheets of a conference, one per part or the
/// part named.
public struct SheetRequest: Equatable, Sendable {
    public var conference: String
    /// The part's name as the plan gives it, matched ignoring case and diacritics; nil: every part.
    public var part: String?
    /// Blank numbered rows after the invited (`SignInSheet.defaultBlank`).
    public var blank: Int

    public init(conference: String, part: String? = nil, blank: Int = SignInSheet.defaultBlank) {
        self.conference = conference
        self.part = part
        self.blank = blank
    }

    init(_ line: RequestLine) throws(ProtocolError) {
        conference = try RequestFields.identifier("conf", line, required: true)!
        part = try RequestFields.text("part", line, maxBytes: Request.maxTitleBytes)
        let text = line["blank"] ?? String(SignInSheet.defaultBlank)
        guard let value = Int(text), (0...SignInSheet.maxBlank).contains(value), text.utf8.allSatisfy(\.isASCIIDigit) else {
            throw ProtocolError(.invalid, "blank must be a whole number from 0 to \(SignInSheet.maxBlank), got \(text)")
        }
        blank = value
    }

    /// The parts of `plan` it prints, or why none: a part the plan does not have is named with
    /// those it has. A conference without parts has one sheet, for the day (nil part).
    public func parts(of plan: ConferencePlan) -> Result<[ConferencePlan.Part?], ProtocolError> {
        guard let part else { return .success(plan.parts.isEmpty ? [nil] : plan.parts.map { $0 }) }
        let wanted = NameFolding.key(part)
        if let found = plan.parts.first(where: { NameFolding.key($0.name) == wanted }) { return .success([found]) }
        let known = plan.parts.isEmpty ? "it has no parts" : "its parts: " + plan.parts.map(\.name).joined(separator: ", ")
        return .failure(ProtocolError(.invalid, "conference \(plan.id) has no part \(part) (\(known))"))
    }
}

/// A `PAPER` request: the numbers typed from a signed sheet, which follow the line as `bytes=N`
/// of text (`SheetNumbers`); `dry=1` answers with what would be stored and stores nothing.
public struct PaperRequest: Equatable, Sendable {
    public var conference: String
    /// The sheet's code as typed (`SheetCode.normalized` reads it).
    public var sheet: String
    /// The sheet's `HH:MM`, for rows without their own time.
    public var at: String
    /// The entry's id: a second `PAPER` with it stores nothing. Nil: derived from the entry.
    public var batch: String?
    public var dryRun: Bool
    /// The size of the number list that follows.
    public var bytes: Int

    /// The longest number list: 64 KiB holds every row of a 5,000-row sheet typed one by one
    /// with a walk-in's id on each of 500 blank rows.
    public static let maxBytes = 64 << 10

    init(_ line: RequestLine) throws(ProtocolError) {
        conference = try RequestFields.identifier("conf", line, required: true)!
        sheet = try RequestFields.identifier("sheet", line, required: true)!
        guard let at = line["at"], SheetNumbers.normalizedTime(Substring(at)) != nil else {
            throw ProtocolError(.invalid, "at must be the sheet's time as HH:MM, got \(line["at"] ?? "nothing")")
        }
        self.at = at
        batch = try RequestFields.identifier("batch", line, required: false)
        switch line["dry"] {
        case nil, "0": dryRun = false
        case "1": dryRun = true
        case let other?: throw ProtocolError(.invalid, "dry must be 0 or 1, got \(other)")
        }
        guard let text = line["bytes"], let bytes = Int(text), bytes > 0, bytes <= Self.maxBytes else {
            throw ProtocolError(.invalid, "bytes must give the size of the numbers that follow, 1 to \(Self.maxBytes)")
        }
        self.bytes = bytes
    }
}
