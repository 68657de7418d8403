@testable import AttendCore
import Foundation
import Testing

/// Every report in every language and form, from one rich sample, compared byte for byte with
/// the renderings kept in `Tests/Golden`. The catalog and the row models rearrange how reports
/// are built, never what they say: a change here is a change users see, made on purpose.
///
/// To record the renderings again after a deliberate change, run with `ATTEND_GOLDEN_RECORD=1`
/// and review the diff of `Tests/Golden` before committing it.
@Suite struct ReportGoldenTests {
    /// `Tests/Golden`, found from this file so the test runs from any directory.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Golden")

    /// The rendering tests' conference with the incident tests' incidents on it (same day, same parts).
    static func richTally() -> Tally {
        var tally = TallyRenderingTests.tally()
        tally.incidents = IncidentSummaryTests.tally().incidents
        return tally
    }

    static let voids = [
        VoidedEvent(event: 7, delegate: "DV004", direction: .checkIn, at: ConferencePlan.localTime("2026-11-23", "07:40")!.vietnam,
                    voidedAt: ConferencePlan.localTime("2026-11-23", "07:45")!.vietnam, by: "control", byControl: true,
                    reason: "quét nhầm thẻ"),
        VoidedEvent(event: 9, delegate: "DV001", direction: .checkOut, at: ConferencePlan.localTime("2026-11-23", "10:00")!.vietnam,
                    voidedAt: ConferencePlan.localTime("2026-11-24", "08:00")!.vietnam, by: "hall-2", byControl: false,
                    reason: "ra ngoài nghe điện thoại"),
    ]

    static let lineTests = [
        LineTestResult(
            target: "hub.huyen", startedAt: ConferencePlan.localTime("2026-11-22", "15:00")!.vietnam, seconds: 600, sent: 600,
            lost: 3, lossPercent: 0.5, rttP50Ms: 21.5, rttP95Ms: 48.2, rttMaxMs: 90, longestOutageSeconds: 2, passed: true,
            verdict: "ok"),
        LineTestResult(
            target: "video.tinh", startedAt: ConferencePlan.localTime("2026-11-23", "07:00")!.vietnam, seconds: 600, sent: 600,
            lost: 60, lossPercent: 10, rttP50Ms: 80, rttP95Ms: nil, rttMaxMs: nil, longestOutageSeconds: 42.5, passed: false,
            verdict: "lost"),
    ]

    /// A district where one bridge point reported (its line test failed), one sent only its
    /// day-before figures (its line test passed), and one was never heard from.
    static func announcedRollup() -> DistrictRollup {
        var reported = TallyRenderingTests.tally()
        reported.report = 1
        reported.lineTests = [lineTests[1]]
        var early = PresenceChartTests.tally()
        early.final = false
        early.conference.expected = 50
        early.lineTests = [lineTests[0]]
        let bridges = [
            BridgeKey(id: "hu", key: [], name: "Hội trường Huyện ủy"), BridgeKey(id: "xa1", key: [], name: "Xã Bình Tường"),
            BridgeKey(id: "xa2", key: [], name: "Xã Tây Giang"),
        ]
        return DistrictRollup.compute(conference: "HN-2026-11", bridges: bridges, tallies: [("hu", 1, reported), ("xa1", 2, early)])
    }

    /// Each rendering by the name of its file in `Tests/Golden`.
    static func renderings() -> [(String, [UInt8])] {
        let made = HTMLReportTests.made
        let (rollup, sample) = HTMLReportTests.rollup()
        let tallies = [("rich", richTally()), ("plain", TallyRenderingTests.tally()), ("chart", PresenceChartTests.tally())]
        var out: [(String, [UInt8])] = []
        for (name, tally) in tallies {
            out.append(("tally-\(name).json", Array(tally.jsonData())))
        }
        for language in ReportLanguage.allCases {
            let tag = language.rawValue
            for (name, tally) in tallies {
                out.append(("tally-\(name).\(tag).txt", Array(tally.textReport(language: language).utf8)))
                out.append(("tally-\(name).\(tag).csv", tally.csv(language: language)))
                out.append(("tally-\(name).\(tag).html", Array(tally.htmlReport(
                    language: language, site: "Hội trường Huyện ủy Tây Sơn", generatedAt: made).utf8)))
            }
            let rich = richTally()
            out.append(("tally-rich-voids.\(tag).txt", Array(rich.textReport(language: language, voids: voids).utf8)))
            out.append(("tally-rich-voids.\(tag).html", Array(rich.htmlReport(
                language: language, site: nil, generatedAt: made, lineTests: lineTests, voids: voids).utf8)))
            out.append(("tally-rich-novoids.\(tag).txt", Array(rich.textReport(language: language, voids: []).utf8)))
            out.append(("tally-rich-novoids.\(tag).html", Array(rich.htmlReport(
                language: language, site: "", generatedAt: made, voids: []).utf8)))
            out.append(("rollup.\(tag).txt", Array(rollup.textReport(language: language).utf8)))
            out.append(("rollup.\(tag).csv", rollup.csv(language: language)))
            out.append(("rollup.\(tag).html", Array(rollup.htmlReport(
                conference: sample.conference, district: "Huyện ủy Tây Sơn", language: language, generatedAt: made).utf8)))
            let announced = announcedRollup()
            out.append(("rollup-announced.\(tag).txt", Array(announced.textReport(language: language).utf8)))
            out.append(("rollup-announced.\(tag).csv", announced.csv(language: language)))
            out.append(("rollup-announced.\(tag).html", Array(announced.htmlReport(
                conference: sample.conference, district: "Huyện ủy Tây Sơn", language: language, generatedAt: made).utf8)))
            out.append(("rollup-nameless.\(tag).html", Array(rollup.htmlReport(
                conference: nil, district: nil, language: language, generatedAt: made).utf8)))
        }
        out.append(("rollup.json", Array(rollup.jsonData())))
        return out
    }

    @Test func everyRenderingIsByteIdenticalToItsGolden() throws {
        let record = ProcessInfo.processInfo.environment["ATTEND_GOLDEN_RECORD"] == "1"
        for (name, bytes) in Self.renderings() {
            let url = Self.directory.appendingPathComponent(name)
            if record {
                try Data(bytes).write(to: url)
                continue
            }
            let golden = try [UInt8](Data(contentsOf: url))
            #expect(bytes == golden, "\(name) differs from Tests/Golden/\(name)")
        }
    }
}
