@testable import AttendCore
import Testing

/// A bridge point's figures in the district's roll-up are named once and shown by every form.
@Suite struct BridgeColumnTests {
    static let bridge = DistrictRollup.BridgeFigures(
        id: "xa1", name: "Xã Bình Tường", revision: 3, report: 2, expected: 1500, invited: 1234, present: 1100, rate: 89.1,
        late: 4, leftEarly: 2, outageMinutes: 12.5,
        lineTests: [TallySummary.LineTestVerdict(target: "hub", startedAt: "", passed: false, verdict: "lost")])

    @Test func eachFormShowsItsColumnsInOrder() {
        #expect(BridgeColumn.shown(in: .text) == BridgeColumn.allCases)
        #expect(BridgeColumn.shown(in: .csv) == BridgeColumn.allCases)
        #expect(BridgeColumn.shown(in: .html) == [.invited, .present, .rate, .late, .leftEarly, .outage, .lineTest])
        for form in TallyRows.Form.allCases {
            for column in BridgeColumn.shown(in: form) { #expect(!column.header(form, .english).isEmpty) }
        }
    }

    @Test func aReportedBridgePointShowsEveryFigureInEachFormsStyle() {
        let text = BridgeColumn.allCases.map { $0.cell(Self.bridge, reported: true, .text, .vietnamese) }
        #expect(text == ["1.500", "1.234", "1.100", "89,1%", "4", "2", "13", "không đạt"])
        let csv = BridgeColumn.allCases.map { $0.cell(Self.bridge, reported: true, .csv, .english) }
        #expect(csv == ["1500", "1234", "1100", "89.1", "4", "2", "12.5", "failed"])
        let html = BridgeColumn.shown(in: .html).map { $0.cell(Self.bridge, reported: true, .html, .english) }
        #expect(html == ["1,234", "1,100", "<span class=\"miss-mark\">89.1%</span>", "4", "2", "12.5",
                         "<span class=\"miss-mark\">Failed</span>"])
    }

    @Test func aBridgePointNotYetReportedShowsOnlyItsDayBeforeFigures() {
        let text = BridgeColumn.allCases.map { $0.cell(Self.bridge, reported: false, .text, .english) }
        #expect(text == ["1,500", "1,234", "—", "—", "—", "—", "—", "failed"])
        let csv = BridgeColumn.allCases.map { $0.cell(Self.bridge, reported: false, .csv, .english) }
        #expect(csv == ["1500", "1234", "", "", "", "", "", "failed"])
        // Never heard from: blanks throughout, the line test too.
        #expect(BridgeColumn.allCases.map { $0.cell(nil, reported: false, .text, .english) } == Array(repeating: "—", count: 8))
        #expect(BridgeColumn.allCases.map { $0.cell(nil, reported: false, .csv, .english) } == Array(repeating: "", count: 8))
    }
}
