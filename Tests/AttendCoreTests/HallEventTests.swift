@testable import AttendCore
import Foundation
import Testing

/// The events spool's rule (`HallEvent`, `EventSpoolRule`): one file per kind, conference and
/// hall (a repeat replaces it), a bound that drops rather than waits, and an environment file
/// no value can break out of.
@Suite struct HallEventTests {
    static let at = Timestamp(rfc3339: "2026-12-05T09:05:00Z")!

    @Test func anEventIsOneFileOfVariablesSystemdReads() {
        let event = HallEvent(kind: .reportArrived, conference: "HN-12", hall: "xa-a", hallName: "Hội trường Huyện ủy", detail: "1", at: Self.at)
        #expect(event.fileName == "report_arrived-HN-12-xa-a.event")
        #expect(event.environmentFile() == """
            ATTEND_EVENT="report_arrived"
            ATTEND_CONFERENCE="HN-12"
            ATTEND_HALL="xa-a"
            ATTEND_HALL_NAME="Hội trường Huyện ủy"
            ATTEND_DETAIL="1"
            ATTEND_AT="2026-12-05T09:05:00.000Z"
            ATTEND_AT_LOCAL="2026-12-05T16:05:00.000+07:00"
            ATTEND_TEXT="Hội trường Huyện ủy đã gửi báo cáo hội nghị HN-12 (lần 1) lúc 16:05."

            """)
        #expect(HallEvent.Kind.allCases.map(\.rawValue) == ["report_arrived", "hall_missing", "below_target", "incident_opened", "hall_silent"])
    }

    @Test func noValueAddsAVariableOrLeavesTheSpool() {
        let forged = HallEvent(
            kind: .incidentOpened, conference: "../../etc", hall: "a\"\nATTEND_EVENT=x $(rm -rf /) \\", detail: "audio_lost", at: Self.at)
        #expect(!forged.fileName.contains("/") && !forged.fileName.hasPrefix("."))
        let lines = forged.environmentFile().split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines.filter { $0.hasPrefix("ATTEND_EVENT=") } == ["ATTEND_EVENT=\"incident_opened\""])
        #expect(lines[2] == #"ATTEND_HALL="a\" ATTEND_EVENT=x \$(rm -rf /) \\""#)
    }

    @Test func aFullSpoolDropsNewEventsButCoalescesRepeats() {
        let waiting: Set = ["a.event", "b.event"]
        #expect(EventSpoolRule.admit("c.event", waiting: waiting, limit: 3) == .add)
        #expect(EventSpoolRule.admit("c.event", waiting: waiting, limit: 2) == .dropFull)
        #expect(EventSpoolRule.admit("a.event", waiting: waiting, limit: 2) == .replace)
        #expect(EventSpoolRule.admit("a.event", waiting: [], limit: 0) == .dropFull)
    }
}
