import AttendCore

/// The connections' limits and the input budget: what each holds, counted against
/// `[limits] max_connection_buffer` and `max_input_buffer`, and who is shed when over.
extension StreamServer {
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
    func releaseQueuedPayload(connection id: UInt64, slot: UInt64) {
        guard budget.release(QueuedPayload(connection: id, slot: slot)) else { return }
        connections[id]?.payloadQueued = false
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
}
