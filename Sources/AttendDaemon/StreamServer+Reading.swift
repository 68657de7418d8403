import AttendCore
import AttendIO
import Glibc

/// Reading a connection: framing its lines, routing each through the admission, and carrying
/// out the routing (answered here, or handed to the sink).
extension StreamServer {
    func read(_ connection: Connection, sink: RequestSink) {
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
        let context = admission.streamContext(isControl: connection.isControl)
        let chunk = UnsafeBufferPointer(start: readBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), count: received)
        connection.framer.maxLineBytes = config.maxLineBytes  // a reload may have changed it
        connection.framer.feed(chunk) { (event: LineFramer.Event) -> LineFramer.Follow in
            switch event {
            case .tooLong(let start):
                requestCounts.note("too_long")
                // An INVITE or TALLY line cut off: nobody can say where its payload ends, so
                // nothing after it is read (its payload would be read as requests).
                guard PayloadAnnouncement.startsWithPayloadVerb(start) else {
                    answer(connection, .error(ProtocolError(.tooLong, "line longer than \(config.maxLineBytes) bytes; discarded")))
                    return .nothing
                }
                answer(connection, .error(ProtocolError(.tooLong, "line longer than \(config.maxLineBytes) bytes announces a payload; closing")))
                return finishAfterRefusal(connection)
            case .line(let line):
                return route(line, on: connection, context: context, receivedAt: receivedAt, now: now, sink: sink)
            case .payload(let bytes):
                if let pending = connection.awaitingPayload {
                    let slot = connection.reserveSlot()
                    let job = Job(
                        work: (), echo: pending.echo, receivedAt: pending.receivedAt, source: connection.peer,
                        target: .stream(connection: connection.id, slot: slot), payload: Array(bytes))
                    queuePayload(bytes.count, on: connection, slot: slot)
                    switch pending.request {
                    case .write(let request): sink.submit(job.with(WriterTask.request(request)))
                    case .tallyPush(let push): sink.submitTally(job.with(push))
                    case .livePush(let push): sink.submitLive(job.with(push))
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
        receivedAt: Timestamp, now: Int64, sink: RequestSink
    ) -> LineFramer.Follow {
        let routing = admission.admit(
            line, sourceIPv4: connection.isControl ? nil : connection.peerIPv4, context: context, receivedAt: receivedAt, now: now)
        if case .awaitPayload(let request, let echo, let bytes) = routing {
            if !connection.isControl && bytes + config.maxLineBytes > config.maxConnectionBufferBytes {
                answer(connection, .error(ProtocolError(.tooLong, "a payload of \(bytes) bytes is over this connection's limit of \(config.maxConnectionBufferBytes) ([limits] max_connection_buffer); closing"), echo: echo))
                return finishAfterRefusal(connection)
            }
            if budget.held >= config.maxInputBufferBytes {
                // Every byte of the budget is taken: the payload is dropped unread, the sender retries.
                countShedPayload()
                answer(connection, .error(ProtocolError(.busy, "the input memory budget is full ([limits] max_input_buffer); retry later"), echo: echo))
                connection.state.payloadAnnounced(now: now)
                return .discard(bytes)
            }
            connection.awaitingPayload = .init(request: request, echo: echo, receivedAt: receivedAt)
            connection.state.payloadAnnounced(now: now)
            return .payload(bytes)
        }
        dispatch(routing, on: connection, receivedAt: receivedAt, sink: sink)
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
    private func dispatch(_ routing: RequestRouter.Routing, on connection: Connection, receivedAt: Timestamp, sink: RequestSink) {
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
            let problems = sink.reload()
            answer(connection, problems.isEmpty
                ? .ok(echo + [.init("reloaded", "1")])
                : .error(ProtocolError(.invalid, problems.joined(separator: "; ")), echo: echo))
        case .store(let request, let echo):
            sink.submit(job(echo).with(WriterTask.request(request)))
        case .query(let query, let echo):
            sink.submitQuery(job(echo).with(query), source: connection.isControl ? .control : .address(connection.peerIPv4), connection: connection.id)
        case .lineTest(let seconds, let echo):
            guard !config.probeTargets.isEmpty else {
                answer(connection, .error(ProtocolError(.invalid, "no [probes] targets are configured to test"), echo: echo))
                break
            }
            sink.beginLineTest(seconds: seconds, job: job(echo))
        }
    }

    /// Queues a reply that needs no storage, behind the connection's earlier replies.
    private func answer(_ connection: Connection, _ reply: Reply) {
        requestCounts.count(reply)
        connection.queue(reply)
    }
}
