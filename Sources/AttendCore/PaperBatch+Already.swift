extension PaperBatch {
    /// Who a sheet of `part` lists as checked in already rather than stores: the delegates inside
    /// during that part by the events not voided, judged as the tally judges presence
    /// (`TallyComputation.intervals`). A delegate who left at noon and signed the afternoon's
    /// sheet, or signed the morning's while the terminals were down and scanned in after lunch, is
    /// stored for the part they signed; whoever the terminals had inside then is not stored twice.
    /// A sheet without a part (or whose part the plan no longer has): whoever has a check-in.
    public static func alreadyPresent(events: [AttendanceEvent], plan: ConferencePlan?, part: String) -> Set<String> {
        let counted = events.filter { !$0.voided }
        guard !part.isEmpty, let plan, let span = plan.span, let found = plan.parts.first(where: { $0.name == part }) else {
            return Set(counted.filter { $0.direction == .checkIn }.map(\.delegate))
        }
        var byDelegate: [String: [AttendanceEvent]] = [:]
        for event in counted { byDelegate[event.delegate, default: []].append(event) }
        var inside = Set<String>()
        for (delegate, list) in byDelegate {
            let spans = TallyComputation.intervals(of: list, plan: plan, span: span)
            if spans.contains(where: { $0.start < found.end.milliseconds && $0.end > found.start.milliseconds }) { inside.insert(delegate) }
        }
        return inside
    }
}
