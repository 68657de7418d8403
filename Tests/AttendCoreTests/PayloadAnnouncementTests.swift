import Testing

@testable import AttendCore

/// A refused payload line still says how many bytes follow it, so they are never read as lines.
@Suite struct PayloadAnnouncementTests {
    @Test(arguments: [
        ("INVITE conf=HN-1 bytes=100", PayloadAnnouncement.bytes(100)),
        ("INVITE conf=H\u{E0}-1 bytes=100", .bytes(100)),  // refused for its id, the size still reads
        ("TALLY bridge=b conf=c rev=1 mac=00 bytes=4194304", .bytes(4_194_304)),
        ("TALLY bridge=b bytes=4194305", .unbounded),  // over TALLY's limit
        ("INVITE bytes=16777217", .unbounded),  // over the invited list's limit
        ("INVITE bytes=abc", .unbounded),
        ("INVITE bytes=-5", .unbounded),
        ("INVITE conf=a\"b bytes=9", .unbounded),  // undecodable (a stray quote), but announces a payload
        ("INVITE bytes=9 bytes=9", .unbounded),  // a key given twice
        ("invite conf=a\u{E0} bytes=12", .bytes(12)),  // verbs in any case, as the decoder reads them
        ("  Tally bridge=b bytes=7", .bytes(7)),
        ("INVITE bytes=0", .none),
        ("INVITE conf=X", .none),
        ("CHECKIN id=1 bytes=100", .none),  // no payload verb
        ("INVITEX bytes=100", .none),
        ("PING", .none),
    ])
    func readsTheAnnouncedSize(line: String, expected: PayloadAnnouncement) {
        #expect(PayloadAnnouncement.of(line) == expected)
    }

    @Test func theStartOfATooLongLineIsEnoughToKnowAPayloadVerb() {
        #expect(PayloadAnnouncement.startsWithPayloadVerb(Array("INVITE conf=xxxxxxxx".utf8)))
        #expect(PayloadAnnouncement.startsWithPayloadVerb(Array(" tally bridge=".utf8)))
        #expect(!PayloadAnnouncement.startsWithPayloadVerb(Array("CHECKIN id=".utf8)))
        #expect(!PayloadAnnouncement.startsWithPayloadVerb(Array("INVITEXYZ".utf8)))
    }

    @Test func theLimitsAreTheProtocolsOwn() {
        #expect(PayloadAnnouncement.limits["INVITE"] == Request.maxInviteBytes)
        #expect(PayloadAnnouncement.limits["TALLY"] == Tally.maxJSONBytes)
    }
}
