/// Cuts a TCP byte stream into lines, holding at most `maxLineBytes` of an unfinished line.
///
/// A line longer than the limit is reported once as `.tooLong` and its bytes are dropped up to
/// the next LF, so a peer that never ends its line costs no more memory than the limit.
public struct LineFramer: Sendable {
    /// What a chunk of input held, in order.
    public enum Event {
        /// A complete line, without its LF; valid only during the callback.
        case line(UnsafeBufferPointer<UInt8>)
        /// A line passed the limit and is being discarded.
        case tooLong
    }

    public var maxLineBytes: Int
    private var partial: [UInt8] = []
    private var discarding = false

    public init(maxLineBytes: Int) { self.maxLineBytes = maxLineBytes }

    /// Bytes of an unfinished line held now.
    public var bufferedBytes: Int { partial.count }

    /// Feeds received bytes; calls `handle` for each line or overflow, in order.
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ handle: (Event) -> Void) {
        var start = 0
        let count = chunk.count
        while start < count {
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
                handle(.tooLong)
                continue
            }
            if partial.isEmpty {
                handle(.line(UnsafeBufferPointer(rebasing: chunk[piece])))
            } else {
                partial.append(contentsOf: chunk[piece])
                partial.withUnsafeBufferPointer { handle(.line($0)) }
                partial.removeAll(keepingCapacity: partial.capacity <= 4096)
            }
        }
    }

    /// Keeps the unfinished tail, or starts discarding when it is already too long.
    private mutating func take(
        _ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ handle: (Event) -> Void
    ) {
        if discarding { return }
        // +1: the line may still end in CR LF; the check at LF is exact.
        if partial.count + range.count > maxLineBytes + 1 {
            partial.removeAll(keepingCapacity: false)
            discarding = true
            handle(.tooLong)
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
