/// A part's end at a hall: the categories below their target then, as one `below_target` event
/// (its detail the categories with their rates, `Đảng viên 72,5%`). Once per part: the schedule
/// check passes the time it last looked, and only parts that ended since count, so a part that
/// ended before the conference was opened (or before a restart) says nothing.
public enum PartEndRule {
    /// The parts of `plan` whose end is in (`after`, `now`].
    public static func endedParts(_ plan: ConferencePlan?, after: Timestamp, at now: Timestamp) -> [ConferencePlan.Part] {
        (plan?.parts ?? []).filter { $0.end > after && $0.end <= now }
    }

    /// The event for a part that ended with `categories` as they stand; nil when none is below
    /// target.
    public static func event(
        part: ConferencePlan.Part, categories: [StatusSnapshot.ConferenceStatus.LiveCategory], conference: String, hall: String,
        hallName: String?, language: ReportLanguage = .vietnamese, at now: Timestamp
    ) -> HallEvent? {
        let below = categories.filter(\.belowTarget)
        guard !below.isEmpty else { return nil }
        let detail = below.map { category in
            let name = DelegateCategory(rawValue: category.category).map { language == .vietnamese ? $0.vietnameseLabel : $0.englishLabel }
                ?? category.category
            return "\(name) \(language.numbers.percent(category.rate))"
        }.joined(separator: ", ")
        return HallEvent(kind: .belowTarget, conference: conference, hall: hall, hallName: hallName, detail: part.name + ": " + detail, at: now)
    }
}
