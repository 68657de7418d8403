import Foundation

/// `attendctl year` on a hub: each conference's input made from the newest final tally of every
/// bridge point that reported it (issue 21).
///
/// - In a published conference (the district's plan) a delegate is keyed by their id
///   district-wide: one on two halls' lists (moved) is invited once, and present when present at
///   any hall, including as a walk-in at a hall whose list did not name them ("counted once,
///   where they were"). Absent everywhere: excused when some hall recorded an excuse.
/// - In a hall's own conference (not published here) a delegate is keyed by (hall, id), shown as
///   `HALL/ID`: two halls' own numbering say nothing about one person.
/// - A hall whose tally has no `present` ids (an attendd from before the field) cannot say who
///   came: it is left out of the counts and listed as partial, never guessed.
/// - Reflections are each delegate's from the halls' `reflections.handed_in` (once district-wide
///   in a published conference); a hall whose tally follows reflections without that list is
///   partial for reflections: its delegates' are neither counted nor named missing.
///
/// Names, units and categories of those present come from the district's list (published) or
/// from the hall's own absentee, late and early lists of any conference (ids only travel for the
/// present); failing both, the id stands for the name, with no unit, counted as a guest.
extension YearReport {
    /// What the year reads of a hall's tally: the conference, whether final, who was absent
    /// (with name, unit, category, excuse), late or early (id, name, unit), walked in, present.
    /// `decode(json:)` reads only these fields of bytes the hub checked when they arrived, so a
    /// year of 1,020 tallies is not validated and copied whole again (the benchmark's figure).
    public struct HallTally: Sendable {
        public var bridge: String
        public var conference: ConferenceInfo
        public var final: Bool
        public var absentees: [Tally.Absentee]
        public var lateArrivals: [Person]
        public var earlyLeavers: [Person]
        public var walkIns: [String]
        /// nil from an attendd before the field: the hall is partial.
        public var present: [String]?
        /// The conference follows written reflections here (the tally has `reflections`).
        public var followsReflections: Bool
        /// Each delegate's reflection handed in (`reflections.handed_in`); nil when the tally
        /// does not carry them (no reflections followed, or an attendd before the field).
        public var reflections: [Reflection]?

        public struct Person: Sendable, Decodable {
            public var id: String
            public var name: String
            public var unit: String
        }

        public init(bridge: String, tally: Tally) {
            self.bridge = bridge
            conference = ConferenceInfo(id: tally.conference.id, title: tally.conference.title, date: tally.conference.date)
            final = tally.final ?? true
            absentees = Self.normalized(tally.absentees)
            lateArrivals = tally.lateArrivals.map { Person(id: $0.id, name: Delegate.nfc($0.name), unit: Delegate.nfc($0.unit)) }
            earlyLeavers = tally.earlyLeavers.map { Person(id: $0.id, name: Delegate.nfc($0.name), unit: Delegate.nfc($0.unit)) }
            walkIns = tally.walkIns.map(\.id)
            present = tally.present
            followsReflections = tally.reflections != nil
            reflections = tally.reflections?.handedIn?.map { Reflection(delegate: $0.id, submitted: $0.submitted, grade: $0.grade) }
        }

        /// The fields above from stored tally bytes (`Tally.jsonData()`); nil when they do not read.
        public static func decode(bridge: String, json: [UInt8]) -> HallTally? {
            struct Fields: Decodable {
                struct Info: Decodable { var id: String; var title: String; var date: String }
                struct WalkIn: Decodable { var id: String }
                struct Reflections: Decodable { var handedIn: [Tally.ReflectionFigures.HandedIn]? }
                var conference: Info
                var final: Bool?
                var absentees: [Tally.Absentee]
                var lateArrivals: [Person]
                var earlyLeavers: [Person]
                var walkIns: [WalkIn]
                var present: [String]?
                var reflections: Reflections?
            }
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            guard let fields = try? decoder.decode(Fields.self, from: Data(json)) else { return nil }
            return HallTally(
                bridge: bridge, conference: ConferenceInfo(id: fields.conference.id, title: fields.conference.title, date: fields.conference.date),
                final: fields.final ?? true, absentees: normalized(fields.absentees),
                lateArrivals: fields.lateArrivals.map { Person(id: $0.id, name: Delegate.nfc($0.name), unit: Delegate.nfc($0.unit)) },
                earlyLeavers: fields.earlyLeavers.map { Person(id: $0.id, name: Delegate.nfc($0.name), unit: Delegate.nfc($0.unit)) },
                walkIns: fields.walkIns.map(\.id), present: fields.present, followsReflections: fields.reflections != nil,
                reflections: fields.reflections?.handedIn?.map { Reflection(delegate: $0.id, submitted: $0.submitted, grade: $0.grade) })
        }

        /// Names and units in NFC, once when the tally arrives: the year then makes its
        /// delegates from them without normalizing again.
        private static func normalized(_ absentees: [Tally.Absentee]) -> [Tally.Absentee] {
            absentees.map { absentee in
                var absentee = absentee
                absentee.name = Delegate.nfc(absentee.name)
                absentee.unit = Delegate.nfc(absentee.unit)
                return absentee
            }
        }

        init(
            bridge: String, conference: ConferenceInfo, final: Bool, absentees: [Tally.Absentee], lateArrivals: [Person],
            earlyLeavers: [Person], walkIns: [String], present: [String]?, followsReflections: Bool, reflections: [Reflection]?
        ) {
            self.bridge = bridge
            self.conference = conference
            self.final = final
            self.absentees = absentees
            self.lateArrivals = lateArrivals
            self.earlyLeavers = earlyLeavers
            self.walkIns = walkIns
            self.present = present
            self.followsReflections = followsReflections
            self.reflections = reflections
        }
    }

    /// A conference whose tally from `bridge` lacks present ids, so it is not counted.
    public struct PartialHall: Equatable, Sendable, Codable {
        public var conference: String
        public var date: String
        public var bridge: String

        public init(conference: String, date: String, bridge: String) {
            self.conference = conference
            self.date = date
            self.bridge = bridge
        }
    }

    /// One conference at the hub: the halls' tallies, and the district's list when it is published.
    public struct HubConference: Sendable {
        public var halls: [HallTally]
        /// The district's list by hall (`district list`); nil for a hall's own conference.
        public var districtList: [String: [Delegate]]?

        public init(halls: [HallTally], districtList: [String: [Delegate]]?) {
            self.halls = halls
            self.districtList = districtList
        }
    }

    /// The key of a hall's own delegate: `HALL/ID`.
    public static func hallKey(bridge: String, id: String) -> String { "\(bridge)/\(id)" }

    /// The inputs and partial halls of a hub's conferences (final tallies only): `partial` those
    /// without present ids (not counted), `partialReflections` those counted whose tally follows
    /// reflections without saying each delegate's (`handed_in`): their delegates' reflections are
    /// unknown, not "not submitted", unless another hall's tally has theirs.
    public static func hubInputs(
        _ conferences: [HubConference]
    ) -> (inputs: [ConferenceInput], partial: [PartialHall], partialReflections: [PartialHall]) {
        // Who a key is, from every list the hub holds: absentees (they carry the category), the
        // district's lists (which override for published conferences), then late and early lists.
        var directory: [String: Delegate] = [:]
        for conference in conferences {
            let published = conference.districtList != nil
            for hall in conference.halls {
                for absentee in hall.absentees {
                    let key = published ? absentee.id : hallKey(bridge: hall.bridge, id: absentee.id)
                    if directory[key] == nil {
                        directory[key] = Delegate(id: key, nfcName: absentee.name, nfcUnit: absentee.unit, category: absentee.category)
                    }
                }
            }
        }
        // The district's list names its delegates; a hall's own delegate not met absent is
        // taken to be the one of the same id on the district's list of that hall.
        for conference in conferences {
            for (bridge, delegates) in conference.districtList ?? [:] {
                for delegate in delegates {
                    directory[delegate.id] = delegate
                    let own = hallKey(bridge: bridge, id: delegate.id)
                    if directory[own] == nil {
                        directory[own] = Delegate(id: own, nfcName: delegate.fullName, nfcUnit: delegate.unit, category: delegate.category)
                    }
                }
            }
        }
        for conference in conferences {
            let published = conference.districtList != nil
            for hall in conference.halls {
                for entry in hall.lateArrivals + hall.earlyLeavers {
                    let key = published ? entry.id : hallKey(bridge: hall.bridge, id: entry.id)
                    if directory[key] == nil { directory[key] = Delegate(id: key, nfcName: entry.name, nfcUnit: entry.unit, category: .guest) }
                }
            }
        }

        var inputs: [ConferenceInput] = []
        var partial: [PartialHall] = []
        var partialReflections: [PartialHall] = []
        for conference in conferences {
            let halls = conference.halls.filter(\.final)
            guard let first = halls.first else { continue }
            let published = conference.districtList != nil
            // Each key once, at its position in `invited` (one hash per id: 510,000 of them in
            // the benchmark's year), with whether it was present anywhere and excused anywhere.
            let expected = halls.reduce(0) { $0 + ($1.present?.count ?? 0) + $1.absentees.count }
            var position: [String: Int] = [:]
            position.reserveCapacity(expected)
            var invited: [Delegate] = []
            invited.reserveCapacity(expected)
            var present: [Bool] = []
            present.reserveCapacity(expected)
            var excused: [Bool] = []
            excused.reserveCapacity(expected)
            var late = Set<String>()
            var leftEarly = Set<String>()
            var walkedIn = Set<String>()
            var follows = false
            var reflections: [String: Reflection] = [:]
            var reflectionsUnknown = Set<String>()
            var counted = 0
            for hall in halls.sorted(by: { $0.bridge < $1.bridge }) {
                guard let ids = hall.present else {
                    partial.append(PartialHall(conference: hall.conference.id, date: hall.conference.date, bridge: hall.bridge))
                    continue
                }
                counted += 1
                func key(_ id: String) -> String { published ? id : hallKey(bridge: hall.bridge, id: id) }
                func invite(_ key: String) -> Int {
                    if let known = position[key] { return known }
                    position[key] = invited.count
                    invited.append(directory[key] ?? Delegate(id: key, nfcName: "", nfcUnit: "", category: .guest))
                    present.append(false)
                    excused.append(false)
                    return invited.count - 1
                }
                for absentee in hall.absentees {
                    let at = invite(key(absentee.id))
                    if absentee.excused { excused[at] = true }
                }
                for id in ids { present[invite(key(id))] = true }
                late.formUnion(hall.lateArrivals.map { key($0.id) })
                leftEarly.formUnion(hall.earlyLeavers.map { key($0.id) })
                if published { walkedIn.formUnion(hall.walkIns) }
                guard hall.followsReflections else { continue }
                follows = true
                if let handedIn = hall.reflections {
                    // One delegate district-wide with a reflection at two halls: a graded one
                    // stands over one not graded yet, then the earlier.
                    for reflection in handedIn {
                        let key = key(reflection.delegate)
                        if let kept = reflections[key],
                           (kept.grade != nil) != (reflection.grade != nil) ? kept.grade != nil : kept.submitted <= reflection.submitted { continue }
                        reflections[key] = Reflection(delegate: key, submitted: reflection.submitted, grade: reflection.grade)
                    }
                } else {
                    partialReflections.append(PartialHall(conference: hall.conference.id, date: hall.conference.date, bridge: hall.bridge))
                    reflectionsUnknown.formUnion(hall.absentees.map { key($0.id) } + ids.map(key))
                }
            }
            guard counted > 0 else { continue }
            // A walk-in at one hall who was invited at another came: present, where they were.
            for key in walkedIn { if let at = position[key] { present[at] = true } }
            var absent: [String: Bool] = [:]
            for at in invited.indices where !present[at] { absent[invited[at].id] = excused[at] }
            let info = first.conference
            var input = ConferenceInput(
                info: info, invited: invited, absent: absent, late: late, leftEarly: leftEarly,
                reflections: follows ? reflections : nil)
            input.reflectionsUnknown = reflectionsUnknown.subtracting(reflections.keys)
            inputs.append(input)
        }
        partial.sort { ($0.date, $0.conference, $0.bridge) < ($1.date, $1.conference, $1.bridge) }
        partialReflections.sort { ($0.date, $0.conference, $0.bridge) < ($1.date, $1.conference, $1.bridge) }
        return (inputs, partial, partialReflections)
    }
}

extension YearReport.ConferenceInput {
    /// An input made directly (a hub's, from its halls' tallies).
    public init(
        info: YearReport.ConferenceInfo, invited: [Delegate], absent: [String: Bool], late: Set<String>, leftEarly: Set<String>,
        reflections: [String: Reflection]?
    ) {
        self.info = info
        self.invited = invited
        self.absent = absent
        self.late = late
        self.leftEarly = leftEarly
        self.reflections = reflections
    }
}
