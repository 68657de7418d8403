import AttendCore
import AttendIO
import Foundation
import Glibc

extension Daemon {
    /// Builds the status snapshot from the loop's counters and the writer's figures, and
    /// hands it to the reporter (and a one-line summary to systemd).
    func writeStatus(force: Bool, state: DaemonState? = nil) {
        let written = writer.status
        let now = Clock.now()
        var snapshot = StatusSnapshot(
            version: attenddVersion, pid: getpid(), startedAt: startedAt.vietnam, updatedAt: now.vietnam,
            state: state ?? (stopping ? .stopping : written.storageFailing ? .storageError : .ready),
            listeners: listeners.statusListing, conference: written.conference, requests: requestCounts.requests,
            errors: requestCounts.errors,
            connections: .init(
                open: streams.openTerminalConnections, accepted: streams.counts.accepted, refused: streams.counts.refused,
                idleClosed: streams.counts.idleClosed, shed: streams.counts.shed),
            database: .init(
                path: config.databasePath, sizeBytes: databaseSize(), lastCommitAt: written.lastCommitAt?.vietnam,
                commits: written.commits, stored: written.stored),
            lastStorageError: written.lastStorageError.map { .init(at: $0.at.vietnam, message: $0.message) },
            terminals: admission.terminals.statuses())
        snapshot.incidents = written.openIncidents.map {
            .init(id: $0.id, kind: $0.kind.rawValue, source: $0.source.rawValue, by: $0.sourceName, startedAt: $0.start.vietnam, note: $0.note)
        }
        snapshot.untrackedTerminals = admission.terminals.untracked
        snapshot.evictedTerminals = admission.terminals.evicted
        snapshot.probes = prober?.statuses()
        snapshot.lineTests = written.lineTests
        snapshot.push = pusher?.status
        snapshot.planPoll = planPoller?.status
        snapshot.planRefusals = written.planRefusals.isEmpty ? nil : written.planRefusals
        if writer.hubKeys != nil {
            snapshot.planClockOffsets = written.planClockOffsets.isEmpty ? nil : written.planClockOffsets
            snapshot.planClockOffsetLimit = config.clockOffsetLimitSeconds
        }
        snapshot.missingReports = written.missingReports
        snapshot.writer = written.time
        if let board = tallyChecker.liveBoard {
            let rows = StatusSnapshot.LiveStatus.rows(board: board.snapshot, bridges: queryReader.bridges, at: Clock.now())
            snapshot.live = rows.isEmpty ? nil : rows
        }
        snapshot.datagrams = .init(
            received: datagrams.counts.received, repliesDropped: datagrams.counts.dropped, kernelDrops: listeners.udpKernelDrops())
        snapshot.events = eventSpool.map { spool in
            let counts = spool.snapshot
            return .init(written: counts.written, coalesced: counts.coalesced, dropped: counts.dropped, failed: counts.failed)
        }
        let before = statusSummary
        statusSummary = Daemon.summary(snapshot)
        if statusSummary != before { _ = notifier?.status(statusSummary) }
        statusReporter.submit(snapshot, jsonPath: config.statusPath, prometheusPath: config.prometheusPath, force: force)
    }

    /// One line for `systemctl status`.
    static func summary(_ snapshot: StatusSnapshot) -> String {
        let conference = snapshot.conference.map { "\($0.id): \($0.checkins) in, \($0.checkouts) out" } ?? "no conference open"
        let storage = snapshot.state == .storageError ? "; STORAGE ERROR" : ""
        return "\(conference); \(snapshot.connections.open) connections\(storage)"
    }

    /// The database file and its write-ahead log, in bytes.
    private func databaseSize() -> Int64 {
        var total: Int64 = 0
        for path in [config.databasePath, config.databasePath + "-wal"] {
            var info = stat()
            if stat(path, &info) == 0 { total += Int64(info.st_size) }
        }
        return total
    }
}
