/// Per-terminal counts and last-seen times, for the status file.
///
/// Bounded: past `capacity` terminals, new ids are counted in `untracked` instead, so a flood
/// of made-up ids cannot grow memory.
public struct TerminalRegistry: Sendable {
    public struct Entry: Equatable, Sendable {
        public var lastSeen: Timestamp
        public var checkins = 0
        public var checkouts = 0
        public var errors = 0
    }

    public let capacity: Int
    public private(set) var entries: [String: Entry] = [:]
    /// Requests from terminals not tracked because the table was full.
    public private(set) var untracked = 0

    public init(capacity: Int = 10_000) { self.capacity = capacity }

    /// Notes a request from `terminal` at `now`.
    public mutating func seen(_ terminal: String, at now: Timestamp) {
        if entries[terminal] != nil {
            entries[terminal]!.lastSeen = now
        } else if entries.count < capacity {
            entries[terminal] = Entry(lastSeen: now)
        } else {
            untracked += 1
        }
    }

    /// Notes the outcome of a request from `terminal` seen before.
    public mutating func count(_ terminal: String, stored direction: Direction?, error: Bool) {
        guard entries[terminal] != nil else { return }
        if error { entries[terminal]!.errors += 1 }
        switch direction {
        case .checkIn: entries[terminal]!.checkins += 1
        case .checkOut: entries[terminal]!.checkouts += 1
        case nil: break
        }
    }

    /// The table as status entries, sorted by id.
    public func statuses() -> [StatusSnapshot.TerminalStatus] {
        entries.sorted { $0.key < $1.key }.map { id, entry in
            StatusSnapshot.TerminalStatus(
                id: id, lastSeen: entry.lastSeen.vietnam, checkins: entry.checkins,
                checkouts: entry.checkouts, errors: entry.errors)
        }
    }
}
