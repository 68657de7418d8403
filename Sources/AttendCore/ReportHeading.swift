/// The `[report]` section: what makes a printed report ready to sign and file as the official
/// layout wants it (DOMAIN "What an official report looks like"): the issuing body's lines top
/// left (they win over `[daemon] site_name`), `Số: 190-BC/HU` under them, `Tây Sơn, ngày 05
/// tháng 12 năm 2026` top right, the recipients bottom left and the signature block bottom
/// right. Every field empty (the default) keeps the generic masthead and signature.
public struct ReportHeading: Equatable, Sendable {
    /// `ĐẢNG BỘ TỈNH BÌNH ĐỊNH` / `HUYỆN ỦY TÂY SƠN`: printed upper case, one a line.
    public var issuer: [String] = []
    /// `-BC/HU`: the number is written before it (`190-BC/HU`), or left blank to write by hand.
    public var symbol: String = ""
    /// `Tây Sơn`: written before the date.
    public var place: String = ""
    /// `T/M BAN THƯỜNG VỤ` / `BÍ THƯ` / the name: the last line comes after the space for the
    /// signature; with one line only, that line heads the block.
    public var signer: [String] = []
    /// `Nơi nhận:`'s lines; each starts with `- ` (added when missing).
    public var recipients: [String] = []
    /// This report's number (`attendctl report --number 190`); nil leaves a gap to fill by hand.
    public var number: String?

    public init(issuer: [String] = [], symbol: String = "", place: String = "", signer: [String] = [], recipients: [String] = [],
                number: String? = nil) {
        self.issuer = issuer
        self.symbol = symbol
        self.place = place
        self.signer = signer
        self.recipients = recipients
        self.number = number
    }

    /// The same heading with this report's number (nil: blank).
    public func numbered(_ number: String?) -> ReportHeading {
        var heading = self
        heading.number = number
        return heading
    }

    /// `Số: 190-BC/HU`, or `Số:      -BC/HU` (no-break spaces: room for the number by hand); nil without a symbol.
    var numberLine: String? {
        guard !symbol.isEmpty else { return nil }
        return "Số: " + (number ?? String(repeating: "\u{00A0}", count: 8)) + symbol
    }

    /// The recipients with their leading `- `.
    var recipientLines: [String] {
        recipients.map { $0.hasPrefix("-") ? $0 : "- " + $0 }
    }
}
