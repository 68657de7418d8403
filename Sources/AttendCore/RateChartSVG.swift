/// The district's bar chart: each bridge point's attendance rate as a horizontal bar from 0 to
/// 100%, with dashed lines at the 90% and 98% targets, and the bridge points that have not
/// reported named with no bar. Long districts are cut into charts of `rowsPerChart` rows so
/// each prints whole on a page.
///
/// Geometry (tested): a row is `rowHeight` tall, the first row's top at `top`; a bar starts
/// at `barLeft` and is `rate / 100 × (barRight − barLeft)` wide (rates above 100 are drawn
/// at 100); a target line stands at the same x its rate would reach.
public struct RateChart: Equatable, Sendable {
    public static let width = 680.0
    public static let labelRight = 236.0
    public static let barLeft = 244.0
    public static let barRight = 624.0
    public static let top = 22.0
    public static let rowHeight = 18.0
    public static let barHeight = 11.0
    public static let rowsPerChart = 40
    /// The reference lines: the targets of officials and union members, and of party members.
    public static let targets: [Double] = [90, 98]

    public struct Row: Equatable, Sendable {
        public var name: String
        /// Nil for a bridge point that has not reported, or has nobody invited.
        public var rate: Double?
        public var reported: Bool
        public var y: Double
        public var barWidth: Double
    }

    public let rows: [Row]
    public var height: Double { Self.top + Double(rows.count) * Self.rowHeight + 24 }

    /// One chart per `rowsPerChart` entries, in the order given.
    public static func charts(_ entries: [(name: String, rate: Double?, reported: Bool)]) -> [RateChart] {
        stride(from: 0, to: entries.count, by: rowsPerChart).map { first in
            RateChart(Array(entries[first..<min(entries.count, first + rowsPerChart)]))
        }
    }

    init(_ entries: [(name: String, rate: Double?, reported: Bool)]) {
        rows = entries.enumerated().map { index, entry in
            Row(name: entry.name, rate: entry.rate, reported: entry.reported, y: Self.top + Double(index) * Self.rowHeight,
                barWidth: entry.rate.map { Self.x(forRate: $0) - Self.barLeft } ?? 0)
        }
    }

    /// Where a rate falls on the axis.
    public static func x(forRate rate: Double) -> Double {
        barLeft + min(max(rate, 0), 100) / 100 * (barRight - barLeft)
    }

    /// The chart as inline SVG; names are escaped and cut to 38 characters.
    public func svg(language: ReportLanguage) -> String {
        let c = HTML.coordinate
        let bottom = Self.top + Double(rows.count) * Self.rowHeight
        var s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(c(Self.width)) \(c(height))\""
            + " role=\"img\" aria-label=\"\(language.text(.rateChartLabel))\">\n"
        for rate in stride(from: 0.0, through: 100, by: 20) {
            let x = Self.x(forRate: rate)
            s += "<line x1=\"\(c(x))\" y1=\"\(c(Self.top - 4))\" x2=\"\(c(x))\" y2=\"\(c(bottom))\" stroke=\"#d0d0d0\" stroke-width=\"0.5\"/>\n"
            s += "<text x=\"\(c(x))\" y=\"\(c(bottom + 14))\" text-anchor=\"middle\" font-size=\"10\">"
                + "\(language.numbers.percent(rate))</text>\n"
        }
        for (index, row) in rows.enumerated() {
            let name = row.name.count > 38 ? String(row.name.prefix(37)) + "…" : row.name
            let baseline = row.y + Self.rowHeight / 2 + 3.5
            if index % 2 == 1 {
                s += "<rect x=\"0\" y=\"\(c(row.y))\" width=\"\(c(Self.width))\" height=\"\(c(Self.rowHeight))\" fill=\"#f4f4f4\"/>\n"
            }
            s += "<text x=\"\(c(Self.labelRight))\" y=\"\(c(baseline))\" text-anchor=\"end\" font-size=\"11\">\(HTML.text(name))</text>\n"
            if let rate = row.rate {
                let below = rate < Self.targets[0]
                s += "<rect class=\"bar\" x=\"\(c(Self.barLeft))\" y=\"\(c(row.y + (Self.rowHeight - Self.barHeight) / 2))\""
                    + " width=\"\(c(row.barWidth))\" height=\"\(c(Self.barHeight))\" fill=\"\(below ? "#b00000" : "#1f4e8c")\"/>\n"
                // Inside the bar's end, in white, when it is long enough: clear of the target lines.
                let inside = row.barWidth >= 44
                s += "<text x=\"\(c(Self.barLeft + row.barWidth + (inside ? -4 : 4)))\" y=\"\(c(baseline))\" font-size=\"10\""
                    + (inside ? " text-anchor=\"end\" fill=\"#fff\"" : "") + ">\(language.numbers.percent(rate))</text>\n"
            } else {
                let missing = language.text(row.reported ? .rateChartNobodyInvited : .rateChartNotReported)

                s += "<text x=\"\(c(Self.barLeft + 4))\" y=\"\(c(baseline))\" font-size=\"10\" font-style=\"italic\">\(missing)</text>\n"
            }
        }
        for target in Self.targets {
            let x = Self.x(forRate: target)
            s += "<line class=\"target\" x1=\"\(c(x))\" y1=\"\(c(Self.top - 4))\" x2=\"\(c(x))\" y2=\"\(c(bottom))\" stroke=\"#000\""
                + " stroke-width=\"0.9\" stroke-dasharray=\"4 3\"/>\n"
            s += "<text x=\"\(c(x))\" y=\"\(c(Self.top - 8))\" text-anchor=\"middle\" font-size=\"9\">\(language.numbers.percent(target))</text>\n"
        }
        s += "<line x1=\"\(c(Self.barLeft))\" y1=\"\(c(Self.top - 4))\" x2=\"\(c(Self.barLeft))\" y2=\"\(c(bottom))\" stroke=\"#000\" stroke-width=\"1\"/>\n"
        return s + "</svg>"
    }
}
