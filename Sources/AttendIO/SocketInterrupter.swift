import Foundation
import Glibc

/// Lets one thread cut short another's blocking exchange on a socket: `interrupt()` shuts the
/// socket attached (`shutdown(2)`, both ways), so a connect, send or read blocked on it returns
/// at once. What a stopping daemon's pusher needs: a hub that accepts and never answers would
/// otherwise hold the push thread for `[push] timeout`.
///
/// One-shot: once interrupted, a socket attached later is refused (`attach` is false), so an
/// exchange that begins just after the stop was asked ends as well.
///
/// `@unchecked Sendable`: `fd` and `interrupted` are guarded by `lock`; the socket is attached
/// while its owner keeps it open and detached before it is closed, so a shutdown never reaches
/// a descriptor number reused by something else.
public final class SocketInterrupter: @unchecked Sendable {
    private let lock = NSLock()
    private var fd: Int32 = -1
    private var interrupted = false

    public init() {}

    /// Whether `interrupt()` was called.
    public var isInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return interrupted
    }

    /// Shuts the attached socket, if any, and refuses those attached later.
    public func interrupt() {
        lock.lock()
        defer { lock.unlock() }
        interrupted = true
        if fd >= 0 { _ = shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Attaches the open socket `fd` (one at a time); false when already interrupted.
    func attach(_ fd: Int32) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !interrupted else { return false }
        self.fd = fd
        return true
    }

    /// Detaches `fd` before it is closed.
    func detach(_ fd: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if self.fd == fd { self.fd = -1 }
    }
}
