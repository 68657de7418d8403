import AttendCore
import AttendStore

extension QueryReader {
    /// `ROSTER`: the invited list of `named` (nil: the open conference) with its plan's title,
    /// date and parts and the site's name, as `Roster` JSON for `attendctl cards`. An unknown
    /// conference is `no_conference`; a known one without an invited list is answered with none
    /// (attendctl says what to do).
    func roster(_ named: String?, store: AttendanceStore) throws -> Roster {
        guard let conference = try named ?? store.conferences.openOnes().last?.id else {
            throw ProtocolError(.noConference, "no conference is open; give conf=")
        }
        let record = try store.conferences.find(conference)
        let plan = try store.plans.plan(conference)
        let delegates = try store.invited.all(conference: conference)
        guard record != nil || plan != nil || !delegates.isEmpty else {
            throw ProtocolError(.noConference, "conference \(conference) does not exist")
        }
        return Roster(
            conference: conference, title: plan?.title ?? record?.title ?? conference, date: plan?.date ?? "",
            parts: plan?.parts ?? [], site: siteName, delegates: delegates)
    }
}
