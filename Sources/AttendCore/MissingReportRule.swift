/// On a hub: which bridge points have not reported a conference in time. The clock starts at the
/// first closed (final) tally any bridge point sent for it; once `delayMinutes` have passed, every
/// known bridge point without a tally for it is missing. Conferences of the last 7 days only.
public enum MissingReportRule {
    /// How far back a conference's first tally may be and still be watched.
    public static let windowMilliseconds: Int64 = 7 * 86_400_000

    /// The earliest first tally watched at `now`.
    public static func watchedSince(_ now: Timestamp) -> Timestamp {
        Timestamp(milliseconds: now.milliseconds - windowMilliseconds)
    }

    /// A conference some bridge point reported: when its first closed tally came, and who sent one.
    public typealias Received = (conference: String, first: Timestamp, bridges: Set<String>)

    /// The conferences, in the order given, whose missing bridge points are due at `now`, each
    /// with how many reported and the names of those missing (sorted); none for a conference
    /// every bridge point reported.
    public static func missing(
        _ received: [Received], bridges: [BridgeKey], delayMinutes: Int, at now: Timestamp
    ) -> [StatusSnapshot.MissingReports] {
        let delay = Int64(delayMinutes) * 60_000
        return received.compactMap { entry in
            guard now.milliseconds - entry.first.milliseconds >= delay else { return nil }
            let missing = bridges.filter { !entry.bridges.contains($0.id) }.map(\.name).sorted()
            return missing.isEmpty ? nil : .init(conference: entry.conference, reported: entry.bridges.count, missing: missing)
        }
    }
}
