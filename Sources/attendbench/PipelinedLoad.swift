import Glibc

/// What one pipelined load saw.
struct LoadResult: Sendable {
    var connections = 0
    /// Lines written completely to the sockets.
    var sent = 0
    /// Reply lines read (every reply is one LF).
    var replies = 0
    /// Replies that did not start with `O` (an `ERR`), and the first of them.
    var errors = 0
    var firstError: String?
    /// From the first byte sent until the last reply (or the last byte sent, without replies).
    var seconds = 0.0
    /// Connections the peer closed before everything was answered.
    var closedByPeer = 0
    var timedOut = false

    var okReplies: Int { replies - errors }
    /// OK replies a second: durable acknowledgements for attendd.
    var okPerSecond: Double { seconds > 0 ? Double(okReplies) / seconds : 0 }
    /// Lines sent a second (for sinks that do not answer).
    var sentPerSecond: Double { seconds > 0 ? Double(sent) / seconds : 0 }
}

/// The load generator: pipelined lines over many TCP connections from one thread.
///
/// Each connection keeps at most `window` requests unanswered and writes them in blocks of
/// `block` pre-encoded lines; replies are counted, not parsed (one LF each; a reply whose
/// first byte is not `O` is an error). One thread with `poll` drives every connection, so
/// on a 2-core box the generator takes as little CPU from the daemon as it can.
///
/// `@unchecked Sendable`: `run()` is called once, by one thread (the shutdown measurement
/// runs it on a background thread while the main thread signals the daemon).
final class PipelinedLoad: @unchecked Sendable {
    /// How the load is shaped.
    struct Shape: Sendable {
        /// Unanswered requests per connection at most.
        var window = 2_048
        /// Lines per write.
        var block = 512
        /// false for sinks that never answer (rsyslog): send everything as fast as it goes.
        var expectReplies = true
        /// The run stops here even if unfinished (`timedOut`).
        var timeoutSeconds = 60.0

        /// A window that keeps about 16k requests in flight over all connections (two of
        /// attendd's 8,192-request commit groups), and at least 512 on each.
        static func ingest(connections: Int) -> Shape {
            let window = max(512, 16_384 / connections)
            return Shape(window: window, block: min(512, window / 2))
        }
    }

    private struct Stream {
        let fd: Int32
        let lines: EncodedLines
        /// Lines handed to the socket (their bytes are below `target`).
        var queued = 0
        var target = 0
        var sentBytes = 0
        var replies = 0
        var errors = 0
        var atLineStart = true
        var blocked = false
        var done = false
    }

    private let port: Int
    private let shape: Shape
    private var streams: [Stream] = []
    private var result = LoadResult()
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 * 1024, alignment: 16)

    /// Connects one TCP connection per element of `lines`.
    init(port: Int, lines: [EncodedLines], shape: Shape) throws(BenchError) {
        self.port = port
        self.shape = shape
        for batch in lines {
            let fd: Int32
            do {
                fd = try BenchSocket.connectTCP(port: port)
            } catch {
                streams.forEach { close($0.fd) }
                throw error
            }
            BenchSocket.setNonBlocking(fd)
            streams.append(Stream(fd: fd, lines: batch))
        }
        result.connections = lines.count
    }

    deinit {
        buffer.deallocate()
        for stream in streams where stream.fd >= 0 { close(stream.fd) }
    }

    /// Sends everything (or until the timeout) and returns what happened. Call once.
    func run() -> LoadResult {
        let start = MonotonicClock.now()
        let deadline = start + UInt64(shape.timeoutSeconds * 1e9)
        var pollers = [pollfd](repeating: pollfd(), count: streams.count)
        var owners = [Int](repeating: 0, count: streams.count)
        var active = streams.count
        while active > 0 {
            if MonotonicClock.now() > deadline {
                result.timedOut = true
                break
            }
            var watched = 0
            for k in streams.indices where !streams[k].done {
                pump(k)
                if streams[k].done { continue }
                var events: Int16 = 0
                if streams[k].sentBytes < streams[k].target { events |= Int16(POLLOUT) }
                if shape.expectReplies && streams[k].replies < streams[k].queued { events |= Int16(POLLIN) }
                pollers[watched] = pollfd(fd: streams[k].fd, events: events, revents: 0)
                owners[watched] = k
                watched += 1
            }
            active = streams.count(where: { !$0.done })
            if active == 0 { break }
            let ready = poll(&pollers, nfds_t(watched), 100)
            if ready <= 0 { continue }
            for p in 0..<watched where pollers[p].revents != 0 {
                let k = owners[p]
                if pollers[p].revents & Int16(POLLOUT) != 0 { streams[k].blocked = false }
                if pollers[p].revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 { receive(k) }
            }
        }
        result.seconds = MonotonicClock.seconds(since: start)
        for k in streams.indices {
            result.sent += sentLines(streams[k])
            result.replies += streams[k].replies
            result.errors += streams[k].errors
            close(streams[k].fd)
        }
        streams.removeAll()
        return result
    }

    /// Hands the socket what the window allows, without blocking.
    private func pump(_ k: Int) {
        if shape.expectReplies && streams[k].replies >= streams[k].lines.count { streams[k].done = true }
        while !streams[k].done {
            var stream = streams[k]
            if stream.sentBytes == stream.target {
                let total = stream.lines.count
                if !shape.expectReplies && stream.queued == total {
                    streams[k].done = true
                    return
                }
                let unanswered = stream.queued - stream.replies
                guard stream.queued < total, !shape.expectReplies || unanswered + shape.block <= shape.window else { return }
                let count = min(shape.block, total - stream.queued)
                stream.queued += count
                stream.target = stream.lines.ends[stream.queued - 1]
                streams[k] = stream
            }
            if streams[k].blocked { return }
            let sent = streams[k].lines.bytes.withUnsafeBytes { bytes in
                send(stream.fd, bytes.baseAddress! + stream.sentBytes, stream.target - stream.sentBytes, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                streams[k].sentBytes += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                streams[k].blocked = true
                return
            } else if sent < 0 && errno == EINTR {
                continue
            } else {
                finish(k, closedByPeer: true)
                return
            }
        }
    }

    /// Reads what arrived and counts reply lines.
    private func receive(_ k: Int) {
        let received = recv(streams[k].fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT))
        if received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) { return }
        if received <= 0 {
            finish(k, closedByPeer: true)
            return
        }
        var stream = streams[k]
        var cursor = buffer.baseAddress!
        let end = cursor + received
        while cursor < end {
            if stream.atLineStart {
                stream.atLineStart = false
                if cursor.load(as: UInt8.self) != UInt8(ascii: "O") {
                    stream.errors += 1
                    if result.firstError == nil { result.firstError = Self.line(at: cursor, end: end) }
                }
            }
            guard let newline = memchr(cursor, 0x0A, end - cursor) else { break }
            stream.replies += 1
            stream.atLineStart = true
            cursor = UnsafeMutableRawPointer(newline) + 1
        }
        streams[k] = stream
        if stream.replies >= stream.lines.count { streams[k].done = true }
    }

    private func finish(_ k: Int, closedByPeer: Bool) {
        if closedByPeer && !(shape.expectReplies ? streams[k].replies >= streams[k].lines.count : streams[k].sentBytes == streams[k].lines.bytes.count) {
            result.closedByPeer += 1
        }
        streams[k].done = true
    }

    private func sentLines(_ stream: Stream) -> Int {
        var low = 0
        var high = stream.lines.count
        while low < high {
            let mid = (low + high) / 2
            if stream.lines.ends[mid] <= stream.sentBytes { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func line(at start: UnsafeMutableRawPointer, end: UnsafeMutableRawPointer) -> String {
        let length = min(end - start, 300)
        let bytes = UnsafeRawBufferPointer(start: start, count: length)
        return String(decoding: bytes.prefix(while: { $0 != 0x0A }), as: UTF8.self)
    }
}
