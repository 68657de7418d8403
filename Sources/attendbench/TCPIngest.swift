import AttendCore
import AttendStore
import Foundation

/// Durable ingest: pipelined CHECKINs from 1, 8 and 64 connections into attendd, counting `OK`
/// replies a second; then the same lines into the `NullSink`, to show the generator is not the
/// limit. Each run starts from an empty database, as the storage limit's first rows do.
enum TCPIngest {
    static let connectionCounts = [1, 8, 64]
    static let section = "TCP ingest (durable acks)"

    /// What the later sections need from this one.
    struct Outcome: Sendable {
        var acksPerSecond: [Int: Double] = [:]
    }

    static func run(
        _ options: BenchOptions, storage: StorageLimit.Result?, minimal: Double?, reporter: Reporter
    ) throws -> Outcome {
        var outcome = Outcome()
        var sinkRows: [Measurement] = []
        let limit = storage?.rowsPerSecond(upTo: options.ingestLines)
        for connections in connectionCounts {
            let total = options.ingestLines / connections * connections
            let lines = LineGenerator.perConnection(tag: "ingest\(connections)", connections: connections, total: total)
            let shape = PipelinedLoad.Shape.ingest(connections: connections)
            let plural = connections == 1 ? "connection" : "connections"
            reporter.progress("TCP ingest: \(total) lines over \(connections) \(plural) into a fresh attendd")
            let daemon = try BenchDaemon.start(options, name: "ingest\(connections)")
            let generatorBefore = ThreadCPU.ownSeconds()
            let result = try PipelinedLoad(port: daemon.port, lines: lines, shape: shape).run()
            let cpu = ThreadCPU.describe(
                daemon: ThreadCPU.byName(daemon.process.pid), generatorSeconds: ThreadCPU.ownSeconds() - generatorBefore,
                acks: result.okReplies)
            outcome.acksPerSecond[connections] = result.okPerSecond
            // The daemon is fresh: its writer's time before the run is none.
            let writer = WriterReading.after(daemon.folder, stored: result.okReplies)
            let stopped = daemon.stop()
            let stored = (try? Database(path: daemon.folder.databasePath, readOnly: true)
                .scalar("SELECT count(*) FROM checkin")) ?? -1
            var note = describe(result, shape: shape)
            note += stored >= Int64(result.okReplies) ? "; all stored" : "; ONLY \(stored) STORED"
            if stopped.exit?.code != 0 { note += "; \(stopped.exit?.description ?? "did not stop")" }
            note += "; " + cpu
            note += writer.map { "; writer: " + $0.describe(since: WriterReading(time: WriterTime(), stored: 0), over: result.seconds) }
                ?? "; no status file with the run's check-ins within 3 s of its end"
            reporter.add(Measurement(section, "attendd, \(connections) \(plural)", result.okPerSecond, "acks/s", note: note))
            if let limit {
                reporter.add(Measurement(
                    section, "  ratio to the storage limit", result.okPerSecond / limit, "x", atLeast: 0.8,
                    note: "limit over the first \(Measurement.format(Double(options.ingestLines), "")) rows: \(Measurement.format(limit, "rows/s"))"))
            }
            if let minimal {
                reporter.add(Measurement(
                    section, "  ratio to the minimal-record limit", result.okPerSecond / minimal, "x", atLeast: 0.5,
                    note: "one table with a unique (terminal, seq) index: \(Measurement.format(minimal, "rows/s"))"))
            }

            reporter.progress("generator check: the same lines into the null sink")
            let sink = try NullSink()
            let sinkResult = try PipelinedLoad(port: sink.port, lines: lines, shape: shape).run()
            sink.stop()
            sinkRows.append(Measurement(
                "generator check (null sink, same load)", "null sink, \(connections) \(plural)", sinkResult.okPerSecond,
                "lines/s",
                note: String(format: "attendd reached %.1f%% of it", 100 * result.okPerSecond / max(sinkResult.okPerSecond, 1))
                    + (sinkResult.timedOut ? "; timed out" : "")))
        }
        sinkRows.forEach(reporter.add)
        return outcome
    }

    static func describe(_ result: LoadResult, shape: PipelinedLoad.Shape) -> String {
        var note = "\(result.okReplies) OK in \(String(format: "%.2f", result.seconds)) s, window \(shape.window)"
        if result.errors > 0 { note += "; \(result.errors) ERR, first: \(result.firstError ?? "")" }
        if result.timedOut { note += "; TIMED OUT" }
        if result.closedByPeer > 0 { note += "; \(result.closedByPeer) connections closed by attendd" }
        return note
    }
}
