@testable import AttendClient
import AttendIO
import Foundation
import Glibc
import Testing

/// The operator's screen names a lost connection in Vietnamese, not in errno's English.
@Suite struct TerminalLinkTests {
    /// A loopback port bound but not listening: a connection to it is refused. The socket stays
    /// open until the caller closes it, so no one else can take the port meanwhile.
    static func refusingPort() throws -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound)
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test func aRefusedConnectionIsNamedInVietnamese() throws {
        let (fd, port) = try Self.refusingPort()
        defer { close(fd) }
        let link = TerminalLink(.tcp(host: "127.0.0.1", port: port))
        #expect(!link.connectIfDue())
        #expect(link.lastError == "bị từ chối kết nối")
        #expect(!link.lastError.contains("Connection refused"))
        #expect(TerminalLink.screenText(SystemError("recv", errno: ECONNRESET, detail: "(no reply)")) == "kết nối bị ngắt")
    }
}
