import AttendCore
import Foundation
import Testing

/// The zip reader against archives that lie in one way each: every one refused with a message
/// naming the entry and the problem, and cheaply (before inflating, where the lie is in a header).
struct ZipArchiveTests {
    private func message(_ bytes: [UInt8], read name: String = "a.xml", limits: ZipArchive.Limits = .init()) -> String? {
        do {
            var zip = try ZipArchive(bytes, limits: limits)
            _ = try zip.read(name)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func storedAndDeflatedEntriesRead() throws {
        let text = Array(String(repeating: "Nguyễn Văn An;", count: 5_000).utf8)
        var zip = try ZipArchive(ZipFixture.zip([.init("a.xml", text, method: 0), .init("b.xml", text, method: 8)]))
        #expect(zip.entries.map(\.name) == ["a.xml", "b.xml"])
        #expect(try zip.read("a.xml") == text)
        #expect(try zip.read("b.xml") == text)
        #expect(try zip.read("missing.xml") == nil)
        #expect(zip.inflatedBudget == (64 << 20) - 2 * text.count)
    }

    /// 100,000 matches of 258 bytes: 25.8 MB inflated from 163 KB. With an honest header it is
    /// refused by the ratio before any inflating; claiming a small size, by the inflater at that size.
    @Test func aZipBombIsRefused() {
        let bomb = ZipFixture.bombDeflate(matches: 100_000)
        let honest = ZipFixture.zip([.init("a.xml", [], compressed: bomb, claimedSize: 1 + 100_000 * 258)])
        #expect(message(honest)?.contains("more than 100 to 1: refused as a zip bomb") == true)
        let lying = ZipFixture.zip([.init("a.xml", [], compressed: bomb, claimedSize: 1_000)])
        #expect(message(lying) == "a.xml holds more than the 1000 bytes its header claims: refused")
        let huge = ZipFixture.zip([.init("a.xml", [], compressed: bomb, claimedSize: 80 << 20)])
        #expect(message(huge)?.contains("passes the limit of 67108864 bytes (64 MiB)") == true)
    }

    @Test func anEntryHoldingLessThanItClaimsIsRefused() {
        let short = ZipFixture.zip([.init("a.xml", Array("abc".utf8), claimedSize: 10)])
        #expect(message(short) == "a.xml holds 3 bytes but its header claims 10: refused")
    }

    @Test func aWrongCRCIsRefused() {
        let bad = ZipFixture.zip([.init("a.xml", Array("abc".utf8), claimedCRC: 0x1234_5678)])
        #expect(message(bad)?.contains("fails its CRC-32 check") == true)
    }

    @Test func aBrokenCentralDirectoryIsRefused() {
        var bytes = ZipFixture.zip([.init("a.xml", "hello")])
        let central = bytes.count - 22 - (46 + 5)
        bytes[central] = 0  // the signature of the only central record
        #expect(message(bytes)?.contains("central directory is broken at entry 1 of 1") == true)

        var cut = ZipFixture.zip([.init("a.xml", "hello")])
        cut.removeLast(30)
        #expect(message(cut)?.contains("without its end record") == true)
        #expect(message(Array("Mã;Họ và tên\n".utf8))?.contains("not a zip file") == true)
    }

    @Test func aLocalHeaderThatContradictsTheDirectoryIsRefused() {
        let renamed = ZipFixture.zip([.init("a.xml", Array("hello".utf8), localName: "b.xml")])
        #expect(message(renamed)?.contains("contradicts the central directory") == true)
    }

    @Test func encryptionZip64AndOtherMethodsAreRefused() {
        let encrypted = ZipFixture.zip([.init("a.xml", Array("hello".utf8), flags: 1)])
        #expect(message(encrypted) == "a.xml is encrypted: save the workbook without a password")
        let bzip2 = ZipFixture.zip([.init("a.xml", Array("hello".utf8), method: 12, compressed: Array("hello".utf8))])
        #expect(message(bzip2)?.contains("method 12") == true)
        var zip64 = ZipFixture.zip([.init("a.xml", "hello")])
        for index in (zip64.count - 6)..<(zip64.count - 2) { zip64[index] = 0xFF }  // directory offset 0xFFFFFFFF
        #expect(message(zip64)?.contains("zip64") == true)
        #expect(message([0xD0, 0xCF, 0x11, 0xE0] + [UInt8](repeating: 0, count: 100))?.contains("password-protected") == true)
    }

    @Test func twoEntriesOfOneNameAreRefused() {
        let twice = ZipFixture.zip([.init("a.xml", "one"), .init("a.xml", "two")])
        #expect(message(twice)?.contains("two entries named a.xml") == true)
    }

    /// Seeded corruption of a real archive: every byte flip ends in contents or an error.
    @Test func flippedBytesNeverCrash() {
        let good = ZipFixture.zip([.init("a.xml", String(repeating: "<row/>", count: 100)), .init("b.xml", "x")])
        var state: UInt64 = 99
        for _ in 0..<2_000 {
            var bytes = good
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[Int(state >> 33) % bytes.count] ^= UInt8(truncatingIfNeeded: state >> 20) | 1
            }
            _ = message(bytes)
        }
    }
}
