import Foundation

extension YearReport {
    /// Who needs attention in the year, by the three `[year]` keys (not a rule language): a
    /// rate under `attention_rate` percent, `attention_unexcused` or more absences without an
    /// excuse, and a reflection graded or missing as `attention_reflection` says. 0 turns a
    /// number rule off; `none` the reflection rule.
    public struct AttentionRules: Equatable, Sendable {
        public var rate: Int
        public var unexcused: Int
        public var grades: Set<ReflectionGrade>
        /// A reflection not handed in, at a conference that follows them.
        public var missing: Bool

        public init(rate: Int = 80, unexcused: Int = 2, grades: Set<ReflectionGrade> = [.notPassed], missing: Bool = true) {
            self.rate = rate
            self.unexcused = unexcused
            self.grades = grades
            self.missing = missing
        }

        /// `attention_reflection`'s value: grades and `missing` joined by `|` (or `,`), as
        /// `chưa đạt|missing`, with or without diacritics; `none` for no rule; nil when a part is unknown.
        public static func reflection(_ text: String) -> (grades: Set<ReflectionGrade>, missing: Bool)? {
            var grades = Set<ReflectionGrade>()
            var missing = false
            for part in text.split(whereSeparator: { $0 == "|" || $0 == "," }) {
                let word = NameFolding.key(String(part))
                if word == "none" || word == "khong" { continue }
                if ["missing", "chua nop", "thieu"].contains(word) {
                    missing = true
                } else if let grade = ReflectionGrade.parse(String(part)) {
                    grades.insert(grade)
                } else {
                    return nil
                }
            }
            return (grades, missing)
        }
    }

    /// One member needing attention, with each rule they meet and the conferences behind it.
    public struct Attention: Equatable, Sendable, Codable {
        public var id: String
        public var name: String
        public var unit: String
        public var reasons: [Reason]

        public struct Reason: Equatable, Sendable, Codable {
            /// `rate`, `unexcused` or `reflection`.
            public var rule: String
            /// The figure met: the rate in percent, the count of absences or of reflections.
            public var value: Double
            /// The conferences behind it (absent, absent without an excuse, the reflection), oldest first,
            /// each `ID` or for a reflection `ID:grade` (`missing` when not handed in).
            public var conferences: [String]
        }
    }

    /// What one delegate did at each conference, kept for naming the conferences behind a rule.
    struct Trail {
        var absent: [String] = []
        var unexcused: [String] = []
        var reflections: [(conference: String, grade: ReflectionGrade?)] = []
    }

    /// The members the rules name, in the delegates' order.
    static func attention(_ delegates: [DelegateYear], trails: [String: Trail], rules: AttentionRules) -> [Attention] {
        delegates.compactMap { row in
            let trail = trails[row.id] ?? Trail()
            var reasons: [Attention.Reason] = []
            if rules.rate > 0, let rate = row.counts.rate, rate < Double(rules.rate) {
                reasons.append(.init(rule: "rate", value: rate, conferences: trail.absent))
            }
            if rules.unexcused > 0, row.counts.absentUnexcused >= rules.unexcused {
                reasons.append(.init(rule: "unexcused", value: Double(row.counts.absentUnexcused), conferences: trail.unexcused))
            }
            let flagged = trail.reflections.filter { entry in
                entry.grade.map { rules.grades.contains($0) } ?? rules.missing
            }
            if !flagged.isEmpty {
                reasons.append(.init(rule: "reflection", value: Double(flagged.count),
                                     conferences: flagged.map { "\($0.conference):\($0.grade?.rawValue ?? "missing")" }))
            }
            return reasons.isEmpty ? nil : Attention(id: row.id, name: row.name, unit: row.unit, reasons: reasons)
        }
    }
}
