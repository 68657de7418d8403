import Testing

@testable import AttendCore

/// A check-in's origin from its flags, and the text the store's `origin` column keeps.
@Suite struct CheckinOriginTests {
    @Test func theFlagsGiveTheOrigin() {
        var request = CheckRequest(direction: .checkIn, delegate: "A01")
        #expect(request.origin == .live)
        request.queued = true
        #expect(request.origin == .queued)
        request.paper = true
        #expect(request.origin == .paper, "paper wins over queued")
        request.queued = false
        #expect(request.origin == .paper)
    }

    /// The schema's CHECK admits exactly these texts.
    @Test func theStoredTextIsTheSchemas() {
        #expect(CheckinOrigin.allCases.map(\.rawValue) == ["live", "queued", "paper"])
    }
}
