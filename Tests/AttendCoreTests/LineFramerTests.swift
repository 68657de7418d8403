import Testing

@testable import AttendCore

/// What the framer reported, copied out of its callback.
private enum Seen: Equatable, CustomStringConvertible {
    case line(String)
    case tooLong
    case payload(String)

    var description: String {
        switch self {
        case .line(let text): return "line(\(text.debugDescription))"
        case .tooLong: return "tooLong"
        case .payload(let text): return "payload(\(text.debugDescription))"
        }
    }
}

/// Feeds each chunk in turn and collects the events.
private func feed(_ framer: inout LineFramer, _ chunks: [[UInt8]]) -> [Seen] {
    var seen: [Seen] = []
    for chunk in chunks {
        chunk.withUnsafeBufferPointer { buffer in
            framer.feed(buffer) { event in
                switch event {
                case .line(let line): seen.append(.line(String(decoding: line, as: UTF8.self)))
                case .tooLong: seen.append(.tooLong)
                case .payload(let bytes): seen.append(.payload(String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
    }
    return seen
}

private func feed(_ framer: inout LineFramer, _ chunks: String...) -> [Seen] {
    feed(&framer, chunks.map { Array($0.utf8) })
}

/// `text` cut into pieces of `size` bytes.
private func chunks(_ text: String, size: Int) -> [[UInt8]] {
    chunks(of: Array(text.utf8), size: size)
}

@Suite struct LineFramerTests {
    @Test func oneLineInOneChunk() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(feed(&framer, "PING\n") == [.line("PING")])
        #expect(framer.bufferedBytes == 0)
    }

    @Test func severalLinesInOneChunk() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(feed(&framer, "A\nB b=1\n\nC\n") == [.line("A"), .line("B b=1"), .line(""), .line("C")])
    }

    @Test func lineSplitAcrossChunks() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(feed(&framer, "CHECK", "IN id=4") == [])
        #expect(framer.bufferedBytes == 12)
        #expect(feed(&framer, "2\nPI", "NG\n") == [.line("CHECKIN id=42"), .line("PING")])
        #expect(framer.bufferedBytes == 0)
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func anyChunkingGivesTheSameLines(_ size: Int) {
        let text = "CHECKIN id=1 name=\"Nguyễn\"\r\nPING\n\nCHECKOUT id=2\n"
        var framer = LineFramer(maxLineBytes: 100)
        let seen = feed(&framer, chunks(text, size: size))
        #expect(seen == [.line("CHECKIN id=1 name=\"Nguyễn\"\r"), .line("PING"), .line(""), .line("CHECKOUT id=2")])
        #expect(framer.bufferedBytes == 0)
    }

    @Test func crIsLeftForTheDecoder() {
        var framer = LineFramer(maxLineBytes: 100)
        #expect(feed(&framer, "PING\r\nPING\r", "\n") == [.line("PING\r"), .line("PING\r")])
    }

    // MARK: The limit

    static let sizes = [1, 3, 10, 11, 12, 1000]

    @Test(arguments: sizes)
    func lineExactlyAtTheLimitPasses(_ size: Int) {
        let line = String(repeating: "x", count: 10)
        var framer = LineFramer(maxLineBytes: 10)
        #expect(feed(&framer, chunks(line + "\n" + "PING\n", size: size)) == [.line(line), .line("PING")])
        // A CR before the LF does not count against the limit.
        #expect(feed(&framer, chunks(line + "\r\n", size: size)) == [.line(line + "\r")])
    }

    @Test(arguments: sizes)
    func oneByteOverIsTooLongOnceThenTheNextLineArrives(_ size: Int) {
        let line = String(repeating: "y", count: 11)
        var framer = LineFramer(maxLineBytes: 10)
        #expect(feed(&framer, chunks(line + "\nPING\n", size: size)) == [.tooLong, .line("PING")])
        #expect(framer.bufferedBytes == 0)
        #expect(feed(&framer, chunks(line + "\r\nPONG\r\n", size: size)) == [.tooLong, .line("PONG\r")])
        #expect(framer.bufferedBytes == 0)
    }

    @Test(arguments: sizes)
    func muchTooLongIsReportedOnce(_ size: Int) {
        let line = String(repeating: "z", count: 55)
        var framer = LineFramer(maxLineBytes: 10)
        #expect(feed(&framer, chunks("A\n" + line + "\nB\n", size: size)) == [.line("A"), .tooLong, .line("B")])
        #expect(framer.bufferedBytes == 0)
    }

    @Test func onlyTheCRBeforeTheLFIsFree() {
        // Only one CR, just before the LF, is free.
        var framer = LineFramer(maxLineBytes: 10)
        #expect(feed(&framer, String(repeating: "x", count: 9) + "\r\r\n") == [.line(String(repeating: "x", count: 9) + "\r\r")])
        #expect(feed(&framer, String(repeating: "x", count: 10) + "\r\r\n") == [.tooLong])
    }

    @Test func neverEndingLineCostsNoMoreThanTheLimit() {
        var framer = LineFramer(maxLineBytes: 1000)
        var tooLong = 0
        var lines = 0
        let chunk = [UInt8](repeating: 0x61, count: 97)
        for _ in 0..<10_000 {
            chunk.withUnsafeBufferPointer { buffer in
                framer.feed(buffer) { event in
                    switch event {
                    case .line: lines += 1
                    case .tooLong: tooLong += 1
                    case .payload: Issue.record("no payload was announced")
                    }
                }
            }
            #expect(framer.bufferedBytes <= 1001)
        }
        #expect(tooLong == 1)
        #expect(lines == 0)
        // The line finally ends; the next one is delivered.
        #expect(feed(&framer, "tail\nPING\n") == [.line("PING")])
        #expect(framer.bufferedBytes == 0)
    }

    @Test func bufferedBytesNeverPassesLimitPlusOne() {
        var framer = LineFramer(maxLineBytes: 10)
        for _ in 0..<30 {
            _ = feed(&framer, "q")
            #expect(framer.bufferedBytes <= 11)
        }
        #expect(feed(&framer, "\nok\n") == [.line("ok")])
    }
}

/// Lines that announce a payload: the next N bytes come whole, whatever they hold, across chunks.
@Test func announcedPayloadIsDeliveredWholeThenLinesResume() {
    var framer = LineFramer(maxLineBytes: 64)
    let input = Array("INVITE bytes=11\nab\ncd\nef\n\n\nPING\n".utf8)
    for size in [1, 2, 5, input.count] {
        var seen: [Seen] = []
        for chunk in chunks(of: input, size: size) {
            chunk.withUnsafeBufferPointer { buffer in
                framer.feed(buffer) { (event: LineFramer.Event) -> Int in
                    switch event {
                    case .line(let line):
                        let text = String(decoding: line, as: UTF8.self)
                        seen.append(.line(text))
                        return text.hasPrefix("INVITE") ? 11 : 0
                    case .tooLong:
                        seen.append(.tooLong)
                    case .payload(let bytes):
                        seen.append(.payload(String(decoding: bytes, as: UTF8.self)))
                    }
                    return 0
                }
            }
        }
        #expect(seen == [.line("INVITE bytes=11"), .payload("ab\ncd\nef\n\n\n"), .line("PING")], "chunk size \(size)")
    }
}

/// Feeds `input` in chunks of `size`; a line starting with `verb` is followed by `follow`.
private func feed(_ input: [UInt8], size: Int, _ framer: inout LineFramer, follow: (String) -> LineFramer.Follow) -> [Seen] {
    var seen: [Seen] = []
    for chunk in chunks(of: input, size: size) {
        chunk.withUnsafeBufferPointer { buffer in
            framer.feed(buffer) { (event: LineFramer.Event) -> LineFramer.Follow in
                switch event {
                case .line(let line):
                    let text = String(decoding: line, as: UTF8.self)
                    seen.append(.line(text))
                    return follow(text)
                case .tooLong: seen.append(.tooLong)
                case .payload(let bytes): seen.append(.payload(String(decoding: bytes, as: UTF8.self)))
                }
                return .nothing
            }
        }
    }
    return seen
}

/// A refused line's payload is dropped unread: a CSV cell holding a request line never runs.
@Test func aDiscardedPayloadIsNeverReadAsLines() {
    let input = Array("INVITE conf=bad bytes=38\nname\n\"DEFINE conf=INJECTED-1 title=x\"\nPING\n".utf8)
    for size in [1, 3, 7, input.count] {
        var framer = LineFramer(maxLineBytes: 64)
        let seen = feed(input, size: size, &framer) { $0.hasPrefix("INVITE") ? .discard(38) : .nothing }
        #expect(seen == [.line("INVITE conf=bad bytes=38"), .line("PING")], "chunk size \(size)")
        #expect(framer.bufferedBytes == 0 && framer.payloadOwed == 0)
    }
}

/// The discarded bytes cost nothing; the owed count falls as they arrive.
@Test func discardingHoldsNoBytes() {
    var framer = LineFramer(maxLineBytes: 64)
    _ = feed(Array("TALLY bytes=4194304\n".utf8) + [UInt8](repeating: 0x41, count: 100_000), size: 65_536, &framer) { _ in .discard(4_194_304) }
    #expect(framer.heldBytes <= 8192)
    #expect(framer.payloadOwed == 4_194_304 - 100_000)
}

/// An announced payload is not reserved up front: 4 MiB announced and 10 bytes sent hold
/// about 10 bytes (the first 4 KiB step, plus the allocator's rounding), and the buffer never
/// grows past the announced size (plus that rounding).
@Test func anAnnouncedPayloadGrowsAsItArrives() {
    var framer = LineFramer(maxLineBytes: 64)
    _ = feed(Array("TALLY bytes=4194304\n0123456789".utf8), size: 100, &framer) { _ in .payload(4_194_304) }
    #expect(framer.payloadReceived == 10)
    #expect(framer.heldBytes <= 8192, "held \(framer.heldBytes)")
    _ = feed([UInt8](repeating: 0x41, count: 3_000_000), size: 65_536, &framer) { _ in .nothing }
    #expect(framer.payloadReceived == 3_000_010)
    #expect(framer.heldBytes <= 4_194_304 + 8192, "held \(framer.heldBytes)")
}

/// A too-long line hands its first bytes over, and a `.discard` answer drops everything after it.
@Test func aTooLongLineShowsItsStartAndCanEndTheStream() {
    let line = "INVITE conf=" + String(repeating: "x", count: 100) + " bytes=10"
    for size in [1, 7, 200] {
        var framer = LineFramer(maxLineBytes: 64)
        var starts: [String] = []
        var lines: [String] = []
        let input = Array((line + "\nDEFINE conf=INJECTED-1 title=x\nPING\n").utf8)
        for chunk in chunks(of: input, size: size) {
            chunk.withUnsafeBufferPointer { buffer in
                framer.feed(buffer) { (event: LineFramer.Event) -> LineFramer.Follow in
                    switch event {
                    case .tooLong(let start):
                        starts.append(String(decoding: start, as: UTF8.self))
                        return .discard(Int.max)
                    case .line(let bytes): lines.append(String(decoding: bytes, as: UTF8.self))
                    case .payload: break
                    }
                    return .nothing
                }
            }
        }
        #expect(starts.count == 1 && starts[0].hasPrefix("INVITE conf=xx"), "chunk size \(size): \(starts)")
        #expect(lines.isEmpty, "chunk size \(size): \(lines)")
    }
}

/// `input` cut into pieces of `size` bytes (the last may be shorter), as a socket may deliver it.
private func chunks(of input: [UInt8], size: Int) -> [[UInt8]] {
    stride(from: 0, to: input.count, by: size).map { Array(input[$0..<min($0 + size, input.count)]) }
}
