import AttendCore
import AttendIO
import AttendStore
import Foundation

/// Keeps `[daemon] reports_dir` up to date: every conference's printed report (HTML), CSV,
/// JSON and xlsx under stable names (`ReportFileName`), and `index.html` listing them, for a
/// web server to serve (README "Report files").
///
/// The writer only calls `changed()` after a commit (a flag and a wake-up, never a wait);
/// this part's own thread renders, through a query reader of its own on its own read-only
/// connection, at most once every `gapSeconds`, so a burst of check-ins costs one round.
/// A round writes the open conferences, those whose row of the list changed (closed, more
/// delegates), those with no files yet and, on a hub, the district roll-up of every
/// conference with tallies received in the last 7 days. Files of older conferences stay as
/// they were. Each file is replaced atomically (`AtomicFile`): a browser or nginx reads the old
/// page or the new, never half of one.
///
/// `@unchecked Sendable`: `dirty` and `reload` are guarded by `lock`; everything else is used only by the
/// part's thread.
final class ReportFiles: PeriodicPart, @unchecked Sendable {
    /// The least time between two rounds: "at most once every few seconds per conference".
    static let gapSeconds = 3.0
    /// The least reload of an open conference's page and the index in a browser.
    static let leastReloadSeconds = 10
    /// How often a hub's live district pages and its index reload: every `[push] live_interval`
    /// seconds, or 10 s if that is smaller, so a browser shows each live summary without reloading
    /// for nothing. A bridge point's own pages change at each check-in: they keep 10 s.
    static func reloadSeconds(liveInterval: Int) -> Int { max(leastReloadSeconds, liveInterval) }
    /// A file is written world-readable within the folder, whose group and mode decide who
    /// may read it (README "Report files").
    static let fileMode: mode_t = 0o644

    let partName = "report-files"
    let thread = PeriodicThread(name: "attendd-report")
    let directory: String
    private let renderer: QueryReader
    private let logger: Logger
    private let siteName: String
    private let isHub: Bool
    /// The district pages' and a hub's index's reload (`reloadSeconds(liveInterval:)`); a
    /// config reload sets it (guarded by `lock`), the next round writes it.
    private var reload: Int
    var reloadSeconds: Int {
        get { lock.withLock { reload } }
        set {
            lock.withLock { reload = newValue }
            changed()
        }
    }
    private let lock = NSLock()
    private var dirty = true
    private var lastRound: Int64?
    /// Each conference's line of the list at its last round, to see which changed.
    private var lastLines: [String: String] = [:]
    private var failing = false
    /// Rounds run and files written since start (for the tests and the log).
    private(set) var rounds = 0

    init(
        directory: String, databasePath: String, writer: Writer, bridges: [BridgeKey], siteName: String, heading: ReportHeading,
        reloadSeconds: Int = ReportFiles.leastReloadSeconds, logger: Logger
    ) {
        reload = reloadSeconds
        self.directory = directory
        renderer = QueryReader(path: databasePath, writer: writer, bridges: bridges, siteName: siteName)
        renderer.heading = heading
        self.siteName = siteName
        isHub = !bridges.isEmpty
        self.logger = logger
    }

    /// The hub's live board: the district pages and the index show the live view (set before
    /// any thread starts).
    var liveBoard: LiveBoardStore? {
        get { renderer.liveBoard }
        set { renderer.liveBoard = newValue }
    }

    /// Something was committed, a live summary arrived or a hall went silent: a round will follow, at the earliest `gapSeconds` after the last.
    func changed() {
        lock.lock()
        dirty = true
        lock.unlock()
        poke()
    }

    func start() {
        thread.start { [self] in roundIfDue() }
    }

    /// Runs a round when something changed and the gap has passed; returns the pause until the
    /// next look (a long one when idle: `changed()` ends it).
    private func roundIfDue() -> Double {
        let now = Clock.monotonicMilliseconds()
        if let lastRound, now - lastRound < Int64(Self.gapSeconds * 1000) {
            return Double(Int64(Self.gapSeconds * 1000) - (now - lastRound)) / 1000
        }
        lock.lock()
        let due = dirty
        dirty = false
        lock.unlock()
        guard due else { return 3600 }
        lastRound = now
        do {
            try round()
            if failing { logger.info("report files written again", ["dir": directory]) }
            failing = false
        } catch {
            if !failing { logger.warning("cannot write the report files", ["dir": directory, "error": "\(error)"]) }
            failing = true
            lock.lock()
            dirty = true  // try again after the gap
            lock.unlock()
        }
        rounds += 1
        return Self.gapSeconds
    }

    private func round() throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let generatedAt = Clock.now()
        var entries: [ReportsIndex.Entry] = []
        var titles: [String: (title: String, date: String)] = [:]
        for line in try payloadText(.listConferences).split(separator: "\n") {
            // id, date, state, parts, invited, arrived, title (QueryReader's listConferences).
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count >= 7 else { continue }
            let (id, state) = (columns[0], ReportsIndex.State(rawValue: columns[2]) ?? .planned)
            titles[id] = (columns[6], columns[1])
            let entry = ReportsIndex.Entry(
                conference: id, title: columns[6], date: columns[1], state: state, invited: Int(columns[4]) ?? 0,
                present: Int(columns[5]) ?? 0)
            if state == .open || lastLines[id] != String(line) || !exists(entry.stem) {
                try writeTally(id, stem: entry.stem, open: state == .open, at: generatedAt)
            }
            lastLines[id] = String(line)
            entries.append(entry)
        }
        if isHub {
            let conferences = try districtConferences()
            lastDistrictJSON = lastDistrictJSON.filter { conferences.contains($0.key) }  // a week's, not the hub's life
            for conference in conferences {
                let (rollup, info) = try districtRollup(conference)
                // The live view while halls send summaries and not all have reported (once every
                // hall's final tally is in, the page is the final report).
                let live = rollup.missing.isEmpty && rollup.expected > 0 ? nil : renderer.liveRollup(conference)
                let json = try payload(.districtRollup(conference: conference, format: .json, language: .vietnamese))
                let entry = ReportsIndex.Entry(
                    conference: conference, title: info?.title ?? titles[conference]?.title ?? "",
                    date: info?.date ?? titles[conference]?.date ?? "", state: .district, invited: rollup.total.invited,
                    present: rollup.total.present,
                    halls: ReportsIndex.Halls(
                        expected: rollup.expected, reported: rollup.reported.count, missing: rollup.missing, silent: live?.silent))
                let reloading = live != nil || !rollup.missing.isEmpty || rollup.expected == 0
                // A roll-up that did not change since the last round is not rendered again (unless live or gone).
                if reloading || lastDistrictJSON[conference] != json || !exists(entry.stem) {
                    try writeDistrict(conference, stem: entry.stem, json: json, live: reloading)
                    lastDistrictJSON[conference] = json
                }
                entries.append(entry)
            }
        }
        let index = ReportsIndex(site: siteName, entries: entries + previousEntries(besides: entries))
        try write(Array(index.html(generatedAt: generatedAt, reloadSeconds: isHub ? reloadSeconds : Self.leastReloadSeconds).utf8), "index.html")
    }

    /// Each district roll-up's JSON as last written, to skip rendering one that did not change.
    private var lastDistrictJSON: [String: [UInt8]] = [:]

    /// Conferences of earlier rounds that this round did not list (a district roll-up older
    /// than 7 days): their files stay, so their rows do too.
    private var earlierDistrict: [String: ReportsIndex.Entry] = [:]

    private func previousEntries(besides entries: [ReportsIndex.Entry]) -> [ReportsIndex.Entry] {
        let listed = Set(entries.map(\.stem))
        for entry in entries where entry.halls != nil { earlierDistrict[entry.stem] = entry }
        return earlierDistrict.values.filter { !listed.contains($0.stem) }
    }

    private func writeTally(_ conference: String, stem: String, open: Bool, at generatedAt: Timestamp) throws {
        for format in [ReportFormat.csv, .json, .xlsx] {
            try write(try payload(.report(conference: conference, format: format, language: .vietnamese)), "\(stem).\(format.rawValue)")
        }
        var html = try payloadText(.report(conference: conference, format: .html, language: .vietnamese))
        if open { html = ReportFileName.reloading(html, seconds: Self.leastReloadSeconds) }
        try write(Array(html.utf8), "\(stem).html")
    }

    private func writeDistrict(_ conference: String, stem: String, json: [UInt8], live: Bool) throws {
        try write(json, "\(stem).json")
        for format in [ReportFormat.csv, .xlsx] {
            try write(try payload(.districtRollup(conference: conference, format: format, language: .vietnamese)), "\(stem).\(format.rawValue)")
        }
        var html = try payloadText(.districtRollup(conference: conference, format: .html, language: .vietnamese))
        if live { html = ReportFileName.reloading(html, seconds: reloadSeconds) }
        try write(Array(html.utf8), "\(stem).html")
    }

    /// On a hub: the conferences with tallies received in the last 7 days, those published for a
    /// day from 7 days ago on, and those its halls send live summaries of. (A round so stays as long
    /// as a week's conferences, however long the hub's history.)
    private func districtConferences() throws -> [String] {
        let store = try renderer.readStore()
        let received = try store.push.receivedConferences(since: MissingReportRule.watchedSince(Clock.now())).map(\.conference)
        // Published conferences from the same 7 days on (a date is Vietnam's YYYY-MM-DD, which sorts as text).
        let since = String(MissingReportRule.watchedSince(Clock.now()).vietnam.prefix(10))
        let published = try store.districtPlans.allPublished().filter { !$0.withdrawn && $0.plan.date >= since }.map(\.plan.id)
        let live = renderer.liveBoard?.snapshot.conferences ?? []
        return Array(Set(received + published + live)).sorted()
    }

    /// The roll-up as `attendctl district` computes it, and the conference as the halls describe it.
    private func districtRollup(_ conference: String) throws -> (DistrictRollup, Tally.ConferenceInfo?) {
        let store = try renderer.readStore()
        let scope = try DistrictScope.of(conference, bridges: renderer.bridges, store: store)
        let summaries = scope.withPlannedCounts(try store.push.newestSummaries(conference: conference))
        return (DistrictRollup.compute(conference: conference, bridges: scope.bridges, summaries: summaries), summaries.first?.summary.conference)
    }

    private func payload(_ query: Query) throws -> [UInt8] {
        let reply = try renderer.answer(query, echo: [])
        guard reply.error == nil, let payload = reply.payload else {
            throw ProtocolError(.invalid, "\(query): \(reply.fields.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
        return payload
    }

    private func payloadText(_ query: Query) throws -> String { String(decoding: try payload(query), as: UTF8.self) }

    private func exists(_ stem: String) -> Bool { FileManager.default.fileExists(atPath: "\(directory)/\(stem).html") }

    private func write(_ bytes: [UInt8], _ name: String) throws {
        try AtomicFile.write(Data(bytes), to: "\(directory)/\(name)", mode: Self.fileMode)
    }
}
