import Foundation
import Glibc

/// A TCP server that answers every line with one fixed `OK` reply, parsing nothing and storing
/// nothing: the same load against it shows how fast the generator itself can go.
///
/// The reply has the length of a real attendd reply, so the generator reads as many bytes as
/// it does from attendd. One thread per connection; everything ends when the generator closes
/// its connections, or after 5 s of silence.
final class NullSink: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private var acceptor: BackgroundThread?
    private let handlers = Box<[BackgroundThread]>([])

    static let reply = Array("OK seq=1234567 event=1234567 conf=BENCH-2026 id=DV-004217 at=2026-11-23T07:45:00.125+07:00\n".utf8)
    /// Replies are sent from a buffer of this many, ready-made.
    private static let repliesPerSend = 1_024

    init() throws(BenchError) {
        (listener, port) = try BenchSocket.listenTCP()
        acceptor = BackgroundThread("null-sink-accept") { [self] in acceptLoop() }
    }

    /// Stops accepting and waits for the connection threads.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        acceptor?.join(timeoutSeconds: 5)
        close(listener)
        for handler in handlers.value { handler.join(timeoutSeconds: 10) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let handler = BackgroundThread("null-sink-conn") { NullSink.serve(fd) }
            handlers.value.append(handler)
        }
    }

    private static func serve(_ fd: Int32) {
        defer { close(fd) }
        let input = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { input.deallocate() }
        let replies = [UInt8]((0..<repliesPerSend).flatMap { _ in reply })
        while true {
            let received = recv(fd, input.baseAddress, input.count, 0)
            if received < 0 && errno == EINTR { continue }
            if received <= 0 { return }
            var lines = 0
            var cursor = input.baseAddress!
            let end = cursor + received
            while let newline = memchr(cursor, 0x0A, end - cursor) {
                lines += 1
                cursor = UnsafeMutableRawPointer(newline) + 1
            }
            while lines > 0 {
                let count = min(lines, repliesPerSend)
                let ok = replies.withUnsafeBytes { BenchSocket.sendAll(fd, $0.baseAddress!, count * reply.count) }
                if !ok { return }
                lines -= count
            }
        }
    }
}
