import AttendIO
import CAttendSys
import Glibc

/// Creating, binding and naming the daemon's sockets. All are non-blocking and close-on-exec.
public enum Sockets {
    static let streamType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
    static let datagramType = Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)

    /// A listening TCP socket on `address:port` (port 0: the kernel picks one).
    static func tcpListener(address: String, port: Int, backlog: Int32 = 1024) throws(SystemError) -> Int32 {
        let fd = socket(AF_INET, streamType, 0)
        guard fd >= 0 else { throw SystemError("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        do throws(SystemError) {
            try bind(fd, address: address, port: port)
            guard listen(fd, backlog) == 0 else { throw SystemError("listen") }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// A UDP socket bound to `address:port`.
    static func udpSocket(address: String, port: Int) throws(SystemError) -> Int32 {
        let fd = socket(AF_INET, datagramType, 0)
        guard fd >= 0 else { throw SystemError("socket") }
        // A larger receive buffer rides out bursts from many terminals at once.
        var size: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        do {
            try bind(fd, address: address, port: port)
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// A listening Unix stream socket at `path` with file mode `mode`.
    static func unixListener(path: String, mode: mode_t) throws(SystemError) -> Int32 {
        let fd = socket(AF_UNIX, streamType, 0)
        guard fd >= 0 else { throw SystemError("socket") }
        do throws(SystemError) {
            var address = try unixAddress(path)
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard rc == 0 else { throw SystemError("bind", detail: path) }
            guard chmod(path, mode) == 0 else { throw SystemError("chmod", detail: path) }
            guard listen(fd, 64) == 0 else { throw SystemError("listen", detail: path) }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Whether something accepts connections on the Unix socket at `path`.
    static func unixSocketIsLive(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0, var address = try? unixAddress(path) else { return false }
        defer { close(fd) }
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return rc == 0
    }

    static func unixAddress(_ path: String) throws(SystemError) -> sockaddr_un {
        try unixSocketAddress(path)
    }

    /// The port a socket is bound to.
    public static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func bind(_ fd: Int32, address: String, port: Int) throws(SystemError) {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = UInt16(port).bigEndian
        guard inet_pton(AF_INET, address, &sin.sin_addr) == 1 else {
            throw SystemError("inet_pton", errno: EINVAL, detail: address)
        }
        let rc = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw SystemError("bind", detail: "\(address):\(port)") }
    }
}

/// An IPv4 peer address, small enough to keep with every UDP request.
struct PeerAddress: Hashable, Sendable {
    var address: sockaddr_in

    init(_ address: sockaddr_in) { self.address = address }

    /// The IPv4 address as a number (192.168.1.20 is 0xC0A80114): the key of the source's
    /// rate limit, query queue and `[terminals] from` check.
    var ipv4: UInt64 { UInt64(UInt32(bigEndian: address.sin_addr.s_addr)) }

    /// `192.168.1.20:51234`.
    var description: String {
        let host = UInt32(bigEndian: address.sin_addr.s_addr)
        let port = UInt16(bigEndian: address.sin_port)
        return "\(host >> 24).\(host >> 16 & 0xFF).\(host >> 8 & 0xFF).\(host & 0xFF):\(port)"
    }

    static func == (a: PeerAddress, b: PeerAddress) -> Bool {
        a.address.sin_addr.s_addr == b.address.sin_addr.s_addr && a.address.sin_port == b.address.sin_port
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(address.sin_addr.s_addr)
        hasher.combine(address.sin_port)
    }
}
