import AttendCore

extension Clock {
    /// Where `environment` asks the wall clock to start (`ATTENDD_TEST_CLOCK_START`, tests
    /// only); nil when unset. attendd and attendctl read it the same way: a value that is no
    /// RFC 3339 time is a usage error (exit 2), never ignored, since a test that meant to move
    /// the clock and silently did not would pass at the wrong time of day.
    public static func testStart(in environment: [String: String]) throws(UsageError) -> Timestamp? {
        guard let text = environment[testStartVariable] else { return nil }
        guard let start = Timestamp(rfc3339: text) else {
            throw UsageError("\(testStartVariable)=\(text) is not an RFC 3339 time (2026-11-23T23:58:00+07:00)")
        }
        return start
    }
}
