import Foundation
import Glibc

/// A TCP socket listening on 127.0.0.1:`port` (0: a free one), and the port it got.
public func listenOnLoopback(port: Int) throws -> (fd: Int32, port: Int) {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var one: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(listener, 64) == 0 else {
        close(listener)
        throw HarnessError("cannot listen on 127.0.0.1:\(port): errno \(errno)")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
    }
    return (listener, Int(UInt16(bigEndian: address.sin_port)))
}

/// A TCP listener on loopback that accepts and closes connections: a probe target the test can
/// take down (`stop`) and bring back on the same port (`start`).
public final class LoopbackTCPServer: @unchecked Sendable {
    public private(set) var port: Int = 0
    private var fd: Int32 = -1
    private let lock = NSLock()

    public init() throws { try start() }

    deinit { stop() }

    /// Listens (again) on the same port, or a free one the first time.
    public func start() throws {
        let (listener, bound) = try listenOnLoopback(port: port)
        port = bound
        lock.lock()
        fd = listener
        lock.unlock()
        Thread.detachNewThread {
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                close(client)
            }
        }
    }

    /// Stops listening: connections to the port are refused.
    public func stop() {
        lock.lock()
        if fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            close(fd)
            fd = -1
        }
        lock.unlock()
    }
}

/// A UDP server on loopback that answers each datagram after `delayMilliseconds`.
public final class LoopbackUDPEcho: @unchecked Sendable {
    public let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var delay = 0
    private var running = true

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw HarnessError("cannot bind UDP: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in serve() }
    }

    deinit {
        lock.lock()
        running = false
        lock.unlock()
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    /// How long each answer waits.
    public var delayMilliseconds: Int {
        get { lock.lock(); defer { lock.unlock() }; return delay }
        set { lock.lock(); delay = newValue; lock.unlock() }
    }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 2048)
        while true {
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let received = buffer.withUnsafeMutableBytes { raw in
                withUnsafeMutablePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, raw.baseAddress, raw.count, 0, $0, &length) }
                }
            }
            lock.lock()
            let keepGoing = running
            let wait = delay
            lock.unlock()
            if received < 0 || !keepGoing { return }
            if wait > 0 { usleep(UInt32(wait * 1000)) }
            let answer = Array("OK\n".utf8)
            _ = answer.withUnsafeBytes { raw in
                withUnsafePointer(to: &peer) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, raw.baseAddress, raw.count, 0, $0, length) }
                }
            }
        }
    }
}
