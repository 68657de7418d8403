import AttendCore
import AttendIO
import AttendStore
import Foundation

extension QueryReader {
    /// `YEAR`: each member's year (`YearReport`). On a bridge point from its own tallies, lists
    /// and reflections; on a hub (`[hub] keys_file`) from the newest final tally of every bridge
    /// point, published conferences keyed district-wide and halls' own by (hall, id).
    func year(_ query: YearQuery, store: AttendanceStore, echo: [RequestLine.Field]) throws -> Reply {
        var inputs: [YearReport.ConferenceInput] = []
        var partial: [YearReport.PartialHall] = []
        var partialReflections: [YearReport.PartialHall] = []
        if bridges.isEmpty {
            for record in try store.conferences.all() {
                guard let plan = try store.plans.plan(record.id), plan.date >= query.from, plan.date <= query.to,
                      let tally = try store.tally(conference: record.id) else { continue }
                inputs.append(YearReport.ConferenceInput(
                    tally: tally, invited: try store.invited.all(conference: record.id), reflections: try store.reflections.all(conference: record.id)))
            }
        } else {
            (inputs, partial, partialReflections) = YearReport.hubInputs(try hubConferences(from: query.from, to: query.to, store: store))
        }
        var year = YearReport.compute(conferences: inputs, from: query.from, to: query.to, unit: query.unit, category: query.category,
                                      rules: query.rules)
        year.partial = partial
        year.partialReflections = partialReflections
        let body: [UInt8] = switch query.format {
        case .csv: year.csv(language: query.language)
        case .json: Array(year.jsonData())
        case .html: Array(year.htmlReport(language: query.language, issuer: siteName, generatedAt: Clock.now(), heading: heading).utf8)
        case .xlsx: year.xlsx(language: query.language, generatedAt: Clock.now())
        case .text: Array(year.textReport(language: query.language).utf8)
        }
        return .ok(echo + [
            .init("from", query.from), .init("to", query.to), .init("conferences", String(year.conferences.count)),
            .init("delegates", String(year.delegates.count)), .init("partial", String(partial.count)), .init("format", query.format.rawValue),
        ], payload: body)
    }

    /// The hub's conferences dated `from` to `to`: what the year keeps of each bridge point's
    /// newest final tally (`received_year`; a row that no longer reads is left out, as the
    /// roll-up leaves out a tally that no longer decodes), with the district's list when the
    /// conference is published here and not withdrawn.
    private func hubConferences(from: String, to: String, store: AttendanceStore) throws -> [YearReport.HubConference] {
        var byConference: [(conference: String, halls: [YearReport.HallTally])] = []
        for row in try store.push.yearRows(from: from, to: to) {
            guard let hall = YearReport.HallTally.stored(bridge: row.bridge, bytes: row.body) else { continue }
            if byConference.last?.conference != row.conference { byConference.append((row.conference, [])) }
            byConference[byConference.count - 1].halls.append(hall)
        }
        return try byConference.map { entry in
            let published = try store.districtPlans.published(entry.conference)
            let list = published.map { $0.withdrawn } == false ? try store.districtPlans.allRows(conference: entry.conference) : nil
            return YearReport.HubConference(halls: entry.halls, districtList: list)
        }
    }
}
