@testable import AttendCore
import Foundation
import Testing

/// The status file, the node_exporter textfile and `attendctl status`, from one fixed snapshot.
@Suite struct StatusRenderingTests {
    /// 2026-11-23 11:05:06 in Vietnam, as `now` for the report.
    static let now = Timestamp(rfc3339: "2026-11-23T11:05:06+07:00")!

    static func snapshot(updatedAt: String = "2026-11-23T11:05:05.500+07:00") -> StatusSnapshot {
        StatusSnapshot(
            version: "0.1.0", pid: 123,
            startedAt: "2026-11-23T07:30:00+07:00", updatedAt: updatedAt, state: .ready,
            listeners: [.init(proto: "tcp", address: "0.0.0.0:7400"), .init(proto: "unix", address: "/run/attendd/control.sock")],
            conference: .init(id: "hn-2026", title: "Hội nghị tổng kết", openedAt: "2026-11-23T07:45:00+07:00",
                              checkins: 120, checkouts: 30),
            requests: ["CHECKIN": 150, "PING": 20, "CHECKOUT": 30],
            errors: ["malformed": 2, "unknown_verb": 1],
            connections: .init(open: 3, accepted: 40, refused: 1, idleClosed: 5),
            database: .init(path: "/var/lib/attendd/attendd.db", sizeBytes: 12_345_678,
                            lastCommitAt: "2026-11-23T11:05:05.250+07:00", commits: 210, stored: 150),
            lastStorageError: .init(at: "2026-11-23T09:00:00+07:00", message: "disk I/O error"),
            terminals: [
                .init(id: "T07", lastSeen: "2026-11-23T10:53:00+07:00", checkins: 10, checkouts: 0, errors: 1),
                .init(id: "T01", lastSeen: "2026-11-23T11:05:03+07:00", checkins: 110, checkouts: 30, errors: 2),
            ])
    }

    // MARK: JSON

    @Test func jsonRoundTripGivesTheSameSnapshot() throws {
        var original = Self.snapshot()
        #expect(try StatusSnapshot.decode(json: original.jsonData()) == original)
        original.conference = nil
        original.lastStorageError = nil
        original.database.lastCommitAt = nil
        #expect(try StatusSnapshot.decode(json: original.jsonData()) == original)
    }

    @Test func jsonUsesSnakeCaseAndKeepsDictionaryKeys() {
        let text = String(decoding: Self.snapshot().jsonData(), as: UTF8.self)
        for key in ["\"updated_at\"", "\"started_at\"", "\"last_storage_error\"", "\"size_bytes\"",
                    "\"idle_closed\"", "\"last_commit_at\"", "\"last_seen\"", "\"opened_at\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(!text.contains("updatedAt"))
        #expect(text.contains("\"CHECKIN\" : 150"))
        #expect(text.contains("\"unknown_verb\" : 1"))
        #expect(text.contains("\"path\" : \"/var/lib/attendd/attendd.db\""))
        #expect(text.hasSuffix("}\n"))
    }

    // MARK: Prometheus

    @Test func prometheusHasTheExpectedLines() {
        let text = Self.snapshot().prometheusText()
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            "# TYPE attendd_build_info gauge",
            "attendd_build_info{version=\"0.1.0\"} 1",
            "attendd_start_time_seconds 1795393800",
            "attendd_storage_ok 1",
            "# TYPE attendd_requests_total counter",
            "attendd_requests_total{verb=\"CHECKIN\"} 150",
            "attendd_errors_total{code=\"unknown_verb\"} 1",
            "attendd_tcp_connections 3",
            "attendd_tcp_connections_accepted_total 40",
            "attendd_tcp_connections_refused_total 1",
            "attendd_tcp_connections_idle_closed_total 5",
            "attendd_database_size_bytes 12345678",
            "attendd_database_commits_total 210",
            "attendd_database_stored_total 150",
            "attendd_database_last_commit_time_seconds 1795406705.25",
            "attendd_conference_open 1",
            "attendd_conference_checkins{conference=\"hn-2026\"} 120",
            "attendd_conference_checkouts{conference=\"hn-2026\"} 30",
            "attendd_terminal_last_seen_time_seconds{terminal=\"T01\"} 1795406703",
            "attendd_terminal_checkins_total{terminal=\"T07\"} 10",
            "attendd_terminal_checkouts_total{terminal=\"T01\"} 30",
            "attendd_terminal_errors_total{terminal=\"T07\"} 1",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
    }

    @Test func prometheusSortsSamplesAndOmitsEmptyFamilies() {
        var snapshot = Self.snapshot()
        let text = snapshot.prometheusText()
        let verbs = text.split(separator: "\n").filter { $0.hasPrefix("attendd_requests_total{") }
        #expect(verbs == ["attendd_requests_total{verb=\"CHECKIN\"} 150", "attendd_requests_total{verb=\"CHECKOUT\"} 30",
                          "attendd_requests_total{verb=\"PING\"} 20"])

        snapshot.conference = nil
        snapshot.database.lastCommitAt = nil
        snapshot.requests = [:]
        snapshot.state = .storageError
        let quiet = snapshot.prometheusText()
        #expect(quiet.contains("\nattendd_conference_open 0\n"))
        #expect(quiet.contains("\nattendd_storage_ok 0\n"))
        #expect(!quiet.contains("attendd_conference_checkins"))
        #expect(!quiet.contains("attendd_database_last_commit_time_seconds"))
        #expect(!quiet.contains("attendd_requests_total"))
    }

    @Test func prometheusEveryMetricHasHelpAndTypeAndEveryLineParses() throws {
        var snapshot = Self.snapshot()
        snapshot.terminals.append(.init(id: "a\"b\\c\nd", lastSeen: "2026-11-23T11:00:00+07:00"))
        let text = snapshot.prometheusText()
        #expect(text.hasSuffix("\n"))
        let sample = #/^[a-z_:][a-z0-9_:]*(\{.*\})? -?[0-9.e+]+$/#
        var helped = Set<String>(), typed = Set<String>(), sampled = Set<String>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# HELP ") {
                helped.insert(String(line.split(separator: " ")[2]))
            } else if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                typed.insert(String(parts[2]))
                #expect(parts[3] == "counter" || parts[3] == "gauge")
                #expect(parts[3] == "counter" ? parts[2].hasSuffix("_total") : !parts[2].hasSuffix("_total"))
            } else {
                #expect(try sample.wholeMatch(in: String(line)) != nil, "does not parse: \(line)")
                sampled.insert(String(line.prefix { $0 != "{" && $0 != " " }))
            }
        }
        #expect(sampled == helped)
        #expect(sampled == typed)
        #expect(text.contains("attendd_terminal_checkins_total{terminal=\"a\\\"b\\\\c\\nd\"} 0"))
    }

    // MARK: Human report

    @Test func reportIsNotStaleWhenFresh() {
        let snapshot = Self.snapshot()
        #expect(!snapshot.isStale(now: Self.now))
        let report = snapshot.humanReport(now: Self.now)
        #expect(report.hasPrefix("attendd 0.1.0, pid 123: ready\n"))
        #expect(!report.contains("STALE"))
    }

    @Test func reportSaysStaleOnItsFirstLine() {
        let snapshot = Self.snapshot(updatedAt: "2026-11-23T11:03:00+07:00")
        #expect(snapshot.isStale(now: Self.now))
        #expect(!snapshot.isStale(now: Self.now, staleAfterSeconds: 300))
        let first = snapshot.humanReport(now: Self.now).split(separator: "\n").first ?? ""
        #expect(first == "STALE: status last written 2 min ago — attendd may be hung or stopped (pid 123)")
        #expect(Self.snapshot(updatedAt: "garbage").isStale(now: Self.now))
    }

    @Test func reportShowsTheDetails() {
        let report = Self.snapshot().humanReport(now: Self.now)
        for expected in [
            "Started:        2026-11-23 07:30:00, up 3 h 35 min",
            "Updated:        2026-11-23 11:05:05 (0 s ago)",
            "Listening:      tcp 0.0.0.0:7400, unix /run/attendd/control.sock",
            "Conference:     hn-2026 \"Hội nghị tổng kết\", opened 2026-11-23 07:45:00",
            "\n                120 checked in, 30 checked out\n",
            "Requests:       CHECKIN 150, CHECKOUT 30, PING 20",
            "Errors:         malformed 2, unknown_verb 1",
            "Connections:    3 open, 40 accepted, 1 refused (max_connections), 5 closed idle",
            "Database:       /var/lib/attendd/attendd.db, 12.3 MB",
            "Last commit:    2026-11-23 11:05:05 (0 s ago); 210 commits, 150 check-ins/outs stored",
            "Storage error:  2026-11-23 09:00:00 (2 h 5 min ago): disk I/O error",
            "Terminals:      2 seen, 1 SILENT",
        ] {
            #expect(report.contains(expected), "missing: \(expected)\n\(report)")
        }
    }

    @Test func reportMarksSilentTerminalsOnly() {
        let lines = Self.snapshot().humanReport(now: Self.now).split(separator: "\n")
        let t01 = lines.first { $0.hasPrefix("  T01") } ?? ""
        let t07 = lines.first { $0.hasPrefix("  T07") } ?? ""
        #expect(t01.contains("(3 s ago)"))
        #expect(!t01.contains("SILENT"))
        #expect(t07.contains("(12 min ago)"))
        #expect(t07.contains("SILENT"))
    }

    @Test func reportSaysWhenNoConferenceIsOpen() {
        var snapshot = Self.snapshot()
        snapshot.conference = nil
        snapshot.errors = [:]
        snapshot.terminals = []
        let report = snapshot.humanReport(now: Self.now)
        #expect(report.contains("Conference:     no conference open\n"))
        #expect(report.contains("Errors:         none\n"))
        #expect(report.contains("Terminals:      none seen since start\n"))
    }

    @Test func reportUnitsAreReadable() {
        #expect(StatusTextFormat.bytes(0) == "0 B")
        #expect(StatusTextFormat.bytes(999) == "999 B")
        #expect(StatusTextFormat.bytes(1000) == "1.0 kB")
        #expect(StatusTextFormat.bytes(12_345_678) == "12.3 MB")
        #expect(StatusTextFormat.bytes(999_960) == "1.0 MB")
        #expect(StatusTextFormat.bytes(4_200_000_000) == "4.2 GB")
        #expect(StatusTextFormat.duration(milliseconds: 59_999) == "59 s")
        #expect(StatusTextFormat.duration(milliseconds: 125_000) == "2 min")
        #expect(StatusTextFormat.duration(milliseconds: 3_600_000 * 3 + 60_000 * 5) == "3 h 5 min")
        #expect(StatusTextFormat.duration(milliseconds: 86_400_000 * 2 + 3_600_000 * 4) == "2 d 4 h")
        #expect(StatusTextFormat.age(of: Timestamp(milliseconds: 5_000), now: Timestamp(milliseconds: 1_000)) == "in 4 s")
    }

    /// An allowed terminal never heard from is listed as never seen, and the untracked are counted.
    @Test func reportListsTerminalsNeverSeenAndTheUntracked() {
        var snapshot = Self.snapshot()
        snapshot.terminals.append(.init(id: "T09", lastSeen: ""))
        snapshot.untrackedTerminals = 1_000
        snapshot.evictedTerminals = 3
        let report = snapshot.humanReport(now: Self.now)
        #expect(report.contains("2 seen, 1 SILENT, 1 NEVER SEEN, 1000 untracked, 3 evicted\n"), "\(report)")
        #expect(report.split(separator: "\n").contains { $0.hasPrefix("  T09") && $0.contains("never seen") && $0.contains("SILENT") })
    }

    /// U+009B is a one-byte CSI on many terminals: a terminal id or a note from the network is printed
    /// escaped, and the columns stay aligned.
    @Test func reportEscapesEveryControlCharacter() {
        var snapshot = Self.snapshot()
        snapshot.terminals.append(.init(id: "T\u{9B}2J", lastSeen: "2026-11-23T11:05:03+07:00"))
        snapshot.conference?.title = "Hội nghị\u{1B}[31m\r\nGIẢ"
        let report = snapshot.humanReport(now: Self.now)
        #expect(!report.unicodeScalars.contains { $0 != "\n" && ControlEscaping.isControl($0) })
        #expect(report.contains("  T\\u{9B}2J  last seen"))
        #expect(report.contains("\"Hội nghị\\u{1B}[31m\\r\\nGIẢ\""))
        let rows = report.split(separator: "\n").filter { $0.hasPrefix("  T") }
        #expect(Set(rows.map { $0.firstRange(of: "last seen")?.lowerBound.utf16Offset(in: $0) }).count == 1)
    }
}
