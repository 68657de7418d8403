/// Cuts a TCP byte stream into lines, holding at most `maxLineBytes` of an unfinished line.
///
/// A line longer than the limit is reported once as `.tooLong` and its bytes are dropped up to
/// the next LF, so a peer that never ends its line costs no more memory than the limit.
///
/// A line may announce a payload (`INVITE conf=X bytes=N`): when the handler returns
/// `.payload(N)` for it, the next N bytes are delivered whole as `.payload`, whatever they
/// contain; the buffer grows as they arrive, never reserved up front from the announced size.
/// When the handler refused the line it returns `.discard(N)`: the N bytes are dropped as they
/// arrive, unbuffered, and are never read as lines.
public struct LineFramer: Sendable {
    /// What follows a line, as its handler decided.
    public enum Follow: Equatable, Sendable {
        case nothing
        /// Collect this many bytes and deliver them as one `.payload`.
        case payload(Int)
        /// Drop this many bytes unread (the payload of a refused request).
        case discard(Int)
    }

    /// What a chunk of input held, in order.
    public enum Event {
        /// A complete line, without its LF; valid only during the callback.
        case line(UnsafeBufferPointer<UInt8>)
        /// A line passed the limit and is being discarded; `start` is its first bytes (up to
        /// 32), so that a payload verb is recognised and its payload never read as lines.
        case tooLong(start: [UInt8])
        /// The payload announced by the previous line; valid only during the callback.
        case payload(UnsafeBufferPointer<UInt8>)
    }

    public var maxLineBytes: Int
    private var partial: [UInt8] = []
    private var discarding = false
    /// Payload bytes still to collect into `partial`.
    private var payloadRemaining = 0
    /// The size of the payload being collected, which caps the buffer's growth.
    private var payloadTotal = 0
    /// Bytes of a refused request's payload still to drop.
    public private(set) var discardRemaining = 0

    public init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    /// Bytes of an unfinished line or payload held now.
    public var bufferedBytes: Int { partial.count }

    /// Memory the buffer holds now (its capacity), which is what the input budget counts.
    public var heldBytes: Int { partial.capacity }

    /// Bytes still owed of an announced payload, whether being collected or discarded (0: none).
    public var payloadOwed: Int { payloadRemaining + discardRemaining }

    /// Bytes of the payload being collected received so far.
    public var payloadReceived: Int { payloadRemaining > 0 ? partial.count : 0 }

    /// Feeds received bytes; calls `handle` for each line or overflow, in order.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Void) {
        feed(chunk) { (event: Event) -> Int in
            handle(event)
            return 0
        }
    }

    /// Feeds received bytes; `handle` returns how many payload bytes follow a line (0: none).
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Int) {
        feed(chunk) { (event: Event) -> Follow in
            let bytes = handle(event)
            return bytes > 0 ? .payload(bytes) : .nothing
        }
    }

    /// Feeds received bytes; `handle` says what follows each line.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Follow) {
        var start = 0
        let count = chunk.count
        while start < count {
            if discardRemaining > 0 {
                let take = min(discardRemaining, count - start)
                start += take
                discardRemaining -= take
                continue
            }
            if payloadRemaining > 0 {
                let take = min(payloadRemaining, count - start)
                grow(toHold: partial.count + take)
                partial.append(contentsOf: chunk[start..<(start + take)])
                start += take
                payloadRemaining -= take
                if payloadRemaining == 0 {
                    _ = partial.withUnsafeBufferPointer { handle(.payload($0)) }
                    partial = []
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
                let start = partial.isEmpty ? Array(chunk[piece].prefix(32)) : Array(partial.prefix(32))
                partial.removeAll(keepingCapacity: true)
                if case .discard(let bytes) = handle(.tooLong(start: start)), bytes > 0 { discardRemaining = bytes }
                continue
            }
            let follow: Follow
            if partial.isEmpty {
                follow = handle(.line(UnsafeBufferPointer(rebasing: chunk[piece])))
            } else {
                partial.append(contentsOf: chunk[piece])
                follow = partial.withUnsafeBufferPointer { handle(.line($0)) }
                partial.removeAll(keepingCapacity: partial.capacity <= 4096)
            }
            switch follow {
            case .nothing: break
            case .payload(let bytes) where bytes > 0:
                payloadRemaining = bytes
                payloadTotal = bytes
            case .discard(let bytes) where bytes > 0: discardRemaining = bytes
            case .payload, .discard: break
            }
        }
    }

    /// Grows the buffer by doubling, never past the announced payload: a peer that announces
    /// 4 MiB and sends 10 bytes costs 10 bytes, not 4 MiB.
    private mutating func grow(toHold needed: Int) {
        guard needed > partial.capacity else { return }
        partial.reserveCapacity(min(payloadTotal, max(needed, partial.capacity * 2, 4096)))
    }

    /// Keeps the unfinished tail, or starts discarding when it is already too long.
    private mutating func take(
        _ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ handle: (Event) -> Follow
    ) {
        if discarding { return }
        // +1: the line may still end in CR LF; the check at LF is exact.
        if partial.count + range.count > maxLineBytes + 1 {
            let start = partial.isEmpty ? Array(chunk[range].prefix(32)) : Array(partial.prefix(32))
            partial.removeAll(keepingCapacity: false)
            discarding = true
            if case .discard(let bytes) = handle(.tooLong(start: start)), bytes > 0 { discardRemaining = bytes }
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
