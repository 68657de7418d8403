import AttendCore
import AttendIO
import CAttendSys
import Glibc

extension Daemon {
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
            if !isControl && streamConnections >= config.maxConnections && !shedForNewConnection() {
                counters.refused += 1
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
                hostKey: peer.hostKey, maxLineBytes: config.maxLineBytes, now: now)
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
                streamConnections += 1
                counters.accepted += 1
            }
        }
    }

    /// Reads what arrived, then carries out the state's rules. EPOLLHUP and EPOLLERR cannot be
    /// masked: after reading what is left, the connection closes, so it is never reported
    /// again for nothing (the loop used to spin on them while a reply or payload was owed).
    func serviceConnection(_ id: UInt64, events: UInt32) {
        guard let connection = connections[id] else { return }
        if events & EventLoop.writable != 0 { touch(connection) }
        let hungUp = events & EventLoop.hangUp != 0
        if events & EventLoop.readable != 0 || hungUp { read(connection) }
        if hungUp, connections[id] != nil { closeConnection(connection, connection.state.hungUp()) }
    }

    private func read(_ connection: Connection) {
        guard connection.state.phase != .finishing else { return }
        let now = Clock.monotonicMilliseconds()
        let received = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
        if received == 0 {
            // The peer finished sending: answer what it asked, then close (at once when it
            // stopped in the middle of a payload, which can never complete now).
            if case .close(let reason) = connection.state.peerFinished() {
                closeConnection(connection, .close(reason))
                return
            }
            touch(connection)
            return
        }
        if received < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
            closeConnection(connection, connection.state.hungUp())
            return
        }
        connection.state.received(now: now)
        let receivedAt = Clock.now()
        let context = RequestRouter.Context(
            isControl: connection.isControl, allowedTerminals: config.allowedTerminals,
            keyedTerminals: authenticator.keyedTerminals, acceptsTallies: !config.hubKeysFile.isEmpty)
        let chunk = UnsafeBufferPointer(start: readBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: received)
        connection.framer.maxLineBytes = config.maxLineBytes  // a reload may have changed it
        connection.framer.feed(chunk) { (event: LineFramer.Event) -> LineFramer.Follow in
            switch event {
            case .tooLong(let start):
                counters.requests["too_long", default: 0] += 1
                // An INVITE or TALLY line cut off: nobody can say where its payload ends, so
                // nothing after it is read (its payload would be read as requests).
                guard PayloadAnnouncement.startsWithPayloadVerb(start) else {
                    answer(connection, .error(ProtocolError(.tooLong, "line longer than \(config.maxLineBytes) bytes; discarded")))
                    return .nothing
                }
                answer(connection, .error(ProtocolError(.tooLong, "line longer than \(config.maxLineBytes) bytes announces a payload; closing")))
                return finishAfterRefusal(connection)
            case .line(let line):
                return route(line, on: connection, context: context, receivedAt: receivedAt, now: now)
            case .payload(let bytes):
                if let pending = connection.awaitingPayload {
                    let slot = connection.reserveSlot()
                    let job = Job(
                        work: (), echo: pending.echo, receivedAt: pending.receivedAt, source: connection.peer,
                        target: .stream(connection: connection.id, slot: slot), payload: Array(bytes))
                    queuePayload(bytes.count, on: connection, slot: slot)
                    switch pending.request {
                    case .write(let request): jobs.append(job.with(WriterTask.request(request)))
                    case .tallyPush(let push): tallyChecker.submit(job.with(push))
                    }
                    connection.awaitingPayload = nil
                }
                return .nothing
            }
        }
        if connection.framer.payloadOwed == 0 { connection.state.payloadEnded() }
        touch(connection)
        account(connection)
    }

    /// Routes one line; says what follows it: its payload, the payload of a refused line to
    /// discard, or nothing.
    private func route(
        _ line: UnsafeBufferPointer<UInt8>, on connection: Connection, context: RequestRouter.Context,
        receivedAt: Timestamp, now: Int64
    ) -> LineFramer.Follow {
        let routing = admit(line, hostKey: connection.isControl ? nil : connection.hostKey, context: context, receivedAt: receivedAt, now: now)
        if case .awaitPayload(let request, let echo, let bytes) = routing {
            if !connection.isControl && bytes + config.maxLineBytes > config.maxConnectionBufferBytes {
                answer(connection, .error(ProtocolError(.tooLong, "a payload of \(bytes) bytes is over this connection's limit of \(config.maxConnectionBufferBytes) ([limits] max_connection_buffer); closing"), echo: echo))
                return finishAfterRefusal(connection)
            }
            if inputBytesHeld >= config.maxInputBufferBytes {
                // Every byte of the budget is taken: the payload is dropped unread, the sender retries.
                counters.shed += 1
                answer(connection, .error(ProtocolError(.busy, "the input memory budget is full ([limits] max_input_buffer); retry later"), echo: echo))
                connection.state.payloadAnnounced(now: now)
                return .discard(bytes)
            }
            connection.awaitingPayload = .init(request: request, echo: echo, receivedAt: receivedAt)
            connection.state.payloadAnnounced(now: now)
            return .payload(bytes)
        }
        dispatch(routing, on: connection, receivedAt: receivedAt)
        // A refused line's payload must never be read as requests: drop it unbuffered, or
        // close when nobody can say where it ends.
        switch PayloadAnnouncement.of(line) {
        case .none:
            return .nothing
        case .bytes(let bytes):
            connection.state.payloadAnnounced(now: now)
            return .discard(bytes)
        case .unbounded:
            return finishAfterRefusal(connection)
        }
    }

    /// Reads nothing more from the connection: its reply goes out, then it closes.
    private func finishAfterRefusal(_ connection: Connection) -> LineFramer.Follow {
        connection.state.stop()
        return .discard(Int.max)
    }

    /// Carries out a routing that needs no payload.
    private func dispatch(_ routing: RequestRouter.Routing, on connection: Connection, receivedAt: Timestamp) {
        func job(_ echo: [RequestLine.Field]) -> Job<Void> {
            Job(
                work: (), echo: echo, receivedAt: receivedAt, source: connection.peer,
                target: .stream(connection: connection.id, slot: connection.reserveSlot()))
        }
        switch routing {
        case .ignore, .awaitPayload:
            break
        case .reply(let reply):
            answer(connection, reply)
        case .reload(let echo):
            let problems = reload()
            answer(connection, problems.isEmpty
                ? .ok(echo + [.init("reloaded", "1")])
                : .error(ProtocolError(.invalid, problems.joined(separator: "; ")), echo: echo))
        case .store(let request, let echo):
            jobs.append(job(echo).with(WriterTask.request(request)))
        case .query(let query, let echo):
            reports.submit(job(echo).with(query), source: connection.isControl ? .control : .address(connection.hostKey), connection: connection.id)
        case .lineTest(let seconds, let echo):
            guard !config.probeTargets.isEmpty else {
                answer(connection, .error(ProtocolError(.invalid, "no [probes] targets are configured to test"), echo: echo))
                break
            }
            lineTester.begin(seconds: seconds, config: config, writer: writer, job: job(echo))
        }
    }

    /// What TCP and UDP share: the source's rate limit (`hostKey` nil: none), routing, and
    /// counting the request by verb and its terminal as seen (with its error, if answered one).
    func admit(
        _ line: UnsafeBufferPointer<UInt8>, hostKey: UInt64?, context: RequestRouter.Context, receivedAt: Timestamp, now: Int64
    ) -> RequestRouter.Routing {
        if let hostKey, !rateLimiter.allow(hostKey, nowMilliseconds: now) {
            counters.requests["rate_limited", default: 0] += 1
            return .reply(.error(ProtocolError(.rateLimited, "more than \(config.ratePerSource) requests a second from this address")))
        }
        if let hostKey, let refusal = authenticate(line, hostKey: hostKey) { return .reply(refusal) }
        let (routing, origin) = RequestRouter.route(line, context: context, now: receivedAt)
        // Counted by verb; unknown verbs together, so a sender of garbage cannot grow the counters.
        let unknown: Bool
        if case .reply(let reply) = routing, reply.error == .unknownVerb { unknown = true } else { unknown = false }
        let verb = origin.verb.map { unknown ? "other" : $0 } ?? "undecodable"
        counters.requests[verb, default: 0] += 1
        if let terminal = origin.terminal {
            // A line refused as not authorised (allow list, keys) takes no slot in the registry.
            let refused: Bool
            if case .reply(let reply) = routing, reply.error == .notAuthorised { refused = true } else { refused = false }
            terminals.seen(terminal, at: receivedAt, admitted: !refused)
            if case .reply(let reply) = routing, !reply.isOK { terminals.count(terminal, stored: nil, error: true) }
        }
        return routing
    }

    /// Queues a reply that needs no storage, behind the connection's earlier replies.
    private func answer(_ connection: Connection, _ reply: Reply) {
        count(reply)
        connection.queue(reply)
    }

    /// Counts an error reply by its code.
    func count(_ reply: Reply) {
        if let code = reply.error { counters.errors[code.rawValue, default: 0] += 1 }
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
    func updateInterest(_ connection: Connection) {
        let interest = connection.state.interest(connection.owed, limits: connectionLimits)
        let wanted = (interest.read ? EventLoop.readable : 0) | (interest.write ? EventLoop.writable : 0)
        if wanted != connection.registeredEvents {
            loop.modify(connection.fd, events: wanted, token: connection.id)
            connection.registeredEvents = wanted
        }
    }
}
