import AttendCore
import AttendDaemon
import AttendIO
import AttendTestSupport
import Foundation
import Testing

/// Thousands of connections at once: the extra ones are refused and counted, a well-behaved
/// terminal is served throughout.
@Suite struct LoadTests {
    @Test func thousandsOfConnectionsAreBoundedAndAWellBehavedTerminalIsServed() throws {
        DaemonHarness.raiseFileLimit()
        let daemon = try DaemonHarness(limits: "rate_per_source = 0\nmax_connections = 1000")
        try daemon.openConference("C")
        let terminal = try daemon.connect()
        var idle: [LineClient] = []
        var refused = 0
        for index in 0..<1500 {
            let client = try daemon.connect()
            if index >= 999 {
                // Past the limit (the terminal holds one slot): ERR busy, then closed.
                let reply = try Reply.decode(try #require(try client.readLine()))
                if reply.error == .busy { refused += 1 }
            } else {
                idle.append(client)
            }
            if index % 100 == 0 {
                #expect(try terminal.request("CHECKIN id=D\(index) term=good seq=\(index)").isOK)
            }
        }
        #expect(refused == 501)
        // Half of the held connections send half a line and stop; the terminal goes on.
        for client in idle.prefix(500) { try client.send(bytes: Array("CHECKIN id=half".utf8)) }
        #expect(try terminal.request("CHECKIN id=last term=good seq=99999").isOK)
        let status = try daemon.waitForStatus { $0.connections.refused == 501 }
        #expect(status.connections.open == 1000)
        #expect(status.terminals.first { $0.id == "good" }?.checkins == 16)
    }
}
