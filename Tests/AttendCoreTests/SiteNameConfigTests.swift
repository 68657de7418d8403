import Foundation
import AttendCore
import Testing

/// `[daemon] site_name` (the name printed reports carry) and the `format=html` field of REPORT
/// and DISTRICT.
@Suite struct SiteNameConfigTests {
    func parse(_ text: String) throws(ConfigErrors) -> Config { try ConfigParser.parse(text, file: "a.conf", environment: [:]) }

    func errors(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func aSiteNameIsReadInNFCAndEmptyByDefault() throws {
        #expect(try parse("").siteName == "")
        let decomposed = "Hội trường Huye\u{0302}\u{0323}n ủy"
        let config = try parse("[daemon]\nsite_name = \"\(decomposed)\"  # the hall\n")
        #expect(config.siteName == "Hội trường Huyện ủy")
        #expect(config.siteName.unicodeScalars.count == "Hội trường Huyện ủy".precomposedStringWithCanonicalMapping.unicodeScalars.count)
    }

    @Test func aSiteNameTooLongOrWithControlCharactersIsRefusedByLine() {
        #expect(errors("[daemon]\nsite_name = \(String(repeating: "x", count: 121))\n")
            == ["a.conf:2: [daemon] site_name is 121 characters long; the most is 120"])
        #expect(errors("[daemon]\n\nsite_name = Xã\u{7}A\n") == ["a.conf:3: [daemon] site_name contains a control or format character, got \"Xã\u{7}A\""])
        #expect(errors("[daemon]\nsite_name = A\nsite_name = B\n") == ["a.conf:3: [daemon] site_name is set twice; it was first set on line 2"])
    }

    @Test func reportsAndTheDistrictTakeFormatHTML() throws {
        let report = try Request(LineDecoder.decode("REPORT conf=HN format=html lang=en")!)
        #expect(report == .query(.report(conference: "HN", format: .html, language: .english)))
        let district = try Request(LineDecoder.decode("DISTRICT conf=HN format=html")!)
        #expect(district == .query(.districtRollup(conference: "HN", format: .html, language: .vietnamese)))
        #expect(try Request(LineDecoder.decode("DISTRICT conf=HN")!) == .query(.districtRollup(conference: "HN", format: .text, language: .vietnamese)))
        #expect(throws: ProtocolError.self) { try Request(LineDecoder.decode("DISTRICT conf=HN format=pdf")!) }
        #expect(throws: ProtocolError.self) { try Request(LineDecoder.decode("DISTRICT conf=HN lang=fr")!) }
    }
}
