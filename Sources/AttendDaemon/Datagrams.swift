import AttendCore
import AttendIO
import CAttendSys
import Glibc

/// The UDP side: each datagram is one request, and its reply goes back to the sender. It
/// reads the socket `Listeners` bound, counts what it reads and drops, and bounds the
/// requests waiting for the writer.
final class Datagrams {
    /// UDP requests waiting for the writer beyond this get `ERR busy`.
    static let maxInFlight = 65_536

    private let socket: Int32
    private let admission: RequestAdmission
    private let requestCounts: RequestCounts
    /// The running config's `[limits] max_line_bytes` (a reload may change it: `apply`).
    private var maxLineBytes: Int
    /// Requests handed to the writer and not yet answered.
    private var inFlight = 0
    private(set) var counts = DatagramCounts()
    /// Reused for every read.
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)

    init(socket: Int32, admission: RequestAdmission, requestCounts: RequestCounts, maxLineBytes: Int) {
        self.socket = socket
        self.admission = admission
        self.requestCounts = requestCounts
        self.maxLineBytes = maxLineBytes
    }

    deinit { readBuffer.deallocate() }

    /// On reload: the new line limit applies from the next datagram.
    func apply(_ config: Config) {
        maxLineBytes = config.maxLineBytes
    }

    /// Reads waiting datagrams (a bounded number per turn, so TCP is served too); what needs
    /// storage goes to `sink`, the rest is answered at once.
    func readWaiting(into sink: RequestSink) {
        let receivedAt = Clock.now()
        let now = Clock.monotonicMilliseconds()
        let context = admission.datagramContext()
        for _ in 0..<256 {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let received = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(socket, readBuffer.baseAddress, readBuffer.count, 0, $0, &length)
                }
            }
            if received < 0 {
                if errno == EINTR { continue }
                return
            }
            counts.received += 1
            let peer = PeerAddress(address)
            var bytes = UnsafeBufferPointer(start: readBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: received)
            if let last = bytes.last, last == 0x0A { bytes = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
            // The limit TCP applies: the line without its LF, or CR LF.
            let crlf = bytes.last == 0x0D ? 1 : 0
            if bytes.count - crlf > maxLineBytes {
                requestCounts.note("too_long")
                reply(.error(ProtocolError(.tooLong, "datagram longer than \(maxLineBytes) bytes")), to: peer)
                continue
            }
            if bytes.contains(0x0A) {
                requestCounts.note("undecodable")
                reply(.error(ProtocolError(.malformed, "one request per datagram")), to: peer)
                continue
            }
            switch admission.admit(bytes, sourceIPv4: peer.ipv4, context: context, receivedAt: receivedAt, now: now) {
            case .ignore:
                continue
            case .reply(let answer):
                reply(answer, to: peer)
            case .query(_, let echo), .awaitPayload(_, let echo, _), .reload(let echo), .lineTest(_, let echo):
                // Not reached: the router serves a datagram only the verbs whose VerbTable row has
                // .udp. Refused as the router would, never crashed on, since a peer sends it.
                reply(.error(ProtocolError(.invalid, "this request needs TCP: a payload goes with it"), echo: echo), to: peer)
            case .store(let request, let echo):
                guard inFlight < Datagrams.maxInFlight else {
                    reply(.error(ProtocolError(.busy, "too many requests waiting for storage; retry later"), echo: echo), to: peer)
                    continue
                }
                inFlight += 1
                sink.submit(WriteJob(
                    work: .request(request), echo: echo, receivedAt: receivedAt, source: peer.description,
                    target: .datagram(peer)))
            }
        }
    }

    /// The writer answered a datagram's request (already counted): the reply goes out.
    func deliver(_ reply: Reply, to peer: PeerAddress) {
        inFlight -= 1
        send(reply, to: peer)
    }

    private func reply(_ reply: Reply, to peer: PeerAddress) {
        requestCounts.count(reply)
        send(reply, to: peer)
    }

    /// Sends one reply datagram; a full socket buffer drops it (the terminal retries).
    private func send(_ reply: Reply, to peer: PeerAddress) {
        let bytes = reply.encoded()
        var address = peer.address
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(socket, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        if sent < 0 { counts.dropped += 1 }
    }
}
