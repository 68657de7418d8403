/// Request lines encoded once, before the clock starts: one buffer and where each line ends.
struct EncodedLines: Sendable {
    var bytes: [UInt8] = []
    /// `ends[i]` is the offset just past line i's LF.
    var ends: [Int] = []

    var count: Int { ends.count }

    /// The byte range holding lines `lines`.
    func byteRange(_ lines: Range<Int>) -> Range<Int> {
        guard !lines.isEmpty else { return 0..<0 }
        return (lines.lowerBound == 0 ? 0 : ends[lines.lowerBound - 1])..<ends[lines.upperBound - 1]
    }
}

/// Realistic CHECKIN lines: one terminal per connection, increasing `seq`, delegate ids drawn
/// from 10,000 invited, the terminal's clock in `at=`. Every (term, seq) is new, so each line
/// is stored (no duplicate shortcut).
///
///     CHECKIN id=DV-004217 term=ingest8-03 seq=1 method=card at=2026-11-23T07:00:01+07:00
enum LineGenerator {
    /// Delegates invited to the bench conference.
    static let delegates = 10_000

    static func checkins(terminal: String, count: Int, firstSequence: Int = 1) -> EncodedLines {
        var lines = EncodedLines()
        lines.bytes.reserveCapacity(count * (72 + terminal.utf8.count))
        lines.ends.reserveCapacity(count)
        let term = Array(terminal.utf8)
        // A small linear congruential generator seeded by the terminal: repeatable, no allocation.
        var random = UInt64(truncatingIfNeeded: terminal.utf8.reduce(5381) { $0 &* 33 &+ Int($1) })
        for index in 0..<count {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let delegate = Int((random >> 33) % UInt64(delegates)) + 1
            append(&lines.bytes, "CHECKIN id=DV-")
            appendDecimal(&lines.bytes, delegate, width: 6)
            append(&lines.bytes, " term=")
            lines.bytes.append(contentsOf: term)
            append(&lines.bytes, " seq=")
            appendDecimal(&lines.bytes, firstSequence + index, width: 1)
            append(&lines.bytes, " method=card at=2026-11-23T07:")
            appendDecimal(&lines.bytes, index / 60 % 60, width: 2)
            lines.bytes.append(0x3A)
            appendDecimal(&lines.bytes, index % 60, width: 2)
            append(&lines.bytes, "+07:00\n")
            lines.ends.append(lines.bytes.count)
        }
        return lines
    }

    /// Lines for `connections` terminals named `tag-00`, `tag-01`, ..., `total` lines in all.
    static func perConnection(tag: String, connections: Int, total: Int) -> [EncodedLines] {
        (0..<connections).map { k in
            let share = total / connections + (k < total % connections ? 1 : 0)
            return checkins(terminal: "\(tag)-\(k < 10 ? "0" : "")\(k)", count: share)
        }
    }

    private static func append(_ bytes: inout [UInt8], _ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private static func appendDecimal(_ bytes: inout [UInt8], _ value: Int, width: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(0x30 + rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 || count < width
            for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[k]) }
        }
    }
}
