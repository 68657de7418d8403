/// Reconciles check-ins with the invited list: the pure function behind every report.
///
/// The rules, for every edge the documents and operators run into:
/// - A delegate's presence is a set of intervals. A check-in opens one (a repeated check-in
///   while inside changes nothing); a check-out closes it.
/// - A check-out without a check-in before it means the delegate was there without scanning
///   in: present from the start of the part the check-out falls in (or the last part started
///   before it), until the check-out.
/// - Still inside at the end (no check-out): present to the end of the last part.
/// - Leaving at noon and returning gives two intervals; each part is judged on its own.
/// - Presence counts only between the first part's start and the last part's end; events
///   outside that span only open or close intervals. Someone who came only after the end is absent.
/// - In a part: late when the first arrival is more than the grace period after its start;
///   left early when the last departure is more than the grace period before its end.
/// - Present at a part's start/end: inside at start + grace / end − grace.
/// - A conference over midnight needs nothing special: all times are absolute instants.
/// - An invited delegate is present when inside during any part; an excuse recorded for a
///   delegate who came is ignored. Anyone not invited who checked in is a walk-in.
/// - A voided event (`VOID`) counts for nothing: the tally is as if it had never been scanned.
/// - A close before the planned end ends the day (`ConferencePlan.ended(at:)`): the part under
///   way ends at the close, parts not begun are dropped (nobody is absent from them), and
///   people still inside and incidents still open count until the close, not into the future.
///   Closed before any part began, the conference was not held: nobody is absent and there is no rate.
/// - A conference without parts (opened ad hoc): whoever checked in or out before the close came;
///   the invited others are absent.
public enum TallyComputation {
    /// The presence curve's resolution.
    public static let slotMinutes = 5

    /// - Parameter closedAt: when the conference was closed, if it was; a close before the
    ///   planned end cuts the plan there.
    public static func tally(
        plan planned: ConferencePlan, invited: [Delegate], excuses: [String: String], events: [AttendanceEvent],
        incidents: [Incident] = [], closedAt: Timestamp? = nil
    ) -> Tally {
        let plan = closedAt.map { planned.ended(at: $0) } ?? planned
        let notHeld = !planned.parts.isEmpty && plan.parts.isEmpty
        let span = plan.span ?? (Timestamp(milliseconds: 0), Timestamp(milliseconds: 0))
        let grace = Int64(plan.graceMinutes) * 60_000
        var eventsByDelegate: [String: [AttendanceEvent]] = [:]
        eventsByDelegate.reserveCapacity(invited.count)
        for event in events where !event.voided { eventsByDelegate[event.delegate, default: []].append(event) }
        let invitedIDs = Set(invited.map(\.id))

        var intervalsByDelegate: [String: [Interval]] = [:]
        for (delegate, list) in eventsByDelegate {
            intervalsByDelegate[delegate] = intervals(of: list, plan: plan, span: span)
        }

        var total = Tally.Figures(belowTarget: false)
        var byCategory: [DelegateCategory: Tally.Figures] = [:]
        var parts = plan.parts.map {
            Tally.PartFigures(name: $0.name, present: 0, presentAtStart: 0, presentAtEnd: 0, arrivedLate: 0, leftEarly: 0)
        }
        var absentees: [Tally.Absentee] = []
        var presentIDs: [String] = []
        var late: [(Int, Tally.Lateness)] = []
        var early: [(Int, Tally.Lateness)] = []

        for delegate in invited {
            var figures = byCategory[delegate.category] ?? Tally.Figures(belowTarget: false)
            figures.invited += 1
            total.invited += 1
            let spans = intervalsByDelegate[delegate.id] ?? []
            var presentAnywhere = planned.parts.isEmpty
                && (eventsByDelegate[delegate.id] ?? []).contains { event in closedAt.map { event.at < $0 } ?? true }
            for (index, part) in plan.parts.enumerated() {
                let inPart = spans.filter { $0.start < part.end.milliseconds && $0.end > part.start.milliseconds }
                guard !inPart.isEmpty else { continue }
                presentAnywhere = true
                parts[index].present += 1
                let startSample = part.start.milliseconds + grace
                let endSample = part.end.milliseconds - max(grace, 1)
                if inPart.contains(where: { $0.covers(startSample) }) { parts[index].presentAtStart += 1 }
                if inPart.contains(where: { $0.covers(endSample) }) { parts[index].presentAtEnd += 1 }
                let arrival = inPart.map { max($0.start, part.start.milliseconds) }.min()!
                let departure = inPart.map { min($0.end, part.end.milliseconds) }.max()!
                if arrival > part.start.milliseconds + grace {
                    parts[index].arrivedLate += 1
                    late.append((index, lateness(delegate, part, at: arrival, minutes: arrival - part.start.milliseconds)))
                }
                if departure < part.end.milliseconds - grace {
                    parts[index].leftEarly += 1
                    early.append((index, lateness(delegate, part, at: departure, minutes: part.end.milliseconds - departure)))
                }
            }
            if presentAnywhere {
                presentIDs.append(delegate.id)
                figures.present += 1
                total.present += 1
            } else if notHeld {
                // Nobody is absent from a conference closed before it began.
            } else if let reason = excuses[delegate.id] {
                figures.absentExcused += 1
                total.absentExcused += 1
                absentees.append(absentee(delegate, reason: reason))
            } else {
                figures.absentUnexcused += 1
                total.absentUnexcused += 1
                absentees.append(absentee(delegate, reason: nil))
            }
            byCategory[delegate.category] = figures
        }

        var walkIns: [Tally.WalkIn] = []
        for (delegate, list) in eventsByDelegate where !invitedIDs.contains(delegate) {
            let first = list.map(\.at).min()!
            walkIns.append(Tally.WalkIn(id: delegate, firstSeen: first.vietnam))
            total.walkIns += 1
        }
        walkIns.sort { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }

        var categories = Tally.Figures.finish(byCategory, total: &total)
        if notHeld {
            total.rate = nil
            total.belowTarget = false
            for index in categories.indices {
                categories[index].figures.rate = nil
                categories[index].figures.belowTarget = false
            }
        }
        // Official lists: unexcused then excused, each grouped by unit (in the order the invited
        // list first names them) and in Vietnamese order within; late and early per part, by name.
        let unitOrder = VietnameseOrder.firstAppearance(invited.map(\.unit))
        absentees = [false, true].flatMap { excused in
            VietnameseOrder.sorted(absentees.filter { $0.excused == excused }, name: \.name, id: \.id, unit: \.unit, unitOrder: unitOrder)
        }
        func ordered(_ list: [(Int, Tally.Lateness)]) -> [Tally.Lateness] {
            plan.parts.indices.flatMap { part in
                VietnameseOrder.sorted(list.filter { $0.0 == part }.map(\.1), name: \.name, id: \.id)
            }
        }

        var tally = Tally(
            conference: Tally.ConferenceInfo(
                id: plan.id, title: plan.title, date: plan.date, graceMinutes: plan.graceMinutes, expected: plan.expected,
                parts: plan.parts.map { Tally.PartInfo(name: $0.name, start: $0.start.vietnam, end: $0.end.vietnam) }),
            total: total, categories: categories, parts: parts,
            curve: curve(span: span, intervals: intervalsByDelegate.values),
            absentees: absentees, lateArrivals: ordered(late), earlyLeavers: ordered(early), walkIns: walkIns,
            incidents: plan.parts.isEmpty
                ? nil : IncidentSummary.compute(plan: plan, incidents: incidents, presence: intervalsByDelegate.values))
        tally.present = presentIDs.sorted()
        return tally
    }

    /// A half-open stretch of presence, in milliseconds.
    struct Interval: Equatable {
        var start: Int64
        var end: Int64
        func covers(_ instant: Int64) -> Bool { start <= instant && instant < end }
    }

    /// One delegate's presence, clipped to the conference span.
    static func intervals(
        of events: [AttendanceEvent], plan: ConferencePlan, span: (start: Timestamp, end: Timestamp)
    ) -> [Interval] {
        let sorted = events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        var result: [Interval] = []
        var openSince: Int64?
        for event in sorted {
            let time = event.at.milliseconds
            switch event.direction {
            case .checkIn:
                if openSince == nil { openSince = time }
            case .checkOut:
                if let since = openSince {
                    result.append(Interval(start: since, end: time))
                    openSince = nil
                } else if let part = plan.parts.last(where: { $0.start.milliseconds <= time }) {
                    result.append(Interval(start: part.start.milliseconds, end: time))
                }
            }
        }
        if let since = openSince { result.append(Interval(start: since, end: max(since, span.end.milliseconds))) }
        return result.compactMap { interval in
            let clipped = Interval(start: max(interval.start, span.start.milliseconds), end: min(interval.end, span.end.milliseconds))
            return clipped.start < clipped.end ? clipped : nil
        }
    }

    /// People inside at the start of each slot, by a difference array over the slots.
    static func curve(span: (start: Timestamp, end: Timestamp), intervals: Dictionary<String, [Interval]>.Values) -> Tally.PresenceCurve {
        let slot = Int64(slotMinutes) * 60_000
        let origin = span.start.milliseconds
        let slots = Int(max(0, (span.end.milliseconds - origin + slot - 1) / slot))
        var difference = [Int](repeating: 0, count: slots + 1)
        for list in intervals {
            for interval in list {
                // Slots whose start instant lies in [start, end).
                let first = Int((interval.start - origin + slot - 1) / slot)
                let last = Int((interval.end - 1 - origin) / slot)
                guard first <= last, first < slots else { continue }
                difference[first] += 1
                difference[min(last, slots - 1) + 1] -= 1
            }
        }
        var counts: [Int] = []
        counts.reserveCapacity(slots)
        var running = 0
        for index in 0..<slots {
            running += difference[index]
            counts.append(running)
        }
        return Tally.PresenceCurve(slotMinutes: slotMinutes, start: span.start.vietnam, counts: counts)
    }

    private static func absentee(_ delegate: Delegate, reason: String?) -> Tally.Absentee {
        Tally.Absentee(
            id: delegate.id, name: delegate.fullName, unit: delegate.unit, category: delegate.category,
            excused: reason != nil, reason: reason)
    }

    private static func lateness(_ delegate: Delegate, _ part: ConferencePlan.Part, at: Int64, minutes: Int64) -> Tally.Lateness {
        Tally.Lateness(
            id: delegate.id, name: delegate.fullName, unit: delegate.unit, part: part.name,
            at: Timestamp(milliseconds: at).vietnam, minutes: Int(minutes / 60_000))
    }
}

extension ConferencePlan {
    /// The plan as the day went when it was closed at `close`: a part under way ends there,
    /// parts that had not begun are dropped. A close at or after the planned end changes nothing.
    public func ended(at close: Timestamp) -> ConferencePlan {
        var cut = self
        cut.parts = parts.compactMap { part in
            guard part.start < close else { return nil }
            return Part(name: part.name, start: part.start, end: min(part.end, close))
        }
        return cut
    }
}

extension Tally.Figures {
    /// Finishes the counts per category against their targets, in category order, and the
    /// total, which is below target when any category is.
    static func finish(_ byCategory: [DelegateCategory: Tally.Figures], total: inout Tally.Figures) -> [Tally.CategoryFigures] {
        total.finish(target: nil)
        let categories = DelegateCategory.allCases.compactMap { category -> Tally.CategoryFigures? in
            guard var figures = byCategory[category] else { return nil }
            figures.finish(target: category.target)
            return Tally.CategoryFigures(category: category, figures: figures)
        }
        total.belowTarget = categories.contains { $0.figures.belowTarget }
        return categories
    }

    /// Fills in the rate (one decimal, half up) and whether it is below `target` (a fraction).
    public mutating func finish(target fraction: Double?) {
        rate = invited == 0 ? nil : Double((present * 1000 * 2 + invited) / (invited * 2)) / 10
        target = fraction.map { ($0 * 1000).rounded() / 10 }
        if let rate, let target { belowTarget = rate < target } else { belowTarget = false }
    }
}
