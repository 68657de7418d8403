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
            guard bridges.isEmpty else {
                throw ProtocolError(.noConference, "conference \(conference) is not published on this hub (attendctl district define \(conference) ...)")
            }
            throw ProtocolError(.noConference, "conference \(conference) does not exist")
        }
        return Roster(
            conference: conference, title: plan?.title ?? record?.title ?? conference, date: plan?.date ?? "",
            parts: plan?.parts ?? [], site: siteName, delegates: delegates)
    }
}

extension QueryReader {
    /// `ROSTER` on a hub for a conference it published: one roster a bridge point taking part,
    /// in the keys file's order, each with that hall's rows of the district's list and its id
    /// and name (the place its cards print); only `bridge`'s (an id, or a name with case and
    /// diacritics ignored) when given. Nil where the answer is the hall's own list: not a hub,
    /// or a conference the hub never published and `bridge` not given. A withdrawn
    /// conference, an unknown bridge point and one not taking part are refused by name.
    func hallRosters(_ named: String?, bridge: String?, store: AttendanceStore) throws -> [Roster]? {
        guard !bridges.isEmpty else {
            if bridge != nil { throw ProtocolError(.invalid, "bridge= is for a hub ([hub] keys_file); this attendd prints its own list") }
            return nil
        }
        guard let conference = named else {
            if bridge != nil { throw ProtocolError(.invalid, "bridge= needs conf=") }
            return nil
        }
        guard let published = try store.districtPlans.published(conference) else {
            if bridge != nil {
                throw ProtocolError(.noConference, "conference \(conference) is not published on this hub (attendctl district define \(conference) ...)")
            }
            return nil
        }
        guard !published.withdrawn else {
            throw ProtocolError(.invalid, "conference \(conference) was withdrawn (attendctl district withdraw); there is nothing to print")
        }
        var halls = bridges.filter { published.bridges.includes($0.id) }
        if let bridge {
            guard let key = bridges.first(where: { $0.id == bridge }) ?? bridges.first(where: { NameFolding.fold($0.name) == NameFolding.fold(bridge) }) else {
                throw ProtocolError(.invalid, "bridge point \(bridge) is not an id or a name in the hub's keys file (\(bridges.map(\.id).joined(separator: ", ")))")
            }
            guard halls.contains(where: { $0.id == key.id }) else {
                throw ProtocolError(.invalid, "bridge point \(key.id) does not take part in \(conference) (bridges \(published.bridges.text))")
            }
            halls = [key]
        }
        let rows = try store.districtPlans.allRows(conference: conference)
        let plan = published.plan
        return halls.map { hall in
            Roster(
                conference: conference, title: plan.title.isEmpty ? conference : plan.title, date: plan.date, parts: plan.parts,
                site: siteName, delegates: rows[hall.id] ?? [], hall: Roster.Hall(id: hall.id, name: hall.name))
        }
    }
}
