import Foundation
import Testing

@testable import AttendCore

/// The hub's silent halls, once per silence (`LiveSilenceWatch`), a closed hall never silent
/// (`LiveBoard.close`), and the live view in the printed district page.
@Suite struct LiveSilenceWatchTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }
    static let bridges = Array(LiveSummaryTests.keys.values).sorted { $0.id < $1.id }

    @Test func aHallIsAnnouncedSilentOnceUntilHeardAndSilentAgain() {
        var board = LiveBoard()
        var watch = LiveSilenceWatch()
        board.offer(LiveSummaryTests.summary("xa-a"), seq: 1, heardAt: Self.time("2026-11-23T08:00:00+07:00"))
        board.offer(LiveSummaryTests.summary("xa-b"), seq: 1, heardAt: Self.time("2026-11-23T08:01:00+07:00"))
        // Live: nothing said, and the next look is one millisecond past two intervals of the oldest.
        var step = watch.step(board: board, at: Self.time("2026-11-23T08:01:30+07:00"))
        #expect(step.silenced.isEmpty)
        #expect(step.nextCheck == Timestamp(milliseconds: Self.time("2026-11-23T08:02:00+07:00").milliseconds + 1))
        step = watch.step(board: board, at: Self.time("2026-11-23T08:02:00.001+07:00"))
        #expect(step.silenced.map(\.hall) == ["xa-a"])
        #expect(step.silenced.first?.lastHeard == Self.time("2026-11-23T08:00:00+07:00"))
        #expect(step.nextCheck == Timestamp(milliseconds: Self.time("2026-11-23T08:03:00+07:00").milliseconds + 1))
        // Still silent: not again. Both silent: only the new one, then no next look.
        let again = watch.step(board: board, at: Self.time("2026-11-23T08:02:30+07:00"))
        #expect(again.silenced.isEmpty)
        step = watch.step(board: board, at: Self.time("2026-11-23T08:10:00+07:00"))
        #expect(step.silenced.map(\.hall) == ["xa-b"])
        #expect(step.nextCheck == nil)
        // Heard again, then silent again: announced a second time.
        board.offer(LiveSummaryTests.summary("xa-a"), seq: 2, heardAt: Self.time("2026-11-23T08:11:00+07:00"))
        let heard = watch.step(board: board, at: Self.time("2026-11-23T08:11:30+07:00"))
        #expect(heard.silenced.isEmpty)
        let silentAgain = watch.step(board: board, at: Self.time("2026-11-23T08:13:01+07:00"))
        #expect(silentAgain.silenced.map(\.hall) == ["xa-a"])
        // The event: its detail the time last heard, its sentence in Vietnamese.
        let event = LiveSilenceWatch.Silence(conference: "HN", hall: "xa-a", lastHeard: Self.time("2026-11-23T08:11:00+07:00"))
            .event(hallName: "UBND xã A", at: Self.time("2026-11-23T08:13:01+07:00"))
        #expect(event.fileName == "hall_silent-HN+xa-a.event")
        #expect(event.environmentFile().contains("ATTEND_TEXT=\"Mất tín hiệu tại UBND xã A, hội nghị HN: nghe lần cuối lúc 08:11.\""))
    }

    @Test func aHallsFinalTallyEndsItsLiveFiguresAndALateSummaryIsRefused() {
        var board = LiveBoard()
        var watch = LiveSilenceWatch()
        board.offer(LiveSummaryTests.summary("xa-a"), seq: 1, heardAt: Self.time("2026-11-23T08:00:00+07:00"))
        board.close(bridge: "xa-a", conference: "HN")
        #expect(board.count == 0)
        let late = board.offer(LiveSummaryTests.summary("xa-a"), seq: 9, heardAt: Self.time("2026-11-23T08:00:05+07:00"))
        #expect(!late)
        let closed = watch.step(board: board, at: Self.time("2026-11-23T09:00:00+07:00"))
        #expect(closed.silenced.isEmpty && closed.nextCheck == nil)
        // Bounded: at most four closed conferences a hall remembered.
        for k in 0..<10 { board.close(bridge: "xa-a", conference: "C\(k)") }
        #expect(board.closed["xa-a"] == ["C6", "C7", "C8", "C9"])
    }

    @Test func thePrintedDistrictPageShowsTheLiveViewWhileOpen() throws {
        var board = LiveBoard()
        let curve: [LiveSummary.Point] = [.init(at: "2026-11-23T07:30:00+07:00", present: 10), .init(at: "2026-11-23T08:00:00+07:00", present: 40)]
        board.offer(LiveSummaryTests.summary("xa-a", present: 40, curve: curve), seq: 1, heardAt: Self.time("2026-11-23T08:00:00+07:00"))
        board.offer(LiveSummaryTests.summary("xa-b", present: 5, incidents: [.init(kind: "audio_lost", since: "2026-11-23T07:50:00+07:00")]),
                    seq: 1, heardAt: Self.time("2026-11-23T07:45:00+07:00"))
        var rollup = DistrictRollup.compute(conference: "HN", bridges: Self.bridges, summaries: [])
        let closed = rollup.htmlReport(conference: nil, district: "Huyện", generatedAt: Self.time("2026-11-23T08:00:30+07:00"))
        rollup.live = DistrictLive.compute(conference: "HN", board: board, bridges: Self.bridges, at: Self.time("2026-11-23T08:00:30+07:00"))
        let html = rollup.htmlReport(conference: nil, district: "Huyện", generatedAt: Self.time("2026-11-23T08:00:30+07:00"))
        #expect(!closed.contains("TRỰC TIẾP"))
        #expect(html.contains("TRỰC TIẾP (HỘI NGHỊ ĐANG DIỄN RA)"))
        #expect(html.contains("<div class=\"value\">45 / 100 (90"))
        // The silent hall in red with the time it was last heard; the live one with its own.
        #expect(html.contains("<span class=\"miss-mark\">mất</span> <span class=\"miss-mark\">tín</span>"))
        #expect(html.contains("<span class=\"miss-mark\">cuối</span> <span class=\"miss-mark\">07:45</span>"))
        #expect(html.contains("đang nhận 08:00"))
        #expect(html.contains("Mất âm thanh 07:50"))
        // The curve so far: a polyline from the first point (x = left) to the newest (x = right).
        #expect(html.contains("<polyline fill=\"none\" stroke=\"#1a4f9c\" stroke-width=\"2\" points=\"48.0,"))
        #expect(html.contains(" 664.0,"))
        #expect(LiveCurveSVG(curve: [curve[0]], invited: 50) == nil)
    }
}

/// `below_target` at a part's end, once per part.
@Suite struct PartEndRuleTests {
    static func time(_ text: String) -> Timestamp { Timestamp(rfc3339: text)! }

    @Test func aPartThatEndedSinceTheLastLookNamesItsCategoriesBelowTarget() throws {
        let parts = [ConferencePlan.Part(name: "Sáng", start: Self.time("2026-11-23T07:30:00+07:00"), end: Self.time("2026-11-23T11:00:00+07:00")),
                     ConferencePlan.Part(name: "Chiều", start: Self.time("2026-11-23T13:30:00+07:00"), end: Self.time("2026-11-23T16:30:00+07:00"))]
        let plan = ConferencePlan(id: "HN", title: "Hội nghị", date: "2026-11-23", parts: parts)
        #expect(PartEndRule.endedParts(plan, after: Self.time("2026-11-23T10:59:58+07:00"), at: Self.time("2026-11-23T10:59:59+07:00")).isEmpty)
        #expect(PartEndRule.endedParts(plan, after: Self.time("2026-11-23T10:59:59+07:00"), at: Self.time("2026-11-23T11:00:01+07:00")).map(\.name) == ["Sáng"])
        // The next look, after it: not again; opened after both ended: none.
        #expect(PartEndRule.endedParts(plan, after: Self.time("2026-11-23T11:00:01+07:00"), at: Self.time("2026-11-23T11:00:03+07:00")).isEmpty)
        #expect(PartEndRule.endedParts(plan, after: Self.time("2026-11-23T17:00:00+07:00"), at: Self.time("2026-11-23T17:00:02+07:00")).isEmpty)
        let categories: [StatusSnapshot.ConferenceStatus.LiveCategory] = [
            .init(category: "party_member", invited: 40, arrived: 29, rate: 72.5, target: 98, belowTarget: true),
            .init(category: "official", invited: 10, arrived: 10, rate: 100, target: 90, belowTarget: false),
        ]
        let event = try #require(PartEndRule.event(
            part: parts[0], categories: categories, conference: "HN", hall: "xa-a", hallName: "UBND xã A", at: Self.time("2026-11-23T11:00:01+07:00")))
        #expect(event.fileName == "below_target-HN+xa-a.event")
        #expect(event.detail == "Sáng: Đảng viên 72,5%")
        #expect(PartEndRule.event(part: parts[0], categories: [categories[1]], conference: "HN", hall: "xa-a", hallName: nil,
                                  at: Self.time("2026-11-23T11:00:01+07:00")) == nil)
    }
}
