import AttendIO
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// `SocketInterrupter` against a real loopback peer that accepts and never answers (the listen
/// backlog completes the connect): what the pusher relies on to stop at once.
@Suite struct SocketInterrupterTests {
    @Test func anInterruptEndsAnExchangeBlockedOnASilentPeerAtOnce() throws {
        let (listener, port) = try listenOnLoopback(port: 0)
        defer { close(listener) }
        let interrupter = SocketInterrupter()
        let client = try LineClient(host: "127.0.0.1", port: port, interrupter: interrupter)
        // Whether the interrupt lands before or during the read, the read ends: a shut socket reads end of stream.
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { interrupter.interrupt() }
        let began = Clock.monotonicMilliseconds()
        #expect(throws: SystemError.self) { try client.request("PING", timeoutSeconds: 30) }
        #expect(Clock.monotonicMilliseconds() - began < 10_000)
        #expect(interrupter.isInterrupted)
    }

    @Test func onceInterruptedANewConnectionIsRefused() throws {
        let (listener, port) = try listenOnLoopback(port: 0)
        defer { close(listener) }
        let interrupter = SocketInterrupter()
        interrupter.interrupt()
        #expect {
            try LineClient(host: "127.0.0.1", port: port, interrupter: interrupter)
        } throws: { error in
            (error as? SystemError)?.errno == ECANCELED
        }
        // Without one, the same peer is reached as ever.
        _ = try LineClient(host: "127.0.0.1", port: port)
    }
}
