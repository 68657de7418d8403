import AttendCore
import Testing

/// The textfile's families for the push to the district, a hub's missing reports, and the
/// delegates (people) as against the check-ins (events) of the open conference.
@Suite struct PushAndHubMetricsTests {
    /// A bridge point whose last push failed, 26 check-ins by 16 people, and a hub view with two halls missing.
    static func snapshot() -> StatusSnapshot {
        var snapshot = StatusSnapshot(
            version: "0.1.0", pid: 1, startedAt: "2026-11-23T07:30:00+07:00", updatedAt: "2026-11-23T11:05:05+07:00",
            state: .ready, listeners: [], conference: .init(id: "HN", title: "Hội nghị", openedAt: "2026-11-23T07:45:00+07:00",
                                                             checkins: 26, checkouts: 4),
            requests: [:], errors: [:], connections: .init(), database: .init(path: "/x.db"), lastStorageError: nil, terminals: [])
        snapshot.conference?.invited = 20
        snapshot.conference?.arrived = 14
        snapshot.conference?.walkIns = 2
        snapshot.push = .init(to: "127.0.0.1:7400", bridge: "xa-a", waiting: 2, lastSuccess: "2026-11-23T10:00:00.5+07:00",
                              lastError: "connection refused", failures: 7)
        snapshot.missingReports = [.init(conference: "HN", reported: 14, missing: ["UBND xã B", "UBND xã C"])]
        return snapshot
    }

    static func lines(_ snapshot: StatusSnapshot) -> Set<String> {
        Set(snapshot.prometheusText().split(separator: "\n").map(String.init))
    }

    @Test func thePushHasWaitingLastSuccessAndFailures() {
        let lines = Self.lines(Self.snapshot())
        for expected in [
            "# TYPE attendd_push_waiting gauge",
            "attendd_push_waiting{bridge=\"xa-a\"} 2",
            "attendd_push_last_success_time_seconds{bridge=\"xa-a\"} 1795402800.5",
            "# TYPE attendd_push_failures_total counter",
            "attendd_push_failures_total{bridge=\"xa-a\"} 7",
            "attendd_push_failing{bridge=\"xa-a\"} 1",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
    }

    @Test func aDeliveredPushIsNotFailingAndNoPushHasNoFamilies() {
        var snapshot = Self.snapshot()
        snapshot.push?.lastError = nil
        snapshot.push?.waiting = 0
        #expect(Self.lines(snapshot).contains("attendd_push_failing{bridge=\"xa-a\"} 0"))
        #expect(Self.lines(snapshot).contains("attendd_push_waiting{bridge=\"xa-a\"} 0"))
        snapshot.push = nil
        #expect(!snapshot.prometheusText().contains("attendd_push_"))
    }

    @Test func aHubCountsItsMissingAndReportedBridgePoints() {
        let lines = Self.lines(Self.snapshot())
        #expect(lines.contains("attendd_hub_bridges_missing{conference=\"HN\"} 2"))
        #expect(lines.contains("attendd_hub_bridges_reported{conference=\"HN\"} 14"))
        var bridge = Self.snapshot()
        bridge.missingReports = nil
        #expect(!bridge.prometheusText().contains("attendd_hub_"))
    }

    @Test func checkInsCountEventsAndDelegatesCountPeople() {
        let lines = Self.lines(Self.snapshot())
        #expect(lines.contains("attendd_conference_checkins{conference=\"HN\"} 26"))
        #expect(lines.contains("attendd_conference_delegates_checked_in{conference=\"HN\"} 16"))
        let help = lines.first { $0.hasPrefix("# HELP attendd_conference_checkins ") } ?? ""
        #expect(!help.contains("Delegates checked in"), "the help says people where it counts events: \(help)")
        #expect(help.contains("events"), "\(help)")
    }
}
