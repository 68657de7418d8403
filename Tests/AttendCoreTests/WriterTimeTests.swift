@testable import AttendCore
import Foundation
import Testing

/// The writer's time by activity and its groups' durations (`WriterTime`), and how the
/// textfile writes them.
@Suite struct WriterTimeTests {
    static func sample() -> WriterTime {
        var time = WriterTime()
        time.addGroup(requests: 300, fold: 0, commit: 200)          // 500 µs: the first bucket, its bound included
        time.addGroup(requests: 300, fold: 0, commit: 201)          // 501 µs: the second
        time.addGroup(requests: 4_000, fold: 2_500, commit: 3_500)  // 10 ms: at most 10 ms
        time.addGroup(requests: 1_500_000, fold: 0, commit: 1)      // over 1 s: the +Inf bucket
        time.addIdleFold(1_250)
        time.addCatchUp(4_000)
        return time
    }

    @Test func eachGroupLandsInTheFirstBucketItFitsAndTheSumsAreExact() {
        let time = Self.sample()
        #expect(time.groupBuckets == [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1])
        #expect(time.groups == 4)
        #expect(time.requestsMicroseconds == 1_504_600)
        #expect(time.foldsMicroseconds == 3_750)
        #expect(time.commitsMicroseconds == 3_902)
        #expect(time.catchUpsMicroseconds == 4_000)
        #expect(time.groupsMicroseconds == 500 + 501 + 10_000 + 1_500_001)
        #expect(time.busyMicroseconds == 1_504_600 + 3_750 + 3_902 + 4_000)
        #expect(time.groups(longerThan: 10_000) == 1)
        #expect(time.groups(longerThan: 5_000) == 2)
        #expect(time.groups(longerThan: 500) == 3)
    }

    @Test func aClockThatWentBackwardsCountsNothingNegative() {
        var time = WriterTime()
        time.addGroup(requests: -5, fold: -1, commit: 10)
        time.addIdleFold(-3)
        time.addCatchUp(-3)
        #expect(time.requestsMicroseconds == 0 && time.foldsMicroseconds == 0 && time.catchUpsMicroseconds == 0)
        #expect(time.groupsMicroseconds == 10)
        #expect(time.groupBuckets[0] == 1)
    }

    @Test func sinceGivesWhatHappenedBetweenTwoReadings() {
        let before = Self.sample()
        var after = before
        after.addGroup(requests: 12_000, fold: 3_000, commit: 5_000)  // 20 ms
        after.addCatchUp(7)
        let delta = after.since(before)
        #expect(delta.groups == 1)
        #expect(delta.groups(longerThan: 10_000) == 1)
        #expect(delta.requestsMicroseconds == 12_000 && delta.foldsMicroseconds == 3_000)
        #expect(delta.commitsMicroseconds == 5_000 && delta.catchUpsMicroseconds == 7)
        #expect(delta.groupsMicroseconds == 20_000)
        #expect(after.since(after) == WriterTime())
    }

    @Test func statusJSONKeepsItWhole() throws {
        var snapshot = StatusRenderingTests.snapshot()
        snapshot.writer = Self.sample()
        let json = snapshot.jsonData()
        #expect(try StatusSnapshot.decode(json: json) == snapshot)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"catch_ups_microseconds\" : 4000"))
        #expect(text.contains("\"group_buckets\" : ["))
    }

    @Test func theTextfileHasTheBusySecondsAndACumulativeHistogram() {
        var snapshot = StatusRenderingTests.snapshot()
        snapshot.writer = Self.sample()
        let text = snapshot.prometheusText()
        let expected = """
            # TYPE attendd_writer_busy_seconds_total counter
            attendd_writer_busy_seconds_total{activity="catch_ups"} 0.004
            attendd_writer_busy_seconds_total{activity="commits"} 0.003902
            attendd_writer_busy_seconds_total{activity="folds"} 0.00375
            attendd_writer_busy_seconds_total{activity="requests"} 1.5046
            # HELP attendd_writer_group_duration_seconds How long each group of requests took in the writer, from its BEGIN to the end of its COMMIT.
            # TYPE attendd_writer_group_duration_seconds histogram
            attendd_writer_group_duration_seconds_bucket{le="0.0005"} 1
            attendd_writer_group_duration_seconds_bucket{le="0.001"} 2
            attendd_writer_group_duration_seconds_bucket{le="0.002"} 2
            attendd_writer_group_duration_seconds_bucket{le="0.005"} 2
            attendd_writer_group_duration_seconds_bucket{le="0.01"} 3
            attendd_writer_group_duration_seconds_bucket{le="0.02"} 3
            attendd_writer_group_duration_seconds_bucket{le="0.05"} 3
            attendd_writer_group_duration_seconds_bucket{le="0.1"} 3
            attendd_writer_group_duration_seconds_bucket{le="0.25"} 3
            attendd_writer_group_duration_seconds_bucket{le="1"} 3
            attendd_writer_group_duration_seconds_bucket{le="+Inf"} 4
            attendd_writer_group_duration_seconds_sum 1.511002
            attendd_writer_group_duration_seconds_count 4

            """
        #expect(text.contains(expected), "\(text)")
        #expect(!StatusRenderingTests.snapshot().prometheusText().contains("attendd_writer_"))
    }

    @Test func secondsFromMicrosecondsAreExactDecimals() {
        #expect(PrometheusWriter.seconds(microseconds: 0) == "0")
        #expect(PrometheusWriter.seconds(microseconds: 1) == "0.000001")
        #expect(PrometheusWriter.seconds(microseconds: 2_500_000) == "2.5")
        #expect(PrometheusWriter.seconds(microseconds: -1_000_010) == "-1.00001")
        #expect(PrometheusWriter.seconds(Timestamp(milliseconds: 1_795_406_705_250)) == "1795406705.25")
    }
}

extension WriterTimeTests {
    @Test func countsUnderOtherBoundsAreRefusedNamingBoth() throws {
        var snapshot = StatusRenderingTests.snapshot()
        snapshot.writer = Self.sample()
        let text = String(decoding: snapshot.jsonData(), as: UTF8.self)
        #expect(text.contains("\"group_bounds_microseconds\" : ["))
        let other = text.replacingOccurrences(of: "\"group_bounds_microseconds\" : [\n      500,", with: "\"group_bounds_microseconds\" : [\n      400,")
        #expect(other != text, "the test did not change the bounds")
        #expect {
            try StatusSnapshot.decode(json: Data(other.utf8))
        } throws: { error in
            "\(error)".contains("under the bounds [400, 1000,") && "\(error)".contains("this attendd keeps 11 under [500, 1000,")
        }
    }
}
