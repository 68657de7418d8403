extension StatusSnapshot {
    /// The snapshot as a node_exporter textfile (`attendd.prom`): Prometheus text exposition
    /// format 0.0.4, every metric with `# HELP` and `# TYPE`, no timestamps, base units.
    ///
    /// Families with no samples are left out (no requests yet, no conference open, no last
    /// commit). Samples within a family are sorted by their labels so the file is stable.
    /// Times that do not parse as RFC 3339 are left out rather than guessed.
    public func prometheusText() -> String {
        var out = PrometheusWriter()

        out.family("attendd_build_info", .gauge, "attendd's version as a label; always 1.",
                   [(["version": version], "1")])
        if let started = Timestamp(rfc3339: startedAt) {
            out.family("attendd_start_time_seconds", .gauge, "When attendd started, in seconds since the Unix epoch.",
                       [([:], PrometheusWriter.seconds(started))])
        }
        out.family("attendd_storage_ok", .gauge, "1 while the database accepts writes, 0 in the storage_error state.",
                   [([:], state == .storageError ? "0" : "1")])

        out.family("attendd_requests_total", .counter, "Requests received, by verb.",
                   requests.map { (["verb": $0.key], String($0.value)) })
        out.family("attendd_errors_total", .counter, "Error replies sent, by error code.",
                   errors.map { (["code": $0.key], String($0.value)) })
        datagramFamilies(&out)
        eventFamilies(&out)

        out.family("attendd_tcp_connections", .gauge, "TCP connections from terminals open now.",
                   [([:], String(connections.open))])
        out.family("attendd_tcp_connections_accepted_total", .counter, "TCP connections accepted.",
                   [([:], String(connections.accepted))])
        out.family("attendd_tcp_connections_refused_total", .counter, "TCP connections refused because max_connections was reached.",
                   [([:], String(connections.refused))])
        out.family("attendd_tcp_connections_idle_closed_total", .counter, "TCP connections closed after idle_timeout of silence.",
                   [([:], String(connections.idleClosed))])
        out.family("attendd_tcp_connections_shed_total", .counter,
                   "TCP connections closed to keep the input budget (max_connections, buffers, payload_timeout).",
                   [([:], String(connections.shed))])

        out.family("attendd_database_size_bytes", .gauge, "Size of the database file plus its write-ahead log.",
                   [([:], String(database.sizeBytes))])
        out.family("attendd_database_commits_total", .counter, "Database transactions committed.",
                   [([:], String(database.commits))])
        out.family("attendd_database_stored_total", .counter, "Check-ins and check-outs stored, retries counted once.",
                   [([:], String(database.stored))])
        if let last = database.lastCommitAt.flatMap(Timestamp.init(rfc3339:)) {
            out.family("attendd_database_last_commit_time_seconds", .gauge, "When the last transaction committed, in seconds since the Unix epoch.",
                       [([:], PrometheusWriter.seconds(last))])
        }

        if let writer { writerFamilies(writer, &out) }

        out.family("attendd_conference_open", .gauge, "1 while a conference is open, else 0.",
                   [([:], conference == nil ? "0" : "1")])
        if let conference {
            let labels = ["conference": conference.id]
            out.family("attendd_conference_checkins", .gauge,
                       "Check-ins recorded for the open conference (events: a delegate who comes back counts again).",
                       [(labels, String(conference.checkins))])
            out.family("attendd_conference_checkouts", .gauge, "Check-outs recorded for the open conference (events).",
                       [(labels, String(conference.checkouts))])
            if let arrived = conference.arrived, let walkIns = conference.walkIns {
                out.family("attendd_conference_delegates_checked_in", .gauge,
                           "Delegates who checked in to the open conference at least once, invited and walk-ins.",
                           [(labels, String(arrived + walkIns))])
            }
        }

        if let conference, let categories = conference.categories {
            out.family("attendd_conference_arrived_ratio", .gauge, "Invited delegates arrived over invited, per category.",
                       categories.compactMap { live in
                           live.rate.map { (["conference": conference.id, "category": live.category], String($0 / 100)) }
                       })
            out.family("attendd_conference_below_target", .gauge, "1 for a category below its participation target.",
                       categories.map { (["conference": conference.id, "category": $0.category], $0.belowTarget ? "1" : "0") })
        }

        pushFamilies(&out)
        planFamilies(&out)
        out.family("attendd_hub_bridges_missing", .gauge,
                   "On a hub: bridge points that have not reported a closed conference of the last 7 days, once report_delay has passed.",
                   (missingReports ?? []).map { (["conference": $0.conference], String($0.missing.count)) })
        out.family("attendd_hub_bridges_reported", .gauge,
                   "On a hub: bridge points that have reported a conference that still has missing ones.",
                   (missingReports ?? []).map { (["conference": $0.conference], String($0.reported)) })

        let live = self.live ?? []
        out.family("attendd_hub_live_halls", .gauge, "On a hub: halls that sent a live summary of the conference (at most 8 conferences).",
                   live.map { (["conference": $0.conference], String($0.halls)) })
        out.family("attendd_hub_live_silent_halls", .gauge, "On a hub: live halls whose newest summary is older than two of their intervals.",
                   live.map { (["conference": $0.conference], String($0.silent.count)) })
        out.family("attendd_hub_live_present", .gauge, "On a hub: delegates present now in the live halls, by their newest summaries.",
                   live.map { (["conference": $0.conference], String($0.present)) })

        let open = incidents ?? []
        out.family("attendd_incidents_open", .gauge, "Connection-quality incidents open now, by kind.",
                   IncidentKind.allCases.map { kind in (["kind": kind.rawValue], String(open.filter { $0.kind == kind.rawValue }.count)) })
        out.family("attendd_probe_up", .gauge, "1 while a probe target answers (ok or degraded), 0 while it is down.",
                   (probes ?? []).filter { $0.state != "unknown" }.map { (["target": $0.name], $0.state == "down" ? "0" : "1") })
        out.family("attendd_probe_rtt_seconds", .gauge, "The last round trip to each probe target.",
                   (probes ?? []).compactMap { probe in probe.lastRttMs.map { (["target": probe.name], String($0 / 1000)) } })
        out.family("attendd_probe_loss_ratio", .gauge, "Failed checks among the recent ones, per probe target.",
                   (probes ?? []).compactMap { probe in probe.lossPercent.map { (["target": probe.name], String($0 / 100)) } })
        out.family("attendd_linetest_passed", .gauge, "1 when the newest line test of a target passed, else 0.",
                   (lineTests ?? []).map { (["target": $0.target], $0.passed ? "1" : "0") })

        out.family("attendd_terminal_last_seen_time_seconds", .gauge, "When each terminal was last heard from, in seconds since the Unix epoch.",
                   terminals.compactMap { terminal in
                       Timestamp(rfc3339: terminal.lastSeen).map { (["terminal": terminal.id], PrometheusWriter.seconds($0)) }
                   })
        out.family("attendd_terminal_checkins_total", .counter, "Check-ins received from each terminal.",
                   terminals.map { (["terminal": $0.id], String($0.checkins)) })
        out.family("attendd_terminal_checkouts_total", .counter, "Check-outs received from each terminal.",
                   terminals.map { (["terminal": $0.id], String($0.checkouts)) })
        out.family("attendd_terminal_errors_total", .counter, "Error replies sent to each terminal.",
                   terminals.map { (["terminal": $0.id], String($0.errors)) })
        out.family("attendd_terminals_untracked_total", .counter, "Requests from terminals not tracked (not admitted, or no slot free).",
                   untrackedTerminals.map { [([:], String($0))] } ?? [])
        out.family("attendd_terminals_evicted_total", .counter, "Terminals with nothing stored dropped from the table to make room.",
                   evictedTerminals.map { [([:], String($0))] } ?? [])

        return out.text
    }

    /// The writer thread's time by activity and its groups' durations (`WriterTime`).
    private func writerFamilies(_ writer: WriterTime, _ out: inout PrometheusWriter) {
        out.family("attendd_writer_busy_seconds_total", .counter,
                   "Time the writer thread spent, by activity: requests (applying them), folds (counting check-ins into presence), commits (COMMIT with its fsync), catch_ups (copying the log for the checkpointer).",
                   writer.byActivity.map { (["activity": $0.activity], PrometheusWriter.seconds(microseconds: $0.microseconds)) })
        out.histogram("attendd_writer_group_duration_seconds",
                      "How long each group of requests took in the writer, from its BEGIN to the end of its COMMIT.",
                      bounds: WriterTime.groupBoundsMicroseconds.map { PrometheusWriter.seconds(microseconds: $0) },
                      counts: writer.groupBuckets, sum: PrometheusWriter.seconds(microseconds: writer.groupsMicroseconds))
    }

    /// The push of closed tallies to the district: what waits, the last delivery, the failures;
    /// nothing when `[push] to` is not set.
    private func pushFamilies(_ out: inout PrometheusWriter) {
        guard let push else { return }
        let labels = ["bridge": push.bridge]
        out.family("attendd_push_waiting", .gauge, "Outbox entries (closed tallies) the district has not acknowledged yet.",
                   [(labels, String(push.waiting))])
        if let last = push.lastSuccess.flatMap(Timestamp.init(rfc3339:)) {
            out.family("attendd_push_last_success_time_seconds", .gauge,
                       "When the district last acknowledged a tally, in seconds since the Unix epoch.",
                       [(labels, PrometheusWriter.seconds(last))])
        }
        out.family("attendd_push_failures_total", .counter, "Push attempts that failed since attendd started.",
                   [(labels, String(push.failures ?? 0))])
        out.family("attendd_push_failing", .gauge, "1 while the last push attempt failed, else 0.",
                   [(labels, push.lastError == nil ? "0" : "1")])
    }
}

/// Builds text in the Prometheus exposition format, one metric family at a time.
struct PrometheusWriter {
    enum MetricType: String {
        case counter, gauge, histogram
    }

    private(set) var text = ""

    /// Appends `# HELP`, `# TYPE` and the samples, sorted by their rendered labels;
    /// nothing at all when there are no samples.
    mutating func family(_ name: String, _ type: MetricType, _ help: String, _ samples: [([String: String], String)]) {
        guard !samples.isEmpty else { return }
        text += "# HELP \(name) \(help)\n"
        text += "# TYPE \(name) \(type.rawValue)\n"
        let lines = samples.map { labels, value in (PrometheusWriter.labelSet(labels), value) }
        for (labels, value) in lines.sorted(by: { $0.0 < $1.0 }) {
            text += "\(name)\(labels) \(value)\n"
        }
    }

    /// A histogram: `counts` per bucket (not cumulative), one more than `bounds` for the
    /// longer ones; written cumulative with `le` labels, `+Inf`, `_sum` and `_count`.
    mutating func histogram(_ name: String, _ help: String, bounds: [String], counts: [Int], sum: String) {
        precondition(counts.count == bounds.count + 1, "a histogram needs a count per bound and one for +Inf")
        text += "# HELP \(name) \(help)\n"
        text += "# TYPE \(name) \(MetricType.histogram.rawValue)\n"
        var cumulative = 0
        for (bound, count) in zip(bounds + ["+Inf"], counts) {
            cumulative += count
            text += "\(name)_bucket{le=\"\(bound)\"} \(cumulative)\n"
        }
        text += "\(name)_sum \(sum)\n"
        text += "\(name)_count \(cumulative)\n"
    }

    /// `{a="1",b="2"}` with names sorted, or the empty string for no labels.
    static func labelSet(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    /// A label value as the format requires: backslash, double quote and newline escaped.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Microseconds as seconds, without trailing zeros: `0.0025`, `12`.
    static func seconds(microseconds: Int64) -> String { decimal(microseconds, fractionDigits: 6) }

    /// Seconds since the epoch, with the milliseconds only when there are some: `1795406706.25`.
    static func seconds(_ time: Timestamp) -> String { decimal(time.milliseconds, fractionDigits: 3) }

    /// `value` / 10^`fractionDigits` in decimal without trailing zeros. Integer arithmetic, so
    /// no binary-fraction noise such as `.2499999`.
    private static func decimal(_ value: Int64, fractionDigits: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<fractionDigits { scale *= 10 }
        let sign = value < 0 ? "-" : ""
        let whole = value.magnitude / scale, rest = value.magnitude % scale
        guard rest != 0 else { return sign + String(whole) }
        var fraction = String(rest)
        fraction = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole).\(fraction)"
    }
}
