import AttendIO
import CAttendSys
import Glibc

/// A thin epoll wrapper: level-triggered, one 64-bit token per file descriptor.
final class EventLoop {
    static let readable = UInt32(EPOLLIN.rawValue)
    static let writable = UInt32(EPOLLOUT.rawValue)
    /// Reported whatever the interests: the peer hung up, or the socket has an error.
    static let hangUp = UInt32(EPOLLHUP.rawValue) | UInt32(EPOLLERR.rawValue)

    private let fd: Int32
    private var events = [attend_event](repeating: attend_event(), count: 256)

    init() throws(SystemError) {
        fd = attend_epoll_create()
        guard fd >= 0 else { throw SystemError("epoll_create1") }
    }

    deinit { close(fd) }

    func add(_ target: Int32, events: UInt32, token: UInt64) throws(SystemError) {
        guard attend_epoll_add(fd, target, events, token) == 0 else { throw SystemError("epoll_ctl add") }
    }

    func modify(_ target: Int32, events: UInt32, token: UInt64) {
        _ = attend_epoll_modify(fd, target, events, token)
    }

    func remove(_ target: Int32) {
        _ = attend_epoll_remove(fd, target)
    }

    /// Waits up to `timeoutMilliseconds` (-1: forever) and calls `handle` for each ready descriptor.
    func poll(timeoutMilliseconds: Int32, _ handle: (_ token: UInt64, _ events: UInt32) -> Void) {
        let count = events.withUnsafeMutableBufferPointer {
            attend_epoll_wait(fd, $0.baseAddress, Int32($0.count), timeoutMilliseconds)
        }
        guard count > 0 else { return }
        for index in 0..<Int(count) {
            handle(events[index].token, events[index].events)
        }
    }
}
