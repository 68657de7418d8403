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
        #expect(event.fileName == "report_arrived-HN-12+xa-a.event")
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

    /// Review of issue 18: the name is one per kind, conference and hall, whatever `-`, `+` or `%`
    /// the ids hold, so one hall's event never replaces another's.
    @Test func twoHallsOrConferencesNeverShareAFileName() {
        let pairs = [("a-b", "c"), ("a", "b-c"), ("a+b", "c"), ("a", "b+c"), ("a%2Bb", "c"), ("a-", "b"), ("a", "-b"), ("", "a-b"), ("a-b", "")]
        let names = pairs.map { HallEvent(kind: .hallMissing, conference: $0.0, hall: $0.1, at: Self.at).fileName }
        #expect(Set(names).count == pairs.count, "\(names)")
        #expect(names[0] == "hall_missing-a-b+c.event" && names[1] == "hall_missing-a+b-c.event")
    }

    /// A Vietnamese conference and hall id made a name systemd-escape refused as a unit
    /// (`attendd-event@….service` over 255 bytes) or over a file name's 255: the event was lost.
    /// Such a name is a digest now, still one per kind, conference and hall.
    @Test func longIdsStillMakeAUnitSystemdAccepts() {
        let conference = "Hội-nghị-quán-triệt-Nghị-quyết-Đại-hội-XIV"  // 58 bytes of UTF-8, within an id's 64
        let names = ["UBND-xã-Bình-Tường-Tây-Sơn", "UBND-xã-Bình-Thuận-Tây-Sơn"].map {
            HallEvent(kind: .incidentOpened, conference: conference, hall: $0, at: Self.at).fileName
        }
        #expect(names[0] != names[1] && names.allSatisfy { $0.hasPrefix("incident_opened-sha-") && $0.hasSuffix(".event") }, "\(names)")
        for name in names {
            #expect("attendd-event@.service".utf8.count + HallEvent.escapedLength(String(name.dropLast(6))) <= 255)
        }
        #expect(names[0] == HallEvent(kind: .incidentOpened, conference: conference, hall: "UBND-xã-Bình-Tường-Tây-Sơn", at: Self.at).fileName)
        // systemd-escape's own count (checked with it): report_arrived-H%C3%B4i+xa-a is
        // report_arrived\x2dH\x25C3\x25B4i\x2bxa\x2da, 44 bytes.
        #expect(HallEvent.escapedLength("report_arrived-H%C3%B4i+xa-a") == 43)
        // Short ids keep their readable names.
        #expect(HallEvent(kind: .hallMissing, conference: "HN-12", hall: "xa-a", at: Self.at).fileName == "hall_missing-HN-12+xa-a.event")
    }

    @Test func aFullSpoolDropsNewEventsButCoalescesRepeats() {
        let waiting: Set = ["a.event", "b.event"]
        #expect(EventSpoolRule.admit("c.event", waiting: waiting, limit: 3) == .add)
        #expect(EventSpoolRule.admit("c.event", waiting: waiting, limit: 2) == .dropFull)
        #expect(EventSpoolRule.admit("a.event", waiting: waiting, limit: 2) == .replace)
        #expect(EventSpoolRule.admit("a.event", waiting: [], limit: 0) == .dropFull)
    }
}
