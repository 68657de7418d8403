import AttendCore
import AttendIO
import CAttendSys
import Glibc

/// Carrying out the connections' rules: the input budget, the timers, closing.
extension Daemon {
    /// The limits `ConnectionState` applies, from the running config (a reload changes them).
    var connectionLimits: ConnectionState.Limits {
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
        inputBytesHeld += held - connection.accountedBytes
        connection.accountedBytes = held
        if !connection.isControl && held > config.maxConnectionBufferBytes {
            closeConnection(connection, .close(.overBudget))
            return
        }
        guard inputBytesHeld > config.maxInputBufferBytes else { return }
        for id in InputBudget.shed(holders(), total: inputBytesHeld, limit: config.maxInputBufferBytes) {
            if let victim = connections[id] { closeConnection(victim, .close(.overBudget)) }
        }
    }

    /// Counts a payload handed on until its reply; the connection reads no more until then.
    func queuePayload(_ bytes: Int, on connection: Connection, slot: UInt64) {
        queuedPayloads[QueuedPayload(connection: connection.id, slot: slot)] = bytes
        inputBytesHeld += bytes
        connection.payloadQueued = true
    }

    /// The reply for a queued payload came: its bytes leave the budget.
    func releaseQueuedPayload(connection id: UInt64, slot: UInt64) {
        guard let bytes = queuedPayloads.removeValue(forKey: QueuedPayload(connection: id, slot: slot)) else { return }
        inputBytesHeld -= bytes
        connections[id]?.payloadQueued = false
        if bytes >= 64 * 1024 { heapToTrim = true }
    }

    /// At `max_connections`: closes the biggest unfinished payload so a new connection is
    /// served; false when there is none (then the newcomer gets `ERR busy`).
    func shedForNewConnection() -> Bool {
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

    /// Once a second: closes connections idle with nothing owed, and payloads past their deadline.
    func checkConnections(now: Int64) {
        let limits = connectionLimits
        for connection in Array(connections.values) {
            let action = connection.state.check(now: now, owed: connection.owed, limits: limits)
            if case .close = action { closeConnection(connection, action) }
        }
        // Buffers under the mmap threshold went back to the heap; give its free pages back
        // too, at most once a second, so RSS falls after an attack instead of staying up.
        if heapToTrim {
            heapToTrim = false
            _ = attend_release_free_memory()
        }
    }

    /// Closes the connection when `action` says so, counting why; a payload cut off by its
    /// deadline or by the budget is told so first, as far as the socket takes it.
    func closeConnection(_ connection: Connection, _ action: ConnectionState.Action) {
        guard case .close(let reason) = action, connections.removeValue(forKey: connection.id) != nil else { return }
        switch reason {
        case .idle:
            if !connection.isControl { counters.idleClosed += 1 }
        case .payloadTimeout:
            counters.shed += 1
            sendParting(connection, .error(ProtocolError(.tooLong, "the payload did not arrive within \(config.payloadTimeoutSeconds) s ([limits] payload_timeout); closing")))
        case .overBudget:
            counters.shed += 1
            sendParting(connection, .error(ProtocolError(.busy, "over the input memory budget ([limits] max_connection_buffer, max_input_buffer); closing")))
        case .displaced:
            counters.shed += 1
            sendParting(connection, .error(ProtocolError(.busy, "closed to make room for a new connection (max_connections); reconnect when needed")))
        case .payloadCutShort, .hangUp, .finished:
            break
        }
        if reason != .finished && reason != .hangUp {
            logger.debug("closing connection", ["peer": connection.peer, "why": reason.rawValue])
        }
        inputBytesHeld -= connection.accountedBytes
        if connection.accountedBytes >= 64 * 1024 { heapToTrim = true }
        connection.accountedBytes = 0
        reports.cancel(connection: connection.id)
        loop.remove(connection.fd)
        close(connection.fd)
        if !connection.isControl { streamConnections -= 1 }
    }

    /// One last reply without waiting: what the socket does not take now is dropped. Sent only
    /// once the earlier replies are all out, so it can never land inside one of them.
    private func sendParting(_ connection: Connection, _ reply: Reply) {
        guard connection.flush(now: Clock.monotonicMilliseconds()), connection.unsentBytes == 0 else { return }
        count(reply)
        let bytes = reply.encoded()
        _ = bytes.withUnsafeBytes { send(connection.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }
}

/// A payload in a queue, by the reply slot it will fill.
struct QueuedPayload: Hashable {
    var connection: UInt64
    var slot: UInt64
}
