import Foundation
import Testing

@testable import AttendCore

/// The verb table: one row per verb, agreeing with the README, each row's sender rule and
/// placement what the decoded request and the router carry out.
@Suite struct VerbTableTests {
    /// A valid line of every verb, to decode through its row.
    static let examples: [String: String] = [
        "PING": "PING", "CHECKIN": "CHECKIN id=1", "CHECKOUT": "CHECKOUT id=1", "OPEN": "OPEN conf=c", "CLOSE": "CLOSE",
        "RELOAD": "RELOAD", "DEFINE": "DEFINE conf=x", "INVITE": "INVITE bytes=1", "EXCUSE": "EXCUSE id=1", "REPORT": "REPORT",
        "FIND": "FIND q=an", "CONFERENCES": "CONFERENCES", "INCIDENT": "INCIDENT action=start kind=audio_lost term=t",
        "INCIDENTS": "INCIDENTS", "LINETEST": "LINETEST",
        "TALLY": "TALLY bridge=b conf=c rev=1 mac=\(String(repeating: "ab", count: 32)) bytes=10",
        "LIVE": "LIVE bridge=b conf=c nonce=1 mac=\(String(repeating: "ab", count: 32)) bytes=10",
        "OUTBOX": "OUTBOX", "DISTRICT": "DISTRICT conf=x", "HISTORY": "HISTORY id=1", "VOID": "VOID event=7 reason=x term=g1",
        "VOIDS": "VOIDS", "SUMMARY": "SUMMARY", "ROSTER": "ROSTER conf=x",
        "SHEET": "SHEET conf=c", "PAPER": "PAPER conf=c sheet=K7M2Q at=07:45 bytes=5",
        "PUBLISH": "PUBLISH conf=x", "PLANLIST": "PLANLIST conf=x bytes=1", "WITHDRAW": "WITHDRAW conf=x", "PLANS": "PLANS conf=x",
        "PLANPOLL": "PLANPOLL bridge=b nonce=1 clock=5 mac=\(String(repeating: "ab", count: 32))",
        "PLANACK": "PLANACK bridge=b nonce=2 conf=x rev=1 outcome=applied size=3 mac=\(String(repeating: "ab", count: 32))",
        "REFLECT": "REFLECT conf=x bytes=20",
        "YEAR": "YEAR from=2026-01-01 to=2026-12-31",
    ]

    /// The row of a line's verb, after checking the line decodes.
    private func verb(_ text: String) throws -> Verb {
        let line = try #require(try LineDecoder.decode(text))
        _ = try Request(line)
        return try VerbTable.verb(of: line)
    }

    @Test func adminVerbsAreTheControlSocketsAndTerminalVerbsAreNot() throws {
        for admin in [
            "OPEN conf=c", "CLOSE", "RELOAD", "DEFINE conf=x", "INVITE bytes=1", "EXCUSE id=1", "REPORT", "HISTORY id=1",
            "CONFERENCES", "INCIDENTS", "LINETEST", "OUTBOX", "DISTRICT conf=x", "ROSTER conf=x",
        ] {
            #expect(try verb(admin).isAdmin, "\(admin)")
        }
        #expect(try !verb("FIND q=an").isAdmin)
        #expect(try !verb("SUMMARY").isAdmin)
        #expect(try !verb("INCIDENT action=start kind=audio_lost term=t").isAdmin)
        #expect(try !verb("PING").isAdmin)
        #expect(try !verb("CHECKIN id=1").isAdmin)
        #expect(try !verb("CHECKOUT id=1").isAdmin)
    }

    @Test func namesAreUniqueAndUpperCase() {
        let names = VerbTable.verbs.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0 == $0.uppercased() && !$0.isEmpty })
    }

    /// Where the router sends a line from the control socket (a hub: TALLY is taken), as a placement.
    private func routedPlacement(_ text: String) -> VerbPlacement? {
        let control = RequestRouter.Context(isControl: true, allowedTerminals: nil)
        switch RequestRouter.route(text, context: control, now: Timestamp(milliseconds: 0)).0 {
        case .reply(let reply): return reply.isOK ? .loop : nil
        case .reload: return .loop
        case .store: return .writer
        case .query: return .reader
        case .awaitPayload(.write, _, _): return .payloadThenWriter
        case .awaitPayload(.tallyPush, _, _): return .tallyChecker
        case .awaitPayload(.livePush, _, _): return .tallyChecker
        case .lineTest: return .lineTester
        case .ignore: return nil
        }
    }

    /// Each row's placement is where the router really sends its line; every row has an example here.
    @Test func everyRowIsRoutedWhereItsRowSays() throws {
        #expect(Set(Self.examples.keys) == Set(VerbTable.verbs.map(\.name)))
        for row in VerbTable.verbs {
            let text = try #require(Self.examples[row.name])
            #expect(routedPlacement(text) == row.placement, "\(row.name)")
            #expect(try verb(text).name == row.name)
        }
    }

    @Test func placementPerVerb() throws {
        let expected: [String: VerbPlacement] = [
            "PING": .loop, "RELOAD": .loop, "CHECKIN": .writer, "CHECKOUT": .writer, "OPEN": .writer, "CLOSE": .writer,
            "DEFINE": .writer, "EXCUSE": .writer, "INCIDENT": .writer, "VOID": .writer, "INVITE": .payloadThenWriter,
            "TALLY": .tallyChecker, "LINETEST": .lineTester, "REPORT": .reader, "FIND": .reader, "CONFERENCES": .reader,
            "INCIDENTS": .reader, "OUTBOX": .reader, "DISTRICT": .reader, "HISTORY": .reader, "VOIDS": .reader, "SUMMARY": .reader,
            "ROSTER": .reader,
            "SHEET": .writer, "PAPER": .payloadThenWriter,
            "PUBLISH": .writer, "PLANLIST": .payloadThenWriter, "WITHDRAW": .writer, "PLANS": .reader, "PLANPOLL": .writer, "PLANACK": .writer,
            "REFLECT": .payloadThenWriter, "YEAR": .reader,
            "LIVE": .tallyChecker,
        ]
        #expect(Dictionary(uniqueKeysWithValues: VerbTable.verbs.map { ($0.name, $0.placement) }) == expected)
    }

    /// A datagram holds one line and no payload: only what is answered at once or stored goes
    /// over UDP; what carries a payload either way needs a connection (PLANPOLL's reply does:
    /// its row's reply ends in `bytes=`).
    @Test func udpCarriesOnlyVerbsWithoutAPayload() {
        for row in VerbTable.verbs where !row.isAdmin {
            let withoutPayload = (row.placement == .loop || row.placement == .writer) && !row.reply.hasSuffix("bytes=")
            #expect(row.senders.contains(.udp) == withoutPayload, "\(row.name)")
            #expect(row.senders.isSuperset(of: .streams), "\(row.name)")
        }
        for row in VerbTable.verbs where row.isAdmin {
            #expect(row.senders == .control)
        }
    }

    /// Exactly the verbs whose payload follows the line have a payload limit.
    @Test func payloadVerbsHaveTheirLimit() {
        for row in VerbTable.verbs {
            let carriesPayload = row.placement == .payloadThenWriter || row.placement == .tallyChecker
            #expect((row.payloadLimit != nil) == carriesPayload, "\(row.name)")
        }
        #expect(VerbTable.verb(named: "INVITE")?.payloadLimit == Request.maxInviteBytes)
        #expect(VerbTable.verb(named: "TALLY")?.payloadLimit == Tally.maxJSONBytes)
    }

    @Test func anUnknownVerbIsRefusedByName() throws {
        let line = try #require(try LineDecoder.decode("FROB x=1"))
        #expect(VerbTable.verb(named: "FROB") == nil)
        #expect(throws: ProtocolError(.unknownVerb, "unknown verb FROB")) { try Request(line) }
    }

    /// README.md's "Verbs" table: each row's verb and its reply column.
    private func readmeRows() throws -> [(verb: String, reply: String)] {
        let readme = try String(contentsOf: URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "\n### Verbs\n").dropFirst().first)
            .components(separatedBy: "\n### ")[0]
        return section.split(separator: "\n").compactMap { row -> (String, String)? in
            guard row.hasPrefix("| `") else { return nil }
            // Cells split at `|`, not at the escaped `\|` inside them (`new=1\|0`).
            let columns = row.replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.replacingOccurrences(of: "\u{1}", with: "|").trimmingCharacters(in: .whitespaces) }
            guard let verb = row.dropFirst(3).split(separator: "`", maxSplits: 1).first, columns.count >= 4 else { return nil }
            return (String(verb), columns[3])
        }
    }

    /// The README's "Verbs" table lists exactly the table's verbs: a new row without its line
    /// in the manual (or a documented verb without a row) fails here.
    @Test func theReadmesVerbListIsTheTable() throws {
        let documented = try readmeRows().map(\.verb)
        #expect(Set(documented).count == documented.count, "a verb documented twice")
        #expect(Set(documented) == Set(VerbTable.verbs.map(\.name)))
    }

    /// Each reply field a row names is in the README's reply for that verb (`as CHECKIN`: that one's).
    @Test func theReadmeGivesEachRowsReplyFields() throws {
        let replies = Dictionary(try readmeRows().map { ($0.verb, $0.reply) }, uniquingKeysWith: { first, _ in first })
        for row in VerbTable.verbs {
            var reply = try #require(replies[row.name], "\(row.name)")
            if reply.hasPrefix("as `"), let other = reply.dropFirst(4).split(separator: "`").first, let theirs = replies[String(other)] {
                reply = theirs
            }
            for field in row.reply.split(separator: " ") {
                #expect(reply.contains(field), "\(row.name): the README's reply does not give \(field)")
            }
        }
    }
}
