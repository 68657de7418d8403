import AttendCore
import AttendIO
import Foundation

extension ControlTool {
    static let cardsUsage = "cards CONF --html FILE [--invitation] [--year YYYY] [--bridge ID] [--lang en]"

    /// `cards CONF --html FILE`: asks attendd for the conference's invited list (`ROSTER`), lays
    /// out its cards (or with `--invitation` its invitations) and writes the page atomically.
    /// Nothing is written for a conference without an invited list; ids whose Code 128 would not
    /// fit a card are named, and their cards carry the QR code only. On a hub, a published
    /// conference's every hall taking part (or `--bridge ID`'s alone), each on its own pages.
    func cards(_ arguments: inout ToolArguments) throws -> Int32 {
        let file = arguments.option("--html")
        let bridge = arguments.option("--bridge")
        let invitation = arguments.flag("--invitation")
        let yearText = arguments.option("--year")
        let languageText = arguments.option("--lang") ?? "vi"
        let words = try arguments.positional(1...1, usage: Self.cardsUsage)
        guard let file, !file.isEmpty, !file.hasPrefix("--") else { throw UsageError(Self.cardsUsage) }
        guard let language = ReportLanguage(rawValue: languageText) else { throw UsageError("--lang must be vi or en") }
        var year: Int?
        if let yearText {
            guard let value = Int(yearText), (2000...2100).contains(value), !invitation else {
                throw UsageError(invitation ? "--year is for cards; an invitation is for its conference" : "--year must be a year like 2026")
            }
            year = value
        }
        let client: LineClient
        do {
            client = try LineClient(unixPath: config.controlSocketPath)
        } catch {
            printError("attendctl: cannot reach attendd at \(config.controlSocketPath): \(error)")
            return 1
        }
        if let bridge, bridge.isEmpty || bridge.hasPrefix("--") { throw UsageError(Self.cardsUsage) }
        let request = RequestLine(verb: "ROSTER", fields: [.init("conf", words[0])] + (bridge.map { [.init("bridge", $0)] } ?? []))
        var reply = try client.request(request.text, payload: nil, timeoutSeconds: 60)
        guard reply.isOK, let body = reply.payload else {
            reply.payload = nil
            FileHandle.standardError.write(Data(reply.encoded()))
            return 1
        }
        guard let all = reply["halls"] == nil ? Roster.decode(Data(body)).map({ [$0] }) : Roster.decodeList(Data(body)) else {
            printError("attendctl: attendd's ROSTER reply is not a roster this attendctl reads (versions differ?)")
            return 1
        }
        guard let first = all.first else {
            printError("attendctl: no bridge point of the hub's keys file takes part in \(words[0]), so there is nothing to print")
            return 1
        }
        let rosters = all.filter { !$0.delegates.isEmpty }
        let empty = all.compactMap { $0.delegates.isEmpty ? $0.hall : nil }
        if first.hall == nil, rosters.isEmpty {
            printError("attendctl: conference \(first.conference) has no invited list, so there is nothing to print; "
                + "import it first: attendctl invite import FILE.csv --conf \(first.conference)")
            return 1
        }
        if !empty.isEmpty {
            printError("attendctl: the district's list of \(first.conference) has no rows for \(empty.map { "\($0.id) (\($0.name))" }.joined(separator: ", ")); "
                + (rosters.isEmpty ? "there is nothing to print; " : "no pages for \(empty.count == 1 ? "it" : "them"); ")
                + "import them: attendctl district invite import FILE.csv --conf \(first.conference)")
            if rosters.isEmpty { return 1 }
        }
        let html: String
        if invitation {
            let issued = String(Clock.now().vietnam.prefix(10))
            html = InvitationSheet.html(rosters.map { InvitationSheet(roster: $0, issued: issued, language: language) })
        } else {
            html = CardSheet.html(rosters.map { CardSheet(roster: $0, validYear: year, language: language) })
        }
        let delegates = rosters.flatMap(\.delegates)
        let qrOnly = delegates.filter { DelegateSymbols(id: $0.id).code128 == nil }.map(\.id)
        if !qrOnly.isEmpty {
            printError("attendctl: \(qrOnly.count) id\(qrOnly.count == 1 ? " is" : "s are") too long for Code 128 on a card "
                + "(over \(DelegateSymbols.maximumCode128Modules(module: BarcodeSVG.code128NarrowModuleMillimetres)) modules of 0.169 mm): "
                + "\(qrOnly.joined(separator: ", ")); "
                + "\(qrOnly.count == 1 ? "it carries" : "they carry") the QR code only")
        }
        do {
            try Data(html.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            printError("attendctl: cannot write \(file): \(error.localizedDescription)")
            return 1
        }
        // Each hall starts a page of its own.
        let pages = rosters.map { invitation ? ($0.delegates.count + 1) / 2 : ($0.delegates.count + 9) / 10 }.reduce(0, +)
        let halls = first.hall == nil ? "" : " of \(rosters.count) bridge point\(rosters.count == 1 ? "" : "s")"
        print("wrote \(file) (\(first.conference), \(delegates.count) \(invitation ? "invitations" : "cards")\(halls), \(pages) A4 page\(pages == 1 ? "" : "s"))")
        return 0
    }
}
