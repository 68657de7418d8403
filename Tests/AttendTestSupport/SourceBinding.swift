import Foundation
import Glibc

/// Sockets that talk from a chosen loopback address (all of 127.0.0.0/8 is local on Linux), so a
/// test can be "another machine" to `[terminals] from` without a second host.
public enum SourceBinding {
    /// Binds `fd` to `address`, port chosen by the kernel.
    public static func bind(_ fd: Int32, to address: String) throws {
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, address, &local.sin_addr)
        let rc = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { throw HarnessError("bind \(address): errno \(errno)") }
    }

    /// A blocking TCP socket connected to `127.0.0.1:port` from `address`.
    public static func connectTCP(from address: String, port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(errno)") }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        do {
            try bind(fd, to: address)
            let rc = withUnsafePointer(to: &remote) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard rc == 0 else { throw HarnessError("connect from \(address): errno \(errno)") }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// Connects over TCP to `127.0.0.1:port` from `address`, sends `line` and returns the reply
    /// line (nil when the daemon closed or said nothing within 5 s).
    public static func tcpRequest(_ line: String, port: Int, from address: String) throws -> String? {
        let fd = try connectTCP(from: address, port: port)
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !received.contains(0x0A) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 5000) == 1 else { return nil }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            received += chunk[..<count]
        }
        return String(decoding: received[..<received.firstIndex(of: 0x0A)!], as: UTF8.self)
    }
}
