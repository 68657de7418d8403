import Foundation
import Glibc

/// A UDP socket on loopback that sends request datagrams and reads reply datagrams.
public final class UDPClient {
    public let fd: Int32
    private var destination = sockaddr_in()

    /// `from`: a loopback source address to send from (`127.0.0.2`), to test source ranges.
    public init(port: Int, from: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: \(errno)") }
        if let from { try SourceBinding.bind(fd, to: from) }
        destination.sin_family = sa_family_t(AF_INET)
        destination.sin_port = UInt16(port).bigEndian
        inet_pton(AF_INET, "127.0.0.1", &destination.sin_addr)
    }

    deinit { close(fd) }

    /// Sends one datagram holding `bytes`.
    public func send(bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &destination) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    public func send(_ line: String) { send(bytes: Array(line.utf8) + [0x0A]) }

    /// The next reply datagram without its LF, or nil after `timeoutSeconds`.
    public func receive(timeoutSeconds: Double = 5) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeoutSeconds * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard received > 0 else { return nil }
        var bytes = buffer[..<received]
        if bytes.last == 0x0A { bytes = bytes.dropLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Sends a line and waits for its reply.
    public func request(_ line: String, timeoutSeconds: Double = 5) -> String? {
        send(line)
        return receive(timeoutSeconds: timeoutSeconds)
    }
}
