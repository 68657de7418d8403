import Foundation
import Testing

@testable import AttendCore

@Suite struct TerminalTextTests {
    @Test func vietnameseTakesOneColumnACharacterComposedOrNot() {
        let nfc = "Nguyễn Văn Đạt"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > nfc.unicodeScalars.count)
        #expect(TerminalText.width(nfc) == 14)
        #expect(TerminalText.width(nfd) == 14)
        // A lone combining mark (no base letter) takes no column.
        #expect(TerminalText.width("\u{0301}") == 0)
        #expect(TerminalText.width("a\u{0323}\u{0302}") == 1)
    }

    @Test func wideAndControlCharacters() {
        #expect(TerminalText.width("越南") == 4)
        #expect(TerminalText.width("\u{1B}") == 0)
        #expect(TerminalText.width("ĐÚNG GIỜ") == 8)
    }

    @Test func padAndTruncateCountColumnsNotBytes() {
        let padded = TerminalText.pad("Trần Thị Bình", to: 20)
        #expect(TerminalText.width(padded) == 20)
        #expect(padded.hasPrefix("Trần Thị Bình "))
        let cut = TerminalText.truncate("Nguyễn Thị Minh Khai Phường 3", to: 10)
        #expect(cut == "Nguyễn Th…")
        #expect(TerminalText.width(cut) == 10)
        // Decomposed input comes out composed.
        let fromNFD = TerminalText.pad("Nguyễn".decomposedStringWithCanonicalMapping, to: 8)
        #expect(Array(fromNFD.unicodeScalars) == Array("Nguyễn  ".unicodeScalars))
        #expect(TerminalText.truncate("越南越南", to: 4) == "越…")
    }

    @Test func centreSpreadAndSpaced() {
        #expect(TerminalText.centre("AB", in: 6) == "  AB  ")
        #expect(TerminalText.spread("trái", "phải", in: 12) == "trái    phải")
        #expect(TerminalText.width(TerminalText.spread(String(repeating: "x", count: 50), "phải", in: 20)) == 20)
        #expect(TerminalText.spaced("đúng giờ", fitting: 40) == "Đ Ú N G   G I Ờ")
        #expect(TerminalText.spaced("đúng giờ", fitting: 10) == "ĐÚNG GIỜ")
    }
}
