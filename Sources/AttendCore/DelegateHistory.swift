/// One delegate's attendance across conferences: what the yearly member evaluation reads.
public struct DelegateHistory: Equatable, Sendable, Codable {
    public var delegate: String
    public var name: String?
    public var entries: [Entry]

    public init(delegate: String, name: String?, entries: [Entry]) {
        self.delegate = delegate
        self.name = name
        self.entries = entries
    }

    public struct Entry: Equatable, Sendable, Codable {
        public var conference: String
        public var title: String
        public var date: String
        public var invited: Bool
        /// `present`, `absent_excused`, `absent_unexcused`, or `walk_in` (came, not invited).
        public var outcome: String
        public var reason: String?
        /// Parts attended, and the parts arrived late to or left early from.
        public var partsPresent: Int
        public var parts: Int
        public var late: [String]
        public var leftEarly: [String]
    }

    /// One conference's view of the delegate, as the tally computes it.
    public static func entry(
        plan: ConferencePlan, delegate: Delegate?, id: String, reason: String?, events: [AttendanceEvent]
    ) -> Entry {
        let subject = delegate ?? Delegate(id: id, fullName: id, category: .guest)
        let tally = TallyComputation.tally(
            plan: plan, invited: [subject], excuses: reason.map { [id: $0] } ?? [:], events: events)
        let present = tally.total.present == 1
        let outcome = delegate == nil ? "walk_in" : present ? "present" : reason != nil ? "absent_excused" : "absent_unexcused"
        return Entry(
            conference: plan.id, title: plan.title, date: plan.date, invited: delegate != nil, outcome: outcome,
            reason: present ? nil : reason, partsPresent: tally.parts.filter { $0.present > 0 }.count, parts: plan.parts.count,
            late: tally.lateArrivals.map(\.part), leftEarly: tally.earlyLeavers.map(\.part))
    }

    /// A table for a person: one line per conference, oldest first, with totals.
    public func textReport() -> String {
        var lines = ["Delegate \(delegate)" + (name.map { " — \($0)" } ?? "")]
        let invited = entries.filter(\.invited)
        let present = invited.filter { $0.outcome == "present" }.count
        lines.append("Invited to \(invited.count), present at \(present), absent excused \(invited.filter { $0.outcome == "absent_excused" }.count), unexcused \(invited.filter { $0.outcome == "absent_unexcused" }.count)")
        lines.append("")
        for entry in entries.sorted(by: { ($0.date, $0.conference) < ($1.date, $1.conference) }) {
            var text = "\(entry.date)  \(entry.conference)  \(entry.outcome)"
            if entry.parts > 0 && entry.outcome != "absent_excused" && entry.outcome != "absent_unexcused" {
                text += "  parts \(entry.partsPresent)/\(entry.parts)"
            }
            if !entry.late.isEmpty { text += "  late: \(entry.late.joined(separator: ", "))" }
            if !entry.leftEarly.isEmpty { text += "  left early: \(entry.leftEarly.joined(separator: ", "))" }
            if let reason = entry.reason { text += "  (\(reason))" }
            lines.append(text + "  — \(entry.title)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
