@testable import AttendCore
import Foundation
import Testing

/// The terminal's screen in every state its words depend on (link, mode, prompt, banner, list,
/// offline message, narrow and wide key lines) and every scan outcome and refusal, compared byte
/// for byte with `Tests/Golden/terminal-screens.txt`. Recorded again with `ATTEND_GOLDEN_RECORD=1`.
@Suite struct TerminalGoldenTests {
    static let at = Timestamp(rfc3339: "2026-11-23T07:45:00+07:00")!

    static func recent(_ sequence: Int64, _ id: String, _ name: String?, _ outcome: ScanOutcome,
                       direction: Direction = .checkIn, voided: Bool = false) -> TerminalSession.Recent {
        TerminalSession.Recent(sequence: sequence, at: at, direction: direction, id: id, name: name, outcome: outcome, voided: voided)
    }

    static let outcomes: [ScanOutcome] = [
        .onTime, .late(minutes: 12, part: "Sáng"), .late(minutes: 3, part: ""), .repeated, .walkIn, .checkedOut, .pending,
        .refused(code: "no_conference", message: ""), .refused(code: "busy", message: "try later"),
    ]

    /// Named sessions, each a state the screen words differently.
    static func sessions() -> [(String, TerminalSession)] {
        var out: [(String, TerminalSession)] = []
        var base = TerminalSession(terminal: "hall-1", canExcuse: true)
        out.append(("connecting, no conference", base))
        base.link = .online
        base.figures = .init(conference: "HN-11", title: "Hội nghị quán triệt", invited: 324, arrived: 12, walkIns: 2)
        out.append(("online, idle", base))
        var untitled = base
        untitled.figures = .init(conference: "HN-11", title: "", invited: nil, arrived: nil, walkIns: 0)
        out.append(("online, untitled, unknown counts", untitled))
        var out_ = base
        out_.direction = .checkOut
        out.append(("mode out, idle", out_))
        for (index, outcome) in outcomes.enumerated() {
            var session = base
            let scan = recent(Int64(index + 1), "DV-0042", "Nguyễn Văn Đạt", outcome)
            session.banner = scan
            session.recent = [scan, recent(90, "X-1", nil, .walkIn, direction: .checkOut), recent(91, "DV-7", "Lê Thị Hà", .onTime, voided: true)]
            out.append(("banner \(index)", session))
        }
        var voided = base
        voided.banner = recent(5, "DV-0042", "Nguyễn Văn Đạt", .onTime, voided: true)
        out.append(("banner voided", voided))
        var offline = base
        offline.link = .offline("bị từ chối kết nối")
        offline.pendingCount = 3
        out.append(("offline, pending", offline))
        var matches = base
        matches.matches = (1...30).map { .init(id: "A\($0)", name: "Nguyễn Văn An \($0)", unit: "Chi bộ \($0)") }
        out.append(("many matches", matches))
        for (name, prompt) in [("excuse id", TerminalSession.Prompt.excuseID), ("excuse reason", .excuseReason(id: "DV-3")),
                               ("confirm", .confirmNumber(id: "12345")), ("undo", .undoReason(sequence: 4))] {
            var session = base
            session.prompt = prompt
            session.input = "abc"
            out.append(("prompt \(name)", session))
        }
        return out
    }

    static func rendering() -> String {
        var text = ""
        for (name, session) in sessions() {
            for (width, height) in [(80, 24), (141, 30)] {
                text += "=== \(name) \(width)x\(height) cursor \(TerminalScreen.cursorColumn(session, width: width))\n"
                for line in TerminalScreen.render(session, width: width, height: height) { text += "\(line.tone)|\(line.text)|\n" }
            }
        }
        text += "=== outcomes\n"
        for outcome in outcomes { text += "\(outcome.headline)|\(outcome.short)|\(outcome.tone)\n" }
        text += "=== refusals\n"
        for code in ErrorCode.allCases.map(\.rawValue) + ["strange"] { text += "\(code)|\(ScanOutcome.refusal(code))\n" }
        return text
    }

    @Test func everyScreenIsByteIdenticalToItsGolden() throws {
        let url = ReportGoldenTests.directory.appendingPathComponent("terminal-screens.txt")
        let bytes = Array(Self.rendering().utf8)
        if ProcessInfo.processInfo.environment["ATTEND_GOLDEN_RECORD"] == "1" {
            try Data(bytes).write(to: url)
            return
        }
        #expect(bytes == (try [UInt8](Data(contentsOf: url))), "terminal-screens.txt differs")
    }
}
