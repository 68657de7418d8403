import AttendCore
import AttendStore
import Foundation

/// Which bridge points a roll-up expects, and what the district planned: on a hub that
/// publishes plans, a published conference expects its `--bridges` (not every line of the keys
/// file), and a hall that has not confirmed a count is counted with the district's planned one.
/// A conference such a hub never published is still rolled up, and named "not a district
/// conference" with its id (`district=0` in the reply), never merged into one nor dropped.
struct DistrictScope {
    var bridges: [BridgeKey]
    var planned: [String: Int]
    /// The hub publishes plans and this conference is not one of them.
    var notDistrict: String?

    /// The summaries with the district's planned count where the hall gave none.
    func withPlannedCounts(_ summaries: [(bridge: String, revision: Int64, summary: TallySummary)]) -> [(bridge: String, revision: Int64, summary: TallySummary)] {
        summaries.map { entry in
            var summary = entry.summary
            if summary.expected == nil { summary.expected = planned[entry.bridge] }
            return (entry.bridge, entry.revision, summary)
        }
    }

    func notice(_ language: ReportLanguage) -> String {
        notDistrict.map { PlanBoard.notDistrictNotice($0, language) + "\n\n" } ?? ""
    }

    var replyFields: [RequestLine.Field] { notDistrict == nil ? [] : [.init("district", "0")] }
}

extension DistrictScope {
    /// The scope of `conference` among `bridges` (the hub's keys file): the roll-up's and the
    /// district total pushed upward's, so both count the same halls.
    static func of(_ conference: String, bridges: [BridgeKey], store: AttendanceStore) throws(StoreError) -> DistrictScope {
        guard let published = try store.districtPlans.published(conference) else {
            let publishes = !(try store.districtPlans.allPublished().isEmpty)
            return DistrictScope(bridges: bridges, planned: [:], notDistrict: publishes ? conference : nil)
        }
        let planned = try store.districtPlans.expected(conference: conference).compactMapValues(\.planned)
        return DistrictScope(bridges: bridges.filter { published.bridges.includes($0.id) }, planned: planned, notDistrict: nil)
    }

    /// The summaries of the bridge points in scope only (a published conference's `--bridges`).
    func taking(_ summaries: [(bridge: String, revision: Int64, summary: TallySummary)]) -> [(bridge: String, revision: Int64, summary: TallySummary)] {
        let ids = Set(bridges.map(\.id))
        return summaries.filter { ids.contains($0.bridge) }
    }
}

extension QueryReader {
    func districtScope(_ conference: String, store: AttendanceStore) throws -> DistrictScope {
        try DistrictScope.of(conference, bridges: bridges, store: store)
    }

    /// `PLANS`: the district's board of a published conference, one row per bridge point of the
    /// keys file (those not taking part too, marked so).
    func planBoard(
        _ conference: String, format: ReportFormat, language: ReportLanguage, store: AttendanceStore, echo: [RequestLine.Field]
    ) throws -> Reply {
        guard let board = try planBoard(conference, store: store) else {
            throw ProtocolError(.invalid, "conference \(conference) is not published here (district define it first)")
        }
        let body: [UInt8]
        switch format {
        case .json: body = Array(board.jsonData())
        case .text, .csv, .html, .xlsx: body = Array(board.text(language: language).utf8)
        }
        return .ok(echo + [
            .init("conf", conference), .init("rev", String(board.revision)), .init("bridges", String(board.bridges.filter(\.taking).count)),
            .init("applied", String(board.applied)),
        ], payload: body)
    }

    /// The board of `conference`, or nil when this hub never published it.
    func planBoard(_ conference: String, store: AttendanceStore) throws -> PlanBoard? {
        guard let published = try store.districtPlans.published(conference) else { return nil }
        let counts = try store.districtPlans.rowCounts(conference: conference)
        let expected = try store.districtPlans.expected(conference: conference)
        let confirmations = try store.districtPlans.confirmations(conference: conference)
        let peers = Dictionary(try store.districtPlans.peers().map { ($0.bridge, $0) }, uniquingKeysWith: { a, _ in a })
        let rollup = DistrictRollup.compute(
            conference: conference, bridges: bridges, summaries: try store.push.newestSummaries(conference: conference))
        let figures = Dictionary((rollup.reported + rollup.announced).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rows = bridges.sorted { $0.id < $1.id }.map { bridge in
            var row = PlanBoard.Row(
                id: bridge.id, name: bridge.name, taking: published.bridges.includes(bridge.id), districtRows: counts[bridge.id] ?? 0)
            if let confirmation = confirmations[bridge.id] {
                row.confirmedRevision = confirmation.revision
                row.outcome = confirmation.outcome.rawValue
                row.reason = confirmation.reason.isEmpty ? nil : confirmation.reason
                row.confirmedAt = confirmation.at.vietnam
                row.hallRows = confirmation.size
            }
            row.planned = expected[bridge.id]?.planned
            row.confirmed = expected[bridge.id]?.confirmed
            row.lineTestPassed = figures[bridge.id]?.lineTestPassed
            if let peer = peers[bridge.id] {
                row.lastPollAt = peer.polledAt?.vietnam
                row.clockOffsetSeconds = peer.clockOffsetMilliseconds.map { Double($0) / 1000 }
            }
            return row
        }
        return PlanBoard(
            conference: conference, revision: published.revision, withdrawn: published.withdrawn,
            clockOffsetLimitSeconds: clockOffsetLimitSeconds, bridges: rows)
    }
}
