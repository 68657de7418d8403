@testable import AttendCore
import Foundation
import Testing

/// `[report]`: the printed report in the official layout (issuer lines top left winning over the
/// site name, `Số:` with the symbol, place and date top right, recipients bottom left, the
/// signature block bottom right), and its keys refused by line when malformed.
@Suite struct ReportHeadingTests {
    static let heading = ReportHeading(
        issuer: ["ĐẢNG BỘ TỈNH BÌNH ĐỊNH", "Huyện ủy Tây Sơn"], symbol: "-BC/HU", place: "Tây Sơn",
        signer: ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"], recipients: ["Ban Tuyên giáo Tỉnh ủy (để báo cáo);", "- Lưu Văn phòng Huyện ủy."])

    func parse(_ text: String) throws(ConfigErrors) -> Config { try ConfigParser.parse(text, file: "a.conf", environment: [:]) }

    func errors(_ text: String) -> [String] {
        do {
            _ = try parse(text)
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func theBridgePointsReportCarriesTheOfficialHeadingAndSignature() {
        let html = TallyRenderingTests.tally().htmlReport(
            site: "Hội trường Huyện ủy Tây Sơn", generatedAt: TallyRenderingTests.at("17:30"), heading: Self.heading)
        for text in [
            "<td class=\"issuer\"><div class=\"issuer-line\">ĐẢNG BỘ TỈNH BÌNH ĐỊNH</div><div class=\"issuer-line\">HUYỆN ỦY TÂY SƠN</div>"
                + "<div class=\"star\">*</div><div class=\"number\">Số: \u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}\u{00A0}-BC/HU</div></td>",
            "<div class=\"place-date\">Tây Sơn, ngày 23 tháng 11 năm 2026</div>",
            "<div>- Ban Tuyên giáo Tỉnh ủy (để báo cáo);</div><div>- Lưu Văn phòng Huyện ủy.</div></td>",
            "<td class=\"signer official\"><div>T/M BAN THƯỜNG VỤ</div><div>BÍ THƯ</div><div class=\"sign-space\"></div>"
                + "<div class=\"signer-name\">Nguyễn Văn A</div></td>",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        // The issuer wins over site_name in the masthead; the generic signer is gone.
        #expect(!html.contains("<div class=\"issuer-line\">HỘI TRƯỜNG HUYỆN ỦY TÂY SƠN</div>"))
        #expect(!html.contains("NGƯỜI LẬP BÁO CÁO"))
        // With a number, it is printed; without [report], the page is as before.
        var numbered = Self.heading
        numbered.number = "190"
        #expect(TallyRenderingTests.tally().htmlReport(generatedAt: TallyRenderingTests.at("17:30"), heading: numbered)
            .contains("<div class=\"number\">Số: 190-BC/HU</div>"))
        let plain = TallyRenderingTests.tally().htmlReport(site: "Hội trường", generatedAt: TallyRenderingTests.at("17:30"))
        #expect(plain.contains("<div class=\"place-date\">ngày 23 tháng 11 năm 2026</div>") && plain.contains("NGƯỜI LẬP BÁO CÁO"))
        #expect(!plain.contains("class=\"number\""))
    }

    @Test func theDistrictsReportCarriesItToo() {
        let rollup = DistrictRollup.compute(
            conference: "HN", bridges: [BridgeKey(id: "xa-a", key: [], name: "Xã A")],
            tallies: [(bridge: "xa-a", revision: 1, tally: TallyRenderingTests.tally())])
        let html = rollup.htmlReport(conference: TallyRenderingTests.tally().conference, district: "Huyện ủy Tây Sơn",
                                     generatedAt: TallyRenderingTests.at("18:00"), heading: Self.heading)
        #expect(html.contains("<div class=\"issuer-line\">ĐẢNG BỘ TỈNH BÌNH ĐỊNH</div>"))
        #expect(html.contains("<div class=\"signer-name\">Nguyễn Văn A</div>"))
    }

    @Test func reportAndDistrictTakeTheNumberOfThisReport() throws {
        #expect(try Request(LineDecoder.decode("REPORT conf=HN format=html number=190")!)
            == .query(.report(conference: "HN", format: .html, language: .vietnamese, number: "190")))
        #expect(try Request(LineDecoder.decode("DISTRICT conf=HN format=html number=7")!)
            == .query(.districtRollup(conference: "HN", format: .html, language: .vietnamese, number: "7")))
        #expect(try Request(LineDecoder.decode("REPORT conf=HN")!) == .query(.report(conference: "HN", format: .text, language: .vietnamese)))
        for bad in ["", "19a", "-1", "1234567890", "１９０"] {
            #expect(throws: ProtocolError.self, "number=\(bad)") { try Request(LineDecoder.decode("REPORT conf=HN number=\(bad)")!) }
        }
        #expect(Self.heading.numbered("190").numberLine == "Số: 190-BC/HU")
    }

    @Test func theSectionIsReadAndItsFaultsNamedByLine() throws {
        let config = try parse("""
            [report]
            issuer = ĐẢNG BỘ TỈNH BÌNH ĐỊNH |  HUYỆN ỦY TÂY SƠN
            symbol = -BC/HU
            place = Tây Sơn
            signer = T/M BAN THƯỜNG VỤ | BÍ THƯ | Nguyễn Văn A
            recipients = Ban Tuyên giáo Tỉnh ủy | Lưu Văn phòng Huyện ủy

            """)
        #expect(config.reportHeading == ReportHeading(
            issuer: ["ĐẢNG BỘ TỈNH BÌNH ĐỊNH", "HUYỆN ỦY TÂY SƠN"], symbol: "-BC/HU", place: "Tây Sơn",
            signer: ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"], recipients: ["Ban Tuyên giáo Tỉnh ủy", "Lưu Văn phòng Huyện ủy"]))
        #expect(try parse("").reportHeading == ReportHeading())
        #expect(errors("[report]\nissuer = A | B | C | D\n") == ["a.conf:2: [report] issuer has 4 lines (separated by |); the most is 3"])
        #expect(errors("[report]\n\nsigner = A || B\n") == ["a.conf:3: [report] signer line 2 (between two |) is empty"])
        #expect(errors("[report]\nrecipients = x | \(String(repeating: "é", count: 121))\n")
            == ["a.conf:2: [report] recipients line 2 is 121 characters long; the most is 120"])
        #expect(errors("[report]\nplace = Tây\u{7}Sơn\n") == ["a.conf:2: [report] place contains a control or format character, got \"Tây\u{7}Sơn\""])
        #expect(errors("[report]\nsymbol = a\nsymbol = b\n").count == 1)
        #expect(errors("[report]\nnumber = 190\n").count == 1)
        // A hand-decomposed name is stored NFC.
        #expect(try parse("[report]\nsigner = Nguye\u{0302}\u{0303}n\n").reportSigner == ["Nguyễn"])
    }
}
