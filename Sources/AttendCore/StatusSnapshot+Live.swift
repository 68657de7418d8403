extension StatusSnapshot {
    /// A hub's live view of one conference in the status file and the metrics: how many halls
    /// are live, which are silent (by name), who is present now of how many invited.
    public struct LiveStatus: Codable, Equatable, Sendable {
        /// The conferences shown, at most: those heard most recently. Bounds the metrics' label
        /// set (`{conference}`) whatever the halls send.
        public static let maxConferences = 8

        public var conference: String
        public var halls: Int
        public var silent: [String]
        public var present: Int
        public var invited: Int
        /// Halls with an incident open (sound or picture lost).
        public var incidentHalls: Int

        public init(conference: String, halls: Int, silent: [String], present: Int, invited: Int, incidentHalls: Int) {
            self.conference = conference
            self.halls = halls
            self.silent = silent
            self.present = present
            self.invited = invited
            self.incidentHalls = incidentHalls
        }

        /// The rows of a hub's board at `now`: the `maxConferences` conferences heard most
        /// recently, sorted by id.
        public static func rows(board: LiveBoard, bridges: [BridgeKey], at now: Timestamp) -> [LiveStatus] {
            let newest = board.conferences.map { conference in
                (conference, board.summaries(of: conference).values.map(\.heardAt).max() ?? Timestamp(milliseconds: 0))
            }
            let shown = newest.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(maxConferences).map(\.0).sorted()
            return shown.compactMap { conference in
                DistrictLive.compute(conference: conference, board: board, bridges: bridges, at: now).map { live in
                    LiveStatus(conference: conference, halls: live.halls.count, silent: live.silent, present: live.present,
                               invited: live.invited, incidentHalls: live.incidentHalls)
                }
            }
        }
    }
}
