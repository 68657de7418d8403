import Testing

@testable import AttendCore

@Suite struct KeyDecoderTests {
    func keys(_ chunks: [[UInt8]]) -> [TerminalKey] {
        var decoder = KeyDecoder()
        return chunks.flatMap { decoder.feed($0) }
    }

    @Test func aScannerTypesTextAndEnter() {
        #expect(keys([Array("DV-0042\r".utf8)]) == [.text("DV-0042"), .enter])
        #expect(keys([Array("A1\r\n".utf8)]) == [.text("A1"), .enter, .enter])
    }

    @Test func utf8SplitAcrossReadsWaitsForItsEnd() {
        let bytes = Array("Văn".utf8)
        #expect(keys([Array(bytes[..<2]), Array(bytes[2...])]) == [.text("V"), .text("ăn")])
    }

    @Test(arguments: [
        ("\u{1B}OP", 1), ("\u{1B}OS", 4), ("\u{1B}[15~", 5), ("\u{1B}[17~", 6), ("\u{1B}[20~", 9), ("\u{1B}[21~", 10),
        ("\u{1B}[[A", 1), ("\u{1B}[[E", 5), ("\u{1B}[11~", 1),
    ])
    func functionKeys(sequence: String, number: Int) {
        #expect(keys([Array(sequence.utf8)]) == [.function(number)])
    }

    @Test func sequencesCutBetweenReadsAndOthers() {
        #expect(keys([Array("\u{1B}[2".utf8), Array("1~x".utf8)]) == [.function(10), .text("x")])
        #expect(keys([[0x1B]]) == [.escape])
        #expect(keys([Array("\u{1B}[A".utf8)]) == [])  // an arrow: ignored
        #expect(keys([[0x03, 0x7F, 0x08, 0x15]]) == [.control("c"), .backspace, .backspace, .control("u")])
        #expect(keys([[0xFF, 0x41]]) == [.text("A")])  // a stray byte is dropped
    }
}
