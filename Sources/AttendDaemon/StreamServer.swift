import AttendCore
import AttendIO
import CAttendSys
import Glibc

/// The TCP and control-socket connections: it accepts them, reads and routes their lines
/// (`StreamServer+Reading`), sends their replies in request order, keeps the input budget and
/// closes them. It owns the connections and their accounting; what needs a part (the writer,
/// the query reader, the tally checker, a line test, a reload) goes to a `RequestSink`.
final class StreamServer {
    let loop: EventLoop
    let admission: RequestAdmission
    let requestCounts: RequestCounts
    /// Told when a connection closes, so its queries are dropped before they run.
    let queryReader: QueryReader
    /// The running config and logger (a reload replaces them: `apply`).
    private(set) var config: Config
    private(set) var logger: Logger
    private var connections: [UInt64: Connection] = [:]
    private var nextConnectionID = Daemon.Token.firstConnection
    /// Terminal connections open now (the control socket's are not counted).
    private(set) var openTerminalConnections = 0
    /// Connections with new replies to send at the end of this loop turn.
    private var touched: [Connection] = []
    /// What the connections' buffers and queued payloads hold.
    private(set) var budget = InputBudgetLedger()
    private(set) var counts = ConnectionCounts()
    /// Reused for every read.
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)

    init(loop: EventLoop, admission: RequestAdmission, requestCounts: RequestCounts, queryReader: QueryReader, config: Config, logger: Logger) {
        self.loop = loop
        self.admission = admission
        self.requestCounts = requestCounts
        self.queryReader = queryReader
        self.config = config
        self.logger = logger
    }

    deinit { readBuffer.deallocate() }

    /// No connection is open.
    var isEmpty: Bool { connections.isEmpty }

    /// On reload: the limits and log level apply from the next read or check.
    func apply(_ config: Config, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// A payload was refused unread because the input budget is full.
    func countShedPayload() {
        counts.shed += 1
    }

    /// Accepts waiting connections; past `max_connections`, says `ERR busy` and closes.
    func acceptConnections(from listener: Int32, isControl: Bool) {
        let now = Clock.monotonicMilliseconds()
        for _ in 0..<64 {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    attend_accept(listener, $0, &length)
                }
            }
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno != EAGAIN && errno != EWOULDBLOCK {
                    logger.warning("accept failed", ["error": SystemError("accept4").description])
                }
                return
            }
            if !isControl && openTerminalConnections >= config.maxConnections && !shedForNewConnection() {
                counts.refused += 1
                let refusal = Reply.error(ProtocolError(.busy, "too many connections; retry later")).encoded()
                _ = refusal.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(fd)
                continue
            }
            var one: Int32 = 1
            if !isControl { setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size)) }
            let peer = PeerAddress(address)
            let connection = Connection(
                id: nextConnectionID, fd: fd, isControl: isControl, peer: isControl ? "control" : peer.description,
                peerIPv4: peer.ipv4, maxLineBytes: config.maxLineBytes, now: now)
            nextConnectionID += 1
            do {
                try loop.add(fd, events: EventLoop.readable, token: connection.id)
            } catch {
                close(fd)
                continue
            }
            connection.registeredEvents = EventLoop.readable
            connections[connection.id] = connection
            if !isControl {
                openTerminalConnections += 1
                counts.accepted += 1
            }
        }
    }

    /// Reads what arrived, then carries out the state's rules. EPOLLHUP and EPOLLERR cannot be
    /// masked: after reading what is left, the connection closes, so it is never reported
    /// again for nothing (the loop used to spin on them while a reply or payload was owed).
    func service(_ id: UInt64, events: UInt32, sink: RequestSink) {
        guard let connection = connections[id] else { return }
        if events & EventLoop.writable != 0 { touch(connection) }
        let hungUp = events & EventLoop.hangUp != 0
        if events & EventLoop.readable != 0 || hungUp { read(connection, sink: sink) }
        if hungUp, connections[id] != nil { closeConnection(connection, connection.state.hungUp()) }
    }

    /// A part answered a request of connection `id` (already counted): the reply fills its
    /// slot, and a queued payload's bytes leave the budget.
    func deliver(_ reply: Reply, connection id: UInt64, slot: UInt64) {
        releaseQueuedPayload(connection: id, slot: slot)
        guard let connection = connections[id] else { return }
        connection.fill(slot: slot, with: reply)
        touch(connection)
    }

    /// A stop began: every connection reads no more, sends what it owes, then closes.
    func stopAll() {
        for connection in connections.values {
            connection.state.stop()
            touch(connection)
        }
    }

    /// The last step of a stop: whatever is still open closes.
    func closeAll() {
        for connection in Array(connections.values) { closeConnection(connection, .close(.finished)) }
    }

    /// Marks a connection to be flushed at the end of this loop turn.
    func touch(_ connection: Connection) {
        guard !connection.isTouched else { return }
        connection.isTouched = true
        touched.append(connection)
    }

    /// Sends what each touched connection has ready, and closes those that are done.
    func flushTouched() {
        guard !touched.isEmpty else { return }
        let now = Clock.monotonicMilliseconds()
        for connection in touched {
            connection.isTouched = false
            guard connections[connection.id] != nil else { continue }
            guard connection.flush(now: now) else {
                closeConnection(connection, connection.state.hungUp())
                continue
            }
            account(connection)
            let action = connection.state.check(now: now, owed: connection.owed, limits: connectionLimits)
            if case .close = action {
                closeConnection(connection, action)
            } else {
                updateInterest(connection)
            }
        }
        touched.removeAll(keepingCapacity: true)
    }

    /// Arms the epoll interests the state asks for.
    private func updateInterest(_ connection: Connection) {
        let interest = connection.state.interest(connection.owed, limits: connectionLimits)
        let wanted = (interest.read ? EventLoop.readable : 0) | (interest.write ? EventLoop.writable : 0)
        if wanted != connection.registeredEvents {
            loop.modify(connection.fd, events: wanted, token: connection.id)
            connection.registeredEvents = wanted
        }
    }

    /// Once a second: closes connections idle with nothing owed, and payloads past their deadline.
    func checkConnections(now: Int64) {
        let limits = connectionLimits
        for connection in Array(connections.values) {
            let action = connection.state.check(now: now, owed: connection.owed, limits: limits)
            if case .close = action { closeConnection(connection, action) }
        }
        // Buffers under the mmap threshold went back to the heap; give its free pages back
        // too, at most once a second, so RSS falls after an attack instead of staying up.
        if budget.takeHeapTrim() {
            _ = attend_release_free_memory()
        }
    }

    // MARK: The input budget: what each connection holds, against `[limits] max_connection_buffer`
    // and `max_input_buffer`, and who is shed when over.

    /// The limits `ConnectionState` applies, from the running config (a reload changes them).
    private var connectionLimits: ConnectionState.Limits {
        ConnectionState.Limits(
            idleMilliseconds: Int64(config.idleTimeoutSeconds) * 1000,
            payloadMilliseconds: Int64(config.payloadTimeoutSeconds) * 1000,
            maxPipeline: config.maxPipeline)
    }

    /// Counts what the connection holds now against the global budget; closes it past its own
    /// budget, and sheds the biggest unfinished payloads while the total is over.
    func account(_ connection: Connection) {
        guard connections[connection.id] != nil else { return }
        let held = connection.heldBytes
        budget.recount(from: connection.accountedBytes, to: held)
        connection.accountedBytes = held
        if !connection.isControl && held > config.maxConnectionBufferBytes {
            closeConnection(connection, .close(.overBudget))
            return
        }
        guard budget.held > config.maxInputBufferBytes else { return }
        for id in InputBudget.shed(holders(), total: budget.held, limit: config.maxInputBufferBytes) {
            if let victim = connections[id] { closeConnection(victim, .close(.overBudget)) }
        }
    }

    /// Counts a payload handed on until its reply; the connection reads no more until then.
    func queuePayload(_ bytes: Int, on connection: Connection, slot: UInt64) {
        budget.queue(bytes, as: QueuedPayload(connection: connection.id, slot: slot))
        connection.payloadQueued = true
    }

    /// The reply for a queued payload came: its bytes leave the budget.
    private func releaseQueuedPayload(connection id: UInt64, slot: UInt64) {
        guard budget.release(QueuedPayload(connection: id, slot: slot)) else { return }
        connections[id]?.payloadQueued = false
    }

    /// At `max_connections`: closes the biggest unfinished payload so a new connection is
    /// served; false when there is none (then the newcomer gets `ERR busy`).
    private func shedForNewConnection() -> Bool {
        guard let id = InputBudget.victimForNewConnection(holders()), let victim = connections[id] else { return false }
        closeConnection(victim, .close(.displaced))
        return true
    }

    /// The terminal connections as the budget sees them (the control socket is never shed).
    private func holders() -> [InputBudget.Holder] {
        connections.values.filter { !$0.isControl }.map(holder)
    }

    private func holder(_ connection: Connection) -> InputBudget.Holder {
        let since: Int64?
        if case .payload(let start) = connection.state.phase, connection.awaitingPayload != nil || connection.framer.payloadOwed > 0 {
            since = start
        } else {
            since = nil
        }
        return InputBudget.Holder(id: connection.id, heldBytes: connection.heldBytes, payloadSince: since)
    }

    /// Closes the connection when `action` says so, counting why; a payload cut off by its
    /// deadline or by the budget is told so first, as far as the socket takes it.
    func closeConnection(_ connection: Connection, _ action: ConnectionState.Action) {
        guard case .close(let reason) = action, connections.removeValue(forKey: connection.id) != nil else { return }
        switch reason {
        case .idle:
            if !connection.isControl { counts.idleClosed += 1 }
        case .payloadTimeout:
            counts.shed += 1
            sendParting(connection, .error(ProtocolError(.tooLong, "the payload did not arrive within \(config.payloadTimeoutSeconds) s ([limits] payload_timeout); closing")))
        case .overBudget:
            counts.shed += 1
            sendParting(connection, .error(ProtocolError(.busy, "over the input memory budget ([limits] max_connection_buffer, max_input_buffer); closing")))
        case .displaced:
            counts.shed += 1
            sendParting(connection, .error(ProtocolError(.busy, "closed to make room for a new connection (max_connections); reconnect when needed")))
        case .payloadCutShort, .hangUp, .finished:
            break
        }
        if reason != .finished && reason != .hangUp {
            logger.debug("closing connection", ["peer": connection.peer, "why": reason.rawValue])
        }
        budget.closed(counting: connection.accountedBytes)
        connection.accountedBytes = 0
        queryReader.cancel(connection: connection.id)
        loop.remove(connection.fd)
        close(connection.fd)
        if !connection.isControl { openTerminalConnections -= 1 }
    }

    /// One last reply without waiting: what the socket does not take now is dropped. Sent only
    /// once the earlier replies are all out, so it can never land inside one of them.
    private func sendParting(_ connection: Connection, _ reply: Reply) {
        guard connection.flush(now: Clock.monotonicMilliseconds()), connection.unsentBytes == 0 else { return }
        requestCounts.count(reply)
        let bytes = reply.encoded()
        _ = bytes.withUnsafeBytes { send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }
}
