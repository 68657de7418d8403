/// Cuts a TCP byte stream into lines, holding at most `maxLineBytes` of an unfinished line.
///
/// A line longer than the limit is reported once as `.tooLong` and its bytes are dropped up to
/// the next LF, so a peer that never ends its line costs no more memory than the limit.
///
/// A line may announce a payload (`INVITE conf=X bytes=N`): when the handler returns N for it,
/// the next N bytes are delivered whole as `.payload`, whatever they contain.
public struct LineFramer: Sendable {
    /// What a chunk of input held, in order.
    public enum Event {
        /// A complete line, without its LF; valid only during the callback.
        case line(UnsafeBufferPointer<UInt8>)
        /// A line passed the limit and is being discarded.
        case tooLong
        /// The payload announced by the previous line; valid only during the callback.
        case payload(UnsafeBufferPointer<UInt8>)
    }

    public var maxLineBytes: Int
    private var partial: [UInt8] = []
    private var discarding = false
    /// Payload bytes still to collect into `partial`.
    private var payloadRemaining = 0

    public init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    /// Bytes of an unfinished line held now.
    public var bufferedBytes: Int { partial.count }

    /// Feeds received bytes; calls `handle` for each line or overflow, in order.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Void) {
        feed(chunk) { (event: Event) -> Int in
            handle(event)
            return 0
        }
    }

    /// Feeds received bytes; `handle` returns how many payload bytes follow a line (0: none).
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Int) {
        var start = 0
        let count = chunk.count
        while start < count {
            if payloadRemaining > 0 {
                let take = min(payloadRemaining, count - start)
                partial.append(contentsOf: chunk[start..<(start + take)])
                start += take
                payloadRemaining -= take
                if payloadRemaining == 0 {
                    _ = partial.withUnsafeBufferPointer { handle(.payload($0)) }
                    partial.removeAll(keepingCapacity: false)
                }
                continue
            }
            guard let newline = Self.index(of: .lf, in: chunk, from: start) else {
                take(chunk, start..<count, handle)
                return
            }
            let piece = start..<newline
            start = newline + 1
            if discarding {
                discarding = false
                continue
            }
            // One line limit, however the bytes arrived (a CR before the LF does not count).
            let length = partial.count + piece.count
            let crlf = (piece.isEmpty ? partial.last : chunk[newline - 1]) == .cr
            if length - (crlf ? 1 : 0) > maxLineBytes {
                partial.removeAll(keepingCapacity: true)
                _ = handle(.tooLong)
                continue
            }
            let payload: Int
            if partial.isEmpty {
                payload = handle(.line(UnsafeBufferPointer(rebasing: chunk[piece])))
            } else {
                partial.append(contentsOf: chunk[piece])
                payload = partial.withUnsafeBufferPointer { handle(.line($0)) }
                partial.removeAll(keepingCapacity: partial.capacity <= 4096)
            }
            if payload > 0 {
                payloadRemaining = payload
                partial.reserveCapacity(payload)
            }
        }
    }

    /// Keeps the unfinished tail, or starts discarding when it is already too long.
    private mutating func take(
        _ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ handle: (Event) -> Int
    ) {
        if discarding { return }
        // +1: the line may still end in CR LF; the check at LF is exact.
        if partial.count + range.count > maxLineBytes + 1 {
            partial.removeAll(keepingCapacity: false)
            discarding = true
            _ = handle(.tooLong)
            return
        }
        partial.append(contentsOf: chunk[range])
    }

    private static func index(of byte: UInt8, in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while i < chunk.count {
            if chunk[i] == byte { return i }
            i += 1
        }
        return nil
    }
}
