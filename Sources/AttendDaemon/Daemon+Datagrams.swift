import AttendCore
import AttendIO
import CAttendSys
import Glibc

extension Daemon {
    /// Reads waiting datagrams (a bounded number per turn, so TCP is served too).
    /// Each datagram is one request; its reply goes back to the sender.
    func readDatagrams() {
        let receivedAt = Clock.now()
        let now = Clock.monotonicMilliseconds()
        let context = RequestRouter.Context(isControl: false, allowedTerminals: config.allowedTerminals, keyedTerminals: authenticator.keyedTerminals)
        for _ in 0..<256 {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let received = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    recvfrom(udpSocket, readBuffer.baseAddress, readBuffer.count, 0, $0, &length)
                }
            }
            if received < 0 {
                if errno == EINTR { continue }
                return
            }
            counters.datagramsReceived += 1
            let peer = PeerAddress(address)
            var bytes = UnsafeBufferPointer(start: readBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: received)
            if let last = bytes.last, last == 0x0A { bytes = UnsafeBufferPointer(rebasing: bytes.dropLast()) }
            // The limit TCP applies: the line without its LF, or CR LF.
            let crlf = bytes.last == 0x0D ? 1 : 0
            if bytes.count - crlf > config.maxLineBytes {
                counters.requests["too_long", default: 0] += 1
                reply(.error(ProtocolError(.tooLong, "datagram longer than \(config.maxLineBytes) bytes")), to: peer)
                continue
            }
            if bytes.contains(0x0A) {
                counters.requests["undecodable", default: 0] += 1
                reply(.error(ProtocolError(.malformed, "one request per datagram")), to: peer)
                continue
            }
            switch admit(bytes, hostKey: peer.hostKey, context: context, receivedAt: receivedAt, now: now) {
            case .ignore:
                continue
            case .reply(let answer):
                reply(answer, to: peer)
            case .query(_, let echo), .awaitPayload(_, let echo, _):
                // FIND and TALLY carry a payload one way or the other: one datagram cannot hold it.
                reply(.error(ProtocolError(.invalid, "this request needs TCP: a payload goes with it"), echo: echo), to: peer)
            case .reload(let echo), .lineTest(_, let echo):
                // The router already refuses admin verbs off the control socket; kept for completeness.
                reply(.error(ProtocolError(.notAuthorised, "this verb is allowed only on the control socket"), echo: echo), to: peer)
            case .store(let request, let echo):
                guard datagramsInFlight < Daemon.maxDatagramsInFlight else {
                    reply(.error(ProtocolError(.busy, "too many requests waiting for storage; retry later"), echo: echo), to: peer)
                    continue
                }
                datagramsInFlight += 1
                jobs.append(WriteJob(
                    work: .request(request), echo: echo, receivedAt: receivedAt, source: peer.description,
                    target: .datagram(peer)))
            }
        }
    }

    private func reply(_ reply: Reply, to peer: PeerAddress) {
        count(reply)
        sendDatagram(reply, to: peer)
    }

    /// Sends one reply datagram; a full socket buffer drops it (the terminal retries).
    func sendDatagram(_ reply: Reply, to peer: PeerAddress) {
        let bytes = reply.encoded()
        var address = peer.address
        let sent = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(udpSocket, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL), $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        if sent < 0 { counters.datagramsDropped += 1 }
    }
}
