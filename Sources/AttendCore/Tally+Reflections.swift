import Foundation

extension Tally {
    /// The written reflections of a conference's invited delegates: how many were handed in,
    /// their grades, and who has none handed in by the due date, in total and per category.
    /// Optional in the JSON (tallies before reflections, and conferences without any reflection
    /// or due date, leave it out), so halls and hubs of either age read each other's tallies.
    public struct ReflectionFigures: Equatable, Sendable, Codable {
        /// The due date, `YYYY-MM-DD`, when the plan gives one.
        public var due: String?
        public var total: Counts
        /// One entry per category with invited delegates, in category order.
        public var categories: [CategoryCounts]
        /// Invited delegates with no reflection handed in by the due date (without a due date:
        /// none at all), in the official lists' order; `submitted` is the late day when one came after.
        public var missing: [Missing]
        /// Each invited delegate's reflection handed in, ids only, sorted by id: what a hub's year
        /// counts per delegate (issue 21). A bridge point's tally carries it; nil in a tally from
        /// before the field (a hub then shows the hall as partial for reflections). Bounded like
        /// `present`: one per invited delegate who handed one in, never more than `total.submitted`.
        public var handedIn: [HandedIn]? = nil

        /// One delegate's reflection in `handedIn`: the id, the day, the grade (nil: not graded yet).
        public struct HandedIn: Equatable, Sendable, Codable {
            public var id: String
            public var submitted: String
            public var grade: ReflectionGrade?

            public init(id: String, submitted: String, grade: ReflectionGrade?) {
                self.id = id
                self.submitted = submitted
                self.grade = grade
            }
        }

        /// The counts of a conference's reflections (`ReflectionCounts`, as the year counts them).
        public typealias Counts = ReflectionCounts

        public struct CategoryCounts: Equatable, Sendable, Codable {
            public var category: DelegateCategory
            public var counts: Counts
        }

        public struct Missing: Equatable, Sendable, Codable {
            public var id: String
            public var name: String
            public var unit: String
            public var category: DelegateCategory
            /// The day it came in after the due date; nil when not handed in at all.
            public var submitted: String?
        }

        /// The figures of `invited` given their `reflections`; nil when nothing is recorded and
        /// no due date is set (a conference that does not follow reflections, as every tally before).
        public static func compute(invited: [Delegate], reflections: [Reflection], due: String?) -> ReflectionFigures? {
            guard due != nil || !reflections.isEmpty else { return nil }
            let byDelegate = Dictionary(reflections.map { ($0.delegate, $0) }, uniquingKeysWith: { a, _ in a })
            var total = Counts()
            var perCategory: [DelegateCategory: Counts] = [:]
            var missing: [Missing] = []
            var handedIn: [HandedIn] = []
            for delegate in invited {
                let reflection = byDelegate[delegate.id]
                if let reflection { handedIn.append(HandedIn(id: delegate.id, submitted: reflection.submitted, grade: reflection.grade)) }
                let late = reflection.map { reflection in due.map { reflection.submitted > $0 } ?? false } ?? false
                total.add(reflection, late: late)
                perCategory[delegate.category, default: Counts()].add(reflection, late: late)
                if reflection == nil || late {
                    missing.append(Missing(id: delegate.id, name: delegate.fullName, unit: delegate.unit, category: delegate.category,
                                           submitted: reflection?.submitted))
                }
            }
            let categories = DelegateCategory.allCases.compactMap { category in
                perCategory[category].map { CategoryCounts(category: category, counts: $0) }
            }
            let ordered = VietnameseOrder.sorted(missing, name: \.name, id: \.id)
            handedIn.sort { $0.id < $1.id }
            return ReflectionFigures(due: due, total: total, categories: categories, missing: ordered, handedIn: handedIn)
        }
    }
}
