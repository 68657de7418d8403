import Testing

@testable import AttendCore

private let morning = Timestamp(milliseconds: 1_795_394_700_000)  // 2026-11-23T07:45:00+07:00

@Suite struct TerminalRegistryTests {
    @Test func countsPerTerminal() {
        var registry = TerminalRegistry()
        registry.seen("g1", at: morning)
        registry.count("g1", stored: .checkIn, error: false)
        registry.seen("g1", at: morning)
        registry.count("g1", stored: .checkIn, error: false)
        registry.seen("g1", at: morning)
        registry.count("g1", stored: .checkOut, error: false)
        registry.seen("g1", at: morning)
        registry.count("g1", stored: nil, error: true)
        registry.seen("g2", at: morning)
        registry.count("g2", stored: nil, error: false)

        #expect(registry.entries["g1"] == TerminalRegistry.Entry(lastSeen: morning, checkins: 2, checkouts: 1, errors: 1))
        #expect(registry.entries["g2"] == TerminalRegistry.Entry(lastSeen: morning))
        #expect(registry.untracked == 0)
    }

    @Test func lastSeenMovesOn() {
        var registry = TerminalRegistry()
        registry.seen("g1", at: morning)
        let later = Timestamp(milliseconds: morning.milliseconds + 60_000)
        registry.seen("g1", at: later)
        #expect(registry.entries["g1"]?.lastSeen == later)
    }

    @Test func countingAnUnseenTerminalDoesNothing() {
        var registry = TerminalRegistry()
        registry.count("ghost", stored: .checkIn, error: true)
        #expect(registry.entries.isEmpty)
    }

    @Test func statusesAreSortedAndInVietnamTime() {
        var registry = TerminalRegistry()
        for id in ["gate-3", "gate-1", "gate-2"] { registry.seen(id, at: morning) }
        registry.count("gate-2", stored: .checkOut, error: false)
        #expect(registry.statuses() == [
            .init(id: "gate-1", lastSeen: "2026-11-23T07:45:00.000+07:00"),
            .init(id: "gate-2", lastSeen: "2026-11-23T07:45:00.000+07:00", checkouts: 1),
            .init(id: "gate-3", lastSeen: "2026-11-23T07:45:00.000+07:00"),
        ])
    }

    @Test func capacityBoundsTheTable() {
        var registry = TerminalRegistry(capacity: 3)
        for n in 0..<1_000 { registry.seen("t\(n)", at: morning) }
        #expect(registry.entries.count == 3)
        #expect(Set(registry.entries.keys) == ["t0", "t1", "t2"])
        #expect(registry.untracked == 997)

        // Known terminals are still tracked and counted; new ones still go to `untracked`.
        let later = Timestamp(milliseconds: morning.milliseconds + 1)
        registry.seen("t1", at: later)
        registry.count("t1", stored: .checkIn, error: false)
        registry.seen("t999", at: later)
        registry.count("t999", stored: .checkIn, error: false)
        #expect(registry.entries["t1"] == TerminalRegistry.Entry(lastSeen: later, checkins: 1))
        #expect(registry.entries["t999"] == nil)
        #expect(registry.untracked == 998)
    }
}
