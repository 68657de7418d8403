/// An instant as milliseconds since 1970-01-01T00:00:00Z. Stored as is; shown in local time.
public struct Timestamp: Comparable, Hashable, Sendable, Codable {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    /// Vietnam's offset from UTC: +07:00 all year, no daylight saving since 1975.
    public static let vietnamOffsetSeconds = 7 * 3600

    /// Parses an RFC 3339 date-time: `2026-11-23T07:45:00+07:00`, `2026-11-23T00:45:00.250Z`.
    /// A space may stand for the `T`; the offset is required.
    public init?(rfc3339 text: String) {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for k in at..<(at + count) {
                guard b[k].isASCIIDigit else { return nil }
                value = value * 10 + Int(b[k] - 0x30)
            }
            return value
        }
        guard b.count >= 20,
              let year = digits(0, 4), b[4] == .hyphen, let month = digits(5, 2), b[7] == .hyphen,
              let day = digits(8, 2), b[10] == 0x54 || b[10] == 0x74 || b[10] == .space,
              let hour = digits(11, 2), b[13] == 0x3A, let minute = digits(14, 2), b[16] == 0x3A,
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Timestamp.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 61  // 60: a leap second, folded into the next
        else { return nil }
        var i = 19
        var millis = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            var scale = 100
            let start = i
            while i < b.count, b[i].isASCIIDigit {
                millis += Int(b[i] - 0x30) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case 0x5A, 0x7A:  // Z
            i += 1
        case 0x2B, .hyphen:
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == 0x3A,
                  let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 60 + om) * 60 * (b[i] == 0x2B ? 1 : -1)
            i += 6
        default:
            return nil
        }
        guard i == b.count else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        self.milliseconds = seconds * 1000 + Int64(millis)
    }

    /// `2026-11-23T11:05:06.123+07:00` for an offset of 7 h, `...Z` for 0.
    /// Written byte by byte: the writer formats one for every reply.
    public func rfc3339(offsetSeconds: Int = 0) -> String {
        let local = milliseconds + Int64(offsetSeconds) * 1000
        let (secondsOfEpoch, millis) = local.floorDivided(by: 1000)
        let (days, secondOfDay) = secondsOfEpoch.floorDivided(by: 86_400)
        let (y, m, d) = Timestamp.civilFromDays(Int(days))
        let s = Int(secondOfDay)
        return String(unsafeUninitializedCapacity: 29) { buffer in
            var i = 0
            func put(_ value: Int, _ width: Int) {
                var v = value
                for k in stride(from: width - 1, through: 0, by: -1) {
                    buffer[i + k] = UInt8(0x30 + v % 10)
                    v /= 10
                }
                i += width
            }
            func put(_ byte: UInt8) {
                buffer[i] = byte
                i += 1
            }
            put(max(0, min(y, 9999)), 4); put(.hyphen); put(m, 2); put(.hyphen); put(d, 2); put(0x54)
            put(s / 3600, 2); put(0x3A); put(s / 60 % 60, 2); put(0x3A); put(s % 60, 2); put(0x2E); put(Int(millis), 3)
            if offsetSeconds == 0 {
                put(0x5A)
            } else {
                let o = abs(offsetSeconds) / 60
                put(offsetSeconds < 0 ? .hyphen : 0x2B); put(o / 60, 2); put(0x3A); put(o % 60, 2)
            }
            return i
        }
    }

    /// The same instant in Vietnam's local time, RFC 3339 with `+07:00`.
    public var vietnam: String { rfc3339(offsetSeconds: Timestamp.vietnamOffsetSeconds) }

    // Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Int64 {
    /// Division rounding toward minus infinity, so instants before 1970 format correctly.
    func floorDivided(by divisor: Int64) -> (Int64, Int64) {
        let q = self / divisor
        let r = self % divisor
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}
