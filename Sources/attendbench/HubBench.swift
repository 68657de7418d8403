import AttendCore
import AttendDaemon
import AttendIO
import AttendStore
import Foundation

/// A district hub with many bridge points: the roll-up from what the hub stores, and a live
/// hub receiving every bridge point's signed tally over TCP at once.
enum HubBench {
    static let section = "district hub"
    static let conference = "BENCH"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let count = options.quick ? 100 : 1_000
        reporter.progress("district: generating \(count) bridge tallies")
        let tallies = bridgeTallies(count)
        try storedRollup(options, tallies, reporter: reporter)
        try liveHub(options, tallies, reporter: reporter)
    }

    /// One bridge point's tally per entry: 300 invited each, 20 absent, 10 walk-ins who were
    /// invited at the next bridge point (so "attended elsewhere" has work), arrivals spread
    /// over the first 40 minutes.
    static func bridgeTallies(_ count: Int) -> [(bridge: String, payload: [UInt8])] {
        let plan = ConferencePlan(
            id: conference, title: "Hội nghị", date: "2026-11-23",
            parts: try! ConferencePlan.parseParts("Sáng 07:30-11:30, Chiều 13:30-17:00", date: "2026-11-23"), graceMinutes: 10,
            expected: 300)
        return (0..<count).map { bridge in
            let invited = (0..<300).map { Delegate(id: "B\(bridge)-\($0)", fullName: "Người \($0)", category: .partyMember) }
            let events = (0..<290).map { index in
                AttendanceEvent(
                    delegate: index < 280 ? "B\(bridge)-\(index)" : "B\((bridge + 1) % count)-\(index)", direction: .checkIn,
                    at: Timestamp(milliseconds: plan.parts[0].start.milliseconds + Int64(index % 40) * 60_000))
            }
            var tally = TallyComputation.tally(plan: plan, invited: invited, excuses: [:], events: events)
            tally.bridge = "b\(bridge)"
            tally.final = true
            return ("b\(bridge)", Array(tally.jsonData()))
        }
    }

    /// The keys a hub holds for `count` bridge points (one key for all: the bench signs, it
    /// does not guard).
    static func keys(_ count: Int) -> (keys: [BridgeKey], file: String) {
        let key = [UInt8](repeating: 0x5A, count: 32)
        let keys = (0..<count).map { BridgeKey(id: "b\($0)", key: key, name: "Điểm cầu \($0)") }
        return (keys, keys.map { "\($0.id) \(Hex.encode($0.key)) \($0.name)" }.joined(separator: "\n") + "\n")
    }

    /// The roll-up as the hub makes it for `attendctl district`: the stored summaries read and
    /// added up, beside decoding every stored tally whole (what it did before summaries).
    static func storedRollup(_ options: BenchOptions, _ tallies: [(bridge: String, payload: [UInt8])], reporter: Reporter) throws {
        reporter.progress("district: roll-up of \(tallies.count) stored tallies")
        let folder = try DaemonFolder(base: options.directory, name: "rollup")
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.dataDirectory, withIntermediateDirectories: true)
        let store = try AttendanceStore(path: folder.databasePath)
        let now = Timestamp(milliseconds: 1_795_000_000_000)
        try store.transaction { () throws(StoreError) in
            for entry in tallies {
                let tally = try! Tally.decode(json: Data(entry.payload))
                _ = try store.push.receive(
                    bridge: entry.bridge, conference: conference, revision: 1, payload: entry.payload, summary: TallySummary(tally),
                    year: YearReport.HallTally(bridge: entry.bridge, tally: tally), at: now)
            }
        }
        let bridges = keys(tallies.count).keys
        var began = MonotonicClock.now()
        let rollup = DistrictRollup.compute(conference: conference, bridges: bridges, summaries: try store.push.newestSummaries(conference: conference))
        let fromSummaries = MonotonicClock.seconds(since: began) * 1000
        began = MonotonicClock.now()
        let whole = try store.push.newest(conference: conference).compactMap { entry in
            (try? Tally.decode(json: Data(entry.payload))).map { (bridge: entry.bridge, revision: entry.revision, tally: $0) }
        }
        let again = DistrictRollup.compute(conference: conference, bridges: bridges, tallies: whole)
        let fromTallies = MonotonicClock.seconds(since: began) * 1000
        precondition(again == rollup, "the roll-up from summaries differs from the one from whole tallies")
        // What a hub that pushes upward does in the commit that brought a tally: the district
        // total as one tally, from the summaries, encoded for the outbox.
        began = MonotonicClock.now()
        let summaries = try store.push.newestSummaries(conference: conference)
        let upward = DistrictRollup.compute(conference: conference, bridges: bridges, summaries: summaries)
            .asTally(from: summaries.map(\.summary), district: "huyen")!.jsonData()
        let upwardMilliseconds = MonotonicClock.seconds(since: began) * 1000
        reporter.add(Measurement(
            section, "district total for the upward push, from \(tallies.count) summaries", upwardMilliseconds, "ms",
            note: "on the writer, once per commit that brought tallies; \(upward.count / 1024) KB (of at most 4,096)"))
        reporter.add(Measurement(
            section, "roll-up of \(tallies.count) bridge points from stored summaries", fromSummaries, "ms", atMost: 500,
            note: String(format: "decoding every whole tally instead: %.0f ms (%.1fx); same result; %d present, %d attended elsewhere",
                         fromTallies, fromTallies / max(fromSummaries, 0.001), rollup.total.present, rollup.attendedElsewhere.count)))
    }

    /// A real hub: every bridge point pushes its signed tally over its own TCP connection, 16
    /// at a time; then `DISTRICT` through the control socket.
    static func liveHub(_ options: BenchOptions, _ tallies: [(bridge: String, payload: [UInt8])], reporter: Reporter) throws {
        reporter.progress("district: \(tallies.count) bridge points pushing to a live hub")
        let (bridges, keysText) = keys(tallies.count)
        let probe = try DaemonFolder(base: options.directory, name: "hub-keys")
        let keysPath = probe.directory + "/district.keys"
        guard FileManager.default.createFile(atPath: keysPath, contents: Data(keysText.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw BenchError("cannot write \(keysPath)")
        }
        defer { probe.remove() }
        let hub = try BenchDaemon.start(options, name: "hub", extra: "[hub]\nkeys_file = \(keysPath)\n")
        defer {
            _ = hub.stop()
            hub.folder.remove()
        }
        let senders = 16
        let latencies = Box<[Double]>([])
        let failures = Box<[String]>([])
        let began = MonotonicClock.now()
        let threads = (0..<senders).map { sender in
            BackgroundThread("bridge-\(sender)") {
                var mine: [Double] = []
                for index in stride(from: sender, to: tallies.count, by: senders) {
                    let entry = tallies[index]
                    let line = TallyPush.line(
                        bridge: entry.bridge, conference: conference, revision: 1, payload: entry.payload, key: bridges[index].key)
                    let start = MonotonicClock.now()
                    do {
                        let client = try LineClient(host: "127.0.0.1", port: hub.port)
                        let reply = try client.request(line.text, payload: entry.payload, timeoutSeconds: 60)
                        if !reply.isOK { failures.value.append("\(entry.bridge): \(reply)") }
                    } catch {
                        failures.value.append("\(entry.bridge): \(error)")
                    }
                    mine.append(MonotonicClock.seconds(since: start) * 1000)
                }
                latencies.value += mine
            }
        }
        for thread in threads { thread.join(timeoutSeconds: 600) }
        let seconds = MonotonicClock.seconds(since: began)
        guard failures.value.isEmpty else { throw BenchError("pushes failed: \(failures.value.prefix(3).joined(separator: "; "))") }
        let percentiles = Percentiles(latencies.value)
        reporter.add(Measurement(
            section, "\(tallies.count) bridge points push to one hub", Double(tallies.count) / seconds, "tallies/s",
            note: String(format: "%.2f s in all over %d connections at a time; each push (connect, %d KB signed, verified, decoded, committed) p50 %.1f ms, p99 %.1f ms",
                         seconds, senders, tallies[0].payload.count / 1024, percentiles.at(50), percentiles.at(99))))

        for format in ["text", "json"] {
            let start = MonotonicClock.now()
            let reply = try LineClient(unixPath: hub.folder.controlSocket)
                .request("DISTRICT conf=\(conference) format=\(format)", timeoutSeconds: 60)
            let milliseconds = MonotonicClock.seconds(since: start) * 1000
            guard reply.isOK, reply["reported"] == String(tallies.count) else { throw BenchError("DISTRICT answered \(reply)") }
            reporter.add(Measurement(
                section, "attendctl district on that hub (\(tallies.count) bridge points, \(format))", milliseconds, "ms", atMost: 500,
                note: "through the control socket: read the summaries, add up, render \((reply.payload?.count ?? 0) / 1024) KB"))
        }
    }
}
