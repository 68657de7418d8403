@testable import AttendCore
import Foundation
import Testing

/// A probe's cause is stored as a code with its data and read in the report's language: the
/// Vietnamese report never shows the probe's English, the English one never its Vietnamese.
@Suite struct ProbeCauseTests {
    static let causes: [ProbeCause] = [
        .noAnswer(times: 3, failure: .refused), .noAnswer(times: 4, failure: .noConnection(milliseconds: 1000)),
        .noAnswer(times: 3, failure: .noAnswer(milliseconds: 800)), .noAnswer(times: 3, failure: .unreachable),
        .noAnswer(times: 3, failure: .reset), .noAnswer(times: 3, failure: .timedOut), .noAnswer(times: 3, failure: .emptyAnswer),
        .noAnswer(times: 3, failure: .badAddress), .noAnswer(times: 3, failure: .system(call: "recv", errno: 5)),
        .noAnswer(times: 3, failure: nil), .slow(thresholdMilliseconds: 300, times: 5, lastMilliseconds: 450),
        .slow(thresholdMilliseconds: 12.5, times: 5, lastMilliseconds: nil), .loss(percent: 40, checks: 20),
        .loss(percent: 12.5, checks: 8),
    ]

    @Test func everyCauseReadsBackFromItsNote() {
        for cause in Self.causes {
            #expect(cause.note.hasPrefix("probe:"), "\(cause.note)")
            #expect(ProbeCause(note: cause.note) == cause, "\(cause.note)")
        }
        #expect(ProbeCause.noAnswer(times: 3, failure: .refused).note == "probe:no_answer times=3 failure=refused")
    }

    @Test func theCauseIsWrittenInTheReadersLanguage() {
        let down = ProbeCause.noAnswer(times: 3, failure: .refused)
        #expect(down.text(.vietnamese) == "không trả lời 3 lần liên tiếp (bị từ chối kết nối)")
        #expect(down.text(.english) == "no answer 3 times in a row (connection refused)")
        let slow = ProbeCause.slow(thresholdMilliseconds: 300, times: 5, lastMilliseconds: 1450)
        #expect(slow.text(.vietnamese) == "thời gian phản hồi trên 300 ms 5 lần liên tiếp, lần cuối 1.450 ms")
        #expect(slow.text(.english) == "round trip over 300 ms 5 times in a row, last 1,450 ms")
        #expect(ProbeCause.loss(percent: 12.5, checks: 20).text(.vietnamese) == "mất 12,5% trong 20 lần kiểm tra gần nhất")
        #expect(ProbeCause.loss(percent: 12.5, checks: 20).text(.english) == "12.5% of the last 20 checks lost")
        // No English word of the probe's in any Vietnamese text.
        let english = ["no ", "answer", "refused", "round trip", "times", "lost", "connection", "error", "within"]
        for cause in Self.causes {
            let text = cause.text(.vietnamese)
            for word in english { #expect(!text.contains(word), "\(text) has \(word)") }
        }
    }

    @Test func anOperatorsNoteIsShownAsWritten() {
        #expect(ProbeCause.readable("Mất điện khu vực", .english) == "Mất điện khu vực")
        #expect(ProbeCause.readable("probe:unknown x=1", .vietnamese) == "probe:unknown x=1")
        #expect(ProbeCause.readable("probe:no_answer times=x", .vietnamese) == "probe:no_answer times=x")
        #expect(ProbeCause.readable("probe:no_answer times=3", .vietnamese) == "không trả lời 3 lần liên tiếp")
    }

    @Test func errnoIsNamedWhenCommon() {
        #expect(ProbeFailure(call: "connect", errno: ECONNREFUSED) == .refused)
        #expect(ProbeFailure(call: "connect", errno: EHOSTUNREACH) == .unreachable)
        #expect(ProbeFailure(call: "recv", errno: ECONNRESET) == .reset)
        #expect(ProbeFailure(call: "connect", errno: ETIMEDOUT) == .timedOut)
        #expect(ProbeFailure(call: "recv", errno: EIO) == .system(call: "recv", errno: EIO))
        #expect(ProbeFailure.refused.text(.vietnamese) == "bị từ chối kết nối")
    }

    /// The report of a conference with a probe's line down: its note in Vietnamese in the
    /// Vietnamese report (text and HTML), in English in the English one.
    @Test func theReportsRenderTheProbesNoteInTheirLanguage() {
        let plan = ConferencePlan(
            id: "HN", title: "Hội nghị", date: "2026-11-23",
            parts: try! ConferencePlan.parseParts("Sáng 08:00-10:00", date: "2026-11-23"), graceMinutes: 10)
        let at = { (time: String) in ConferencePlan.localTime("2026-11-23", time)! }
        let down = Incident(id: 1, kind: .lineDown, source: .probe, sourceName: "tinh", start: at("09:00"), end: at("09:10"),
                            note: ProbeCause.noAnswer(times: 3, failure: .refused).note, closedByConferenceEnd: false)
        let tally = TallyComputation.tally(
            plan: plan, invited: [Delegate(id: "P1", fullName: "Người 1", category: .partyMember)], excuses: [:],
            events: [AttendanceEvent(delegate: "P1", direction: .checkIn, at: at("07:55"))], incidents: [down])
        // The text report wraps the note in its column, beside the kind's own wrapped words.
        func folded(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        let html = tally.htmlReport(generatedAt: at("10:30"))
        #expect(html.contains("không trả lời 3 lần liên tiếp (bị từ chối kết nối)"))
        let text = folded(tally.textReport())
        #expect(text.contains("tinh: không trả") && text.contains("lời 3 lần liên tiếp (bị từ chối kết nối)"))
        for report in [html, text] {
            #expect(!report.contains("in a row"))
            #expect(!report.contains("refused"))
            #expect(!report.contains("probe:"))
        }
        #expect(folded(tally.textReport(language: .english)).contains("no answer 3 times in a row (connection refused)"))
    }
}
