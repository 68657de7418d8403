import AttendCore
import AttendTestSupport
import Foundation
import Testing

/// promtool (Debian package `prometheus`, which `.ci/run` installs) checks the textfile attendd
/// writes and the alerting rules shipped in config/. Skipped, saying so, where promtool is
/// missing; under CI=true a missing promtool is a failure, so CI cannot pass without the check.
@Suite(.enabled(if: Promtool.path != nil || underCI,
                "promtool is not installed (apt-get install prometheus)"))
struct PromtoolTests {
    /// A snapshot with every family present: conference and categories, probes, line tests,
    /// incidents, push, a hub's missing reports, datagrams, terminals.
    static func fullSnapshot() -> StatusSnapshot {
        var snapshot = StatusSnapshot(
            version: "0.1.0", pid: 1, startedAt: "2026-11-23T07:30:00+07:00", updatedAt: "2026-11-23T11:05:05+07:00",
            state: .ready, listeners: [.init(proto: "tcp", address: "0.0.0.0:7400")],
            conference: .init(id: "HN", title: "Hội nghị", openedAt: "2026-11-23T07:45:00+07:00", checkins: 26, checkouts: 4),
            requests: ["CHECKIN": 26, "rate_limited": 1], errors: ["malformed": 2], connections: .init(open: 1, accepted: 3),
            database: .init(path: "/x.db", sizeBytes: 4096, lastCommitAt: "2026-11-23T11:05:00+07:00", commits: 9, stored: 30),
            lastStorageError: nil,
            terminals: [.init(id: "T01", lastSeen: "2026-11-23T11:05:00+07:00", checkins: 26, checkouts: 4, errors: 2)])
        snapshot.conference?.invited = 20
        snapshot.conference?.arrived = 14
        snapshot.conference?.walkIns = 2
        snapshot.conference?.categories = [.init(category: "party_member", invited: 10, arrived: 9, rate: 90, target: 98, belowTarget: true)]
        snapshot.incidents = [.init(id: 1, kind: "line_down", source: "probe", by: "bridge", startedAt: "2026-11-23T10:00:00+07:00", note: "")]
        snapshot.probes = [.init(name: "bridge", target: "127.0.0.1:1 tcp", state: "down", lastRttMs: 12.5, lossPercent: 100,
                                 lastCheckedAt: "2026-11-23T11:05:00+07:00", lastError: "refused")]
        snapshot.lineTests = [.init(target: "bridge", startedAt: "2026-11-22T15:00:00+07:00", seconds: 60, sent: 60, lost: 60,
                                    lossPercent: 100, rttP50Ms: nil, rttP95Ms: nil, rttMaxMs: nil, longestOutageSeconds: 60,
                                    passed: false, verdict: "100% lost")]
        snapshot.push = .init(to: "127.0.0.1:7400", bridge: "xa-a", waiting: 1, lastSuccess: "2026-11-23T10:00:00+07:00",
                              lastError: "refused", failures: 3)
        snapshot.missingReports = [.init(conference: "HN", reported: 14, missing: ["UBND xã B"])]
        snapshot.live = [.init(conference: "HN", halls: 15, silent: ["UBND xã B"], present: 1200, invited: 1300, incidentHalls: 1)]
        snapshot.datagrams = .init(received: 5, repliesDropped: 0, kernelDrops: 0)
        snapshot.events = .init(written: 3, coalesced: 1, dropped: 0, failed: 0)
        snapshot.untrackedTerminals = 3
        snapshot.evictedTerminals = 1
        var writer = WriterTime()
        writer.addGroup(requests: 400, fold: 0, commit: 300)
        writer.addGroup(requests: 9_000, fold: 2_000, commit: 4_000)
        writer.addCatchUp(4_500)
        snapshot.writer = writer
        return snapshot
    }

    @Test func theTextfilePassesPromtoolCheckMetrics() throws {
        let text = Self.fullSnapshot().prometheusText()
        for family in ["attendd_push_waiting", "attendd_hub_bridges_missing", "attendd_conference_delegates_checked_in",
                       "attendd_linetest_passed", "attendd_probe_up", "attendd_writer_group_duration_seconds"] {
            #expect(text.contains("# TYPE \(family) "), "the sample lacks \(family)")
        }
        let (status, output) = try Promtool.run(["check", "metrics"], input: text)
        #expect(status == 0, "promtool check metrics: \(output)")
    }

    @Test func theRunningDaemonsTextfilePassesPromtoolCheckMetrics() throws {
        let daemon = try DaemonHarness()
        try daemon.openConference("P")
        #expect(try daemon.connect().request("CHECKIN id=DV-1").isOK)
        let snapshot = try daemon.waitForStatus { $0.conference?.checkins == 1 }
        let text = try String(contentsOfFile: daemon.dataDirectory + "/run/attendd.prom", encoding: .utf8)
        #expect(text.contains("attendd_conference_delegates_checked_in{conference=\"P\"} 1"), "\(text)")
        // The conference's opening and the check-in were a group each, and they took time.
        let writer = try #require(snapshot.writer)
        #expect(writer.groups >= 2 && writer.requestsMicroseconds > 0 && writer.commitsMicroseconds > 0, "\(writer)")
        // The textfile is written just before the status file: it may already hold a later group.
        let counted = text.split(separator: "\n").first { $0.hasPrefix("attendd_writer_group_duration_seconds_count ") }
        #expect(counted.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 >= writer.groups } == true, "\(text)")
        let (status, output) = try Promtool.run(["check", "metrics"], input: text)
        #expect(status == 0, "promtool check metrics: \(output)")
    }

    @Test func theAlertRulesPassCheckAndTheirUnitTests() throws {
        let check = try Promtool.run(["check", "rules", "config/attendd-alerts.yml"])
        #expect(check.status == 0, "promtool check rules: \(check.output)")
        #expect(check.output.contains("SUCCESS: 6 rules found"), "\(check.output)")
        let tests = try Promtool.run(["test", "rules", "attendd-alerts.test.yml"], in: Promtool.root.appendingPathComponent("Tests/PrometheusRules"))
        #expect(tests.status == 0, "promtool test rules: \(tests.output)")
    }
}

/// promtool, found on PATH, run as a separate process.
enum Promtool {
    static let path: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin")
        .split(separator: ":").map { "\($0)/promtool" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    /// The repository's root, from this file's place in it.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs promtool with `arguments` (stdin from `input`), in `directory`; returns status and output.
    static func run(_ arguments: [String], input: String? = nil, in directory: URL = root) throws -> (status: Int32, output: String) {
        guard let path else {
            Issue.record("promtool is missing under CI=true: .ci/run installs the Debian package prometheus")
            return (-1, "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = out
        process.standardInput = inPipe
        try process.run()
        inPipe.fileHandleForWriting.write(Data((input ?? "").utf8))
        try inPipe.fileHandleForWriting.close()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
