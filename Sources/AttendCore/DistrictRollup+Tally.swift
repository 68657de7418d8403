extension DistrictRollup {
    /// The district as one tally, for its own push upward (district → province): the same
    /// schema and verb as a bridge point's, so one program and one protocol serve every level.
    /// Built from the summaries the hub keeps, so it never decodes whole tallies again.
    ///
    /// Figures are the roll-up's (attended elsewhere already counted present); parts add up the
    /// bridge points' own part figures by position (delegates at their own point, late arrivals
    /// and early leavers among them); the absentees and walk-ins are the bridge points' lists
    /// joined, less those who came elsewhere. Late arrivals and early leavers are not listed by
    /// name: the counts per part carry them, and the names stay in the bridge points' reports,
    /// which keeps a district's tally small. The expected count is the sum of the bridge points'
    /// expected counts, announced or reported. Until a bridge point has reported, the district's
    /// tally is itself day-before figures (`final` false).
    public func asTally(from all: [TallySummary], district: String) -> Tally? {
        let reported = all.filter(\.final)
        guard let first = reported.first ?? all.first else { return nil }
        let cameElsewhere = Set(attendedElsewhere.map(\.id))
        var parts = first.parts.map {
            Tally.PartFigures(name: $0.name, present: 0, presentAtStart: 0, presentAtEnd: 0, arrivedLate: 0, leftEarly: 0)
        }
        for summary in reported {
            for (index, part) in summary.parts.enumerated() where index < parts.count {
                parts[index].present += part.present
                parts[index].presentAtStart += part.presentAtStart
                parts[index].presentAtEnd += part.presentAtEnd
                parts[index].arrivedLate += part.arrivedLate
                parts[index].leftEarly += part.leftEarly
            }
        }
        let expected = all.compactMap(\.expected)
        var conference = first.conference
        conference.expected = expected.isEmpty ? nil : expected.reduce(0, +)
        var tally = Tally(
            conference: conference, total: total, categories: categories, parts: parts,
            curve: curve ?? first.curve,
            absentees: reported.flatMap(\.absentees).filter { !cameElsewhere.contains($0.id) },
            lateArrivals: [], earlyLeavers: [],
            walkIns: reported.flatMap(\.walkIns).filter { !cameElsewhere.contains($0.id) })
        tally.bridge = district
        tally.final = !reported.isEmpty
        return tally
    }
}
