import Foundation
extension StatusSnapshot {
    /// A terminal not heard from for longer than this is marked `SILENT`: probably unplugged.
    public static let silentAfterSeconds = 300

    /// Whether the file was last written more than `staleAfterSeconds` before `now`
    /// (the daemon rewrites it every second while it runs). An unreadable `updated_at` counts as stale.
    public func isStale(now: Timestamp, staleAfterSeconds: Int = 30) -> Bool {
        guard let updated = Timestamp(rfc3339: updatedAt) else { return true }
        return now.milliseconds - updated.milliseconds > Int64(staleAfterSeconds) * 1000
    }

    /// The report `attendctl status` prints for an administrator. Times are Vietnam local time.
    /// When the snapshot is stale the first line says so, before anything else.
    public func humanReport(now: Timestamp, staleAfterSeconds: Int = 30) -> String {
        var lines: [String] = []
        if isStale(now: now, staleAfterSeconds: staleAfterSeconds) {
            let written = Timestamp(rfc3339: updatedAt).map { "last written \(StatusTextFormat.age(of: $0, now: now))" }
                ?? "time \"\(updatedAt)\" is unreadable"
            lines.append("STALE: status \(written) — attendd may be hung or stopped (pid \(pid))")
        }
        lines.append("attendd \(version), pid \(pid): \(StatusTextFormat.state(state))")

        func row(_ label: String, _ value: String) {
            lines.append((label.isEmpty ? "" : label + ":").padding(toLength: StatusTextFormat.labelWidth) + value)
        }
        let startedTime = Timestamp(rfc3339: startedAt)
        row("Started", StatusTextFormat.time(startedAt)
            + (startedTime.map { ", up \(StatusTextFormat.duration(milliseconds: now.milliseconds - $0.milliseconds))" } ?? ""))
        row("Updated", StatusTextFormat.timeAndAge(updatedAt, now: now))
        row("Listening", listeners.isEmpty ? "nothing" : listeners.map { "\($0.proto) \($0.address)" }.joined(separator: ", "))

        if let conference {
            row("Conference", "\(conference.id) \"\(conference.title)\", opened \(StatusTextFormat.time(conference.openedAt))")
            row("", "\(conference.checkins) checked in, \(conference.checkouts) checked out")
            if let invited = conference.invited, let arrived = conference.arrived {
                row("Arrived", "\(arrived) of \(invited) invited, \(conference.walkIns ?? 0) walk-ins")
            }
            for live in conference.categories ?? [] {
                let rate = live.rate.map { String(format: "%.1f%%", $0) } ?? "-"
                let target = live.target.map { String(format: ", target %.0f%%", $0) } ?? ""
                row("", "\(live.category): \(live.arrived)/\(live.invited) = \(rate)\(target)\(live.belowTarget ? "  BELOW TARGET" : "")")
            }
        } else {
            row("Conference", "no conference open")
        }

        row("Requests", StatusTextFormat.counts(requests))
        row("Errors", StatusTextFormat.counts(errors))
        row("Connections", "\(connections.open) open, \(connections.accepted) accepted, "
            + "\(connections.refused) refused (max_connections), \(connections.idleClosed) closed idle, \(connections.shed) shed (input budget)")
        if let datagrams {
            row("UDP", "\(datagrams.received) datagrams, \(datagrams.repliesDropped) replies dropped"
                + (datagrams.kernelDrops.map { ", \($0) dropped by the kernel (receive buffer full)" } ?? ""))
        }

        row("Database", "\(database.path), \(StatusTextFormat.bytes(database.sizeBytes))")
        row("Last commit", (database.lastCommitAt.map { StatusTextFormat.timeAndAge($0, now: now) } ?? "none since start")
            + "; \(database.commits) commits, \(database.stored) check-ins/outs stored")
        if let error = lastStorageError {
            row("Storage error", "\(StatusTextFormat.timeAndAge(error.at, now: now)): \(error.message)")
        } else {
            row("Storage error", "none since start")
        }

        let open = incidents ?? []
        row("Incidents", open.isEmpty ? "none open" : "\(open.count) OPEN")
        for incident in open {
            row("", "\(incident.kind) since \(StatusTextFormat.timeAndAge(incident.startedAt, now: now)), "
                + "\(incident.source)\(incident.by.map { " " + $0 } ?? "")\(incident.note.isEmpty ? "" : ": " + ProbeCause.readable(incident.note, .english))")
        }
        for probe in probes ?? [] {
            let rtt = probe.lastRttMs.map { String(format: "%.1f ms", $0) } ?? "-"
            let loss = probe.lossPercent.map { String(format: "%.0f%% lost", $0) } ?? ""
            row("Probe", "\(probe.name) (\(probe.target)): \(probe.state.uppercased() == "OK" ? "ok" : probe.state.uppercased()), "
                + "\(rtt) \(loss)\(probe.lastError.map { ", " + $0 } ?? "")")
        }
        if let push {
            row("Push", "to \(push.to) as \(push.bridge): \(push.waiting) waiting"
                + (push.lastSuccess.map { ", last delivered \(StatusTextFormat.time($0))" } ?? "")
                + (push.lastError.map { ", LAST ERROR: \($0)" } ?? ""))
        }
        planLines(row)
        for view in live ?? [] {
            let silent = view.silent.isEmpty ? "" : ", SILENT \(view.silent.count): \(view.silent.prefix(10).joined(separator: ", "))"
                + (view.silent.count > 10 ? ", …" : "")
            row("Live", "\(view.conference): \(view.halls) halls, \(view.present) present of \(view.invited) invited\(silent)")
        }
        for report in missingReports ?? [] {
            row("Missing", "\(report.conference): \(report.reported) reported, MISSING \(report.missing.joined(separator: ", "))")
        }
        for test in lineTests ?? [] {
            row("Line test", "\(test.target), \(StatusTextFormat.time(test.startedAt)): \(test.passed ? "" : "FAILED ")\(test.verdict)")
        }

        lines.append(contentsOf: terminalLines(now: now))
        // Ids, titles, notes and errors come from the network: no control character reaches the admin's terminal.
        return lines.map(ControlEscaping.escape).joined(separator: "\n") + "\n"
    }

    /// A heading with the count and the silent count, then one aligned line per terminal, by id.
    private func terminalLines(now: Timestamp) -> [String] {
        let dropped = [(untrackedTerminals ?? 0, "untracked"), (evictedTerminals ?? 0, "evicted")]
            .filter { $0.0 > 0 }.map { ", \($0.0) \($0.1)" }.joined()
        guard !terminals.isEmpty else {
            return [("Terminals:".padding(toLength: StatusTextFormat.labelWidth)) + "none seen since start" + dropped]
        }
        // Escaped before the widths are measured, so that the columns stay aligned.
        let sorted = terminals.map { terminal in
            var shown = terminal
            shown.id = ControlEscaping.escape(terminal.id)
            return shown
        }.sorted { $0.id < $1.id }
        let silent = sorted.map { isSilent($0, now: now) }
        let neverSeen = sorted.filter { $0.lastSeen.isEmpty }.count
        let silentCount = silent.filter { $0 }.count - neverSeen
        var lines = ["Terminals:".padding(toLength: StatusTextFormat.labelWidth) + "\(sorted.count - neverSeen) seen"
            + (silentCount > 0 ? ", \(silentCount) SILENT" : "") + (neverSeen > 0 ? ", \(neverSeen) NEVER SEEN" : "") + dropped]
        let idWidth = sorted.map(\.id.count).max() ?? 0
        // An allowed or keyed terminal not heard from since start has no time.
        let seen = sorted.map { $0.lastSeen.isEmpty ? "never seen" : "last seen \(StatusTextFormat.timeAndAge($0.lastSeen, now: now))" }
        let seenWidth = seen.map(\.count).max() ?? 0
        for (k, terminal) in sorted.enumerated() {
            let mark = silent[k] ? "SILENT  " : "        "
            lines.append("  " + terminal.id.padding(toLength: idWidth) + "  " + seen[k].padding(toLength: seenWidth)
                + "  " + mark + "\(terminal.checkins) in, \(terminal.checkouts) out, "
                + StatusTextFormat.count(terminal.errors, "error"))
        }
        return lines
    }

    /// Not seen for more than `silentAfterSeconds`; an unreadable time counts as silent.
    private func isSilent(_ terminal: TerminalStatus, now: Timestamp) -> Bool {
        guard let seen = Timestamp(rfc3339: terminal.lastSeen) else { return true }
        return now.milliseconds - seen.milliseconds > Int64(StatusSnapshot.silentAfterSeconds) * 1000
    }
}

/// The small formatting rules of the human report, kept apart so each reads on its own.
enum StatusTextFormat {
    /// Values start in this column, after the widest label (`Storage error:`) and two spaces.
    static let labelWidth = 16

    /// `1 error`, `2 errors`.
    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    /// `2026-11-23 11:05:06` in Vietnam time; text that does not parse is shown as it is.
    static func time(_ rfc3339: String) -> String {
        guard let time = Timestamp(rfc3339: rfc3339) else { return rfc3339 }
        let text = time.vietnam  // 2026-11-23T11:05:06.000+07:00
        return "\(text.prefix(10)) \(text.dropFirst(11).prefix(8))"
    }

    /// `2026-11-23 11:05:03 (3 s ago)`.
    static func timeAndAge(_ rfc3339: String, now: Timestamp) -> String {
        guard let time = Timestamp(rfc3339: rfc3339) else { return rfc3339 }
        return "\(self.time(rfc3339)) (\(age(of: time, now: now)))"
    }

    /// `3 s ago`, `2 min ago`; `in 4 s` for a time ahead of `now` (clocks disagree).
    static func age(of time: Timestamp, now: Timestamp) -> String {
        let elapsed = now.milliseconds - time.milliseconds
        if elapsed < 0 { return "in \(duration(milliseconds: -elapsed))" }
        return "\(duration(milliseconds: elapsed)) ago"
    }

    /// `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`: two units at most, rounded down.
    static func duration(milliseconds: Int64) -> String {
        let s = max(0, milliseconds) / 1000
        switch s {
        case ..<60: return "\(s) s"
        case ..<3600: return "\(s / 60) min"
        case ..<86_400: return "\(s / 3600) h \(s / 60 % 60) min"
        default: return "\(s / 86_400) d \(s / 3600 % 24) h"
        }
    }

    /// `12.3 MB`: decimal units, one decimal place, whole bytes below 1 kB.
    static func bytes(_ count: Int64) -> String {
        guard count >= 1000 else { return "\(count) B" }
        var unit: Int64 = 1000
        for name in ["kB", "MB", "GB", "TB"] {
            let tenths = (count * 10 + unit / 2) / unit
            if tenths < 10_000 || name == "TB" { return "\(tenths / 10).\(tenths % 10) \(name)" }
            unit *= 1000
        }
        preconditionFailure("unreachable: the TB case always returns")
    }

    /// `CHECKIN 150, PING 20`, sorted by key, or `none`.
    static func counts(_ counts: [String: Int]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    }

    /// The state with what it means for the operator.
    static func state(_ state: DaemonState) -> String {
        switch state {
        case .ready, .stopping, .stopped, .other: return state.rawValue
        case .storageError: return "STORAGE ERROR: the database refuses writes, terminals get ERR unavailable"
        }
    }
}

extension String {
    /// Pads with spaces on the right to at least `length` characters.
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}
