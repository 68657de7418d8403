import AttendCore
import Glibc

/// One TCP or control-socket connection: its framer, its queue of replies in request
/// order, and its unsent output. Its phase, clocks and decisions are `state`, from the core.
final class Connection {
    let id: UInt64
    let fd: Int32
    /// The local control socket: admin verbs allowed, no rate limit.
    let isControl: Bool
    /// `192.168.1.20:51234`, or `control`.
    let peer: String
    /// The peer's IPv4 address as a number (`PeerAddress.ipv4`): the key of its rate limit
    /// and of its queries' queue.
    let peerIPv4: UInt64
    var framer: LineFramer
    /// The phase and the rules: idle, payload deadline, finishing, hang-up.
    var state: ConnectionState
    /// The events registered with epoll now.
    var registeredEvents: UInt32 = 0
    /// Already in the loop's list of connections to flush this turn.
    var isTouched = false
    /// A request whose payload is still arriving (`INVITE ... bytes=N`). Its reply slot is
    /// reserved only when the payload is complete, so a connection waiting for one owes
    /// nothing and is idle like any other.
    var awaitingPayload: PendingPayload?
    /// The bytes this connection counts against the global input budget now.
    var accountedBytes = 0
    /// A payload it sent waits in the writer's or the tally checker's queue (reading pauses).
    var payloadQueued = false

    /// A request line whose payload is still arriving.
    struct PendingPayload {
        var request: RequestRouter.PayloadRequest
        var echo: [RequestLine.Field]
        var receivedAt: Timestamp
    }

    /// Replies in request order; nil while the writer still holds the request.
    private var slots: [Reply?] = []
    private var head = 0
    /// The slot number of `slots[head]`.
    private var firstSlot: UInt64 = 0
    private(set) var output: [UInt8] = []
    private var outputSent = 0

    init(id: UInt64, fd: Int32, isControl: Bool, peer: String, peerIPv4: UInt64, maxLineBytes: Int, now: Int64) {
        self.id = id
        self.fd = fd
        self.isControl = isControl
        self.peer = peer
        self.peerIPv4 = peerIPv4
        framer = LineFramer(maxLineBytes: maxLineBytes)
        state = ConnectionState(now: now)
    }

    /// What the connection owes its peer, for the state's rules.
    var owed: ConnectionState.Owed { .init(unanswered: unanswered, unsentBytes: unsentBytes, payloadQueued: payloadQueued) }

    /// Memory its buffers hold: the framer's and the output's.
    var heldBytes: Int { framer.heldBytes + output.capacity }

    /// Requests not yet answered on the wire, in order.
    var unanswered: Int { slots.count - head }

    /// Bytes queued for sending.
    var unsentBytes: Int { output.count - outputSent }

    /// Reserves the next reply slot; returns its number.
    func reserveSlot() -> UInt64 {
        slots.append(nil)
        return firstSlot + UInt64(slots.count - head - 1)
    }

    /// Queues a reply answered at once, after every earlier one.
    func queue(_ reply: Reply) {
        slots.append(reply)
        releaseReadyReplies()
    }

    /// Fills a reserved slot with the writer's reply.
    func fill(slot: UInt64, with reply: Reply) {
        guard slot >= firstSlot else { return }
        let index = head + Int(slot - firstSlot)
        guard index < slots.count else { return }
        slots[index] = reply
        if index == head { releaseReadyReplies() }
    }

    /// Moves replies whose turn has come into the output buffer.
    private func releaseReadyReplies() {
        while head < slots.count, let reply = slots[head] {
            output.append(contentsOf: reply.encoded())
            slots[head] = nil
            head += 1
            firstSlot += 1
        }
        if head == slots.count {
            slots.removeAll(keepingCapacity: slots.capacity <= 4096)
            head = 0
        } else if head > 1024 && head * 2 > slots.count {
            slots.removeFirst(head)
            head = 0
        }
    }

    /// Sends what the socket takes now. Returns false when the connection is broken.
    func flush(now: Int64) -> Bool {
        while outputSent < output.count {
            let sent = output.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + outputSent, raw.count - outputSent, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                outputSent += sent
                state.sent(now: now)
                continue
            }
            if sent < 0 && errno == EINTR { continue }
            if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            return false
        }
        if outputSent == output.count {
            output.removeAll(keepingCapacity: output.capacity <= 65536)
            outputSent = 0
        } else if outputSent > 65536 {
            output.removeFirst(outputSent)
            outputSent = 0
        }
        return true
    }
}
