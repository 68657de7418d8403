/// A conference as planned at one bridge point: its parts, grace period and expected count.
public struct ConferencePlan: Equatable, Sendable, Codable {
    public var id: String
    public var title: String
    /// The conference day in local time, `YYYY-MM-DD`.
    public var date: String
    /// The parts (buổi) in time order; they may fall on different days.
    public var parts: [Part]
    /// Minutes after a part starts before an arrival counts as late, and before it ends
    /// within which a departure does not count as early.
    public var graceMinutes: Int
    /// The expected number of delegates, confirmed the day before (số lượng dự kiến).
    public var expected: Int?
    /// Opened and closed by the daemon on the schedule of its parts (see `scheduledAction`).
    public var autoSchedule = false
    /// The day the written reflections (bài thu hoạch) are due, `YYYY-MM-DD`; nil for none.
    public var reflectionDue: String? = nil

    public init(id: String, title: String, date: String, parts: [Part], graceMinutes: Int = 10, expected: Int? = nil) {
        self.id = id
        self.title = title
        self.date = date
        self.parts = parts
        self.graceMinutes = graceMinutes
        self.expected = expected
    }

    /// One part of the conference day (buổi sáng, buổi chiều).
    public struct Part: Equatable, Sendable, Codable {
        public var name: String
        public var start: Timestamp
        public var end: Timestamp

        public init(name: String, start: Timestamp, end: Timestamp) {
            self.name = name
            self.start = start
            self.end = end
        }
    }

    /// From the first part's start to the last part's end.
    public var span: (start: Timestamp, end: Timestamp)? {
        guard let first = parts.first, let last = parts.last else { return nil }
        return (first.start, last.end)
    }

    /// The part an arrival at `instant` is late for, and by how many whole minutes: the part
    /// under way at that instant when more than the grace period has passed since its start.
    public func lateness(at instant: Timestamp) -> (part: String, minutes: Int)? {
        guard let part = parts.first(where: { $0.start <= instant && instant < $0.end }) else { return nil }
        let late = instant.milliseconds - part.start.milliseconds
        guard late > Int64(graceMinutes) * 60_000 else { return nil }
        return (part.name, Int(late / 60_000))
    }

    /// Whether a scan at `instant` can belong to this conference: from 3 hours before the
    /// first part (people arrive early) to the end of the last. Any time, without parts.
    public func admits(_ instant: Timestamp) -> Bool {
        guard let span else { return true }
        return instant.milliseconds >= span.start.milliseconds - 3 * 3_600_000 && instant <= span.end
    }

    /// Parses parts written as `Sáng 07:30-11:30, Chiều 13:30-17:00`: comma-separated, each an
    /// optional name, an optional `YYYY-MM-DD` (default `date`), and `HH:MM-HH:MM` in Vietnam's
    /// local time. An end before its start runs past midnight. Parts must not overlap.
    public static func parseParts(_ text: String, date: String) throws(ProtocolError) -> [Part] {
        var parts: [Part] = []
        for (index, item) in text.split(separator: ",").enumerated() {
            var words = item.split(separator: " ").map(String.init)
            guard let range = words.popLast(), let dash = range.firstIndex(of: "-") else {
                throw ProtocolError(.invalid, "part \(index + 1) has no HH:MM-HH:MM time range")
            }
            var day = date
            if let last = words.last, isDate(last) { day = words.removeLast() }
            // `Sáng 07:30-11:30 Chiều 13:30-17:00` would otherwise be one afternoon part named
            // "Sáng 07:30-11:30 Chiều", the morning lost without a word.
            if let stray = words.first(where: { word in
                word.split(separator: "-", maxSplits: 1).first.map { localTime(date, String($0)) != nil } ?? false
            }) {
                throw ProtocolError(.invalid, "part \(index + 1) has a second time range \(stray); separate parts with commas")
            }
            let name = words.isEmpty ? defaultName(index) : words.joined(separator: " ")
            let from = String(range[..<dash])
            let to = String(range[range.index(after: dash)...])
            guard let start = localTime(day, from), var end = localTime(day, to) else {
                throw ProtocolError(.invalid, "part \(index + 1) (\(name)): \(day) \(range) is not a valid date and HH:MM-HH:MM")
            }
            if end <= start { end.milliseconds += 86_400_000 }
            if let previous = parts.last, start < previous.end {
                throw ProtocolError(.invalid, "part \(index + 1) (\(name)) starts before part \(index) ends")
            }
            parts.append(Part(name: name, start: start, end: end))
        }
        guard !parts.isEmpty else { throw ProtocolError(.invalid, "parts must name at least one HH:MM-HH:MM range") }
        return parts
    }

    /// `2026-11-23` and `07:30` in Vietnam's local time, as an instant.
    public static func localTime(_ date: String, _ time: String) -> Timestamp? {
        let hm = time.split(separator: ":")
        guard isDate(date), hm.count == 2, hm[0].count <= 2, hm[1].count == 2,
              let hour = Int(hm[0]), let minute = Int(hm[1]), hour < 24, minute < 60 else { return nil }
        let text = "\(date)T\(hour < 10 ? "0" : "")\(hour):\(hm[1]):00+07:00"
        return Timestamp(rfc3339: text)
    }

    /// Whether `text` is a valid `YYYY-MM-DD` calendar date.
    public static func isDate(_ text: String) -> Bool {
        text.utf8.count == 10 && Timestamp(rfc3339: text + "T00:00:00Z") != nil
    }

    private static func defaultName(_ index: Int) -> String { "Buổi \(index + 1)" }
}
