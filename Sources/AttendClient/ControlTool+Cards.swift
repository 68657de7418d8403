import AttendCore
import AttendIO
import Foundation

extension ControlTool {
    static let cardsUsage = "cards CONF --html FILE [--invitation] [--year YYYY] [--lang en]"

    /// `cards CONF --html FILE`: asks attendd for the conference's invited list (`ROSTER`), lays
    /// out its cards (or with `--invitation` its invitations) and writes the page atomically.
    /// Nothing is written for a conference without an invited list; ids whose Code 128 would not
    /// fit a card are named, and their cards carry the QR code only.
    func cards(_ arguments: inout ToolArguments) throws -> Int32 {
        let file = arguments.option("--html")
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
        var reply = try client.request(RequestLine(verb: "ROSTER", fields: [.init("conf", words[0])]).text, payload: nil, timeoutSeconds: 60)
        guard reply.isOK, let body = reply.payload else {
            reply.payload = nil
            FileHandle.standardError.write(Data(reply.encoded()))
            return 1
        }
        guard let roster = Roster.decode(Data(body)) else {
            printError("attendctl: attendd's ROSTER reply is not a roster this attendctl reads (versions differ?)")
            return 1
        }
        guard !roster.delegates.isEmpty else {
            printError("attendctl: conference \(roster.conference) has no invited list, so there is nothing to print; "
                + "import it first: attendctl invite import FILE.csv --conf \(roster.conference)")
            return 1
        }
        let html: String
        if invitation {
            let issued = String(Clock.now().vietnam.prefix(10))
            html = InvitationSheet(roster: roster, issued: issued, language: language).html()
        } else {
            html = CardSheet(roster: roster, validYear: year, language: language).html()
        }
        let qrOnly = roster.delegates.filter { DelegateSymbols(id: $0.id).code128 == nil }.map(\.id)
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
        let count = roster.delegates.count
        let pages = invitation ? (count + 1) / 2 : (count + 9) / 10
        print("wrote \(file) (\(roster.conference), \(count) \(invitation ? "invitations" : "cards"), \(pages) A4 page\(pages == 1 ? "" : "s"))")
        return 0
    }
}
