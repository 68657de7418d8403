/// The presence curve drawn for print: people inside over the day, the parts shaded behind it,
/// the incidents that lost sound or picture hatched over it, and a dashed line at the number
/// invited. "Crowded early, thin at noon, empty in the afternoon" becomes a picture.
///
/// The geometry is computed here, apart from the SVG text, so tests can check it:
/// - The x axis runs from the curve's start to its end (start + slots × slot length), linearly
///   over `plotLeft...plotRight`; the y axis from 0 at `plotBottom` to `yMax` at `plotTop`.
/// - `yMax` is the smallest multiple of a 1-2-5 step at or above the peak (and the number
///   invited, when given) with at most 8 steps; never below 1.
/// - The curve has a point at the start of each slot (the people inside then) and one at the
///   end repeating the last count, so it spans the whole axis.
/// - A band per part (clipped to the axis), and a band per incident (its own times, clipped to
///   the axis): x and width in the same units. Outages (sound or picture lost) come last and
///   are cut out of the bands of poor quality, so the worst incident is the one seen.
/// - A tick at every whole hour of Vietnam time (every 2 h past 12 h, every 6 h past a day).
public struct PresenceChart: Equatable, Sendable {
    public static let width = 680.0
    public static let height = 270.0
    public static let plotLeft = 50.0
    public static let plotRight = 650.0
    public static let plotTop = 22.0
    public static let plotBottom = 226.0

    /// A shaded stretch of the axis.
    public struct Band: Equatable, Sendable {
        public var label: String
        public var x: Double
        public var width: Double
        /// For incidents: it lost sound or picture (hatched dark) rather than only quality.
        public var outage: Bool
    }

    public struct Tick: Equatable, Sendable {
        public var position: Double
        public var label: String
    }

    /// The curve's first instant and its end, in milliseconds.
    public let start: Int64
    public let end: Int64
    public let yMax: Int
    public let points: [(x: Double, y: Double)]
    public let parts: [Band]
    public let incidents: [Band]
    public let xTicks: [Tick]
    public let yTicks: [Tick]
    /// The y of the dashed "invited" line, when a count was given.
    public let invitedY: Double?
    /// The highest count and the first slot where it is reached.
    public let peak: (count: Int, at: Int64)

    /// The chart of `curve`, or nil when it has no slots or an unreadable start.
    public init?(
        curve: Tally.PresenceCurve, parts: [Tally.PartInfo], incidents: [IncidentSummary.Entry] = [], invited: Int? = nil,
        language: ReportLanguage = .vietnamese
    ) {
        guard !curve.counts.isEmpty, (1...1440).contains(curve.slotMinutes), let origin = Timestamp(rfc3339: curve.start) else {
            return nil
        }
        let slot = Int64(curve.slotMinutes) * 60_000
        let first = origin.milliseconds
        let last = first + slot * Int64(curve.counts.count)
        let peakCount = curve.counts.max()!
        let top = PresenceChart.niceMaximum(max(peakCount, invited ?? 0))
        (start, end, yMax) = (first, last, top)
        peak = (peakCount, first + slot * Int64(curve.counts.firstIndex(of: peakCount)!))

        let scaleX = (Self.plotRight - Self.plotLeft) / Double(last - first)
        let scaleY = (Self.plotBottom - Self.plotTop) / Double(top)
        func x(_ instant: Int64) -> Double { Self.plotLeft + Double(min(max(instant, first), last) - first) * scaleX }
        func y(_ count: Int) -> Double { Self.plotBottom - Double(min(count, top)) * scaleY }

        var points = curve.counts.enumerated().map { (x: x(first + slot * Int64($0.offset)), y: y($0.element)) }
        points.append((x(last), y(curve.counts.last!)))
        self.points = points

        func band(_ label: String, from: Int64, to: Int64, outage: Bool) -> Band? {
            let left = x(from)
            let right = x(to)
            return right > left || (from == to && from >= first && from <= last)
                ? Band(label: label, x: left, width: right - left, outage: outage) : nil
            // An incident wholly outside the axis clips to zero width at an edge: left out.
        }
        self.parts = parts.compactMap { part in
            guard let from = Timestamp(rfc3339: part.start), let to = Timestamp(rfc3339: part.end) else { return nil }
            return band(part.name, from: from.milliseconds, to: to.milliseconds, outage: false)
        }
        // The worst incident is the one visible: an outage's stretch is cut out of every band of
        // poor quality, and the outages are drawn last, over what is left.
        let spans: [(label: String, from: Int64, to: Int64, outage: Bool)] = incidents.compactMap { entry in
            guard let from = Timestamp(rfc3339: entry.start), let to = Timestamp(rfc3339: entry.end) else { return nil }
            return (entry.kind.label(language), from.milliseconds, max(from.milliseconds, to.milliseconds),
                    entry.kind.losesSound || entry.kind.losesPicture)
        }
        let outages = spans.filter(\.outage).map { (from: $0.from, to: $0.to) }
        let lesser = spans.filter { !$0.outage }.flatMap { span in
            Self.uncovered(from: span.from, to: span.to, by: outages).compactMap {
                band(span.label, from: $0.from, to: $0.to, outage: false)
            }
        }
        self.incidents = lesser + spans.filter(\.outage).compactMap { band($0.label, from: $0.from, to: $0.to, outage: true) }

        let hours = Double(last - first) / 3_600_000
        let stepHours: Int64 = hours <= 12 ? 1 : hours <= 24 ? 2 : 6
        let step = stepHours * 3_600_000
        // Hours are whole in Vietnam time (UTC+7, no daylight saving), so whole in UTC too.
        var tick = (first + step - 1) / step * step
        var xTicks: [Tick] = []
        while tick <= last, xTicks.count < 60 {
            let clock = ReportTime.local(Timestamp(milliseconds: tick).vietnam)?.clock ?? ""
            xTicks.append(Tick(position: x(tick), label: clock))
            tick += step
        }
        self.xTicks = xTicks
        yTicks = stride(from: 0, through: top, by: PresenceChart.niceStep(top)).map {
            Tick(position: y($0), label: language.numbers.integer($0))
        }
        invitedY = invited.flatMap { $0 > 0 ? y($0) : nil }
    }

    /// What is left of `from...to` outside the stretches of `worse`, in order. An instant
    /// (`from == to`) is left whole or not at all; a stretch of `worse` that is an instant
    /// covers nothing.
    static func uncovered(from: Int64, to: Int64, by worse: [(from: Int64, to: Int64)]) -> [(from: Int64, to: Int64)] {
        if from == to {
            return worse.contains { $0.from <= from && from <= $0.to && $0.from < $0.to } ? [] : [(from, to)]
        }
        var pieces = [(from: from, to: to)]
        for cut in worse where cut.from < cut.to {
            pieces = pieces.flatMap { piece -> [(from: Int64, to: Int64)] in
                guard cut.from < piece.to, piece.from < cut.to else { return [piece] }
                return [(piece.from, cut.from), (cut.to, piece.to)].filter { $0.0 < $0.1 }
            }
        }
        return pieces
    }

    /// The 1-2-5 step that divides the axis into at most 8 steps.
    static func niceStep(_ maximum: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where maximum <= factor * magnitude * 8 { return factor * magnitude }
            magnitude *= 10
        }
    }

    /// The axis' top: `value` rounded up to its step; 1 at least.
    static func niceMaximum(_ value: Int) -> Int {
        let value = max(1, value)
        let step = niceStep(value)
        return (value + step - 1) / step * step
    }

    public static func == (a: PresenceChart, b: PresenceChart) -> Bool {
        a.start == b.start && a.end == b.end && a.yMax == b.yMax && a.parts == b.parts && a.incidents == b.incidents
            && a.points.elementsEqual(b.points, by: { $0.x == $1.x && $0.y == $1.y })
    }
}

extension PresenceChart {
    /// The chart as inline SVG, scaled to the width of its container; `id` keeps the pattern
    /// names of two charts on one page apart. Labels are escaped; colours print in grey too.
    public func svg(language: ReportLanguage, invitedLabel: String? = nil, id: String = "presence") -> String {
        let c = HTML.coordinate
        var s = "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(c(Self.width)) \(c(Self.height))\""
            + " role=\"img\" aria-label=\"\(language.text(.presenceChartLabel))\">\n"
        s += "<defs><pattern id=\"\(id)-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
            + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f6d5d5\"/>"
            + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#b00000\" stroke-width=\"2.2\"/></pattern></defs>\n"
        let plotHeight = Self.plotBottom - Self.plotTop
        for part in parts {
            s += "<rect class=\"part\" x=\"\(c(part.x))\" y=\"\(c(Self.plotTop))\" width=\"\(c(part.width))\""
                + " height=\"\(c(plotHeight))\" fill=\"#e6ecf4\"/>\n"
            s += "<text class=\"part-label\" x=\"\(c(part.x + part.width / 2))\" y=\"\(c(Self.plotTop - 7))\""
                + " text-anchor=\"middle\" font-size=\"12\" font-style=\"italic\">\(HTML.text(part.label))</text>\n"
        }
        for tick in yTicks {
            s += "<line x1=\"\(c(Self.plotLeft))\" y1=\"\(c(tick.position))\" x2=\"\(c(Self.plotRight))\" y2=\"\(c(tick.position))\""
                + " stroke=\"#c8c8c8\" stroke-width=\"0.5\"/>\n"
            s += "<text x=\"\(c(Self.plotLeft - 5))\" y=\"\(c(tick.position + 3.5))\" text-anchor=\"end\" font-size=\"11\">"
                + "\(tick.label)</text>\n"
        }
        for incident in incidents {
            s += "<rect class=\"incident\" x=\"\(c(incident.x))\" y=\"\(c(Self.plotTop))\" width=\"\(c(max(incident.width, 1.5)))\""
                + " height=\"\(c(plotHeight))\" fill=\"\(incident.outage ? "url(#\(id)-hatch)" : "#f3e3b5")\" fill-opacity=\"0.85\">"
                + "<title>\(HTML.text(incident.label))</title></rect>\n"
        }
        let line = points.map { "\(c($0.x)),\(c($0.y))" }.joined(separator: " ")
        s += "<polygon class=\"area\" points=\"\(c(Self.plotLeft)),\(c(Self.plotBottom)) \(line) \(c(points.last!.x)),\(c(Self.plotBottom))\""
            + " fill=\"#1f4e8c\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
        s += "<polyline class=\"curve\" points=\"\(line)\" fill=\"none\" stroke=\"#1f4e8c\" stroke-width=\"1.8\""
            + " stroke-linejoin=\"round\"/>\n"
        if let invitedY {
            s += "<line class=\"invited\" x1=\"\(c(Self.plotLeft))\" y1=\"\(c(invitedY))\" x2=\"\(c(Self.plotRight))\" y2=\"\(c(invitedY))\""
                + " stroke=\"#000\" stroke-width=\"0.9\" stroke-dasharray=\"5 3\"/>\n"
            if let invitedLabel {
                s += "<text x=\"\(c(Self.plotRight - 3))\" y=\"\(c(invitedY - 4))\" text-anchor=\"end\" font-size=\"11\">"
                    + "\(HTML.text(invitedLabel))</text>\n"
            }
        }
        s += "<line x1=\"\(c(Self.plotLeft))\" y1=\"\(c(Self.plotBottom))\" x2=\"\(c(Self.plotRight))\" y2=\"\(c(Self.plotBottom))\""
            + " stroke=\"#000\" stroke-width=\"1\"/>\n"
        s += "<line x1=\"\(c(Self.plotLeft))\" y1=\"\(c(Self.plotTop))\" x2=\"\(c(Self.plotLeft))\" y2=\"\(c(Self.plotBottom))\""
            + " stroke=\"#000\" stroke-width=\"1\"/>\n"
        for tick in xTicks {
            s += "<line x1=\"\(c(tick.position))\" y1=\"\(c(Self.plotBottom))\" x2=\"\(c(tick.position))\" y2=\"\(c(Self.plotBottom + 4))\""
                + " stroke=\"#000\" stroke-width=\"1\"/>\n"
            s += "<text class=\"x-label\" x=\"\(c(tick.position))\" y=\"\(c(Self.plotBottom + 16))\" text-anchor=\"middle\""
                + " font-size=\"11\">\(tick.label)</text>\n"
        }
        s += "<text x=\"\(c(Self.plotLeft))\" y=\"\(c(Self.height - 6))\" font-size=\"10\" font-style=\"italic\">"
            + language.text(.presenceChartAxis)

            + "</text>\n"
        return s + "</svg>"
    }
}
