/// How a check-in reached attendd. The store keeps the raw value in `checkin.origin` (its
/// schema admits exactly these three); the tally counts a queued or paper entry at its `at=`.
public enum CheckinOrigin: String, CaseIterable, Sendable, Codable {
    /// Sent as it was scanned.
    case live
    /// `queued=1`: scanned while the line was down and sent later.
    case queued
    /// `paper=1`: entered on the control socket from a paper sign-in sheet.
    case paper
}

extension CheckRequest {
    /// The origin its flags give: paper before queued, live when neither is set.
    public var origin: CheckinOrigin {
        paper ? .paper : queued ? .queued : .live
    }
}
