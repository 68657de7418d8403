/// The figures of a bridge point's row in the district's roll-up, in order, each with its
/// header and its look in the printed text (`DistrictRollup+Text`), the spreadsheet
/// (`DistrictRollup+CSV`) and the HTML page (`DistrictRollup+HTML`). A new figure is one case
/// here: the compiler then asks for its header and its cells, and every form shows it.
///
/// The columns before these (the bridge point's name, and the CSV's id, status and revision or
/// the page's number and report) say which bridge point a row is and stay with each form.
enum BridgeColumn: CaseIterable {
    case expected, invited, present, rate, late, leftEarly, outage, lineTest

    /// The header in each form that shows the figure; a form without one leaves the column out.
    var headers: [TallyRows.Form: MessageKey] {
        switch self {
        case .expected: return [.text: .districtTextExpectedColumn, .csv: .districtCSVExpected]
        case .invited: return [.text: .textInvitedColumn, .csv: .invited, .html: .invited]
        case .present: return [.text: .textPresentColumn, .csv: .present, .html: .present]
        case .rate: return [.text: .rate, .csv: .csvRatePercent, .html: .rate]
        case .late: return [.text: .districtTextLateColumn, .csv: .late, .html: .late]
        case .leftEarly: return [.text: .districtTextEarlyColumn, .csv: .leftEarly, .html: .leftEarly]
        case .outage: return [.text: .districtTextOutageColumn, .csv: .districtCSVOutage, .html: .districtHTMLOutage]
        case .lineTest: return [.text: .districtTextLineTestColumn, .csv: .lineTest, .html: .lineTest]
        }
    }

    /// A figure right-aligned as a number; the line test's verdict is a word.
    var numeric: Bool { self != .lineTest }

    /// The page's width hint for the column, if it needs one.
    var htmlWidth: String? {
        switch self {
        case .outage: return "13%"
        case .lineTest: return "10%"
        default: return nil
        }
    }

    /// Whether a bridge point that has not reported shows it: what its day-before figures say.
    var knownBeforeReporting: Bool { self == .expected || self == .invited || self == .lineTest }

    /// The columns `form` shows, in order.
    static func shown(in form: TallyRows.Form) -> [BridgeColumn] { allCases.filter { $0.headers[form] != nil } }

    /// The figure's header in `form` and `language`.
    func header(_ form: TallyRows.Form, _ language: ReportLanguage) -> String { language.text(headers[form]!) }

    /// The cell of `bridge` in `form`: its figure when it reported, or when it has not and the
    /// figure is `knownBeforeReporting`; else the form's blank (`—`, or empty in the CSV). A nil
    /// `bridge` is one never heard from.
    func cell(_ bridge: DistrictRollup.BridgeFigures?, reported: Bool, _ form: TallyRows.Form, _ language: ReportLanguage) -> String {
        let blank = form == .csv ? "" : "—"
        guard let bridge, reported || knownBeforeReporting else {
            return self == .lineTest ? lineTest(nil, form, language) : blank
        }
        let numbers = language.numbers
        func count(_ value: Int) -> String { form == .csv ? String(value) : numbers.integer(value) }
        switch self {
        case .expected: return bridge.expected.map(count) ?? blank
        case .invited: return count(bridge.invited)
        case .present: return count(bridge.present)
        case .rate:
            switch form {
            case .csv: return CSVWriter.decimal(bridge.rate)
            case .text: return numbers.percent(bridge.rate)
            case .html:
                let below = bridge.rate.map { $0 < RateChart.targets[0] } ?? false
                return below ? "<span class=\"miss-mark\">\(numbers.percent(bridge.rate))</span>" : numbers.percent(bridge.rate)
            }
        case .late: return count(bridge.late)
        case .leftEarly: return count(bridge.leftEarly)
        case .outage:
            switch form {
            case .csv: return CSVWriter.decimal(bridge.outageMinutes)
            case .text: return numbers.integer(Int(bridge.outageMinutes.rounded()))
            case .html: return numbers.decimal(bridge.outageMinutes)
            }
        case .lineTest: return lineTest(bridge.lineTestPassed, form, language)
        }
    }

    /// Passed, failed, or the form's blank when none was run.
    private func lineTest(_ passed: Bool?, _ form: TallyRows.Form, _ language: ReportLanguage) -> String {
        switch (passed, form) {
        case (true?, .html): return language.text(.passed)
        case (false?, .html): return "<span class=\"miss-mark\">\(language.text(.failed))</span>"
        case (true?, _): return language.text(.linePassed)
        case (false?, _): return language.text(.lineFailed)
        case (nil, .csv): return ""
        case (nil, _): return "—"
        }
    }
}
