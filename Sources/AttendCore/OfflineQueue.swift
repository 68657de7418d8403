/// The check-ins a terminal has scanned and attendd has not yet acknowledged, and the next
/// sequence number: the content of the terminal's queue file.
///
/// The file is a log of lines in the protocol's own syntax, appended and synced before anything
/// is sent or shown:
/// ```
/// NEXT seq=1763880000000                                  the next sequence number (on rewrite)
/// ADD seq=12 dir=in id=DV-0042 method=card at=2026-11-23T07:45:00.120+07:00 conf=HN-11
/// DONE seq=12                                             acknowledged (or refused=CODE)
/// ```
/// Replaying it gives the entries still pending, in scan order, and a sequence number above
/// every one ever used, so a terminal killed at any point never reuses one. A last line without
/// its LF was cut by a crash while being written; it was never sent, and is ignored.
public struct OfflineQueue: Equatable, Sendable {
    /// One scan waiting for attendd's `OK`.
    public struct Entry: Equatable, Sendable {
        public var sequence: Int64
        public var direction: Direction
        public var delegate: String
        public var method: CheckMethod
        /// The terminal's clock when it was scanned.
        public var at: Timestamp
        /// The conference open when it was scanned, when the terminal knew it.
        public var conference: String?
    }

    /// Entries not yet acknowledged, oldest first.
    public private(set) var pending: [Entry] = []
    /// The sequence number the next scan gets; above every one in the file.
    public private(set) var nextSequence: Int64

    /// An empty queue. A new terminal starts at the current time in milliseconds, so a terminal
    /// whose queue file was lost does not reuse the numbers it sent before.
    public init(firstSequence: Int64) {
        nextSequence = firstSequence
    }

    /// Replays a queue file's content.
    public init(contents: [UInt8], file: String, firstSequence: Int64) throws(QueueFileError) {
        nextSequence = firstSequence
        var lines = contents.split(separator: .lf, omittingEmptySubsequences: false)
        if contents.last != .lf { lines.removeLast() }  // torn last line, or the empty tail
        for (index, bytes) in lines.enumerated() {
            let number = index + 1
            let line: RequestLine
            do {
                guard let decoded = try LineDecoder.decode(Array(bytes)) else { continue }
                line = decoded
            } catch {
                throw QueueFileError(file: file, line: number, message: error.message)
            }
            try replay(line, file: file, number: number)
        }
    }

    private mutating func replay(_ line: RequestLine, file: String, number: Int) throws(QueueFileError) {
        func fail(_ message: String) -> QueueFileError { QueueFileError(file: file, line: number, message: message) }
        guard let text = line["seq"], let sequence = Int64(text), sequence >= 0 else { throw fail("seq must be a whole number") }
        switch line.verb {
        case "NEXT":
            nextSequence = max(nextSequence, sequence)
        case "ADD":
            guard let direction = line["dir"].flatMap(Direction.init(rawValue:)) else { throw fail("dir must be in or out") }
            guard let delegate = line["id"], !delegate.isEmpty else { throw fail("id is missing") }
            guard let method = line["method"].flatMap(CheckMethod.init(rawValue:)) else { throw fail("method is not one of card, qr, manual, face") }
            guard let at = line["at"].flatMap(Timestamp.init(rfc3339:)) else { throw fail("at is not an RFC 3339 time") }
            guard !pending.contains(where: { $0.sequence == sequence }) else { throw fail("seq \(sequence) is added twice") }
            pending.append(Entry(sequence: sequence, direction: direction, delegate: delegate, method: method, at: at, conference: line["conf"]))
            nextSequence = max(nextSequence, sequence + 1)
        case "DONE":
            pending.removeAll { $0.sequence == sequence }
        default:
            throw fail("unknown record \(line.verb) (NEXT, ADD or DONE)")
        }
    }

    /// Takes the next sequence number for a scan; returns the entry and the line to append.
    public mutating func add(
        direction: Direction, delegate: String, method: CheckMethod, at: Timestamp, conference: String?
    ) -> (entry: Entry, record: [UInt8]) {
        let entry = Entry(sequence: nextSequence, direction: direction, delegate: delegate, method: method, at: at, conference: conference)
        nextSequence += 1
        pending.append(entry)
        return (entry, OfflineQueue.record(entry))
    }

    /// The `ADD` line of an entry.
    static func record(_ entry: Entry) -> [UInt8] {
        var fields: [RequestLine.Field] = [
            .init("seq", String(entry.sequence)), .init("dir", entry.direction.rawValue), .init("id", entry.delegate),
            .init("method", entry.method.rawValue), .init("at", entry.at.vietnam),
        ]
        if let conference = entry.conference { fields.append(.init("conf", conference)) }
        return LineEncoder.encode(RequestLine(verb: "ADD", fields: fields))
    }

    /// Removes an entry attendd answered (`refused`: its error code); returns the line to append,
    /// nil when it was not pending.
    public mutating func finish(sequence: Int64, refused: String? = nil) -> [UInt8]? {
        guard let index = pending.firstIndex(where: { $0.sequence == sequence }) else { return nil }
        pending.remove(at: index)
        var fields: [RequestLine.Field] = [.init("seq", String(sequence))]
        if let refused { fields.append(.init("refused", refused)) }
        return LineEncoder.encode(RequestLine(verb: "DONE", fields: fields))
    }

    /// The whole file as it can be rewritten: the next number and the pending entries.
    public func compacted() -> [UInt8] {
        var out = LineEncoder.encode(RequestLine(verb: "NEXT", fields: [.init("seq", String(nextSequence))]))
        for entry in pending { out += OfflineQueue.record(entry) }
        return out
    }

    /// The protocol line that sends `entry`: `queued=1` when it was not sent as it was scanned.
    public static func request(for entry: Entry, terminal: String, queued: Bool) -> RequestLine {
        var fields: [RequestLine.Field] = [
            .init("id", entry.delegate), .init("term", terminal), .init("seq", String(entry.sequence)),
            .init("method", entry.method.rawValue), .init("at", entry.at.vietnam),
        ]
        if let conference = entry.conference { fields.append(.init("conf", conference)) }
        if queued { fields.append(.init("queued", "1")) }
        return RequestLine(verb: entry.direction == .checkIn ? "CHECKIN" : "CHECKOUT", fields: fields)
    }
}

/// A queue file that cannot be read: which file, which line, what is wrong.
public struct QueueFileError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int
    public let message: String

    public var description: String { "\(file):\(line): \(message)" }
}
