import Foundation

extension PaperBatch {
    /// What the clerk reads before confirming (and after storing): the sheet, the time, how many;
    /// then who, one line each (`  7  Nguyễn Văn An — Chi bộ 2  07:52`), walk-ins marked; then
    /// those already checked in, who are not stored again.
    public func summary(at sheetTime: String, language: ReportLanguage = .vietnamese) -> String {
        let numbers = language.numbers
        var lines = [language.text(.paperSummaryHeading, sheet, part.isEmpty ? conference : part, sheetTime, numbers.integer(checkIns.count))]
        let width = String((checkIns + already).map(\.number).max() ?? 0).count
        func line(_ item: Item) -> String {
            let number = String(repeating: " ", count: max(0, width - String(item.number).count)) + String(item.number)
            var who = item.name.isEmpty ? item.id : "\(item.name) (\(item.id))"
            if !item.unit.isEmpty { who += " — \(item.unit)" }
            if item.walkIn && item.name.isEmpty { who += ", \(language.text(.paperNotOnList))" }
            let clock = item.at.count >= 16 ? String(item.at.dropFirst(11).prefix(5)) : item.at
            return "  \(number)  \(TextWrap.clean(who))  \(clock)"
        }
        lines += checkIns.map(line)
        if !already.isEmpty {
            lines.append(language.text(.paperAlreadyHeading, numbers.integer(already.count)))
            lines += already.map(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a terminal shows before the numbers are typed.
    public static func prompt(language: ReportLanguage = .vietnamese) -> String {
        language.text(.paperPrompt)
    }

    /// The question before storing; the clerk answers `c` (có) or `y`.
    public static func confirmation(count: Int, language: ReportLanguage = .vietnamese) -> String {
        language.text(.paperConfirm, language.numbers.integer(count))
    }

    /// Whether an answer to `confirmation` says yes: c, có, co, y, yes, in any case.
    public static func confirms(_ answer: String) -> Bool {
        ["c", "có", "co", "y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased().precomposedStringWithCanonicalMapping)
    }

    /// What the clerk reads once `PAPER` answered: stored now, stored before (`new=0`), or nothing.
    public static func outcome(stored: Int, batch: String, isNew: Bool, language: ReportLanguage = .vietnamese) -> String {
        if !isNew { return language.text(.paperStoredBefore, batch, language.numbers.integer(stored)) }
        return stored == 0 ? language.text(.paperNothingNew) : language.text(.paperStored, language.numbers.integer(stored), batch)
    }

    /// `Chưa lưu gì.`: the clerk did not confirm, or the entry was refused.
    public static func nothingStored(language: ReportLanguage = .vietnamese) -> String {
        language.text(.paperNothingStored)
    }
}
