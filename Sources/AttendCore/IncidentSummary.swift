/// How the connection held up during a conference: what the tally carries under `incidents`,
/// so the district sees how much of the conference a hall actually saw and heard.
///
/// The rules (`compute`):
/// - Only time inside the parts (buổi) counts. Each incident is clipped to the parts: time
///   before the first part, between parts (lunch, the night) and after the last counts for
///   nothing. An incident with no time inside any part is left out: not counted, not listed.
///   An instant one (end = start) counts, with 0 minutes, when it falls inside a part.
/// - An incident with no end counts until the last part's end and is marked
///   `closed_by_conference_end` (as is one the store already closed there). An end before the
///   start is read as an instant at the start.
/// - Per kind: the number of incidents, and the minutes during which at least one incident of
///   that kind was open. Overlapping and nested incidents of one kind are unioned: two reports
///   of the same cut do not make it twice as long. Every kind has a row, in `IncidentKind` order.
/// - Outages are the incidents that lose sound or picture (`audio_lost`, `video_lost`,
///   `line_down`, `power`); `degraded` is counted and listed but is not an outage.
///   `outage_minutes` is the union of all outages.
/// - The longest outage: the outage incident with the most counted minutes; a tie goes to the
///   earlier start, then the lower id. Nil without outages.
/// - Per part: the share of its time that had sound (no sound-losing incident open) and that
///   had picture, overlaps unioned. Percent to one decimal, rounded down, so 100% means
///   nothing was lost. A conference without incidents shows 100% everywhere.
/// - People-minutes lost by an incident: the integral over its counted time of the people
///   inside the hall, from the same presence intervals as the tally (everyone who checked in,
///   walk-ins included). The total is over the union of outages, so overlapping outages are
///   not counted twice and degraded quality is not counted at all.
/// - People inside at start: at the first instant the incident counted (its start, or the
///   start of the first part it reached).
/// - Minutes and people-minutes to one decimal, rounded half up. Incidents listed by start, then id.
public struct IncidentSummary: Equatable, Sendable, Codable {
    /// One row per kind, every kind, in `IncidentKind` order.
    public var kinds: [KindFigures]
    /// Minutes during which sound or picture (or both) was lost, outages unioned.
    public var outageMinutes: Double
    /// People-minutes inside the hall while sound or picture was lost, outages unioned.
    public var peopleMinutesLost: Double
    public var longestOutage: Outage?
    /// One entry per part of the conference, in order.
    public var parts: [PartCoverage]
    /// Every incident that counted, by start.
    public var entries: [Entry]

    public init(
        kinds: [KindFigures], outageMinutes: Double, peopleMinutesLost: Double, longestOutage: Outage?,
        parts: [PartCoverage], entries: [Entry]
    ) {
        self.kinds = kinds
        self.outageMinutes = outageMinutes
        self.peopleMinutesLost = peopleMinutesLost
        self.longestOutage = longestOutage
        self.parts = parts
        self.entries = entries
    }

    public struct KindFigures: Equatable, Sendable, Codable {
        public var kind: IncidentKind
        public var count: Int
        /// Minutes inside the parts with at least one incident of this kind open.
        public var minutes: Double
    }

    public struct Outage: Equatable, Sendable, Codable {
        public var id: Int64
        public var kind: IncidentKind
        /// RFC 3339 in Vietnam's local time.
        public var start: String
        public var minutes: Double
    }

    public struct PartCoverage: Equatable, Sendable, Codable {
        public var name: String
        /// The part's length.
        public var minutes: Double
        /// Share of the part with sound, percent, one decimal, rounded down.
        public var soundPercent: Double
        /// Share of the part with picture, percent, one decimal, rounded down.
        public var picturePercent: Double
        public var soundLostMinutes: Double
        public var pictureLostMinutes: Double
    }

    public struct Entry: Equatable, Sendable, Codable {
        public var id: Int64
        public var kind: IncidentKind
        public var source: IncidentSource
        /// The terminal or probe target that reported it; nil for operators.
        public var sourceName: String?
        /// The incident's own times (not clipped), RFC 3339 in Vietnam's local time; an open
        /// incident ends at the last part's end.
        public var start: String
        public var end: String
        /// Minutes inside the parts.
        public var minutes: Double
        public var note: String
        /// It had no end when the conference ended.
        public var closedByConferenceEnd: Bool
        public var peopleInsideAtStart: Int
        public var peopleMinutesLost: Double
    }
}

extension IncidentSummary {
    /// The summary of `incidents` over `plan`'s parts, with presence from `events` (see the
    /// rules on `IncidentSummary`).
    public static func compute(plan: ConferencePlan, incidents: [Incident], events: [AttendanceEvent]) -> IncidentSummary {
        var byDelegate: [String: [AttendanceEvent]] = [:]
        for event in events { byDelegate[event.delegate, default: []].append(event) }
        let span = plan.span ?? (Timestamp(milliseconds: 0), Timestamp(milliseconds: 0))
        let presence = byDelegate.mapValues { TallyComputation.intervals(of: $0, plan: plan, span: span) }
        return compute(plan: plan, incidents: incidents, presence: presence.values)
    }

    /// The same from presence intervals already computed (the tally has them).
    static func compute(
        plan: ConferencePlan, incidents: [Incident], presence: some Collection<[TallyComputation.Interval]>
    ) -> IncidentSummary {
        typealias Interval = TallyComputation.Interval
        let parts = plan.parts.map { Interval(start: $0.start.milliseconds, end: $0.end.milliseconds) }
        let spanEnd = parts.last?.end ?? 0

        // Each incident that counts, with its pieces inside the parts.
        var counted: [(incident: Incident, end: Int64, pieces: [Interval])] = []
        for incident in incidents {
            let start = incident.start.milliseconds
            guard incident.end != nil || start < spanEnd else { continue }
            let end = max(start, incident.end?.milliseconds ?? spanEnd)
            var pieces: [Interval] = []
            var touches = false
            for part in parts {
                let piece = Interval(start: max(start, part.start), end: min(end, part.end))
                if piece.start < piece.end {
                    pieces.append(piece)
                    touches = true
                } else if start == end, part.covers(start) {
                    pieces.append(Interval(start: start, end: start))
                    touches = true
                }
            }
            if touches { counted.append((incident, end, pieces)) }
        }
        counted.sort { ($0.incident.start, $0.incident.id) < ($1.incident.start, $1.incident.id) }

        // Built only when there is something to integrate: most conferences have no incident.
        let profile = counted.isEmpty ? PresenceProfile(intervals: []) : PresenceProfile(intervals: presence.joined())

        let kinds = IncidentKind.allCases.map { kind in
            let ofKind = counted.filter { $0.incident.kind == kind }
            return KindFigures(kind: kind, count: ofKind.count, minutes: minutes(length(union(ofKind.flatMap(\.pieces)))))
        }
        let outages = union(counted.filter { $0.incident.isOutage }.flatMap(\.pieces))
        let sound = union(counted.filter { $0.incident.kind.losesSound }.flatMap(\.pieces))
        let picture = union(counted.filter { $0.incident.kind.losesPicture }.flatMap(\.pieces))

        let coverage = zip(plan.parts, parts).map { named, part in
            let total = part.end - part.start
            let noSound = length(intersect(sound, part))
            let noPicture = length(intersect(picture, part))
            return PartCoverage(
                name: named.name, minutes: minutes(total), soundPercent: share(kept: total - noSound, of: total),
                picturePercent: share(kept: total - noPicture, of: total), soundLostMinutes: minutes(noSound),
                pictureLostMinutes: minutes(noPicture))
        }

        let entries = counted.map { item in
            let incident = item.incident
            return Entry(
                id: incident.id, kind: incident.kind, source: incident.source, sourceName: incident.sourceName,
                start: incident.start.vietnam, end: Timestamp(milliseconds: item.end).vietnam,
                minutes: minutes(length(item.pieces)), note: incident.note,
                closedByConferenceEnd: incident.closedByConferenceEnd || incident.end == nil,
                peopleInsideAtStart: profile.count(at: item.pieces[0].start),
                peopleMinutesLost: peopleMinutes(item.pieces.map { profile.personMilliseconds($0) }.reduce(0, +)))
        }

        let longest = counted.filter { $0.incident.isOutage }
            .map { (item: $0, length: length($0.pieces)) }
            .min { ($1.length, $0.item.incident.start, $0.item.incident.id) < ($0.length, $1.item.incident.start, $1.item.incident.id) }
            .map { Outage(id: $0.item.incident.id, kind: $0.item.incident.kind, start: $0.item.incident.start.vietnam, minutes: minutes($0.length)) }

        return IncidentSummary(
            kinds: kinds, outageMinutes: minutes(length(outages)),
            peopleMinutesLost: peopleMinutes(outages.map { profile.personMilliseconds($0) }.reduce(0, +)),
            longestOutage: longest, parts: coverage, entries: entries)
    }

    // MARK: Arithmetic on intervals, in milliseconds

    /// Sorted, disjoint, non-empty intervals covering the same instants.
    static func union(_ intervals: [TallyComputation.Interval]) -> [TallyComputation.Interval] {
        var result: [TallyComputation.Interval] = []
        for interval in intervals.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) where interval.start < interval.end {
            if let last = result.last, interval.start <= last.end {
                result[result.count - 1].end = max(last.end, interval.end)
            } else {
                result.append(interval)
            }
        }
        return result
    }

    /// The parts of disjoint `intervals` inside `window`.
    static func intersect(_ intervals: [TallyComputation.Interval], _ window: TallyComputation.Interval) -> [TallyComputation.Interval] {
        intervals.compactMap { interval in
            let piece = TallyComputation.Interval(start: max(interval.start, window.start), end: min(interval.end, window.end))
            return piece.start < piece.end ? piece : nil
        }
    }

    static func length(_ intervals: [TallyComputation.Interval]) -> Int64 {
        intervals.reduce(0) { $0 + max(0, $1.end - $1.start) }
    }

    /// Milliseconds as minutes to one decimal, half up.
    static func minutes(_ milliseconds: Int64) -> Double { Double((max(0, milliseconds) + 3_000) / 6_000) / 10 }

    /// Person-milliseconds as people-minutes to one decimal, half up.
    static func peopleMinutes(_ personMilliseconds: Int64) -> Double { minutes(personMilliseconds) }

    /// `kept / total` in percent to one decimal, rounded down; 100 for an empty part.
    static func share(kept: Int64, of total: Int64) -> Double {
        guard total > 0 else { return 100 }
        return Double(max(0, kept) * 1000 / total) / 10
    }
}

/// The number of people inside the hall as a step function of time, with its running
/// integral, so each incident's people-minutes is two binary searches.
struct PresenceProfile {
    /// Instants where the count changes, ascending.
    private var times: [Int64] = []
    /// People inside from `times[k]` until `times[k + 1]`; 0 after the last.
    private var counts: [Int] = []
    /// Person-milliseconds from `times[0]` to `times[k]`.
    private var integral: [Int64] = []

    init(intervals: some Sequence<TallyComputation.Interval>) {
        var changes: [(time: Int64, delta: Int)] = []
        for interval in intervals where interval.start < interval.end {
            changes.append((interval.start, 1))
            changes.append((interval.end, -1))
        }
        changes.sort { $0.time < $1.time }
        var running = 0
        var area: Int64 = 0
        for change in changes {
            if let last = times.last, last == change.time {
                running += change.delta
                counts[counts.count - 1] = running
                continue
            }
            if let last = times.last { area += Int64(counts[counts.count - 1]) * (change.time - last) }
            running += change.delta
            times.append(change.time)
            counts.append(running)
            integral.append(area)
        }
    }

    /// The index of the last change at or before `instant`, nil before the first.
    private func step(at instant: Int64) -> Int? {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? nil : low - 1
    }

    /// People inside at `instant`.
    func count(at instant: Int64) -> Int {
        step(at: instant).map { counts[$0] } ?? 0
    }

    /// Person-milliseconds from `times[0]` (or earlier) to `instant`.
    private func area(upTo instant: Int64) -> Int64 {
        guard let k = step(at: instant) else { return 0 }
        return integral[k] + Int64(counts[k]) * (instant - times[k])
    }

    /// Person-milliseconds inside `interval`.
    func personMilliseconds(_ interval: TallyComputation.Interval) -> Int64 {
        interval.end <= interval.start ? 0 : area(upTo: interval.end) - area(upTo: interval.start)
    }
}
