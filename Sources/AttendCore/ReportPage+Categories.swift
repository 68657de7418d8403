extension ReportPage {
    /// The table every report has: a row per category with its rate against its target and a
    /// verdict in words (`▼ Không đạt` on a shaded row), the total under them, then one
    /// sentence per category that missed its target.
    mutating func categoryTable(_ categories: [Tally.CategoryFigures], total: Tally.Figures) {
        let numbers = language.numbers
        func label(_ category: DelegateCategory) -> String { vi ? category.vietnameseLabel : category.englishLabel }
        func cells(_ name: String, _ figures: Tally.Figures, verdict: Bool) -> [String] {
            let mark: String
            if !verdict || figures.target == nil || figures.rate == nil {
                mark = ""
            } else if figures.belowTarget {
                mark = "<span class=\"miss-mark\">▼ \(vi ? "Không đạt" : "Missed")</span>"
            } else {
                mark = "<span class=\"ok-mark\">\(vi ? "Đạt" : "Met")</span>"
            }
            return [HTML.text(name), numbers.integer(figures.invited), numbers.integer(figures.present),
                    numbers.integer(figures.absentExcused), numbers.integer(figures.absentUnexcused),
                    numbers.percent(figures.rate), numbers.percent(figures.target), mark]
        }
        table(
            [.init(header: vi ? "Đối tượng" : "Category", width: "30%"), .init(header: vi ? "Được mời" : "Invited", numeric: true),
             .init(header: vi ? "Có mặt" : "Present", numeric: true), .init(header: vi ? "Vắng có lý do" : "Absent, excused", numeric: true),
             .init(header: vi ? "Vắng không lý do" : "Absent, unexcused", numeric: true), .init(header: vi ? "Tỷ lệ" : "Rate", numeric: true),
             .init(header: vi ? "Chỉ tiêu" : "Target", numeric: true), .init(header: vi ? "Đánh giá" : "Verdict")],
            rows: categories.map { cells(label($0.category), $0.figures, verdict: true) },
            footer: cells(vi ? "Tổng cộng" : "Total", total, verdict: false),
            rowClasses: categories.map { $0.figures.belowTarget ? "miss" : nil },
            empty: vi ? "Không có đại biểu được mời." : "Nobody was invited.")
        let missed = categories.filter(\.figures.belowTarget)
        if missed.isEmpty, !categories.isEmpty {
            paragraph(vi ? "Các đối tượng đều đạt chỉ tiêu tham dự." : "Every category met its attendance target.")
        }
        for category in missed {
            let f = category.figures
            let name = HTML.text(label(category.category))
            paragraph(vi
                ? "<span class=\"miss-mark\">▼</span> \(name) đạt \(numbers.percent(f.rate)), <b>dưới chỉ tiêu \(numbers.percent(f.target))</b>."
                : "<span class=\"miss-mark\">▼</span> \(name) at \(numbers.percent(f.rate)), <b>below the \(numbers.percent(f.target)) target</b>.")
        }
    }
}
