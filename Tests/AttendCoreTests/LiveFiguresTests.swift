import Testing

@testable import AttendCore

/// The open conference's live figures for the status file, per category.
@Suite struct LiveFiguresTests {
    static let invited = [
        Delegate(id: "A01", fullName: "Nguyễn Văn An", category: .partyMember),
        Delegate(id: "B02", fullName: "Trần Thị Bình", category: .official),
        Delegate(id: "C03", fullName: "Lê Văn Cường", category: .partyMember),
        Delegate(id: "A01", fullName: "Hai lần", category: .guest),  // a second row with one id: the first is kept
    ]

    @Test func arrivalsAreCountedOncePerDelegateAndWalkInsApart() {
        var figures = LiveFigures(invited: Self.invited, checkins: 4, checkouts: 1)
        #expect(figures.invited.count == 3)
        #expect(figures.invited["A01"]?.fullName == "Nguyễn Văn An")
        figures.noteArrival("A01")
        figures.noteStored(.checkIn, delegate: "A01")
        figures.noteStored(.checkIn, delegate: "W99")
        figures.noteStored(.checkOut, delegate: "A01")
        #expect(figures.checkins == 6)
        #expect(figures.checkouts == 2)
        #expect(figures.arrived == ["A01"])
        #expect(figures.walkIns == ["W99"])
        #expect(figures.arrivedByCategory == [.partyMember: 1])
        #expect(figures.invitedByCategory == [.partyMember: 2, .official: 1])
    }

    @Test func theStatusGivesEachInvitedCategoryItsRateAgainstTarget() {
        var figures = LiveFigures(invited: Self.invited, checkins: 0, checkouts: 0)
        figures.noteStored(.checkIn, delegate: "A01")
        figures.noteStored(.checkIn, delegate: "B02")
        figures.noteStored(.checkIn, delegate: "W99")
        let opened = Timestamp(rfc3339: "2026-11-23T23:58:00+07:00")!
        let status = figures.status(conference: "HN", title: "Hội nghị", openedAt: opened)
        #expect(status.id == "HN")
        #expect(status.openedAt == "2026-11-23T23:58:00.000+07:00")
        #expect(status.checkins == 3)
        #expect(status.invited == 3)
        #expect(status.arrived == 2)
        #expect(status.walkIns == 1)
        #expect(status.categories == [
            .init(category: "party_member", invited: 2, arrived: 1, rate: 50.0, target: 98.0, belowTarget: true),
            .init(category: "official", invited: 1, arrived: 1, rate: 100.0, target: 90.0, belowTarget: false),
        ])
    }

    @Test func withoutAnInvitedListThereAreNoCategories() {
        let status = LiveFigures().status(conference: "X", title: "", openedAt: Timestamp(milliseconds: 0))
        #expect(status.invited == 0)
        #expect(status.categories == [])
    }
}
