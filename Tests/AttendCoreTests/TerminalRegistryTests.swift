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

    /// 10 addresses x 1,000 PINGs with junk ids cannot push out a terminal that stored a check-in;
    /// the never-stored are evicted oldest first, and the counts say so.
    @Test func capacityBoundsTheTableAndEvictsTheNeverStoredFirst() {
        var registry = TerminalRegistry(capacity: 100)
        registry.seen("hall-2", at: morning)
        registry.count("hall-2", stored: .checkIn, error: false)
        for n in 0..<10_000 { registry.seen("junk-\(n)", at: morning) }
        #expect(registry.entries.count == 100)
        #expect(registry.entries["hall-2"]?.checkins == 1)
        #expect(registry.evicted == 10_000 - 99)
        #expect(registry.entries["junk-9999"] != nil)
        #expect(registry.entries["junk-0"] == nil)

        // Full of terminals that stored something: a newcomer is untracked, no one is evicted.
        var full = TerminalRegistry(capacity: 3)
        for n in 0..<3 {
            full.seen("t\(n)", at: morning)
            full.count("t\(n)", stored: .checkOut, error: false)
        }
        for n in 3..<1_000 { full.seen("t\(n)", at: morning) }
        #expect(Set(full.entries.keys) == ["t0", "t1", "t2"])
        #expect(full.untracked == 997)
        #expect(full.evicted == 0)
    }

    /// With an allow list or keys, only the terminals the config names are tracked, always, however
    /// full the table; lines refused as not authorised are never tracked.
    @Test func onlyAdmittedTerminalsAreTrackedAndNamedOnesAlways() {
        var registry = TerminalRegistry(capacity: 2)
        registry.pin(["hall-1", "hall-2", "hall-3"], only: true)
        for n in 0..<5_000 { registry.seen("junk-\(n)", at: morning) }
        for id in ["hall-1", "hall-2", "hall-3"] { registry.seen(id, at: morning) }
        #expect(Set(registry.entries.keys) == ["hall-1", "hall-2", "hall-3"])
        #expect(registry.untracked == 5_000)

        // Named but never heard from: shown all the same, without a time.
        var waiting = TerminalRegistry()
        waiting.pin(["hall-1", "hall-2"], only: true)
        waiting.seen("hall-2", at: morning)
        #expect(waiting.statuses() == [
            .init(id: "hall-1", lastSeen: ""), .init(id: "hall-2", lastSeen: "2026-11-23T07:45:00.000+07:00"),
        ])

        var open = TerminalRegistry(capacity: 2)
        open.seen("forged", at: morning, admitted: false)
        #expect(open.entries.isEmpty)
        #expect(open.untracked == 1)
        // A reload that names terminals drops the others.
        open.seen("a", at: morning)
        open.seen("hall-1", at: morning)
        open.pin(["hall-1"], only: true)
        #expect(Set(open.entries.keys) == ["hall-1"])
    }
}

/// The clock offsets that correct queued scans stay bounded whatever `term=` values arrive.
@Suite struct ClockOffsetTableTests {
    /// 800,000 live check-ins with `at=` from new terminals grew the old map to 200 MB.
    @Test func eightHundredThousandTerminalsHoldAtMostTheCapacity() {
        var table = ClockOffsetTable(capacity: 4_096)
        for n in 0..<800_000 { table.set("t\(n)", Int64(n)) }
        #expect(table.offsets.count == 4_096)
        #expect(table["t799999"] == 799_999)
        // A terminal already held is updated in place, dropping no one.
        table.set("t799999", -5)
        #expect(table.offsets.count == 4_096)
        #expect(table["t799999"] == -5)
    }
}
