extension DistrictRollup {
    /// The written reflections of a district's reported bridge points, added up: the counts per
    /// bridge point, per category and in total, and everyone not handed in by the due date
    /// across the district, in the official order, with their bridge point.
    ///
    /// A bridge point whose tally carries no reflection figures (an older attendd, or a hall
    /// that does not follow them for this conference) is listed as not followed and counted
    /// nowhere, rather than as every delegate missing.
    public struct DistrictReflections: Equatable, Sendable, Codable {
        public typealias Counts = ReflectionCounts
        /// The different due dates the bridge points gave, in order (one for a published conference).
        public var due: [String]
        public var total: Counts
        public var categories: [Tally.ReflectionFigures.CategoryCounts]
        /// The reported bridge points by id; `counts` nil for one that sent no figures.
        public var bridges: [Bridge]
        public var missing: [Missing]

        public struct Bridge: Equatable, Sendable, Codable {
            public var name: String
            public var counts: Counts?
        }

        public struct Missing: Equatable, Sendable, Codable {
            public var bridge: String
            public var person: Tally.ReflectionFigures.Missing
        }

        /// Nil when no bridge point's figures are there: the district's report then has no such section.
        static func compute(_ bridges: [(name: String, figures: Tally.ReflectionFigures?)]) -> DistrictReflections? {
            guard bridges.contains(where: { $0.figures != nil }) else { return nil }
            var total = Counts()
            var perCategory: [DelegateCategory: Counts] = [:]
            var missing: [Missing] = []
            for (name, figures) in bridges {
                guard let figures else { continue }
                total.add(figures.total)
                for category in figures.categories { perCategory[category.category, default: Counts()].add(category.counts) }
                missing += figures.missing.map { Missing(bridge: name, person: $0) }
            }
            let categories = DelegateCategory.allCases.compactMap { category in
                perCategory[category].map { Tally.ReflectionFigures.CategoryCounts(category: category, counts: $0) }
            }
            return DistrictReflections(
                due: Set(bridges.compactMap(\.figures?.due)).sorted(), total: total, categories: categories,
                bridges: bridges.map { Bridge(name: $0.name, counts: $0.figures?.total) },
                // Delegates are keyed by (hall, id): the same id at two halls is two people.
                missing: VietnameseOrder.sorted(missing, name: \.person.name, id: \.person.id))
        }

        /// The workbook's `Thu hoạch` sheet: a row per bridge point (one without figures says so,
        /// its counts empty), a row per category, the total in bold, the due dates; a blank row;
        /// then the list's header in bold and a row per delegate not handed in by the due date,
        /// with their bridge point and the late day as a date.
        func xlsxSheet(title: String, language: ReportLanguage) -> XLSXWorkbook.Sheet {
            func text(_ key: MessageKey) -> String {
                language.text(key).replacingOccurrences(of: "-\n", with: "").replacingOccurrences(of: "\n", with: " ")
            }
            let followsDue = !due.isEmpty
            let countKeys: [MessageKey] = [.reflectionInvitedShort, .reflectionSubmittedShort, .reflectionPassedShort,
                                           .reflectionBasicallyPassedShort, .reflectionNotPassedShort, .reflectionUngradedShort,
                                           .reflectionLateShort, followsDue ? .reflectionMissingByDueShort : .reflectionMissingShort]
            func cells(_ counts: Counts) -> [XLSXWorkbook.Cell] {
                [counts.invited, counts.submitted, counts.passed, counts.basicallyPassed, counts.notPassed, counts.ungraded, counts.late,
                 counts.missing].map { .count($0) }
            }
            var rows: [[XLSXWorkbook.Cell]] = bridges.map { bridge in
                guard let counts = bridge.counts else {
                    return [.text(bridge.name), .text(text(.htmlReflectionsNotFollowed))] + Array(repeating: .empty, count: countKeys.count)
                }
                return [.text(bridge.name), .empty] + cells(counts)
            }
            rows += categories.map { [.empty, .text($0.category.label(language))] + cells($0.counts) }
            rows.append([.text(text(.total)), .empty] + cells(total) + [.text(due.map { ReportTime.date($0, language: language) }
                .joined(separator: ", "))])
            let totalRow = rows.count - 1
            rows.append([])
            rows.append([MessageKey.bridgePoint, .id, .fullName, .unit, .category, .reflectionLateShort].map { .text(text($0)) })
            let listHeader = rows.count - 1
            for entry in missing {
                let person = entry.person
                rows.append([.text(entry.bridge), .text(person.id), .text(person.name), .text(person.unit),
                             .text(person.category.label(language)), person.submitted.map { .date($0) } ?? .empty])
            }
            var sheet = XLSXWorkbook.Sheet(
                name: language.text(.xlsxSheetReflections), title: title,
                header: [text(.bridgePoint), text(.category)] + countKeys.map(text) + [text(.reflectionDue)], rows: rows)
            sheet.boldRows = [totalRow, listHeader]
            sheet.rowsLeftOut = language.text(.xlsxRowsLeftOut)
            return sheet
        }

        /// The printed section of the district's report.
        var htmlSection: ReportPage.ReflectionSection {
            ReportPage.ReflectionSection(
                due: due, total: total, categories: categories, bridges: bridges.map { ($0.name, $0.counts) },
                missing: missing.map { ($0.person, $0.bridge) })
        }
    }
}
