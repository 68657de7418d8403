import AttendCore
import AttendIO
import Foundation
import Glibc

/// Live at the district (issue 17): a hub with 1,000 simulated halls sending signed `LIVE`
/// summaries (100 with `--quick`), a real hall's check-in until the hub's JSON roll-up shows it,
/// and the retry schedule's model of a hub down 10 minutes.
///
/// Time is compressed: the halls send every 6 s instead of every 60 s (10 times the real rate;
/// 1 s with `--quick`), and the hub's CPU is given at that rate and scaled to the real one. The
/// real hall sends every second (`live_interval = 1`), so its delay is transit plus up to a second;
/// at the default 60 s add up to one interval. The outage is the model (`PushOutageModel`), not a
/// real 10-minute run.
enum LiveBench {
    static let section = "live district"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let count = options.quick ? 100 : 1_000
        let every = options.quick ? 1.0 : 6.0
        let compression = 60 / every
        let (allKeys, keysText) = HubBench.keys(count + 1)
        let hallKey = allKeys[count]
        let probe = try DaemonFolder(base: options.directory, name: "live-keys")
        defer { probe.remove() }
        let keysPath = probe.directory + "/district.keys"
        let hallKeysPath = probe.directory + "/hall.keys"
        for (path, text) in [(keysPath, keysText), (hallKeysPath, "\(hallKey.id) \(Hex.encode(hallKey.key))\n")] {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw BenchError("cannot write \(path)")
            }
        }
        let hub = try BenchDaemon.start(options, name: "live-hub", limits: ["rate_per_source": "0"], extra: "[hub]\nkeys_file = \(keysPath)\n")
        defer {
            _ = hub.stop()
            hub.folder.remove()
        }
        reporter.progress("live: \(count) halls sending every \(every) s")
        let failures = Box<[String]>([])
        let sent = Box(0)
        let stop = Box(false)
        let began = MonotonicClock.now()
        let threads = (0..<16).map { sender in
            BackgroundThread("live-halls-\(sender)") {
                let mine = Array(stride(from: sender, to: count, by: 16))
                var next = Dictionary(uniqueKeysWithValues: mine.map { ($0, every * Double($0) / Double(count)) })
                var nonce: Int64 = 0
                var curve = LiveCurve()
                while !stop.value {
                    guard let (index, due) = next.min(by: { $0.value < $1.value }) else { return }
                    let wait = due - MonotonicClock.seconds(since: began)
                    if wait > 0 { MonotonicClock.sleep(seconds: min(wait, 0.05)); continue }
                    next[index] = due + every
                    nonce += 1
                    let present = 150 + index % 100
                    curve.add(at: Clock.now(), present: present)
                    let summary = LiveSummary(
                        bridge: allKeys[index].id, conference: "LIVE", title: "Hội nghị trực tiếp", at: Clock.now(), intervalSeconds: 60,
                        invited: 300, arrived: present, present: present, walkIns: 1,
                        categories: [.init(category: "party_member", invited: 300, arrived: present, rate: Double(present) / 3, target: 98, belowTarget: true)],
                        curve: curve.points, incidents: index % 50 == 0 ? [.init(kind: "audio_lost", since: Clock.now().vietnam)] : [])
                    let payload = summary.encoded()
                    do {
                        let line = LivePush.line(bridge: allKeys[index].id, conference: "LIVE", seq: nonce, payload: payload, key: allKeys[index].key)
                        let reply = try LineClient(host: "127.0.0.1", port: hub.port).request(line.text, payload: payload, timeoutSeconds: 30)
                        guard reply.isOK else { throw BenchError("LIVE answered \(reply)") }
                        sent.mutate { $0 += 1 }
                    } catch {
                        failures.mutate { $0.append("\(allKeys[index].id): \(error)") }
                    }
                }
            }
        }
        defer {
            stop.value = true
            for thread in threads { _ = thread.join(timeoutSeconds: 30) }
        }
        // One round to fill the board, then two rounds measured.
        MonotonicClock.sleep(seconds: every)
        let commitsBefore = commits(hub)
        let cpuBefore = PlanBench.cpuSeconds(hub.process.pid)
        let sentBefore = sent.value
        MonotonicClock.sleep(seconds: 2 * every)
        let cpu = PlanBench.cpuSeconds(hub.process.pid) - cpuBefore
        let summaries = sent.value - sentBefore
        let memory = Memory.Usage.of(hub.process.pid)
        let commitsDuring = commits(hub) - commitsBefore
        guard failures.value.isEmpty else { throw BenchError("live summaries failed: \(failures.value.prefix(3).joined(separator: "; "))") }
        let share = cpu / (2 * every) * 100
        reporter.add(Measurement(
            section, "hub CPU with \(count) halls live every 60 s", share / compression, "% of a core",
            note: String(format: "measured at %.0f×: %.1f%% of a core for %.0f summaries/s; hub RSS %.1f MB", compression, share,
                         Double(summaries) / (2 * every), memory.residentMB)))
        reporter.add(Measurement(
            section, "writer commits while \(count) halls send live summaries", Double(commitsDuring), "commits", atMost: 2,
            note: "LIVE is checked and kept on the tally checker's thread: the writer's busy share from it is 0 (a commit or two from the status file's own clock may land in the window)"))

        // A real hall: its check-in until the hub's JSON roll-up shows it.
        let hall = try BenchDaemon.start(
            options, name: "live-hall",
            extra: "[push]\nto = 127.0.0.1:\(hub.port)\nbridge_id = \(hallKey.id)\nkeys_file = \(hallKeysPath)\nlive_interval = 1\n")
        defer {
            _ = hall.stop()
            hall.folder.remove()
        }
        let rounds = options.quick ? 5 : 30
        var delays: [Double] = []
        let client = try LineClient(host: "127.0.0.1", port: hall.port)
        for round in 1...rounds {
            let start = MonotonicClock.now()
            guard try client.request("CHECKIN id=LIVE-\(round) term=bench seq=\(round)", timeoutSeconds: 10).isOK else {
                throw BenchError("the hall refused check-in \(round)")
            }
            let deadline = start + 30_000_000_000
            while try livePresent(hub, conference: BenchDaemon.conference) < round {
                guard MonotonicClock.now() < deadline else { throw BenchError("the hub's roll-up did not show check-in \(round) in 30 s") }
                MonotonicClock.sleep(seconds: 0.02)
            }
            delays.append(Double(MonotonicClock.now() - start) / 1e6)
        }
        let percentiles = Percentiles(delays)
        reporter.add(Measurement(
            section, "check-in at a hall to the hub's JSON roll-up, p50", percentiles.at(50), "ms",
            note: "live_interval = 1 s; \(rounds) check-ins one after another, roll-up polled every 20 ms; at the default 60 s add up to 60 s"))
        reporter.add(Measurement(section, "check-in at a hall to the hub's JSON roll-up, p99", percentiles.at(99), "ms"))

        // The retry schedule, 1,000 halls, the hub down 10 minutes.
        let outcome = PushOutageModel(halls: 1_000, outageSeconds: 600).run()
        let model = Percentiles(outcome.delays)
        reporter.add(Measurement(
            section, "hub down 10 min: every closed tally through after its return", outcome.delays.last ?? 0, "s", atMost: 60,
            note: String(format: "model of 1,000 halls' PushRetrySchedule with 60 s polls (not a real 10-minute run): p50 %.1f s, p99 %.1f s; "
                         + "down hub sees %.1f attempts/s on average, %d at most in a second, %d from one hall in 10 min; plus one [push] timeout for an attempt under way",
                         model.at(50), model.at(99),
                         Double(outcome.attemptsPerSecondWhileDown.reduce(0, +)) / Double(max(outcome.attemptsPerSecondWhileDown.count, 1)),
                         outcome.attemptsPerSecondWhileDown.max() ?? 0, outcome.mostAttemptsOfAHall)))
    }

    /// The hub's commits so far, from its status file.
    static func commits(_ hub: BenchDaemon) -> Int { hub.folder.status?.database.commits ?? 0 }

    /// Present now in the live view of the hub's `DISTRICT … format=json`; 0 when there is none yet.
    static func livePresent(_ hub: BenchDaemon, conference: String) throws -> Int {
        let reply = try LineClient(unixPath: hub.folder.controlSocket).request("DISTRICT conf=\(conference) format=json", timeoutSeconds: 10)
        guard reply.isOK, let payload = reply.payload,
              let json = try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any],
              let live = json["live"] as? [String: Any] else { return 0 }
        return live["present"] as? Int ?? 0
    }
}
