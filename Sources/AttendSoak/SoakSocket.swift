import Foundation
import Glibc

/// The raw socket calls of the soak: TCP and UDP from a chosen loopback source address to
/// 127.0.0.1, the control socket, and the ways a peer can leave (close, reset, half-close).
///
/// Raw descriptors rather than a client class: an attacker's point is to do what a client
/// would not (stop mid-line, reset with a reply owed), and every call here is bounded in time.
public enum SoakSocket {
    // From <netinet/in.h> and <netinet/tcp.h>, which Swift's Glibc module does not export.
    private static let ipprotoTCP: Int32 = 6
    private static let tcpNoDelay: Int32 = 1

    /// A TCP socket connected to 127.0.0.1:`port` from `source` (any of 127.0.0.0/8), with the
    /// connect and each send bounded to `timeout` seconds; nil when the connection could not be made.
    public static func connectTCP(from source: String, port: Int, timeout seconds: Double = 2) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, ipprotoTCP, tcpNoDelay, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard bind(fd, source), connect(fd, address("127.0.0.1", port: port)) else {
            close(fd)
            return nil
        }
        return fd
    }

    /// A UDP socket bound to `source` and connected to 127.0.0.1:`port`.
    public static func connectUDP(from source: String, port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        guard bind(fd, source), connect(fd, address("127.0.0.1", port: port)) else {
            close(fd)
            return nil
        }
        return fd
    }

    /// A connection to a Unix stream socket (the daemon's control socket).
    public static func connectUnix(_ path: String) -> Int32? {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var local = sockaddr_un()
        local.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: local.sun_path) else {
            close(fd)
            return nil
        }
        withUnsafeMutableBytes(of: &local.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let rc = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            return nil
        }
        return fd
    }

    /// Sends what fits without waiting; false when the peer is gone.
    @discardableResult
    public static func sendNow(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) } >= 0 || errno == EAGAIN
    }

    /// Sends every byte (each send bounded by the socket's 2 s timeout); false if it could not.
    @discardableResult
    public static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    /// Reads one line (without its LF) arriving before `deadline` (monotonic ns); nil when the
    /// peer closed or nothing came. Bytes after the line stay in `pending` for the next call.
    public static func readLine(_ fd: Int32, pending: inout [UInt8], deadline: UInt64) -> String? {
        while true {
            if let end = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                return line
            }
            guard readSome(fd, into: &pending, deadline: deadline) else { return nil }
        }
    }

    /// Reads exactly `count` bytes (a reply's payload) before `deadline`; false if they did not come.
    public static func readBytes(_ fd: Int32, count: Int, pending: inout [UInt8], deadline: UInt64) -> Bool {
        while pending.count < count {
            guard readSome(fd, into: &pending, deadline: deadline) else { return false }
        }
        pending.removeFirst(count)
        return true
    }

    /// Throws away whatever has arrived, without waiting (an attacker that does not read its replies
    /// still must not let its own receive buffer stall the test).
    public static func drain(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while chunk.withUnsafeMutableBytes({ recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }) > 0 {}
    }

    /// Closes with SO_LINGER 0: the peer gets a reset instead of a FIN.
    public static func reset(_ fd: Int32) {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        close(fd)
    }

    /// Half-closes the sending side (the peer reads end of file), then resets.
    public static func shutWriteThenReset(_ fd: Int32) {
        shutdown(fd, Int32(SHUT_WR))
        reset(fd)
    }

    private static func readSome(_ fd: Int32, into pending: inout [UInt8], deadline: UInt64) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let now = SoakClock.now()
            guard now < deadline else { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(max(1, (deadline - now) / 1_000_000)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return false }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            pending.append(contentsOf: chunk[..<count])
            return true
        }
    }

    private static func bind(_ fd: Int32, _ source: String) -> Bool {
        var local = address(source, port: 0)
        return withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    private static func connect(_ fd: Int32, _ remote: sockaddr_in) -> Bool {
        var remote = remote
        return withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// A loopback address; anything outside 127.0.0.0/8 is refused as 127.0.0.1 would not be
    /// (the soak never sends off the machine).
    private static func address(_ dotted: String, port: Int) -> sockaddr_in {
        var result = sockaddr_in()
        result.sin_family = sa_family_t(AF_INET)
        result.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, dotted.hasPrefix("127.") ? dotted : "127.0.0.1", &result.sin_addr)
        return result
    }
}

/// CLOCK_MONOTONIC in nanoseconds: every duration and deadline of the soak.
public enum SoakClock {
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// `seconds` from now, as a deadline.
    public static func after(_ seconds: Double) -> UInt64 { now() + UInt64(max(0, seconds) * 1e9) }

    public static func seconds(since start: UInt64) -> Double { Double(now() &- start) / 1e9 }
}
