import AttendCore
import Foundation
import Testing

/// The DEFLATE decoder on streams built by hand: every block type, and every way a stream can be
/// wrong ending in an error, never a crash or a hang. (Streams from zlib and gzip:
/// `DeflateInteropTests`.)
struct InflateTests {
    @Test func storedBlocksRoundTrip() throws {
        let data = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        #expect(try Inflate.decode(ZipFixture.storedDeflate(data), maxOutput: data.count) == data)
        #expect(try Inflate.decode(ZipFixture.storedDeflate([]), maxOutput: 0) == [])
    }

    @Test func fixedHuffmanWithOverlappingMatches() throws {
        let decoded = try Inflate.decode(ZipFixture.bombDeflate(matches: 4), maxOutput: 10_000)
        #expect(decoded == [UInt8](repeating: UInt8(ascii: "a"), count: 1 + 4 * 258))
    }

    /// A stream that would expand 160-fold costs no more than the bound: it stops there.
    @Test func outputBoundStopsABombAtTheBound() {
        let bomb = ZipFixture.bombDeflate(matches: 100_000)  // 25.8 MB from 163 KB
        #expect(bomb.count < 170_000)
        #expect(throws: InflateError.self) { try Inflate.decode(bomb, maxOutput: 1 << 20) }
        do {
            _ = try Inflate.decode(bomb, maxOutput: 1 << 20)
        } catch {
            #expect(error.kind == .outputTooLarge)
            #expect(error.message.contains("more than 1048576 bytes"))
        }
    }

    @Test(arguments: [
        ([UInt8](), InflateError.Kind.truncated),
        ([0x07], .malformed),  // final, block type 3
        ([0x01, 0x05, 0x00, 0xFA, 0xFF], .truncated),  // stored block of 5 with none of its bytes
        ([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5], .malformed),  // LEN and NLEN disagree
        ([0x03], .truncated),  // fixed block cut off before its end code
        ([0x05, 0xFF, 0xFF, 0xFF, 0xFF], .malformed),  // dynamic block declaring 32 distance codes
    ])
    func malformedStreamsAreRefused(stream: [UInt8], kind: InflateError.Kind) {
        do {
            let output = try Inflate.decode(stream, maxOutput: 1 << 20)
            Issue.record("decoded \(output.count) bytes from a bad stream")
        } catch {
            #expect(error.kind == kind, "\(error.message)")
        }
    }

    /// A match reaching before the start of the output (distance 1 with nothing written).
    @Test func aDistanceBeforeTheStartIsRefused() {
        var writer = ZipFixture.BitWriter()
        writer.write(1, bits: 1)
        writer.write(1, bits: 2)
        writer.writeCode(0xC0 + 5, length: 8)
        writer.writeCode(0, length: 5)
        writer.writeCode(0, length: 7)
        #expect { try Inflate.decode(writer.bytes, maxOutput: 1000) } throws: { error in
            (error as? InflateError)?.message.contains("reaches 1 bytes back with only 0 written") == true
        }
    }

    /// Seeded garbage: every stream ends in output or an error, within a bounded time.
    @Test func randomStreamsNeverCrashOrHang() {
        var state: UInt64 = 0x2026_1123
        var decodedSome = 0
        for round in 0..<3_000 {
            var bytes: [UInt8] = []
            for _ in 0..<(round % 200 + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 33))
            }
            if (try? Inflate.decode(bytes, maxOutput: 1 << 16)) != nil { decodedSome += 1 }
        }
        #expect(decodedSome < 3_000)
    }
}
