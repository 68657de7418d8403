@testable import AttendCore
import Testing

/// Golden checks on the charts' geometry for a fixed tally: the axis, the curve's points, the
/// parts and incidents shaded, the ticks, the rate bars. Numbers, not a blob of SVG.
@Suite struct PresenceChartTests {
    static let date = "2026-11-23"
    static func at(_ time: String) -> Timestamp { ConferencePlan.localTime(date, time)! }

    /// Two parts over 4 hours (08:00–12:00, so 600 plot units are 2.5 a minute), five invited,
    /// an audio outage 09:00–09:15 and poor quality 10:45–11:00.
    static func tally() -> Tally {
        let plan = ConferencePlan(
            id: "HN", title: "Hội nghị", date: date,
            parts: try! ConferencePlan.parseParts("Sáng 08:00-10:00, Trưa 10:30-12:00", date: date), graceMinutes: 10, expected: 5)
        let invited = (1...5).map { Delegate(id: "P\($0)", fullName: "Người \($0)", category: .partyMember) }
        let events: [(String, Direction, String)] = [
            ("P1", .checkIn, "07:50"), ("P2", .checkIn, "07:55"), ("P3", .checkIn, "08:20"),
            ("P2", .checkOut, "10:00"), ("P3", .checkOut, "11:00"),
        ]
        let incidents = [
            Incident(id: 1, kind: .audioLost, source: .operator, sourceName: nil, start: at("09:00"), end: at("09:15"),
                     note: "", closedByConferenceEnd: false),
            Incident(id: 2, kind: .degraded, source: .probe, sourceName: "tinh", start: at("10:45"), end: at("11:00"),
                     note: "", closedByConferenceEnd: false),
        ]
        return TallyComputation.tally(
            plan: plan, invited: invited, excuses: [:],
            events: events.map { AttendanceEvent(delegate: $0.0, direction: $0.1, at: at($0.2)) }, incidents: incidents)
    }

    static func chart() -> PresenceChart {
        let tally = tally()
        return PresenceChart(curve: tally.curve, parts: tally.conference.parts, incidents: tally.incidents!.entries,
                             invited: tally.total.invited)!
    }

    @Test func theAxisSpansTheCurveAndTheCountsScaleToTheTop() {
        let chart = Self.chart()
        #expect(chart.start == Self.at("08:00").milliseconds)
        #expect(chart.end == Self.at("12:00").milliseconds)
        #expect(chart.yMax == 5)  // five invited, a step of 1
        #expect(chart.yTicks.map(\.label) == ["0", "1", "2", "3", "4", "5"])
        #expect(close(chart.yTicks.map(\.position), [226, 185.2, 144.4, 103.6, 62.8, 22]))
        #expect(close([chart.invitedY ?? -1], [22]))
        #expect(chart.xTicks.map(\.label) == ["08:00", "09:00", "10:00", "11:00", "12:00"])
        #expect(chart.xTicks.map(\.position) == [50, 200, 350, 500, 650])
    }

    @Test func theCurveHasAPointPerSlotAndOneAtTheEnd() {
        let chart = Self.chart()
        #expect(chart.points.count == 48 + 1)
        // 08:00: P1 and P2 inside; 08:20: P3 too; 10:00: P2 left; 11:00: P3 left. 40.8 a person.
        let xs = chart.points.map(\.x)
        let ys = chart.points.map(\.y)
        #expect(close([xs[0], xs[3], xs[4], xs[24], xs[36], xs[48]], [50, 87.5, 100, 350, 500, 650]))
        #expect(close([ys[0], ys[3], ys[4], ys[23], ys[24], ys[35], ys[36], ys[48]],
                      [144.4, 144.4, 103.6, 103.6, 144.4, 144.4, 185.2, 185.2]))
        #expect(chart.peak.count == 3)
        #expect(chart.peak.at == Self.at("08:20").milliseconds)
    }

    @Test func partsAndIncidentsAreShadedWhereTheyFall() {
        let chart = Self.chart()
        #expect(chart.parts.map(\.label) == ["Sáng", "Trưa"])
        #expect(chart.parts.map(\.x) == [50, 425])
        #expect(chart.parts.map(\.width) == [300, 225])
        #expect(chart.incidents.map(\.x) == [462.5, 200])  // 10:45 and 09:00: the outage is drawn last
        #expect(chart.incidents.map(\.width) == [37.5, 37.5])
        #expect(chart.incidents.map(\.outage) == [false, true])
        #expect(chart.incidents.map(\.label) == ["Chất lượng kém", "Mất âm thanh"])
    }

    /// Poor quality 08:50–09:40 around a line down 09:00–09:20 and a point of poor quality at
    /// 09:10: the yellow shows only 08:50–09:00 and 09:20–09:40, the hatching is drawn last.
    @Test func anOutageIsNotHiddenByPoorQualityAtTheSameTime() {
        let tally = Self.tally()
        func entry(_ kind: IncidentKind, _ from: String, _ to: String) -> IncidentSummary.Entry {
            IncidentSummary.Entry(
                id: 9, kind: kind, source: .probe, sourceName: "tinh", start: Self.at(from).vietnam, end: Self.at(to).vietnam,
                minutes: 0, note: "", closedByConferenceEnd: false, peopleInsideAtStart: 0, peopleMinutesLost: 0)
        }
        let chart = PresenceChart(
            curve: tally.curve, parts: tally.conference.parts,
            incidents: [entry(.degraded, "08:50", "09:40"), entry(.lineDown, "09:00", "09:20"), entry(.degraded, "09:10", "09:10")])!
        #expect(chart.incidents.map(\.label) == ["Chất lượng kém", "Chất lượng kém", "Mất đường truyền"])
        #expect(chart.incidents.map(\.x) == [175, 250, 200])  // 08:50, 09:20, 09:00
        #expect(chart.incidents.map(\.width) == [25, 50, 50])
        let outage = chart.incidents.last!
        for band in chart.incidents where !band.outage {
            #expect(band.x + band.width <= outage.x || band.x >= outage.x + outage.width, "\(band) over the line down")
        }
        let svg = chart.svg(language: .vietnamese)
        let hatch = svg.range(of: "fill=\"url(#presence-hatch)\"")!.lowerBound
        #expect(svg.ranges(of: "fill=\"#f3e3b5\"").allSatisfy { $0.lowerBound < hatch })
    }

    @Test func theSVGCarriesTheGeometry() {
        let svg = Self.chart().svg(language: .vietnamese, invitedLabel: "Được mời: 5")
        #expect(svg.hasPrefix("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 680 270\""))
        #expect(svg.contains("<rect class=\"part\" x=\"50\" y=\"22\" width=\"300\" height=\"204\""))
        #expect(svg.contains("<rect class=\"incident\" x=\"200\" y=\"22\" width=\"37.5\" height=\"204\" fill=\"url(#presence-hatch)\""))
        #expect(svg.contains("<polyline class=\"curve\" points=\"50,144.4 62.5,144.4 75,144.4 87.5,144.4 100,103.6 "))
        #expect(svg.contains("637.5,185.2 650,185.2\""))
        #expect(svg.contains(">09:00</text>"))
        #expect(svg.contains(">Được mời: 5</text>"))
    }

    @Test func theAxisTopIsARoundNumberAboveThePeakAndTheInvited() {
        #expect(PresenceChart.niceMaximum(0) == 1)
        #expect(PresenceChart.niceMaximum(7) == 7)
        #expect(PresenceChart.niceMaximum(9) == 10)
        #expect(PresenceChart.niceMaximum(320) == 350)
        #expect(PresenceChart.niceStep(320) == 50)
        #expect(PresenceChart.niceMaximum(1234) == 1400)
        let tally = Self.tally()
        let many = PresenceChart(curve: tally.curve, parts: tally.conference.parts, invited: 320)!
        #expect(many.yMax == 350)
        #expect(many.yTicks.last?.label == "350")
        #expect(PresenceChart(curve: tally.curve, parts: [], invited: 1234)!.yTicks.map(\.label).last == "1.400")
    }

    @Test func noChartWithoutSlotsOrAReadableStart() {
        #expect(PresenceChart(curve: .init(slotMinutes: 5, start: "2026-11-23T08:00:00+07:00", counts: []), parts: []) == nil)
        #expect(PresenceChart(curve: .init(slotMinutes: 5, start: "hôm nay", counts: [1]), parts: []) == nil)
    }

    @Test func aLongConferenceHasTicksEveryTwoHours() {
        let curve = Tally.PresenceCurve(slotMinutes: 5, start: Self.at("07:00").vietnam, counts: Array(repeating: 1, count: 12 * 14))
        let chart = PresenceChart(curve: curve, parts: [])!
        #expect(chart.xTicks.map(\.label) == ["07:00", "09:00", "11:00", "13:00", "15:00", "17:00", "19:00", "21:00"])
    }

    @Test func rateBarsScaleFromZeroToAHundredAndTheMissingHaveNone() {
        let charts = RateChart.charts([
            (name: "Hội trường Huyện ủy", rate: 95, reported: true), (name: "Xã A", rate: 100, reported: true),
            (name: "Xã B", rate: nil, reported: false),
        ])
        #expect(charts.count == 1)
        let rows = charts[0].rows
        #expect(rows.map(\.y) == [22, 40, 58])
        #expect(rows.map(\.barWidth) == [361, 380, 0])
        #expect(RateChart.x(forRate: 98) == 616.4)
        #expect(RateChart.x(forRate: 90) == 586)
        #expect(RateChart.x(forRate: 140) == 624)
        #expect(charts[0].height == 22 + 3 * 18 + 24)
        let svg = charts[0].svg(language: .vietnamese)
        #expect(svg.contains("<rect class=\"bar\" x=\"244\" y=\"25.5\" width=\"361\" height=\"11\" fill=\"#1f4e8c\"/>"))
        #expect(svg.contains(">chưa báo cáo</text>"))
        #expect(svg.contains("<line class=\"target\" x1=\"616.4\""))
        #expect(svg.contains(">98,0%</text>"))
        #expect(RateChart.charts((0..<85).map { (name: "Xã \($0)", rate: 90, reported: true) }).map(\.rows.count) == [40, 40, 5])
    }

    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 }
    }

    @Test func coordinatesHaveOneDecimalAndAPoint() {
        #expect(HTML.coordinate(12.5) == "12.5")
        #expect(HTML.coordinate(300) == "300")
        #expect(HTML.coordinate(-4.24) == "-4.2")
        #expect(HTML.coordinate(185.2000001) == "185.2")
        #expect(HTML.coordinate(.nan) == "0")
    }
}
