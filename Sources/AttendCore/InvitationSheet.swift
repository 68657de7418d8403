import Foundation

/// Invitations (giấy mời), one per delegate, two to an A4 page (each an A5 half, with cut marks
/// at the fold), laid out as the district office issues them: the issuing body and the Party's
/// name with the date at the top, `GIẤY MỜI`, whom and to what, when and where, the delegate's
/// codes to scan on arrival, and the signature block of the office that signs for the standing
/// committee (thừa lệnh).
public struct InvitationSheet {
    public let roster: Roster
    /// The day the invitations are issued, `YYYY-MM-DD` (Vietnam time), printed top right.
    public let issued: String
    public let language: ReportLanguage

    public init(roster: Roster, issued: String, language: ReportLanguage = .vietnamese) {
        self.roster = roster
        self.issued = issued
        self.language = language
    }

    private func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }

    /// `Sáng 07:30-11:30, Chiều 13:30-17:00, ngày 23 tháng 11 năm 2026`, from the plan.
    var when: String {
        let parts = roster.parts.map { part in
            let start = ReportTime.local(part.start.vietnam)?.clock ?? "", end = ReportTime.local(part.end.vietnam)?.clock ?? ""
            return "\(part.name) \(start)-\(end)"
        }
        let day = ConferencePlan.isDate(roster.date) ? ReportPage.longDate(roster.date, language: language) : ""
        let all = parts + (day.isEmpty ? [] : [day])
        return all.isEmpty ? text(.invitationToBeAnnounced) : all.joined(separator: ", ")
    }

    /// The whole document.
    public func html() -> String { Self.document(title: text(.invitationsDocumentTitle, roster.title), language: language, pages: pages()) }

    /// One document of several halls' sheets, each hall on its own pages (a hub's `cards`).
    public static func html(_ sheets: [Self]) -> String {
        guard let first = sheets.first else { return "" }
        return document(title: first.text(.invitationsDocumentTitle, first.roster.title), language: first.language, pages: sheets.map { $0.pages() }.joined())
    }

    /// The document around `pages`.
    static func document(title: String, language: ReportLanguage, pages: String) -> String {
        HTML.document(title: title, language: language, styleSheet: styleSheet, body: pages)
    }

    /// This list's `<section>` pages, two invitations a page.
    public func pages() -> String {
        let delegates = Roster.printOrder(roster.delegates)
        var pages = ""
        for start in stride(from: 0, to: delegates.count, by: 2) {
            pages += "<section class=\"sheet\">\n<div class=\"fold left\"></div><div class=\"fold right\"></div>\n"
            for (index, delegate) in delegates[start..<min(delegates.count, start + 2)].enumerated() {
                pages += invitation(delegate, half: index)
            }
            pages += "</section>\n"
        }
        return pages
    }

    private func invitation(_ delegate: Delegate, half: Int) -> String {
        let symbols = DelegateSymbols(id: delegate.id)
        let place = roster.place(language)
        let issuer = roster.site.isEmpty ? "" : HTML.text(roster.site.uppercased())
        let bars = symbols.code128SVG.map { "<div class=\"bars\">\($0)</div>" } ?? "<div class=\"qr-only\">\(HTML.text(text(.cardQROnly)))</div>"
        func row(_ label: MessageKey, _ value: String, strong: Bool = false) -> String {
            "<tr><th>\(HTML.text(text(label)))</th><td>\(strong ? "<b>" : "")\(HTML.text(value))\(strong ? "</b>" : "")</td></tr>"
        }
        return """
            <div class="invitation" style="top:\(half == 0 ? "0" : "148.5")mm">
            <table class="masthead"><tr><td class="issuer">\(issuer)<div class="star">*</div></td>
            <td class="nation"><div class="party">\(HTML.text(text(.pageParty)))</div><div class="rule"></div>
            <div class="place-date">\(HTML.text(ReportPage.longDate(issued, language: language)))</div></td></tr></table>
            <h1>\(HTML.text(text(.invitationHeading)))</h1>
            <p class="invite">\(HTML.text(text(.invitationInvite))) <b>\(HTML.text(delegate.fullName))</b></p>
            <table class="lines">
            \(row(.invitationUnit, delegate.unit))
            \(row(.invitationAttend, roster.title, strong: true))
            \(row(.invitationTime, when))
            \(row(.invitationPlace, place.isEmpty ? text(.invitationToBeAnnounced) : place))
            </table>
            <table class="closing"><tr>
            <td class="codes"><div class="qr-box">\(symbols.qrSVG)</div>\(bars)
            <div class="code-id">\(HTML.text(text(.invitationCode, delegate.id)))</div>
            <div class="bring">\(HTML.text(text(.invitationBring)))</div></td>
            <td class="signer"><div>\(HTML.text(text(.invitationSignerBody)))</div><div>\(HTML.text(text(.invitationSignerTitle)))</div></td>
            </tr></table>
            </div>

            """
    }

    static let styleSheet = """
        @page { size: A4 portrait; margin: 0; }
        html, body { margin: 0; padding: 0; background: #fff; color: #000; }
        body { font-family: "Times New Roman", "DejaVu Serif", serif; font-size: 13pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        .sheet { position: relative; width: 210mm; height: 297mm; overflow: hidden; break-after: page; page-break-after: always; }
        .sheet:last-child { break-after: auto; page-break-after: auto; }
        .fold { position: absolute; top: 148.4mm; width: 8mm; height: 0.2mm; background: #000; }
        .fold.left { left: 4mm; } .fold.right { right: 4mm; }
        .invitation { position: absolute; left: 0; width: 210mm; height: 148.5mm; box-sizing: border-box; padding: 10mm 18mm 8mm 25mm; overflow: hidden; }
        table { border-collapse: collapse; }
        .masthead { width: 100%; }
        .masthead td { vertical-align: top; text-align: center; font-size: 12pt; }
        .issuer { width: 45%; font-weight: bold; }
        .star { font-weight: normal; }
        .party { font-weight: bold; }
        .rule { width: 45mm; margin: 0.8mm auto 1.2mm; border-top: 0.3mm solid #000; }
        .place-date { font-style: italic; }
        h1 { text-align: center; font-size: 16pt; margin: 4mm 0 3mm; letter-spacing: 0.5mm; }
        .invite { margin: 0 0 1mm; }
        .lines { width: 100%; }
        .lines th { text-align: left; font-weight: normal; white-space: nowrap; vertical-align: top; padding: 0.6mm 3mm 0.6mm 0; width: 1%; }
        .lines td { padding: 0.6mm 0; vertical-align: top; }
        .closing { width: 100%; margin-top: 3mm; }
        .codes { vertical-align: top; width: 62%; font-size: 10pt; }
        .qr-box, .bars { display: inline-block; vertical-align: middle; margin-right: 3mm; }
        .qr-box svg, .bars svg { display: block; }
        .code-id { margin-top: 1mm; }
        .bring { font-style: italic; margin-top: 1mm; }
        .qr-only { display: inline-block; font-style: italic; }
        .signer { vertical-align: top; text-align: center; font-weight: bold; font-size: 12pt; }
        """
}
