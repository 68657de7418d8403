@testable import AttendCore
import Foundation
import Testing

/// Every line the terminal session says to the operator (its `message`) after a key or a reply:
/// mode changes, excuses, incidents, searches, list numbers, undo and void, queued scans. The
/// session is driven step by step as an operator and attendd would; each step's message and
/// actions are compared byte for byte with `Tests/Golden/terminal-messages.txt` (recorded again
/// with `ATTEND_GOLDEN_RECORD=1`).
@Suite struct TerminalMessageGoldenTests {
    static let at = Timestamp(rfc3339: "2026-11-23T07:45:00+07:00")!

    /// What happens to the session in one step.
    enum Step: Sendable {
        case keys([TerminalKey])
        case type(String)
        case scanned(Int64, String)
        case restored([Int64])
        case answered(Int64, String)
        case found(String, Reply)
        case incident(start: Bool, IncidentKind, String)
        case excuse(String, reason: String, String)
        case unqueued(Int64, removed: Bool)
        case voidAnswered(Int64, String)
    }

    static func entry(_ sequence: Int64, _ id: String) -> OfflineQueue.Entry {
        OfflineQueue.Entry(sequence: sequence, direction: .checkIn, delegate: id, method: .card, at: at, conference: "HN-11")
    }

    static func matches(_ count: Int) -> [UInt8] {
        Array((1...count).map { "A\($0)\tNguyễn Văn An \($0)\tChi bộ \($0)\n" }.joined().utf8)
    }

    /// The operator's and attendd's script: each named step reaches one of the session's messages.
    static let script: [(String, Step)] = [
        ("F9 to out", .keys([.function(9)])),
        ("F9 back in", .keys([.function(9)])),
        ("F8 with nothing scanned", .keys([.function(8)])),
        ("F1 sound lost", .keys([.function(1)])),
        ("F2 sound back", .keys([.function(2)])),
        ("F3 picture lost", .keys([.function(3)])),
        ("F4 picture back", .keys([.function(4)])),
        ("F5 line down", .keys([.function(5)])),
        ("F6 line back", .keys([.function(6)])),
        ("incident refused", .incident(start: true, .audioLost, "ERR not_authorised msg=\"terminal t has no key\"")),
        ("incident started", .incident(start: true, .videoLost, "OK incident=3 kind=video_lost started_at=2026-11-23T07:46:12+07:00 new=1")),
        ("incident already open", .incident(start: true, .lineDown, "OK incident=3 kind=line_down started_at=2026-11-23T07:46:12+07:00 new=0")),
        ("incident ended", .incident(start: false, .audioLost, "OK incident=3 kind=audio_lost ended=1")),
        ("incident none open", .incident(start: false, .power, "OK kind=power ended=0")),
        ("incident degraded started", .incident(start: true, .degraded, "OK incident=4 kind=degraded started_at=2026-11-23T08:01:00+07:00 new=1")),
        ("F10 excuse", .keys([.function(10)])),
        ("excuse bad id", .type("a b")),
        ("excuse id", .type("DV-3")),
        ("excuse reason", .type("ốm")),
        ("excuse recorded", .excuse("DV-3", reason: "ốm", "OK conf=HN-11 id=DV-3 excused=1")),
        ("excuse withdrawn", .excuse("DV-3", reason: "", "OK conf=HN-11 id=DV-3 excused=0")),
        ("excuse refused", .excuse("DV-3", reason: "ốm", "ERR no_conference msg=\"no conference is open\"")),
        ("F10 then empty id", .keys([.function(10), .enter])),
        ("search", .type("Nguyễn  Văn")),
        ("search refused", .found("nguyen van", try! Reply.decode("ERR busy msg=\"too many queries waiting from this address\""))),
        ("search none", .found("nguyen van", Reply.ok([.init("conf", "HN-11"), .init("matches", "0")], payload: []))),
        ("search some", .found("nguyen van", Reply.ok([.init("conf", "HN-11"), .init("matches", "3")], payload: matches(3)))),
        ("search more than shown", .found("nguyen", Reply.ok([.init("conf", "HN-11"), .init("matches", "40")], payload: matches(20)))),
        ("pick 2", .type("2")),
        ("list number", .type("12")),
        ("list number again", .type("12")),
        ("bad forced id", .type("#\"x")),
        ("forced name, empty", .type("?")),
        ("restored queue", .restored([1, 2])),
        ("older queued scan sent", .answered(1, "OK seq=1 event=15 conf=HN-11 id=Q-1 invited=1 first=1 name=\"Lê Văn Bình\"")),
        ("scan", .scanned(3, "DV-0042")),
        ("F8 on a pending scan", .keys([.function(8)])),
        ("undo reason is a card", .type("DV-0099")),
        ("F8 again, reason", .keys([.function(8)])),
        ("reason given", .type("nhầm người")),
        ("sent meanwhile", .unqueued(3, removed: false)),
        ("F8 again, empty reason", .keys([.function(8), .enter])),
        ("taken off the queue", .unqueued(3, removed: true)),
        ("scan 4", .scanned(4, "DV-0050")),
        ("answered without event", .answered(4, "OK seq=4 conf=HN-11 id=DV-0050 invited=1 first=1")),
        ("F8 without event", .keys([.function(8), .enter])),
        ("scan 5", .scanned(5, "DV-0051")),
        ("answered with event", .answered(5, "OK seq=5 event=17 conf=HN-11 id=DV-0051 invited=1 first=1")),
        ("F8 with event", .keys([.function(8), .enter])),
        ("void refused, too late", .voidAnswered(5, "ERR invalid msg=\"too late\"")),
        ("void refused, busy", .voidAnswered(5, "ERR busy msg=\"try later\"")),
        ("F8 asks again", .keys([.function(8)])),
        ("voided meanwhile", .voidAnswered(5, "OK event=17 new=1")),
        ("reason for a voided scan", .type("x")),
    ]

    static func apply(_ step: Step, to session: inout TerminalSession) throws -> [TerminalAction] {
        switch step {
        case .keys(let keys):
            return keys.flatMap { session.handle($0) }
        case .type(let text):
            return text.flatMap { session.handle(.text(String($0))) } + session.handle(.enter)
        case .scanned(let sequence, let id):
            session.scanned(entry(sequence, id), name: nil)
        case .restored(let sequences):
            session.restored(sequences.map { entry($0, "Q-\($0)") })
        case .answered(let sequence, let reply):
            session.answered(sequence: sequence, direction: .checkIn, reply: try Reply.decode(reply))
        case .found(let query, let reply):
            session.found(query: query, reply: reply)
        case .incident(let start, let kind, let reply):
            session.incidentAnswered(start: start, kind: kind, reply: try Reply.decode(reply))
        case .excuse(let delegate, let reason, let reply):
            session.excuseAnswered(delegate: delegate, reason: reason, reply: try Reply.decode(reply))
        case .unqueued(let sequence, let removed):
            session.unqueued(sequence: sequence, removed: removed)
        case .voidAnswered(let sequence, let reply):
            session.voidAnswered(sequence: sequence, reply: try Reply.decode(reply))
        }
        return []
    }

    static func rendering(canExcuse: Bool) throws -> String {
        var session = TerminalSession(terminal: "hall-1", canExcuse: canExcuse)
        session.link = .online
        session.figures = .init(conference: "HN-11", title: "Hội nghị quán triệt", invited: 324, arrived: 12, walkIns: 2)
        var text = "=== canExcuse \(canExcuse)\n"
        for (name, step) in script {
            let actions = try apply(step, to: &session)
            text += "\(name)|\(session.message)|\(actions)\n"
        }
        return text
    }

    @Test func everyMessageIsByteIdenticalToItsGolden() throws {
        let url = ReportGoldenTests.directory.appendingPathComponent("terminal-messages.txt")
        let bytes = Array((try Self.rendering(canExcuse: true) + Self.rendering(canExcuse: false)).utf8)
        if ProcessInfo.processInfo.environment["ATTEND_GOLDEN_RECORD"] == "1" {
            try Data(bytes).write(to: url)
            return
        }
        #expect(bytes == (try [UInt8](Data(contentsOf: url))), "terminal-messages.txt differs")
    }
}
