import AttendCore

/// The status file's request and error counts, written by whoever reads or answers a request
/// (the admission, the connections, the datagrams, the writer's results) on the loop thread.
///
/// The one thing those owners share: a tally they only add to, read by the status.
final class RequestCounts {
    /// Requests by verb, and by why they were not routed (`too_long`, `rate_limited`, ...).
    private(set) var requests: [String: Int] = [:]
    /// Error replies by their code.
    private(set) var errors: [String: Int] = [:]

    /// Counts one request under `name`.
    func note(_ name: String) {
        requests[name, default: 0] += 1
    }

    /// Counts an error reply by its code.
    func count(_ reply: Reply) {
        if let code = reply.error { errors[code.rawValue, default: 0] += 1 }
    }
}

/// What the stream connections count for the status file.
struct ConnectionCounts {
    var accepted = 0
    var refused = 0
    var idleClosed = 0
    /// Closed to keep the input budget (see `ConnectionStatus.shed`).
    var shed = 0
}

/// What the UDP socket counts for the status file.
struct DatagramCounts {
    var received = 0
    /// Replies the socket's buffer did not take.
    var dropped = 0
}
