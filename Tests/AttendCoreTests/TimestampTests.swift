import Foundation
import AttendTestSupport
import Testing

@testable import AttendCore


/// 2026-11-23T00:45:00Z.
private let meeting: Int64 = 1_795_394_700_000

@Suite struct TimestampTests {
    // MARK: Parsing

    static let valid: [(String, Int64)] = [
        ("2026-11-23T00:45:00Z", meeting),
        ("2026-11-23T00:45:00z", meeting),
        ("2026-11-23t00:45:00Z", meeting),
        ("2026-11-23 00:45:00Z", meeting),
        ("2026-11-23T07:45:00+07:00", meeting),
        ("2026-11-23t07:45:00+07:00", meeting),
        ("2026-11-22T19:15:00-05:30", meeting),
        ("2026-11-23T00:45:00+00:00", meeting),
        ("2026-11-23T00:45:00-00:00", meeting),
        ("2026-11-23T00:45:00.5Z", meeting + 500),
        ("2026-11-23T00:45:00.25Z", meeting + 250),
        ("2026-11-23T00:45:00.123Z", meeting + 123),
        ("2026-11-23T00:45:00.123456Z", meeting + 123),  // finer than a millisecond is dropped
        ("2026-11-23T00:45:00.999999999Z", meeting + 999),
        ("2026-11-23T07:45:00.007+07:00", meeting + 7),
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T07:00:00+07:00", 0),
        ("1969-12-31T23:59:59.999Z", -1),
        ("1900-01-01T00:00:00Z", -2_208_988_800_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000),
        ("2024-02-29T19:00:00+07:00", 1_709_208_000_000),
        ("2100-02-28T00:00:00Z", 4_107_456_000_000),
    ]

    @Test(arguments: valid)
    func parses(_ text: String, _ milliseconds: Int64) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.milliseconds == milliseconds)
    }

    @Test func leapSecondFoldsIntoTheNextSecond() throws {
        let leap = try #require(Timestamp(rfc3339: "2016-12-31T23:59:60Z"))
        #expect(leap == Timestamp(rfc3339: "2017-01-01T00:00:00Z"))
    }

    @Test(arguments: [
        "",
        "junk",
        "2026-11-23",
        "2026-11-23T07:45:00",  // no offset
        "2026-11-23T07:45:00.123",  // no offset
        "2026-11-23T07:45Z",  // no seconds
        "2026-02-30T00:00:00Z",
        "2025-02-29T00:00:00Z",  // not a leap year
        "1900-02-29T00:00:00Z",  // not a leap year either
        "2026-04-31T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-11-00T00:00:00Z",
        "2026-11-23T24:00:00Z",
        "2026-11-23T23:60:00Z",
        "2026-11-23T23:59:61Z",
        "2026-11-23T07:45:00+7:00",
        "2026-11-23T07:45:00+0700",
        "2026-11-23T07:45:00+07",
        "2026-11-23T07:45:00+24:00",
        "2026-11-23T07:45:00+07:60",
        "2026-11-23T07:45:00.Z",
        "2026-11-23T07:45:00ZZ",
        "2026-11-23T07:45:00Z ",
        " 2026-11-23T07:45:00Z",
        "2026-11-23T07:45:00+07:00x",
        "2026/11/23T07:45:00Z",
        "2026-11-23X07:45:00Z",
        "2026-11-23T07-45-00Z",
        "26-11-23T07:45:00Z",
        "2026-1-23T07:45:00Z",
        "２０２６-11-23T07:45:00Z",  // full-width digits
    ])
    func refuses(_ text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    // MARK: Formatting

    @Test func formatsInUTC() {
        #expect(Timestamp(milliseconds: meeting).rfc3339() == "2026-11-23T00:45:00.000Z")
        #expect(Timestamp(milliseconds: meeting + 123).rfc3339() == "2026-11-23T00:45:00.123Z")
        #expect(Timestamp(milliseconds: 0).rfc3339() == "1970-01-01T00:00:00.000Z")
    }

    @Test func formatsInVietnam() {
        #expect(Timestamp(milliseconds: meeting).vietnam == "2026-11-23T07:45:00.000+07:00")
        #expect(Timestamp(milliseconds: meeting + 7).rfc3339(offsetSeconds: 7 * 3600) == "2026-11-23T07:45:00.007+07:00")
        // 17:00Z is already the next day in Hà Nội.
        let evening = Timestamp(rfc3339: "2026-11-23T17:30:00Z")!
        #expect(evening.vietnam == "2026-11-24T00:30:00.000+07:00")
    }

    @Test func formatsNegativeOffsets() {
        #expect(Timestamp(milliseconds: meeting).rfc3339(offsetSeconds: -(5 * 3600 + 1800)) == "2026-11-22T19:15:00.000-05:30")
    }

    @Test func formatsLeapDay() throws {
        let leap = try #require(Timestamp(rfc3339: "2024-02-29T23:59:59.999+07:00"))
        #expect(leap.vietnam == "2024-02-29T23:59:59.999+07:00")
        #expect(leap.rfc3339() == "2024-02-29T16:59:59.999Z")
        #expect(Timestamp(milliseconds: leap.milliseconds + 1).vietnam == "2024-03-01T00:00:00.000+07:00")
    }

    @Test func formatsDaysBefore1970() {
        #expect(Timestamp(milliseconds: -1).rfc3339() == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(milliseconds: -1000).rfc3339() == "1969-12-31T23:59:59.000Z")
        #expect(Timestamp(milliseconds: -86_400_000).rfc3339() == "1969-12-31T00:00:00.000Z")
        #expect(Timestamp(milliseconds: -86_400_001).rfc3339() == "1969-12-30T23:59:59.999Z")
        #expect(Timestamp(milliseconds: -2_208_988_800_000).rfc3339() == "1900-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: -1).vietnam == "1970-01-01T06:59:59.999+07:00")
    }

    // MARK: Round trips

    /// 1970-01-01 to 2100-12-31, in milliseconds.
    static let range: ClosedRange<Int64> = 0...4_133_980_799_999

    @Test(arguments: [0, 7 * 3600, -(5 * 3600 + 1800), 14 * 3600, -12 * 3600])
    func randomInstantsRoundTrip(_ offset: Int) throws {
        var random = SplitMix64(state: 0x7E57 &+ UInt64(bitPattern: Int64(offset)))
        for _ in 0..<5_000 {
            let instant = Timestamp(milliseconds: Int64.random(in: Self.range, using: &random))
            let text = instant.rfc3339(offsetSeconds: offset)
            #expect(Timestamp(rfc3339: text) == instant, "\(instant.milliseconds) as \(text)")
        }
    }

    @Test func randomInstantsAgreeWithFoundation() throws {
        var random = SplitMix64(state: 0xF0D)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        for _ in 0..<2_000 {
            let seconds = Int64.random(in: -2_208_988_800...4_133_980_799, using: &random)
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            let parsed = try #require(Timestamp(rfc3339: text), "\(text)")
            #expect(parsed.milliseconds == seconds * 1000, "\(text)")
            #expect(String(parsed.rfc3339().prefix(19)) == String(text.prefix(19)))
        }
    }

    @Test func everyDayFrom1960To2100RoundTrips() {
        // Each civil day maps to one day number and back, with no gaps.
        var expected = Timestamp.daysFromCivil(year: 1960, month: 1, day: 1)
        var wrong: [String] = []
        for year in 1960...2100 {
            for month in 1...12 {
                for day in 1...Timestamp.daysIn(month: month, year: year) {
                    let number = Timestamp.daysFromCivil(year: year, month: month, day: day)
                    let back = Timestamp.civilFromDays(number)
                    if number != expected || back.0 != year || back.1 != month || back.2 != day {
                        wrong.append("\(year)-\(month)-\(day): \(number) -> \(back)")
                    }
                    expected += 1
                }
            }
        }
        #expect(wrong.isEmpty)
        #expect(Timestamp.daysFromCivil(year: 1970, month: 1, day: 1) == 0)
        #expect(Timestamp.daysFromCivil(year: 1960, month: 1, day: 1) == -3653)
    }

    @Test func ordersByInstant() throws {
        let a = try #require(Timestamp(rfc3339: "2026-11-23T07:45:00+07:00"))
        let b = try #require(Timestamp(rfc3339: "2026-11-23T00:45:00.001Z"))
        #expect(a < b)
        #expect(!(b < a))
    }
}
