import Foundation

/// The reports folder's `index.html` (`[daemon] reports_dir`): one row per conference with its
/// state, its figures (a hall's invited and present; on a hub the halls reported, silent and
/// missing) and links to its files. A pure value: the daemon gathers the entries and writes
/// the page; `ReportsFolderTests` checks it.
public struct ReportsIndex: Equatable, Sendable {
    /// Where a conference stands, as the index shows it.
    public enum State: String, Equatable, Sendable {
        case planned, scheduled, open, closed
        /// On a hub: the district's roll-up of the halls' tallies.
        case district

        var messageKey: MessageKey {
            switch self {
            case .planned: return .reportsStatePlanned
            case .scheduled: return .reportsStateScheduled
            case .open: return .reportsStateOpen
            case .closed: return .reportsStateClosed
            case .district: return .reportsStateDistrict
            }
        }
    }

    /// One conference's row.
    public struct Entry: Equatable, Sendable {
        public var conference: String
        public var title: String
        public var date: String
        public var state: State
        public var invited: Int
        public var present: Int
        /// On a hub: the halls expected, reported and missing; nil on a bridge point.
        public var halls: Halls?
        /// The file stem the files share (`ReportFileName.stem`).
        public var stem: String

        public init(conference: String, title: String, date: String, state: State, invited: Int, present: Int, halls: Halls? = nil) {
            self.conference = conference
            self.title = title
            self.date = date
            self.state = state
            self.invited = invited
            self.present = present
            self.halls = halls
            stem = ReportFileName.stem(conference, district: halls != nil)
        }
    }

    /// A district conference's halls. `silent` (halls whose live figures stopped) is filled in
    /// once the hub knows it (issue 17); nil shows `—`.
    public struct Halls: Equatable, Sendable {
        public var expected: Int
        public var reported: Int
        public var missing: [String]
        public var silent: [String]?

        public init(expected: Int, reported: Int, missing: [String], silent: [String]? = nil) {
            self.expected = expected
            self.reported = reported
            self.missing = missing
            self.silent = silent
        }
    }

    public var site: String
    /// Newest first: the open conferences, then by date, then by id.
    public var entries: [Entry]

    public init(site: String, entries: [Entry]) {
        self.site = site
        self.entries = entries.sorted { a, b in
            let (openA, openB) = (a.state == .open, b.state == .open)
            if openA != openB { return openA }
            if a.date != b.date { return a.date > b.date }
            return a.conference > b.conference
        }
    }

    /// The page; it reloads itself every `reloadSeconds` so an open conference's row keeps up.
    /// The halls' columns show only where a row has halls (a hub's roll-up).
    public func html(language: ReportLanguage = .vietnamese, generatedAt: Timestamp, reloadSeconds: Int) -> String {
        let numbers = language.numbers
        let showHalls = entries.contains { $0.halls != nil }
        func text(_ key: MessageKey, _ arguments: String...) -> String { language.text(key, arguments: arguments) }
        var rows = ""
        for entry in entries {
            let link = ReportFileName.href(entry.stem)
            let files = ReportFileName.extensions.map { ext in
                "<a href=\"\(link).\(ext)\">\(ext.uppercased())</a>"
            }.joined(separator: " · ")
            let halls = entry.halls.map { halls in
                (numbers.integer(halls.reported) + "/" + numbers.integer(halls.expected),
                 halls.silent.map { $0.isEmpty ? "0" : HTML.text($0.joined(separator: ", ")) } ?? "—",
                 halls.missing.isEmpty ? "0" : HTML.text(halls.missing.joined(separator: ", ")))
            } ?? ("—", "—", "—")
            let stateClass = entry.state == .open ? " class=\"open\"" : ""
            rows += """
                <tr><td><a href="\(link).html">\(HTML.text(entry.title.isEmpty ? entry.conference : entry.title))</a><br>\
                <span class="id">\(HTML.text(entry.conference))</span></td>\
                <td>\(HTML.text(ReportTime.date(entry.date, language: language)))</td>\
                <td\(stateClass)>\(HTML.text(text(entry.state.messageKey)))</td>\
                <td class="num">\(numbers.integer(entry.invited))</td><td class="num">\(numbers.integer(entry.present))</td>\
                \(showHalls ? "<td class=\"num\">\(halls.0)</td><td>\(halls.1)</td><td>\(halls.2)</td>" : "")<td>\(files)</td></tr>

                """
        }
        if entries.isEmpty { rows = "<tr><td colspan=\"6\" class=\"none\">\(HTML.text(text(.reportsIndexEmpty)))</td></tr>\n" }
        let made = ReportTime.local(generatedAt.vietnam).map { date, clock in
            text(.reportsIndexUpdated, clock, ReportTime.date(date, language: language))
        } ?? ""
        let title = site.isEmpty ? text(.reportsIndexTitle) : text(.reportsIndexTitleSite, site)
        let hallHeads = showHalls ? [text(.reportsIndexHallsReported), text(.reportsIndexHallsSilent), text(.reportsIndexHallsMissing)] : []
        let head = ([text(.conference), text(.date), text(.reportsIndexState), text(.invitedCount), text(.present)]
            + hallHeads + [text(.reportsIndexFiles)]).map { "<th>\(HTML.text($0))</th>" }.joined()
        let body = """
            <h1>\(HTML.text(title))</h1>
            <p class="made">\(HTML.text(made))</p>
            <table>
            <thead><tr>\(head)</tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>

            """
        return HTML.document(title: title, language: language, styleSheet: Self.styleSheet, body: body, viewport: true,
                             reloadSeconds: reloadSeconds).precomposedStringWithCanonicalMapping
    }

    static let styleSheet = """
        html { font-family: "Times New Roman", Tinos, "Liberation Serif", "DejaVu Serif", serif; font-size: 12pt; color: #000; background: #fff; }
        body { margin: 8mm auto; max-width: 260mm; padding: 0 4mm; }
        h1 { font-size: 16pt; margin: 0 0 1mm; }
        p.made { font-size: 10pt; color: #444; margin: 0 0 4mm; }
        table { width: 100%; border-collapse: collapse; font-size: 11pt; }
        th, td { border: 0.6pt solid #000; padding: 1mm 1.6mm; vertical-align: top; text-align: left; }
        th { background: #eceff3; }
        td.num { text-align: right; white-space: nowrap; }
        td.open { font-weight: bold; color: #006000; }
        td.none { font-style: italic; text-align: center; }
        span.id { font-size: 9.5pt; color: #444; }
        """
}

/// The stable names of a conference's files in the reports folder: `STEM.html`, `.csv`,
/// `.json`, `.xlsx`, where the stem is the conference id (a hub's district roll-up adds
/// `-district`). An id may hold any printable character but a space; everything outside
/// `A-Z a-z 0-9 - _ .` (and a leading `.`) is written `%XX` per UTF-8 byte, so an id such as
/// `../x` or `Hội-nghị` cannot leave the folder nor clash with another.
public enum ReportFileName {
    /// The files written for each conference, in the order the index links them.
    public static let extensions = ["html", "csv", "json", "xlsx"]

    public static func stem(_ conference: String, district: Bool) -> String {
        var stem = ""
        for (offset, byte) in conference.utf8.enumerated() {
            let plain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x5F || (byte == 0x2E && offset > 0)
            stem += plain ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
        }
        return district ? stem + "-district" : stem
    }

    /// The stem as a link in a page beside the files: `%` itself written `%25`.
    public static func href(_ stem: String) -> String {
        stem.replacingOccurrences(of: "%", with: "%25")
    }

    /// `page` with a `<meta http-equiv="refresh">` after its charset line, so a browser left on
    /// an open conference's printed report reloads it every `seconds`.
    public static func reloading(_ page: String, seconds: Int) -> String {
        let marker = "<meta charset=\"utf-8\">"
        guard let range = page.range(of: marker) else { return page }
        return page.replacingCharacters(in: range, with: marker + "\n<meta http-equiv=\"refresh\" content=\"\(seconds)\">")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
