import AttendCore
import Glibc

/// A blocking client for the line protocol over TCP or the Unix control socket: what
/// `attendctl`, the tests and the benchmark speak to the daemon with.
///
/// `@unchecked Sendable`: one thread may send while another reads replies (`send` touches
/// only the socket; the read buffer belongs to the reading thread).
public final class LineClient: @unchecked Sendable {
    public let fd: Int32
    private var buffer: [UInt8] = []
    /// What may cut this client's exchange short from another thread (TCP clients only).
    private let interrupter: SocketInterrupter?

    /// Connects to the control socket at `path`.
    public init(unixPath path: String) throws(SystemError) {
        interrupter = nil
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        var address = try unixSocketAddress(path)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            let error = SystemError("connect", detail: path)
            close(fd)
            throw error
        }
    }

    /// Connects over TCP to an IPv4 `host:port`, giving up after `connectTimeoutMilliseconds`
    /// (a hub whose packets are dropped would otherwise hold the caller for the kernel's two
    /// minutes of SYN retries). `interrupter`, when given, can cut the connect and every later
    /// exchange short from another thread (a stopping daemon's push).
    public init(
        host: String, port: Int, connectTimeoutMilliseconds: Int32 = 10_000, interrupter: SocketInterrupter? = nil
    ) throws(SystemError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw SystemError("socket") }
        /// Closes `fd` (detached first) and returns `error`, for the failures below.
        func closing(_ error: SystemError) -> SystemError {
            interrupter?.detach(fd)
            close(fd)
            return error
        }
        if let interrupter, !interrupter.attach(fd) {
            close(fd)
            throw SystemError("connect", errno: ECANCELED, detail: "\(host):\(port) (interrupted)")
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw closing(SystemError("connect", errno: EINVAL, detail: "\(host) (an IPv4 address)"))
        }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc != 0 && errno != EINPROGRESS {
            throw closing(SystemError("connect", detail: "\(host):\(port)"))
        }
        if rc != 0 {
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat { ready = poll(&poller, 1, connectTimeoutMilliseconds) } while ready < 0 && errno == EINTR
            var failure: Int32 = ready == 0 ? ETIMEDOUT : 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            if ready > 0 { getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) }
            if ready < 0 { failure = errno }
            if failure == 0, interrupter?.isInterrupted == true { failure = ECANCELED }
            guard failure == 0 else {
                throw closing(SystemError("connect", errno: failure, detail: "\(host):\(port)"))
            }
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        self.fd = fd
        self.interrupter = interrupter
    }

    deinit {
        interrupter?.detach(fd)
        close(fd)
    }

    /// Sends bytes as they are.
    public func send(bytes: [UInt8]) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    throw SystemError("send", errno: ETIMEDOUT, detail: "(the peer took no bytes for \(sendTimeoutSeconds) s)")
                }
                throw SystemError("send")
            }
            offset += sent
        }
    }

    /// How long a send may wait for the peer to take bytes; 0: forever.
    public private(set) var sendTimeoutSeconds: Double = 0

    /// Bounds every later send: a peer that stops reading (a daemon refusing a payload it
    /// would not read) fails the send with a timeout instead of holding the caller forever.
    public func setSendTimeout(seconds: Double) {
        sendTimeoutSeconds = seconds
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Sends one line, adding the LF.
    public func send(_ line: String) throws(SystemError) {
        try send(bytes: Array(line.utf8) + [0x0A])
    }

    /// Reads one reply line without its LF; nil when the peer closed or `timeoutSeconds` passed.
    /// `maxBytes`: a peer that sends more than this without a line end fails the read (a
    /// hostile or broken peer cannot grow the buffer without bound).
    public func readLine(timeoutSeconds: Double = 10, maxBytes: Int? = nil) throws(SystemError) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if let maxBytes, buffer.count > maxBytes {
                throw SystemError("recv", errno: EMSGSIZE, detail: "(a reply line longer than \(maxBytes) bytes)")
            }
            guard try fill(timeoutSeconds: timeoutSeconds) else { return nil }
        }
    }

    /// Reads what has arrived into the buffer; false on end of stream or timeout.
    private func fill(timeoutSeconds: Double) throws(SystemError) -> Bool {
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(timeoutSeconds * 1000))
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { throw SystemError("poll") }
            if ready == 0 { return false }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received < 0 {
                if errno == EINTR { continue }
                throw SystemError("recv")
            }
            if received == 0 { return false }
            buffer.append(contentsOf: chunk[..<received])
            return true
        }
    }

    /// Reads exactly `count` bytes; nil when the peer closed or `timeoutSeconds` passed first.
    public func readBytes(_ count: Int, timeoutSeconds: Double = 30) throws(SystemError) -> [UInt8]? {
        while buffer.count < count {
            guard try fill(timeoutSeconds: timeoutSeconds) else { return nil }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return bytes
    }

    /// Sends one line (and an optional payload after it) and reads its reply, with the reply's
    /// payload when it announces one (`bytes=N`).
    public func request(_ line: String, payload: [UInt8]? = nil, timeoutSeconds: Double = 10) throws -> Reply {
        setSendTimeout(seconds: timeoutSeconds)
        var bytes = Array(line.utf8) + [0x0A]
        if let payload { bytes += payload }
        try send(bytes: bytes)
        guard let text = try readLine(timeoutSeconds: timeoutSeconds) else {
            throw SystemError("recv", errno: ECONNRESET, detail: "(no reply)")
        }
        var reply = try Reply.decode(text)
        if reply.isOK, let count = reply["bytes"].flatMap(Int.init) {
            guard let body = try readBytes(count, timeoutSeconds: timeoutSeconds) else {
                throw SystemError("recv", errno: ECONNRESET, detail: "(reply payload cut short)")
            }
            reply.payload = body
        }
        return reply
    }
}
