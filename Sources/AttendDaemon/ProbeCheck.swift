import AttendCore
import AttendIO
import CAttendSys
import Glibc

/// One check of one probe target: a TCP connect, or a UDP `PING` and its answer, timed on the
/// monotonic clock. Blocking, with a timeout; run on the prober's thread.
enum ProbeCheck {
    static func run(_ target: ProbeTarget, timeoutMilliseconds: Int) -> ProbeResult {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(target.port).bigEndian
        guard inet_pton(AF_INET, target.host, &address.sin_addr) == 1 else { return .failed(.badAddress) }
        let type = target.method == .tcp ? Sockets.streamType : Sockets.datagramType
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { return .failed(ProbeFailure(call: "socket", errno: errno)) }
        defer { close(fd) }
        let started = Clock.monotonicNanoseconds()
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if rc < 0 && errno != EINPROGRESS { return .failed(ProbeFailure(call: "connect", errno: errno)) }
        switch target.method {
        case .tcp:
            guard wait(fd, for: Int16(POLLOUT), started: started, timeoutMilliseconds: timeoutMilliseconds) else {
                return .failed(.noConnection(milliseconds: timeoutMilliseconds))
            }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { return .failed(ProbeFailure(call: "connect", errno: error)) }
        case .udp:
            let ping = Array("PING\n".utf8)
            guard ping.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) == ping.count else {
                return .failed(ProbeFailure(call: "send", errno: errno))
            }
            guard wait(fd, for: Int16(POLLIN), started: started, timeoutMilliseconds: timeoutMilliseconds) else {
                return .failed(.noAnswer(milliseconds: timeoutMilliseconds))
            }
            var buffer = [UInt8](repeating: 0, count: 512)
            let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received <= 0 { return .failed(received < 0 ? ProbeFailure(call: "recv", errno: errno) : .emptyAnswer) }
        }
        return .ok(rttMilliseconds: Double(Clock.monotonicNanoseconds() - started) / 1_000_000)
    }

    /// Polls until `events` or the timeout (measured from `started`).
    private static func wait(_ fd: Int32, for events: Int16, started: Int64, timeoutMilliseconds: Int) -> Bool {
        while true {
            let left = Int64(timeoutMilliseconds) - (Clock.monotonicNanoseconds() - started) / 1_000_000
            if left <= 0 { return false }
            var poller = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&poller, 1, Int32(left))
            if ready < 0 && errno == EINTR { continue }
            return ready > 0
        }
    }
}
