/// Which halls have just gone silent, once per silence: the hub's `hall_silent` events and the
/// report files' re-render when a hall stops (silence is the absence of messages, so a timer
/// asks, not a message). A pure value: the daemon keeps one, calls `step` with the live board
/// at `now`, and sleeps until `nextCheck`.
///
/// A hall announced silent is not announced again until it is heard (a newer summary makes it
/// live, which forgets it) and goes silent again. Bounded as the board is: it remembers at most
/// the board's (hall, conference) pairs, those no longer held are forgotten at each step.
public struct LiveSilenceWatch: Equatable, Sendable {
    /// A hall that went silent: its conference, id and when the hub last heard it.
    public struct Silence: Equatable, Sendable {
        public var conference: String
        public var hall: String
        public var lastHeard: Timestamp

        /// The `hall_silent` event, its detail the time last heard (Vietnam clock, `09:41`).
        public func event(hallName: String?, at now: Timestamp) -> HallEvent {
            HallEvent(kind: .hallSilent, conference: conference, hall: hall, hallName: hallName,
                      detail: ReportTime.local(lastHeard.vietnam).map(\.clock) ?? lastHeard.vietnam, at: now)
        }
    }

    /// (hall, conference) pairs announced silent and not heard since.
    public private(set) var announced: Set<String> = []

    public init() {}

    private static func key(_ hall: String, _ conference: String) -> String { hall + "\u{1F}" + conference }

    /// The halls that turned silent since the last step (sorted by conference, then hall), and
    /// the earliest time a hall still live will turn silent (nil when none is live).
    public mutating func step(board: LiveBoard, at now: Timestamp) -> (silenced: [Silence], nextCheck: Timestamp?) {
        var silenced: [Silence] = []
        var next: Int64?
        var held: Set<String> = []
        for (hall, conferences) in board.entries {
            for (conference, entry) in conferences {
                let key = Self.key(hall, conference)
                held.insert(key)
                if LiveSilenceRule.isSilent(heardAt: entry.heardAt, intervalSeconds: entry.summary.intervalSeconds, at: now) {
                    if announced.insert(key).inserted {
                        silenced.append(Silence(conference: conference, hall: hall, lastHeard: entry.heardAt))
                    }
                } else {
                    announced.remove(key)
                    // The rule is "older than": silent one millisecond after the limit.
                    let due = entry.heardAt.milliseconds + Int64(LiveSilenceRule.intervals * entry.summary.intervalSeconds) * 1000 + 1
                    next = min(next ?? due, due)
                }
            }
        }
        announced.formIntersection(held)
        silenced.sort { ($0.conference, $0.hall) < ($1.conference, $1.hall) }
        return (silenced, next.map { Timestamp(milliseconds: $0) })
    }
}
