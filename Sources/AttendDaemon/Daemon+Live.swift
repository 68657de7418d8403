import AttendCore
import Foundation

extension Daemon {
    /// What the live pusher sends: on a hub (its live board set), the district's total of each
    /// conference a hall of it is not silent about, as one summary, so the province sees the
    /// district as one hall; on a bridge point, the open conference's figures and the
    /// incidents losing sound or picture right now.
    static func liveSource(bridge: String, writer: Writer, board: LiveBoardStore?, bridges: [BridgeKey]) -> LivePusher.Source {
        { now, interval in
            if let board {
                let held = board.snapshot
                return held.conferences.compactMap { conference in
                    guard let live = DistrictLive.compute(conference: conference, board: held, bridges: bridges, at: now),
                          live.halls.contains(where: { !$0.silent }) else { return nil }
                    let title = held.summaries(of: conference).values.first?.summary.title ?? ""
                    return live.summary(bridge: bridge, conference: conference, title: title, at: now, intervalSeconds: interval)
                }
            }
            let status = writer.status
            guard let open = status.conference else { return [] }
            let incidents = status.openIncidents.filter(\.isOutage).prefix(LiveSummary.maxIncidents)
            return [LiveSummary(
                bridge: bridge, conference: open.id, title: open.title, at: now, intervalSeconds: interval, invited: open.invited ?? 0,
                arrived: open.arrived ?? 0, present: open.present ?? 0, walkIns: open.walkIns ?? 0, categories: open.categories ?? [],
                curve: [], incidents: incidents.map { .init(kind: $0.kind.rawValue, since: $0.start.vietnam) })]
        }
    }
}
