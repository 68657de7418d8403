import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Testing

/// One line limit for TCP and UDP: `max_line_bytes` counts the line without its LF (or CR LF),
/// whichever way it came (UDP used to take 1,025 bytes that TCP refused).
@Suite struct LineLimitTests {
    /// A PING line of exactly `length` bytes.
    static func ping(_ length: Int) -> String {
        "PING x=" + String(repeating: "a", count: length - 7)
    }

    @Test(arguments: [(1023, true), (1024, true), (1025, false), (1026, false)])
    func tcpAndUDPAgreeAtTheLimit(length: Int, accepted: Bool) throws {
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nmax_line_bytes = 1024")
        let tcp = try daemon.connect()
        let udp = try UDPClient(port: daemon.port)
        for ending in ["\n", "\r\n"] {
            let line = Self.ping(length) + ending
            try tcp.send(bytes: Array(line.utf8))
            let overTCP = try Reply.decode(try #require(try tcp.readLine()))
            udp.send(bytes: Array(line.utf8))
            let overUDP = try Reply.decode(try #require(udp.receive()))
            #expect(overTCP.isOK == accepted, "TCP, \(length) bytes + \(ending.debugDescription): \(overTCP)")
            #expect(overUDP.isOK == accepted, "UDP, \(length) bytes + \(ending.debugDescription): \(overUDP)")
            if !accepted {
                #expect(overTCP.error == .tooLong)
                #expect(overUDP.error == .tooLong)
            }
        }
        // Without any line end, a datagram is still one line.
        udp.send(bytes: Array(Self.ping(length).utf8))
        #expect(try Reply.decode(try #require(udp.receive())).isOK == accepted)
    }
}
