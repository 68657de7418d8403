import Testing

@testable import AttendCore

/// Who has not reported a conference to the hub, with a fake `now`, around midnight in Vietnam too.
@Suite struct MissingReportRuleTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    static let bridges = [
        BridgeKey(id: "xa-a", key: [], name: "UBND xã A"), BridgeKey(id: "xa-c", key: [], name: "UBND xã C"),
        BridgeKey(id: "xa-b", key: [], name: "UBND xã B"),
    ]
    /// The first closed tally of HN came at 23:30 local time from xa-a.
    static let received: [MissingReportRule.Received] = [(conference: "HN", first: time("2026-11-23T23:30:00+07:00"), bridges: ["xa-a"])]

    func missing(at now: String, delay: Int = 60, received: [MissingReportRule.Received] = received) -> [StatusSnapshot.MissingReports] {
        MissingReportRule.missing(received, bridges: Self.bridges, delayMinutes: delay, at: Self.time(now))
    }

    @Test func theOthersAreMissingOnceTheDelayPassedAfterTheFirstTally() {
        #expect(missing(at: "2026-11-24T00:29:59+07:00").isEmpty)
        // Past midnight, an hour after the first tally: missing, by name, sorted.
        #expect(missing(at: "2026-11-24T00:30:00+07:00") == [.init(conference: "HN", reported: 1, missing: ["UBND xã B", "UBND xã C"])])
        #expect(missing(at: "2026-11-23T23:30:00+07:00", delay: 0).count == 1)
    }

    @Test func aConferenceEveryoneReportedIsNotListed() {
        let all: [MissingReportRule.Received] = [
            (conference: "HN", first: Self.time("2026-11-23T10:00:00+07:00"), bridges: ["xa-a", "xa-b", "xa-c"]),
            (conference: "ND", first: Self.time("2026-11-23T11:00:00+07:00"), bridges: ["xa-b"]),
        ]
        #expect(missing(at: "2026-11-23T23:58:00+07:00", received: all) == [.init(conference: "ND", reported: 1, missing: ["UBND xã A", "UBND xã C"])])
    }

    @Test func conferencesOfTheLastSevenDaysAreWatched() {
        #expect(MissingReportRule.watchedSince(Self.time("2026-11-24T00:00:00+07:00")) == Self.time("2026-11-17T00:00:00+07:00"))
    }
}
