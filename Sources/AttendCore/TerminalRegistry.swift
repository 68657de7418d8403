/// Per-terminal counts and last-seen times, for the status file.
///
/// Only terminals that passed admission are tracked: a line refused as `not_authorised` is
/// counted in `untracked`, and once the config names its terminals (`[terminals] allow`, or keys
/// in `keys_file`), only those named (`pinned`: allowed, keyed or listed as unsigned) are tracked
/// at all. Pinned terminals are never evicted. The others share `capacity` slots; when full, the
/// oldest that never had a check-in or check-out stored is evicted (counted in `evicted`), so junk
/// ids sent on PINGs cannot push out a terminal that works; with no such one left, the newcomer
/// is counted in `untracked`.
public struct TerminalRegistry: Sendable {
    public struct Entry: Equatable, Sendable {
        public var lastSeen: Timestamp
        public var checkins = 0
        public var checkouts = 0
        public var errors = 0
    }

    /// Slots for terminals not pinned.
    public let capacity: Int
    /// Terminals the config names: always tracked, never evicted.
    public private(set) var pinned: Set<String> = []
    /// Whether the config names its terminals: then only pinned ones are tracked.
    public private(set) var onlyPinned = false
    public private(set) var entries: [String: Entry] = [:]
    /// Requests from terminals not tracked: not admitted, or no slot could be freed.
    public private(set) var untracked = 0
    /// Terminals that never had anything stored, dropped to make room for a newcomer.
    public private(set) var evicted = 0
    /// Unpinned terminals in the order they were first tracked; `arrivals[head...]` are tracked now.
    private var arrivals: [String] = []
    private var head = 0
    private var unpinnedCount = 0
    /// Unpinned terminals tracked with nothing stored yet: the ones that may be evicted.
    private var neverStored = 0

    public init(capacity: Int = 10_000) {
        precondition(capacity > 0, "a terminal registry holds at least one terminal")
        self.capacity = capacity
    }

    /// The terminals the config names, and whether only they may be tracked (at start and on reload).
    public mutating func pin(_ terminals: Set<String>, only: Bool) {
        pinned = terminals
        onlyPinned = only
        if only { entries = entries.filter { terminals.contains($0.key) } }
        arrivals = entries.keys.filter { !terminals.contains($0) }.sorted()
        head = 0
        unpinnedCount = arrivals.count
        neverStored = arrivals.count(where: { entries[$0].map { $0.checkins + $0.checkouts == 0 } ?? false })
    }

    /// Notes a request from `terminal` at `now`; `admitted` false when it was refused as not authorised.
    public mutating func seen(_ terminal: String, at now: Timestamp, admitted: Bool = true) {
        if entries[terminal] != nil {
            entries[terminal]!.lastSeen = now
            return
        }
        let isPinned = pinned.contains(terminal)
        guard admitted, isPinned || !onlyPinned else {
            untracked += 1
            return
        }
        if !isPinned {
            guard unpinnedCount < capacity || evictNeverStored() else {
                untracked += 1
                return
            }
            arrivals.append(terminal)
            unpinnedCount += 1
            neverStored += 1
        }
        entries[terminal] = Entry(lastSeen: now)
    }

    /// Drops the oldest unpinned terminal with nothing stored; false when every one has something.
    /// Each tracked terminal is looked at once per pass over `arrivals`, and passed-over ones are
    /// kept at the back, so a flood costs O(1) a newcomer on average.
    private mutating func evictNeverStored() -> Bool {
        guard neverStored > 0 else { return false }
        var looked = 0
        let tracked = arrivals.count - head
        while looked < tracked {
            let oldest = arrivals[head]
            head += 1
            looked += 1
            if let entry = entries[oldest], entry.checkins == 0, entry.checkouts == 0 {
                entries[oldest] = nil
                unpinnedCount -= 1
                neverStored -= 1
                evicted += 1
                compact()
                return true
            }
            arrivals.append(oldest)
        }
        compact()
        return false
    }

    /// Forgets the evicted front of `arrivals` once it is half of the array.
    private mutating func compact() {
        if head > 1024, head * 2 > arrivals.count {
            arrivals.removeFirst(head)
            head = 0
        }
    }

    /// Notes the outcome of a request from `terminal` seen before.
    public mutating func count(_ terminal: String, stored direction: Direction?, error: Bool) {
        guard let entry = entries[terminal] else { return }
        if direction != nil, entry.checkins + entry.checkouts == 0, !pinned.contains(terminal) { neverStored -= 1 }
        if error { entries[terminal]!.errors += 1 }
        switch direction {
        case .checkIn: entries[terminal]!.checkins += 1
        case .checkOut: entries[terminal]!.checkouts += 1
        case nil: break
        }
    }

    /// The table as status entries, sorted by id, with every pinned terminal not heard from yet
    /// (its `lastSeen` empty): an allowed or keyed terminal that never came is shown, not missing.
    public func statuses() -> [StatusSnapshot.TerminalStatus] {
        let seen = entries.map { id, entry in
            StatusSnapshot.TerminalStatus(
                id: id, lastSeen: entry.lastSeen.vietnam, checkins: entry.checkins,
                checkouts: entry.checkouts, errors: entry.errors)
        }
        let unseen = pinned.filter { entries[$0] == nil }.map { StatusSnapshot.TerminalStatus(id: $0, lastSeen: "") }
        return (seen + unseen).sorted { $0.id < $1.id }
    }
}
