import Testing

@testable import AttendCore

/// The check-in rules with a fake `now`: the conference that takes a check-in, the effective time
/// and its clock-offset correction, the reply fields with lateness, retries; around midnight in
/// Vietnam (UTC+7) too, where a day's conference ends at 23:59 and the next day begins.
@Suite struct CheckInRuleTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    static let minute: Int64 = 60_000

    /// Conference HN on 2026-11-23: one part, morning 07:30-11:30, grace 10 minutes.
    static let morning = ConferencePlan(
        id: "HN", title: "Hội nghị", date: "2026-11-23",
        parts: [.init(name: "Sáng", start: time("2026-11-23T07:30:00+07:00"), end: time("2026-11-23T11:30:00+07:00"))])
    /// Conference ND on 2026-11-23, all day to 23:59 as the end-to-end tests plan it.
    static let allDay = ConferencePlan(
        id: "ND", title: "Cả ngày", date: "2026-11-23",
        parts: [.init(name: "Cả ngày", start: time("2026-11-23T00:00:00+07:00"), end: time("2026-11-23T23:59:00+07:00"))])
    static let an = Delegate(id: "A01", fullName: "Nguyễn Văn An", category: .partyMember)

    func checkInRule(_ plan: ConferencePlan? = morning) -> CheckInRule {
        CheckInRule(openConference: plan?.id ?? "NOPLAN", plan: plan, invited: ["A01": Self.an])
    }

    func queued(at scanned: String, terminal: String? = "t1") -> CheckRequest {
        var request = CheckRequest(direction: .checkIn, delegate: "A01", terminal: terminal, sequence: 4, terminalTime: Self.time(scanned))
        request.queued = true
        return request
    }

    func entry(
        received: String, effective: String? = nil, direction: Direction = .checkIn, isLive: Bool = true, terminalAt: String? = nil
    ) -> CheckRecord {
        CheckRecord(
            event: 12, conference: "HN", delegate: "A01", direction: direction, terminal: "t1", sequence: 3,
            receivedAt: Self.time(received), terminalAt: terminalAt.map(Self.time), effectiveAt: Self.time(effective ?? received),
            origin: isLive ? .live : .queued)
    }

    @Test func theOpenConferenceTakesACheckInUnlessAnotherIsNamed() {
        let request = CheckRequest(direction: .checkIn, delegate: "A01")
        #expect(checkInRule().conference(taking: request) == .success("HN"))
        var named = request
        named.conference = "HN"
        #expect(checkInRule().conference(taking: named) == .success("HN"))
        named.conference = "XY"
        #expect(checkInRule().conference(taking: named) == .failure(ProtocolError(.noConference, "conference XY is not open (open: HN)")))
        let none = CheckInRule(openConference: nil, plan: nil, invited: [:])
        #expect(none.conference(taking: request) == .failure(ProtocolError(.noConference, "no conference is open")))
    }

    @Test func aLiveCheckInCountsWhenReceivedWhateverItsTerminalSays() {
        let received = Self.time("2026-11-23T07:40:00+07:00")
        let live = CheckRequest(direction: .checkIn, delegate: "A01", terminal: "t1", terminalTime: Self.time("2026-11-23T02:40:00+07:00"))
        #expect(CheckInRule.terminalToCorrect(live) == nil)
        #expect(checkInRule().effectiveTime(of: live, receivedAt: received, clockOffset: 5 * 60 * Self.minute) == .success(received))
    }

    @Test func aQueuedScanIsCorrectedByItsTerminalsOffset() {
        let request = queued(at: "2026-11-23T02:30:00+07:00")  // a clock 5 h slow, scanned at 07:30
        #expect(CheckInRule.terminalToCorrect(request) == "t1")
        #expect(CheckInRule.terminalToCorrect(queued(at: "2026-11-23T07:30:00+07:00", terminal: nil)) == nil)
        let received = Self.time("2026-11-23T07:50:00+07:00")
        #expect(checkInRule().effectiveTime(of: request, receivedAt: received, clockOffset: 5 * 60 * Self.minute)
            == .success(Self.time("2026-11-23T07:30:00+07:00")))
        // Without a known offset the slow clock's time stands, and is too early for the morning.
        #expect(checkInRule().effectiveTime(of: request, receivedAt: received, clockOffset: nil)
            == .failure(ProtocolError(.invalid, "at 2026-11-23T02:30:00.000+07:00 is outside conference HN")))
    }

    @Test func aScanMoreThanAMinuteAheadIsRefusedAsFuture() {
        let received = Self.time("2026-11-23T08:00:00+07:00")
        #expect(checkInRule().effectiveTime(of: queued(at: "2026-11-23T08:01:00+07:00"), receivedAt: received, clockOffset: nil)
            == .success(Self.time("2026-11-23T08:01:00+07:00")))
        #expect(checkInRule().effectiveTime(of: queued(at: "2026-11-23T08:01:00.001+07:00"), receivedAt: received, clockOffset: nil)
            == .failure(ProtocolError(.invalid, "at 2026-11-23T08:01:00.001+07:00 is in the future")))
    }

    @Test func justBeforeAndAfterMidnightInVietnam() {
        let allDay = checkInRule(Self.allDay)
        // 23:58 local is 16:58 UTC: a scan two minutes earlier is the same local day, inside.
        let received = Self.time("2026-11-23T16:58:00Z")
        #expect(allDay.effectiveTime(of: queued(at: "2026-11-23T23:56:00+07:00"), receivedAt: received, clockOffset: nil)
            == .success(Self.time("2026-11-23T23:56:00+07:00")))
        // After 23:59 the day's only part is over: a queued scan then is outside it.
        let afterMidnight = Self.time("2026-11-24T00:00:30+07:00")
        #expect(allDay.effectiveTime(of: queued(at: "2026-11-23T23:59:30+07:00"), receivedAt: afterMidnight, clockOffset: nil)
            == .failure(ProtocolError(.invalid, "at 2026-11-23T23:59:30.000+07:00 is outside conference ND")))
        // A terminal clock an hour slow past midnight is corrected back into the day.
        #expect(allDay.effectiveTime(
            of: queued(at: "2026-11-23T22:58:00+07:00"), receivedAt: afterMidnight, clockOffset: 60 * Self.minute)
            == .success(Self.time("2026-11-23T23:58:00+07:00")))
        // Lateness: 23:58 is late for a part that began at 00:00 of that day; none once it ended.
        let late = allDay.replyFields(of: entry(received: "2026-11-23T23:58:00+07:00"), repeated: false)
        #expect(late.contains(.init("late", String(23 * 60 + 58))))
        #expect(late.contains(.init("part", "Cả ngày")))
        let overnight = allDay.replyFields(of: entry(received: "2026-11-24T00:00:30+07:00"), repeated: false)
        #expect(!overnight.contains { $0.key == "late" })
        #expect(overnight.contains(.init("at", "2026-11-24T00:00:30.000+07:00")))
    }

    @Test func aLiveCheckInWithItsClockMeasuresTheOffset() {
        let live = entry(received: "2026-11-23T07:40:00+07:00", terminalAt: "2026-11-23T02:40:00+07:00")
        let measured = CheckInRule.measuredOffset(live)
        #expect(measured?.terminal == "t1")
        #expect(measured?.milliseconds == 5 * 60 * Self.minute)
        #expect(CheckInRule.measuredOffset(entry(received: "2026-11-23T07:40:00+07:00")) == nil)  // no at=
        #expect(CheckInRule.measuredOffset(
            entry(received: "2026-11-23T07:40:00+07:00", isLive: false, terminalAt: "2026-11-23T02:40:00+07:00")) == nil)
    }

    @Test func theReplySaysWhoWhetherInvitedFirstAndHowLate() {
        let onTime = checkInRule().replyFields(of: entry(received: "2026-11-23T07:40:00+07:00"), repeated: false)
        #expect(onTime == [
            .init("event", "12"), .init("conf", "HN"), .init("id", "A01"), .init("at", "2026-11-23T07:40:00.000+07:00"),
            .init("name", "Nguyễn Văn An"), .init("invited", "1"), .init("first", "1"),
        ])
        // Eleven minutes after the start, past the 10 minutes' grace: late, counted at the scan time.
        let queuedLate = checkInRule().replyFields(
            of: entry(received: "2026-11-23T09:00:00+07:00", effective: "2026-11-23T07:41:00+07:00", isLive: false), repeated: false)
        #expect(queuedLate == [
            .init("event", "12"), .init("conf", "HN"), .init("id", "A01"), .init("at", "2026-11-23T09:00:00.000+07:00"),
            .init("effective_at", "2026-11-23T07:41:00.000+07:00"), .init("name", "Nguyễn Văn An"), .init("invited", "1"),
            .init("first", "1"), .init("late", "11"), .init("part", "Sáng"),
        ])
        // A second arrival is not late again; a check-out says neither.
        let again = checkInRule().replyFields(of: entry(received: "2026-11-23T09:00:00+07:00"), repeated: true)
        #expect(again.suffix(2) == [.init("invited", "1"), .init("first", "0")])
        let out = checkInRule().replyFields(of: entry(received: "2026-11-23T09:00:00+07:00", direction: .checkOut), repeated: false)
        #expect(out.last == .init("invited", "1"))
        // A walk-in has no name.
        let walkIn = CheckInRule(openConference: "HN", plan: Self.morning, invited: [:])
            .replyFields(of: entry(received: "2026-11-23T07:40:00+07:00"), repeated: false)
        #expect(!walkIn.contains { $0.key == "name" })
        #expect(walkIn.contains(.init("invited", "0")))
    }

    @Test func aRetryIsTheSameDelegateAndDirectionUnderTheSameNumber() {
        let stored = entry(received: "2026-11-23T07:40:00+07:00")
        #expect(CheckInRule.isRetry(CheckRequest(direction: .checkIn, delegate: "A01", terminal: "t1", sequence: 3), of: stored))
        #expect(!CheckInRule.isRetry(CheckRequest(direction: .checkIn, delegate: "B02", terminal: "t1", sequence: 3), of: stored))
        #expect(!CheckInRule.isRetry(CheckRequest(direction: .checkOut, delegate: "A01", terminal: "t1", sequence: 3), of: stored))
        #expect(CheckInRule.sequenceReused(by: stored) == ProtocolError(.seqReused, "term t1 seq 3 was used for CHECKIN id=A01"))
        #expect(CheckInRule.keepsReply(stored))
    }

    @Test func aKeptReplyReadsBackAsItsFields() {
        let fields = checkInRule().replyFields(of: entry(received: "2026-11-23T07:40:00+07:00"), repeated: false)
        let kept = CheckInRule.keptReply(fields)
        #expect(kept.hasPrefix("event=12 conf=HN id=A01 "))
        #expect(CheckInRule.fields(ofKeptReply: kept) == fields)
    }

    /// The narrow form keeps only what the row cannot give back, reads back as the whole reply
    /// (live, queued, check-out, a name with spaces), and a reply kept whole before still reads whole.
    @Test func aNarrowKeptReplyKeepsOnlyWhatTheRowCannotGiveBack() throws {
        let live = entry(received: "2026-11-23T07:40:00+07:00")
        let (fields, kept) = checkInRule().reply(of: live, repeated: false)
        let narrow = try #require(kept)
        #expect(fields == checkInRule().replyFields(of: live, repeated: false))
        #expect(narrow == #"name="Nguyễn Văn An" invited=1 first=1"#)
        #expect(!narrow.contains("2026-11-23") && !narrow.contains("conf="))
        #expect(narrow.utf8.count * 2 < CheckInRule.keptReply(fields).utf8.count)
        #expect(CheckInRule.fields(ofKeptReply: narrow, of: live) == fields)
        #expect(CheckInRule.fields(ofKeptReply: CheckInRule.keptReply(fields), of: live) == fields)
        for record in [
            entry(received: "2026-11-23T07:50:00+07:00", effective: "2026-11-23T07:20:00+07:00", isLive: false),
            entry(received: "2026-11-23T09:00:00+07:00", direction: .checkOut),
        ] {
            let (reply, kept) = checkInRule().reply(of: record, repeated: true)
            #expect(reply == checkInRule().replyFields(of: record, repeated: true))
            #expect(CheckInRule.fields(ofKeptReply: try #require(kept), of: record) == reply)
        }
        // After an echo, the same fields follow it and the same narrow form is kept.
        let echo = [RequestLine.Field("seq", "7")]
        let echoed = checkInRule().reply(of: live, repeated: false, after: echo)
        #expect(echoed.fields == echo + fields && echoed.kept == kept)
        // A check-in without a (term, seq) keeps no reply.
        var anonymous = live
        anonymous.terminal = nil
        #expect(checkInRule().reply(of: anonymous, repeated: false).kept == nil)
        // A kept reply's text is the OK line's after `OK `, quotes and escapes included.
        let odd = [RequestLine.Field("name", #"Lê "Bé" \ Ba"#), .init("invited", "1")]
        #expect("OK " + CheckInRule.keptReply(odd) == RequestLine(verb: "OK", fields: odd).text)
    }
}
