import AttendCore
import AttendIO
import Foundation
import Glibc

/// Ack latency at fixed offered rates: a paced sender thread and a reader thread that matches
/// each reply to its request by `seq`, timed with the monotonic clock from just before `send`
/// to the `recv` that brought the reply.
enum Latency {
    static let section = "ack latency (send -> OK, synchronous=FULL)"

    struct Run: Sendable {
        var samples: Percentiles
        var lost: Int
        var errors: Int
        /// How far behind its schedule the sender fell at worst, in ms.
        var maxLagMilliseconds: Double
        /// From the first send to the last reply: the run's seconds as the daemon worked them
        /// (more than the nominal ones when it fell behind and answered late).
        var seconds: Double
    }

    static func run(_ options: BenchOptions, reporter: Reporter) throws {
        let daemon = try BenchDaemon.start(options, name: "latency")
        for connections in options.latencyConnections {
            for rate in options.latencyRates {
                let plural = connections == 1 ? "connection" : "connections"
                reporter.progress("latency: \(rate)/s on \(connections) \(plural) for \(options.latencySeconds) s")
                let writerBefore = WriterReading.current(daemon.folder)
                let before = ThreadSwitches.byName(daemon.process.pid)
                let probe = try DiskProbe(directory: options.directory)
                let cpusBefore = CPUTicks(procStat: ProcFile.read("/proc/stat"))
                let result = try measure(port: daemon.port, rate: rate, connections: connections, seconds: options.latencySeconds)
                let cpusAfter = CPUTicks(procStat: ProcFile.read("/proc/stat"))
                let disk = probe.stop()
                let sleeps = ThreadSwitches.describe(before: before, after: ThreadSwitches.byName(daemon.process.pid), acks: result.samples.count, seconds: options.latencySeconds)
                // Every OK was a check-in stored once (the lines are all different).
                let writerAfter = writerBefore.flatMap { WriterReading.after(daemon.folder, stored: $0.stored + result.samples.count) }
                // A log that keeps growing means every commit appended to it (a file system journal
                // commit in each fsync); one restarted after each checkpoint stays near a second's frames.
                var log = stat()
                let logMB = stat(daemon.folder.dataDirectory + "/attendd.db-wal", &log) == 0 ? Double(log.st_size) / 1_048_576 : 0
                let label = "\(Measurement.format(Double(rate), "/s")), \(connections) \(plural)"
                let p99Target: Double? = rate == 2_000 ? 2 : rate == 20_000 ? 10 : nil
                let s = result.samples
                reporter.add(Measurement(section, "\(label): p50", s.at(50), "ms",
                    note: "\(s.count) samples, \(result.lost) lost, \(result.errors) ERR, sender lag max \(String(format: "%.2f", result.maxLagMilliseconds)) ms, write-ahead log \(String(format: "%.1f", logMB)) MB after"))
                var probed = String(format: "; a disk probe beside it (50 syncs/s): longest sync %.1f ms, %d of %d over 10 ms",
                                    disk.longestMilliseconds, disk.stalls, disk.syncs)
                if let before = cpusBefore, let after = cpusAfter {
                    let cpus = after.since(before)
                    probed += String(format: "; the CPUs %.0f%% busy, %.1f%% taken by the host (steal)", cpus.busy, cpus.steal)
                }
                reporter.add(Measurement(section, "\(label): p99", s.at(99), "ms", atMost: p99Target, note: sleeps + probed))
                if let before = writerBefore, let after = writerAfter {
                    reporter.add(Measurement(section, "\(label): writer busy", after.busyShare(since: before, over: result.seconds), "%",
                                             note: after.describe(since: before, over: result.seconds)))
                } else {
                    reporter.add(Measurement(section, "\(label): writer busy", nil, "%",
                                             note: "no status file with the run's check-ins within 3 s of its end"))
                }
                reporter.add(Measurement(section, "\(label): p99.9", s.at(99.9), "ms"))
                reporter.add(Measurement(section, "\(label): max", s.max, "ms"))
                // The same pace on the disk alone, right after: what of the tail the disk had.
                let floor = try DiskFloor.measure(rate: rate, seconds: options.latencySeconds, directory: options.directory)
                let f = floor.samples
                reporter.add(Measurement(section, "  the disk alone at this pace: p99", f.at(99), "ms", note: String(
                    format: "p50 %.2f, p99.9 %.2f, max %.1f ms; %d syncs, %d over 10 ms (longest %.1f ms): an ideal group commit, one 4 KiB write + fdatasync a group, for the same seconds right after",
                    f.at(50), f.at(99.9), f.max, floor.syncs, floor.stalls, floor.longestSyncMilliseconds)))
            }
        }
    }

    static func measure(port: Int, rate: Int, connections: Int, seconds: Double) throws -> Run {
        let total = max(connections, Int(Double(rate) * seconds))
        let lines = LineGenerator.perConnection(tag: "lat\(connections)x\(rate)", connections: connections, total: total)
        var fds: [Int32] = []
        defer { fds.forEach { close($0) } }
        for _ in 0..<connections { fds.append(try BenchSocket.connectTCP(port: port)) }
        let sentAt = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: total)
        let repliedAt = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: total)
        sentAt.initialize(repeating: 0)
        repliedAt.initialize(repeating: 0)
        defer {
            sentAt.deallocate()
            repliedAt.deallocate()
        }
        let sendingEnded = Box<UInt64>(0)
        let errors = Box(0)
        let readerFDs = fds
        // The reader writes only `repliedAt`, the sender only `sentAt`; both are read after the join.
        let replies = UnsafeSendable(repliedAt)
        let reader = BackgroundThread("latency-reader") {
            errors.value = read(fds: readerFDs, into: replies.value, connections: connections, sendingEnded: sendingEnded)
        }
        let start = MonotonicClock.now()
        let interval = 1e9 / Double(rate)
        var maxLag: UInt64 = 0
        for i in 0..<total {
            let due = start + UInt64(Double(i) * interval)
            var now = MonotonicClock.now()
            if now < due {
                MonotonicClock.sleep(until: due)
                now = MonotonicClock.now()
            }
            maxLag = max(maxLag, now - due)
            let k = i % connections
            let range = lines[k].byteRange((i / connections)..<(i / connections + 1))
            sentAt[i] = now
            let ok = lines[k].bytes.withUnsafeBytes { BenchSocket.sendAll(fds[k], $0.baseAddress! + range.lowerBound, range.count) }
            if !ok { break }
        }
        sendingEnded.value = MonotonicClock.now()
        reader.join(timeoutSeconds: 60)
        var samples: [Double] = []
        samples.reserveCapacity(total)
        for i in 0..<total where repliedAt[i] != 0 && sentAt[i] != 0 {
            samples.append(Double(repliedAt[i] &- sentAt[i]) / 1e6)
        }
        let lastReply = repliedAt.max() ?? 0
        return Run(
            samples: Percentiles(samples), lost: total - samples.count - errors.value, errors: errors.value,
            maxLagMilliseconds: Double(maxLag) / 1e6, seconds: Double(max(lastReply, sendingEnded.value) - start) / 1e9)
    }

    /// Reads replies until every request is answered or 20 s after sending ended; stores the
    /// arrival time of reply (connection k, seq s) at index (s - 1) × connections + k. A run the
    /// daemon fell behind in is waited for (its late replies are its tail, not "lost"), so the
    /// next run does not start behind the previous one's backlog.
    private static func read(fds: [Int32], into repliedAt: UnsafeMutableBufferPointer<UInt64>, connections: Int, sendingEnded: Box<UInt64>) -> Int {
        var pollers = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var pending = [[UInt8]](repeating: [], count: fds.count)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var answered = 0
        var errors = 0
        let giveUp = MonotonicClock.now() + 600_000_000_000
        while answered + errors < repliedAt.count && MonotonicClock.now() < giveUp {
            let ended = sendingEnded.value
            if ended != 0 && MonotonicClock.now() > ended + 20_000_000_000 { break }
            if poll(&pollers, nfds_t(pollers.count), 10) <= 0 { continue }
            for k in pollers.indices where pollers[k].revents != 0 {
                let received = chunk.withUnsafeMutableBytes { recv(fds[k], $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if received <= 0 {
                    if received == 0 { pollers[k].fd = -1 }
                    continue
                }
                let now = MonotonicClock.now()
                pending[k].append(contentsOf: chunk[..<received])
                var lineStart = 0
                while let newline = pending[k][lineStart...].firstIndex(of: 0x0A) {
                    let line = pending[k][lineStart..<newline]
                    lineStart = newline + 1
                    guard line.first == UInt8(ascii: "O"), let seq = sequence(in: line) else {
                        errors += 1
                        continue
                    }
                    let index = (seq - 1) * connections + k
                    if index >= 0 && index < repliedAt.count && repliedAt[index] == 0 {
                        repliedAt[index] = now
                        answered += 1
                    }
                }
                pending[k].removeFirst(lineStart)
            }
        }
        return errors
    }

    /// The number after ` seq=` in a reply line.
    private static let sequenceKey = Array(" seq=".utf8)

    private static func sequence(in line: ArraySlice<UInt8>) -> Int? {
        let key = sequenceKey
        var k = line.startIndex
        while k + key.count <= line.endIndex {
            if line[k..<(k + key.count)].elementsEqual(key) {
                var value = 0
                var digits = 0
                var d = k + key.count
                while d < line.endIndex, line[d] >= 0x30, line[d] <= 0x39 {
                    value = value * 10 + Int(line[d] - 0x30)
                    digits += 1
                    d += 1
                }
                return digits > 0 ? value : nil
            }
            k += 1
        }
        return nil
    }
}

/// Hands a pointer to another thread. `@unchecked`: the benchmark guarantees the two threads
/// touch disjoint parts, and the owner reads only after joining.
struct UnsafeSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
