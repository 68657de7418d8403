import Foundation

/// The day-before board beside the roll-up of a published conference (`DistrictRollup.plan`):
/// the same rows as `attendctl district plans`, in the roll-up's text, CSV and printed report.
extension PlanBoard {
    /// The notes of `row`, as the board's last column shows them.
    func notes(_ row: Row, _ language: ReportLanguage) -> [String] {
        var notes: [String] = []
        if !row.taking { notes.append(language.text(.planBoardNotTaking)) }
        switch row.outcome {
        case nil: if row.taking { notes.append(language.text(.planBoardWaiting)) }
        case PlanConfirmation.Outcome.received.rawValue: notes.append(language.text(.planBoardReceived))
        case PlanConfirmation.Outcome.refused.rawValue: notes.append(language.text(.planBoardRefused))
        default: break
        }
        if row.lastPollAt == nil { notes.append(language.text(.planBoardNeverPolled)) }
        if offsetBeyondLimit(row) { notes.append(language.text(.planBoardOffsetBeyond, String(clockOffsetLimitSeconds))) }
        return notes
    }

    /// Its clock is further from the hub's than `[push] clock_offset_limit`.
    func offsetBeyondLimit(_ row: Row) -> Bool {
        row.clockOffsetSeconds.map { abs($0) > Double(clockOffsetLimitSeconds) } ?? false
    }

    /// The board's column headers after the bridge point's.
    static func headers(_ language: ReportLanguage) -> [String] {
        [MessageKey.planBoardRevision, .planBoardWhen, .planBoardList, .planBoardPlanned, .planBoardConfirmed, .planBoardLineTest,
         .planBoardClock, .planBoardNote].map { language.text($0) }
    }

    /// `row`'s cells for people (text and HTML): `2/3`, `23/11 07:12`, counts, the line test,
    /// `+1,5 s`, the notes.
    func cells(_ row: Row, _ language: ReportLanguage) -> [String] {
        let numbers = language.numbers
        return [
            row.confirmedRevision.map { "\($0)/\(revision)" } ?? "—",
            row.confirmedAt.map { String($0.dropFirst(5).prefix(11)).replacingOccurrences(of: "T", with: " ") } ?? "—",
            numbers.integer(row.hallRows ?? row.districtRows), row.planned.map(numbers.integer) ?? "—",
            row.confirmed.map(numbers.integer) ?? "—",
            row.lineTestPassed.map { language.text($0 ? .linePassed : .lineFailed) } ?? "—",
            row.clockOffsetSeconds.map { (($0 >= 0) ? "+" : "") + numbers.decimal($0) + " s" } ?? "—",
            notes(row, language).joined(separator: "; "),
        ]
    }

    /// `row`'s cells for machines (the CSV): numbers in one form, the time in RFC 3339.
    func machineCells(_ row: Row, _ language: ReportLanguage) -> [String] {
        [
            row.confirmedRevision.map(String.init) ?? "", row.confirmedAt ?? "", String(row.hallRows ?? row.districtRows),
            row.planned.map(String.init) ?? "", row.confirmed.map(String.init) ?? "",
            row.lineTestPassed.map { language.text($0 ? .linePassed : .lineFailed) } ?? "",
            row.clockOffsetSeconds.map { String(format: "%.1f", $0) } ?? "", notes(row, language).joined(separator: "; "),
        ]
    }

    /// The board's title line: the conference, the newest revision, withdrawn or not.
    func title(_ language: ReportLanguage) -> String {
        language.text(.planBoardTitle, conference, String(revision), withdrawn ? language.text(.planBoardWithdrawn) : "")
    }

    /// The bridge point's name as the board shows it.
    static func label(_ row: Row) -> String { row.name == row.id ? row.id : "\(row.name) (\(row.id))" }
}
