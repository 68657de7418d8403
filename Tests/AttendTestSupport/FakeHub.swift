import Foundation
import Glibc

/// Something on the district's port that is not a working hub: it accepts connections and then
/// never answers (`silent`, a hung hub or a black-holing middlebox) or answers `garbage`.
public final class FakeHub: @unchecked Sendable {
    public enum Behaviour: Sendable {
        /// Reads and discards, keeps the connection open, never replies.
        case silent
        /// Reads a little, sends these bytes, closes.
        case garbage([UInt8])
    }

    public let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var held: [Int32] = []
    private var accepted = 0

    /// Listens on 127.0.0.1:`port` (0: a free one).
    public init(port: Int, behaviour: Behaviour) throws {
        let (listener, bound) = try listenOnLoopback(port: port)
        self.port = bound
        self.listener = listener
        let fd = listener
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                lock.lock()
                accepted += 1
                lock.unlock()
                switch behaviour {
                case .silent:
                    lock.lock()
                    held.append(client)
                    lock.unlock()
                case .garbage(let bytes):
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    _ = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
                    _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                    close(client)
                }
            }
        }
    }

    deinit { stop() }

    /// Connections accepted so far.
    public var connections: Int {
        lock.lock()
        defer { lock.unlock() }
        return accepted
    }

    /// Closes the listener and every held connection; the port is free again.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard held.first != -1 else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in held { close(fd) }
        held = [-1]
    }
}
