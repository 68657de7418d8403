@testable import AttendCore
import Testing

/// The tally's figure columns are named once and shown by every form that gives them a header.
@Suite struct TallyRowsTests {
    static var figures: Tally.Figures {
        var figures = Tally.Figures()
        figures.invited = 1234
        figures.present = 1207
        figures.absentExcused = 20
        figures.absentUnexcused = 7
        figures.walkIns = 3
        figures.rate = 97.8
        figures.target = nil
        return figures
    }

    @Test func eachFormShowsTheColumnsItNamesInOrder() {
        let text = TallyRows.categoryColumns.shown(in: .text, .english).map(\.header)
        #expect(text == ["Invited", "Present", "Absent\nexcused", "Absent\nunexcused", "Rate", "Target"])
        let csv = TallyRows.categoryColumns.shown(in: .csv, .english).map(\.header)
        #expect(csv == ["Invited", "Present", "Absent excused", "Absent unexcused", "Walk-ins", "Rate (%)", "Target (%)"])
        let html = TallyRows.categoryColumns.shown(in: .html, .vietnamese).map(\.header)
        #expect(html == ["Được mời", "Có mặt", "Vắng có lý do", "Vắng không lý do", "Tỷ lệ", "Chỉ tiêu"])
        #expect(TallyRows.partColumns.shown(in: .csv, .english).isEmpty)
        #expect(TallyRows.partColumns.shown(in: .html, .english).map(\.header)
            == ["Present", "At the start", "At the end", "Late", "Left early"])
    }

    @Test func everyColumnIsShownSomewhere() {
        for column in TallyRows.categoryColumns { #expect(!column.headers.isEmpty) }
        for column in TallyRows.partColumns { #expect(!column.headers.isEmpty) }
    }

    @Test func figuresAreWrittenForPeopleOrForMachines() {
        let readable = TallyRows.categoryColumns.map { $0.readable(Self.figures, .vietnamese) }
        #expect(readable == ["1.234", "1.207", "20", "7", "3", "97,8%", "—"])
        let english = TallyRows.categoryColumns.map { $0.readable(Self.figures, .english) }
        #expect(english == ["1,234", "1,207", "20", "7", "3", "97.8%", "—"])
        let machine = TallyRows.categoryColumns.map { $0.machine(Self.figures) }
        #expect(machine == ["1234", "1207", "20", "7", "3", "97.8", ""])
    }

    /// The spreadsheet's and the printed table's headers come from the one list, so a figure
    /// added there reaches both without another edit.
    @Test func theRenderersUseTheColumns() {
        let tally = TallyRenderingTests.tally()
        let csv = String(decoding: tally.csv(language: .english).dropFirst(3), as: UTF8.self)
        let header = ["Category"] + TallyRows.categoryColumns.shown(in: .csv, .english).map(\.header)
        #expect(csv.hasPrefix(header.joined(separator: ",") + "\r\n"))
        let html = tally.htmlReport(language: .english, generatedAt: HTMLReportTests.made)
        let headers = TallyRows.categoryColumns.shown(in: .html, .english).map(\.header)
            + TallyRows.partColumns.shown(in: .html, .english).map(\.header)
        for header in headers {
            #expect(html.contains(">\(header)</th>"), "missing \(header)")
        }
    }
}
