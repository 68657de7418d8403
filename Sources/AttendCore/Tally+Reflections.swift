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

        public struct Counts: Equatable, Sendable, Codable {
            public var invited = 0
            /// Handed in, on time or late.
            public var submitted = 0
            public var passed = 0
            public var basicallyPassed = 0
            public var notPassed = 0
            /// Handed in, not graded yet.
            public var ungraded = 0
            /// Handed in after the due date (counted in `submitted` too).
            public var late = 0
            /// Not handed in by the due date: the length of the named list for the category.
            public var missing = 0

            public init() {}

            /// Counts one invited delegate with their reflection (nil: none handed in).
            mutating func add(_ reflection: Reflection?, late: Bool) {
                invited += 1
                guard let reflection else {
                    missing += 1
                    return
                }
                submitted += 1
                switch reflection.grade {
                case .passed: passed += 1
                case .basicallyPassed: basicallyPassed += 1
                case .notPassed: notPassed += 1
                case nil: ungraded += 1
                }
                if late {
                    self.late += 1
                    missing += 1
                }
            }
        }

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
            for delegate in invited {
                let reflection = byDelegate[delegate.id]
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
            return ReflectionFigures(due: due, total: total, categories: categories, missing: ordered)
        }
    }
}
