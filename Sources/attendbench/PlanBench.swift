import AttendCore
import AttendIO
import Foundation
import Glibc

/// The district's plans at scale: a live hub and 1,000 simulated bridge points polling it
/// (`PLANPOLL`, signed, as `PlanPoller` does; 100 and a 1 s poll with `--quick`, else a 60 s poll
/// spread evenly), then a publication of 300 delegates a hall: how long until every bridge
/// point has its plan and confirmed it, the hub's CPU and memory while they poll, and the bytes
/// of a poll when nothing changed.
enum PlanBench {
    static let section = "district plans"

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let count = options.quick ? 100 : 1_000
        let pollSeconds = options.quick ? 1.0 : 60.0
        let (bridges, keysText) = HubBench.keys(count)
        let probe = try DaemonFolder(base: options.directory, name: "plan-keys")
        defer { probe.remove() }
        let keysPath = probe.directory + "/district.keys"
        guard FileManager.default.createFile(atPath: keysPath, contents: Data(keysText.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw BenchError("cannot write \(keysPath)")
        }
        let hub = try BenchDaemon.start(options, name: "plan-hub", limits: ["rate_per_source": "0"], extra: "[hub]\nkeys_file = \(keysPath)\n")
        defer {
            _ = hub.stop()
            hub.folder.remove()
        }
        reporter.progress("plans: \(count) bridge points polling every \(Int(pollSeconds)) s")
        let applied = Box<[String: Double]>([:])
        let idleBytes = Box<[Int]>([])
        let failures = Box<[String]>([])
        let stop = Box(false)
        let began = MonotonicClock.now()
        let threads = (0..<16).map { sender in
            BackgroundThread("plan-bridges-\(sender)") {
                let mine = Array(stride(from: sender, to: count, by: 16))
                var next = Dictionary(uniqueKeysWithValues: mine.map { ($0, pollSeconds * Double($0) / Double(count)) })
                var held: [Int: Int64] = [:]
                var nonce: Int64 = 0
                while !stop.value {
                    guard let (index, due) = next.min(by: { $0.value < $1.value }) else { return }
                    let wait = due - MonotonicClock.seconds(since: began)
                    if wait > 0 { MonotonicClock.sleep(seconds: min(wait, 0.05)); continue }
                    next[index] = due + pollSeconds
                    nonce += 1
                    do {
                        let have = held[index].map { [PlanPoll.Holding(conference: "PLAN", revision: $0)] } ?? []
                        let poll = PlanPoll(bridge: bridges[index].id, seq: nonce, clock: Clock.now().milliseconds, have: have)
                        let line = poll.line(key: bridges[index].key).text
                        let client = try LineClient(host: "127.0.0.1", port: hub.port)
                        let reply = try client.request(line, timeoutSeconds: 30)
                        let answer = try poll.checkAnswer(reply, key: bridges[index].key)
                        if answer.batch.plans.isEmpty {
                            idleBytes.mutate { $0.append(line.utf8.count + 1 + reply.encoded().count) }
                            continue
                        }
                        for plan in answer.batch.plans {
                            nonce += 1
                            let ack = PlanConfirmation(
                                bridge: bridges[index].id, seq: nonce, conference: plan.conference, revision: plan.revision, outcome: .applied,
                                size: plan.delegates.count)
                            guard try client.request(ack.line(key: bridges[index].key).text, timeoutSeconds: 30).isOK else {
                                throw BenchError("the hub refused \(bridges[index].id)'s confirmation")
                            }
                            held[index] = plan.revision
                        }
                        let at = MonotonicClock.seconds(since: began)
                        applied.mutate { $0[bridges[index].id] = at }
                    } catch {
                        failures.mutate { $0.append("\(bridges[index].id): \(error)") }
                    }
                }
            }
        }
        defer {
            stop.value = true
            for thread in threads { _ = thread.join(timeoutSeconds: 30) }
        }
        // Two poll rounds of nothing: the hub's cost of being polled.
        let cpuBefore = cpuSeconds(hub.process.pid)
        MonotonicClock.sleep(seconds: 2 * pollSeconds)
        let cpu = cpuSeconds(hub.process.pid) - cpuBefore
        let memory = Memory.Usage.of(hub.process.pid)
        let polls = idleBytes.value
        guard failures.value.isEmpty else { throw BenchError("polls failed: \(failures.value.prefix(3).joined(separator: "; "))") }
        reporter.add(Measurement(
            section, "bytes per poll when nothing changed", Double(polls.reduce(0, +)) / Double(max(polls.count, 1)), "bytes",
            note: "request line and signed answer, \(polls.count) polls"))
        reporter.add(Measurement(
            section, "hub CPU while \(count) bridge points poll every \(Int(pollSeconds)) s", cpu / (2 * pollSeconds) * 100, "% of a core",
            note: String(format: "%.0f polls/s; hub RSS %.1f MB", Double(count) / pollSeconds, memory.residentMB)))

        // The publication: one plan, 300 delegates a hall.
        reporter.progress("plans: publishing to \(count) bridge points")
        let control = try LineClient(unixPath: hub.folder.controlSocket)
        let published = try control.request(
            "PUBLISH conf=PLAN title=Bench date=2026-11-23 parts=\"Sáng 07:30-11:30\" grace=10", timeoutSeconds: 60)
        guard published.isOK else { throw BenchError("PUBLISH answered \(published)") }
        var csv = "Mã,Họ và tên,Đối tượng,Điểm cầu\n"
        for bridge in bridges { for row in 0..<300 { csv += "\(bridge.id)-\(row),Người \(row),đảng viên,\(bridge.id)\n" } }
        let publishedAt = MonotonicClock.seconds(since: began)
        let list = try control.request("PLANLIST conf=PLAN bytes=\(csv.utf8.count)", payload: Array(csv.utf8), timeoutSeconds: 120)
        guard list.isOK else { throw BenchError("PLANLIST answered \(list)") }
        let deadline = MonotonicClock.now() + UInt64(3 * pollSeconds * 1e9) + 30_000_000_000
        while applied.value.values.filter({ $0 > publishedAt }).count < count && MonotonicClock.now() < deadline {
            MonotonicClock.sleep(seconds: 0.05)
        }
        let times = applied.value.values.filter { $0 > publishedAt }.map { $0 - publishedAt }
        guard times.count == count else {
            let late = bridges.map(\.id).filter { (applied.value[$0] ?? 0) <= publishedAt }
            throw BenchError("only \(times.count) of \(count) bridge points had the plan in time; not: \(late.prefix(5).joined(separator: ",")); "
                + "failures: \(failures.value.suffix(3).joined(separator: "; "))")
        }
        reporter.add(Measurement(
            section, "publication until all \(count) bridge points applied and confirmed it", times.max() ?? 0, "s",
            atMost: pollSeconds + 10,
            note: String(format: "poll every %.0f s; %d delegates (%d KB of CSV) split by hall; median %.1f s", pollSeconds, count * 300,
                         csv.utf8.count / 1024, Percentiles(times).at(50))))
    }

    /// User and system CPU seconds of `pid` (/proc/PID/stat).
    static func cpuSeconds(_ pid: pid_t) -> Double {
        let text = ProcFile.read("/proc/\(pid)/stat")
        guard let close = text.lastIndex(of: ")") else { return 0 }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
