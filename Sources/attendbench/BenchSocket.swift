import AttendDaemon
import Glibc

/// The few raw socket calls the load generators need, on 127.0.0.1 only.
///
/// Raw file descriptors rather than a client class: the generators' inner loops call
/// `send`/`recv` on pre-encoded buffers and nothing else.
enum BenchSocket {
    // From <netinet/in.h> and <netinet/tcp.h>, which Swift's Glibc module does not export.
    private static let ipprotoTCP: Int32 = 6
    private static let tcpNoDelay: Int32 = 1

    /// A connected, blocking TCP socket to 127.0.0.1:`port` with TCP_NODELAY, as terminals use.
    static func connectTCP(port: Int) throws(BenchError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(errorText())") }
        var address = loopback(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let text = errorText()
            close(fd)
            throw BenchError("connect 127.0.0.1:\(port): \(text)")
        }
        var one: Int32 = 1
        setsockopt(fd, ipprotoTCP, tcpNoDelay, &one, socklen_t(MemoryLayout<Int32>.size))
        boundSends(fd)
        return fd
    }

    /// A UDP socket connected to 127.0.0.1:`port`, with a large receive buffer so replies
    /// are not lost on the benchmark's side.
    static func connectUDP(port: Int) throws(BenchError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(errorText())") }
        var size: Int32 = 8 << 20
        // SO_RCVBUFFORCE (33) passes rmem_max when running as root; SO_RCVBUF is capped by it.
        if setsockopt(fd, SOL_SOCKET, 33, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = loopback(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw BenchError("connect udp 127.0.0.1:\(port): \(errorText())")
        }
        boundSends(fd)
        return fd
    }

    /// A listening TCP socket on 127.0.0.1 and the port the kernel gave it.
    static func listenTCP() throws(BenchError) -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError("socket: \(errorText())") }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 1024) == 0 else {
            let text = errorText()
            close(fd)
            throw BenchError("listen on 127.0.0.1: \(text)")
        }
        return (fd, Sockets.localPort(fd))
    }

    /// A port that was free a moment ago (for daemons that must be given a port up front).
    static func freePort() throws(BenchError) -> Int {
        let (fd, port) = try listenTCP()
        close(fd)
        return port
    }

    /// A blocking send gives up after 10 s (EAGAIN) instead of waiting forever on a hung peer.
    private static func boundSends(_ fd: Int32) {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    static func setNonBlocking(_ fd: Int32) {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    /// Sends all `count` bytes on a blocking socket; false if the peer is gone.
    static func sendAll(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Bool {
        var offset = 0
        while offset < count {
            let sent = send(fd, bytes + offset, count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Sends one line and waits up to `timeoutSeconds` for a reply line; nil if none came.
    static func request(_ fd: Int32, _ line: String, timeoutSeconds: Double) -> String? {
        let bytes = Array((line + "\n").utf8)
        guard bytes.withUnsafeBytes({ sendAll(fd, $0.baseAddress!, $0.count) }) else { return nil }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let deadline = MonotonicClock.now() + UInt64(timeoutSeconds * 1e9)
        while MonotonicClock.now() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let remaining = Int32(max(1, (deadline &- MonotonicClock.now()) / 1_000_000))
            let ready = poll(&poller, 1, remaining)
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { return nil }
            let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received <= 0 { return nil }
            reply.append(contentsOf: chunk[..<received])
            if let end = reply.firstIndex(of: 0x0A) { return String(decoding: reply[..<end], as: UTF8.self) }
        }
        return nil
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    static func errorText(_ code: Int32 = errno) -> String {
        String(cString: strerror(code))
    }
}
