import Foundation

extension Tally {
    /// The largest tally JSON `decode(json:)` reads. A bridge point of 10,000 delegates with
    /// every list full is well under 4 MiB; anything larger is refused before parsing.
    public static let maxJSONBytes = 4 << 20

    /// The tally as the push carries it and `attendctl report --json` prints it: pretty-printed
    /// JSON with snake_case keys in sorted order, slashes unescaped, and a final newline.
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Strings, integers, optionals and arrays encode; a NaN rate would not, and the
        // computation never makes one (`Figures.finish` divides only when someone is invited).
        guard var data = try? encoder.encode(self) else {
            preconditionFailure("Tally failed to encode as JSON")
        }
        data.append(0x0A)
        return data
    }

    /// Reads a tally written by `jsonData()`, typically pushed over the network by a bridge
    /// point, so anything else is refused with a message naming the field:
    /// - more than `maxJSONBytes`, before any parsing;
    /// - a missing or different `schema` (only `attendd.tally/1` is read);
    /// - text that is not JSON, or a field missing or of the wrong type;
    /// - values no tally can hold: negative counts, rates outside 0–100, unreadable times,
    ///   a curve slot outside 1–1440 minutes, negative or unbounded incident minutes. The
    ///   renderers can then trust what they draw.
    /// A tally without `incidents` (written before they were recorded) is read as it is.
    public static func decode(json: Data) throws(TallyDecodingError) -> Tally {
        guard json.count <= maxJSONBytes else {
            throw TallyDecodingError(path: "", "tally JSON is \(json.count) bytes; the limit is \(maxJSONBytes) (4 MiB)")
        }
        // Before the parser, which would keep one of two equal keys without a word.
        if let duplicate = JSONDuplicateKeys.first(in: [UInt8](json)) {
            throw TallyDecodingError(path: duplicate.path, "tally JSON has the key \(TallyDecodingError.quoted(duplicate.key)) twice in "
                + (duplicate.path.isEmpty ? "the top level" : duplicate.path) + ": one document must say one thing")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            // One parse for the usual case; the schema is looked at apart only when the document
            // does not read as a tally, so a newer or foreign one is named as such rather than
            // reported as a missing field somewhere inside it.
            let tally: Tally
            do {
                tally = try decoder.decode(Tally.self, from: json)
            } catch let error as DecodingError {
                // Not JSON at all: the parser's own message says where.
                guard let probe = try? decoder.decode(SchemaProbe.self, from: json) else { throw error }
                try checkSchema(probe.schema)
                throw error
            }
            try checkSchema(tally.schema)
            try tally.validate()
            return tally
        } catch let error as TallyDecodingError {
            throw error
        } catch let error as DecodingError {
            throw TallyDecodingError(error, json: json)
        } catch {
            throw TallyDecodingError(path: "", "tally JSON could not be read: \(TallyDecodingError.clip(String(describing: error)))")
        }
    }

    /// A document without `schema`, or with another one than `attendd.tally/1`, is refused by that name.
    private static func checkSchema(_ schema: String?) throws(TallyDecodingError) {
        guard let schema else {
            throw TallyDecodingError(path: "schema", "tally has no \"schema\"; this attendd reads \(schemaVersion)")
        }
        guard schema == schemaVersion else {
            throw TallyDecodingError(
                path: "schema", "unsupported tally schema \(TallyDecodingError.quoted(schema)); this attendd reads \(schemaVersion)")
        }
    }

    /// Only the `schema` field; anything else in the document is ignored at this step.
    private struct SchemaProbe: Decodable {
        var schema: String?
    }
}

/// Why a tally's JSON was refused: where, and what was wrong, in one sentence.
public struct TallyDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field in the JSON's own names, as `categories[1].figures.absent_excused`;
    /// empty when the document as a whole is refused (too large, not JSON).
    public var path: String
    /// The whole sentence, path included, ready for a log line or an operator.
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { message }

    /// Translates Foundation's error, naming the field from its coding path.
    init(_ error: DecodingError, json: Data) {
        switch error {
        case .keyNotFound(let key, let context):
            let path = Self.path(context.codingPath + [key])
            self.init(path: path, "tally field \(path) is missing")
        case .valueNotFound(_, let context):
            let path = Self.path(context.codingPath)
            self.init(path: path, "tally field \(Self.name(path)) is null where a value is required")
        case .typeMismatch(_, let context):
            let path = Self.path(context.codingPath)
            self.init(path: path, "tally field \(Self.name(path)) has the wrong type: \(Self.clip(context.debugDescription))")
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let path = Self.path(context.codingPath)
            self.init(path: path, "tally field \(path) is invalid: \(Self.clip(context.debugDescription))")
        case .dataCorrupted:
            self = Self.syntaxError(in: json)
        @unknown default:
            self.init(path: "", "tally JSON could not be read: \(Self.clip(String(describing: error)))")
        }
    }

    /// Foundation reports both broken JSON and a number that does not fit its field
    /// (`1.5` or `1e30` where a count belongs) as "not valid JSON" with no path. A second,
    /// untyped parse tells them apart and finds the number's field.
    private static func syntaxError(in json: Data) -> TallyDecodingError {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "malformed"
            return TallyDecodingError(path: "", "tally is not valid JSON: \(clip(reason))")
        }
        if let path = misfitNumberPath(in: object, path: "") {
            return TallyDecodingError(path: path, "tally field \(path) must be a whole number that fits a count")
        }
        return TallyDecodingError(path: "", "tally is not valid JSON")
    }

    /// The first number, in sorted-key order, that is not a whole number within `Int`'s range,
    /// outside the fields that hold fractions (`rate`, `target`, and the minutes and
    /// percentages under `incidents`).
    private static func misfitNumberPath(in value: Any, path: String) -> String? {
        switch value {
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                if key == "rate" || key == "target" { continue }
                if path.hasPrefix("incidents"), fractionalIncidentKeys.contains(key) { continue }
                if let found = misfitNumberPath(in: object[key]!, path: child) { return found }
            }
            return nil
        case let array as [Any]:
            for (index, element) in array.enumerated() {
                if let found = misfitNumberPath(in: element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case let number as NSNumber:
            let double = number.doubleValue
            let fits = double.rounded() == double && abs(double) < 9.2e18
            return fits ? nil : path
        default:
            return nil
        }
    }

    /// The fields under `incidents` that hold fractions.
    private static let fractionalIncidentKeys: Set<String> = [
        "minutes", "outage_minutes", "people_minutes_lost", "sound_percent", "picture_percent",
        "sound_lost_minutes", "picture_lost_minutes",
    ]

    /// `categories[0].figures.absent_excused`: keys in snake_case as the JSON spells them.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + snakeCase(key.stringValue)
            }
        }
        return text
    }

    /// The field's path, or "(top level)" for the document itself.
    private static func name(_ path: String) -> String { path.isEmpty ? "(top level)" : path }

    /// `absentExcused` → `absent_excused`: the encoder's rule for this struct's keys.
    private static func snakeCase(_ key: String) -> String {
        var result = ""
        for character in key {
            if character.isUppercase {
                if !result.isEmpty { result += "_" }
                result += character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    /// Text from the document, for a message: at most 200 characters, control and format
    /// characters escaped, so a hostile sender cannot flood, forge or reorder log lines.
    static func clip(_ text: String) -> String {
        let short = text.count > 200 ? String(text.prefix(200)) + "…" : text
        var result = ""
        for scalar in short.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A value from the document in double quotes, clipped and escaped.
    static func quoted(_ text: String) -> String {
        "\"" + clip(text).replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

extension Tally {
    /// The largest count a tally field may hold: far beyond any bridge point, small enough
    /// that sums of counts cannot overflow.
    static let maxCount = Int(Int32.max)
    /// The longest id `present` may list: a delegate id (`Request.maxIdentifierBytes`).
    static let maxPresentIDBytes = Request.maxIdentifierBytes

    /// Refuses values no computed tally can hold, naming the first such field.
    func validate() throws(TallyDecodingError) {
        func count(_ value: Int, _ path: String) throws(TallyDecodingError) {
            guard (0...Tally.maxCount).contains(value) else {
                throw TallyDecodingError(path: path, "tally field \(path) must be a count from 0 to \(Tally.maxCount), not \(value)")
            }
        }
        func percent(_ value: Double?, _ path: String) throws(TallyDecodingError) {
            guard let value else { return }
            guard value.isFinite, (0...100).contains(value) else {
                throw TallyDecodingError(path: path, "tally field \(path) must be a percentage from 0 to 100, not \(value)")
            }
        }
        func time(_ value: String, _ path: String) throws(TallyDecodingError) {
            guard Timestamp(rfc3339: value) != nil else {
                throw TallyDecodingError(
                    path: path, "tally field \(path) must be an RFC 3339 time, not \(TallyDecodingError.quoted(value))")
            }
        }
        func figures(_ value: Figures, _ path: String) throws(TallyDecodingError) {
            try count(value.invited, path + ".invited")
            try count(value.present, path + ".present")
            try count(value.absentExcused, path + ".absent_excused")
            try count(value.absentUnexcused, path + ".absent_unexcused")
            try count(value.walkIns, path + ".walk_ins")
            try percent(value.rate, path + ".rate")
            try percent(value.target, path + ".target")
        }

        if let report, report < 1 || report > Tally.maxCount {
            throw TallyDecodingError(path: "report", "tally field report must be a report number from 1 to \(Tally.maxCount), not \(report)")
        }
        try count(conference.graceMinutes, "conference.grace_minutes")
        if let expected = conference.expected { try count(expected, "conference.expected") }
        for (k, part) in conference.parts.enumerated() {
            try time(part.start, "conference.parts[\(k)].start")
            try time(part.end, "conference.parts[\(k)].end")
        }
        try figures(total, "total")
        if let present {
            // Ids only, one per invited delegate present: as many as the figures say, each once.
            guard present.count == total.present else {
                throw TallyDecodingError(path: "present", "tally lists \(present.count) present ids but total.present is \(total.present)")
            }
            guard Set(present).count == present.count else {
                throw TallyDecodingError(path: "present", "tally lists a present id twice")
            }
            if let bad = present.firstIndex(where: { $0.isEmpty || $0.utf8.count > Tally.maxPresentIDBytes }) {
                throw TallyDecodingError(path: "present[\(bad)]", "tally field present[\(bad)] must be an id of 1 to \(Tally.maxPresentIDBytes) bytes")
            }
        }
        for (k, category) in categories.enumerated() { try figures(category.figures, "categories[\(k)].figures") }
        for (k, part) in parts.enumerated() {
            let path = "parts[\(k)]"
            try count(part.present, path + ".present")
            try count(part.presentAtStart, path + ".present_at_start")
            try count(part.presentAtEnd, path + ".present_at_end")
            try count(part.arrivedLate, path + ".arrived_late")
            try count(part.leftEarly, path + ".left_early")
        }
        guard (1...1440).contains(curve.slotMinutes) else {
            throw TallyDecodingError(
                path: "curve.slot_minutes", "tally field curve.slot_minutes must be from 1 to 1440, not \(curve.slotMinutes)")
        }
        try time(curve.start, "curve.start")
        for (k, value) in curve.counts.enumerated() { try count(value, "curve.counts[\(k)]") }
        for (name, list) in [("late_arrivals", lateArrivals), ("early_leavers", earlyLeavers)] {
            for (k, entry) in list.enumerated() {
                try time(entry.at, "\(name)[\(k)].at")
                try count(entry.minutes, "\(name)[\(k)].minutes")
            }
        }
        for (k, walkIn) in walkIns.enumerated() { try time(walkIn.firstSeen, "walk_ins[\(k)].first_seen") }
        if let incidents { try validate(incidents, count: count, percent: percent, time: time) }
        if let handedIn = reflections?.handedIn { try validate(handedIn: handedIn, submitted: reflections?.total.submitted ?? 0) }
    }

    /// `reflections.handed_in` (issue 21): ids only, each once, no more than the figures' `submitted`, dated `YYYY-MM-DD`.
    private func validate(handedIn: [ReflectionFigures.HandedIn], submitted: Int) throws(TallyDecodingError) {
        let path = "reflections.handed_in"
        guard handedIn.count <= submitted else {
            throw TallyDecodingError(path: path, "tally lists \(handedIn.count) reflections handed in but reflections.total.submitted is \(submitted)")
        }
        guard Set(handedIn.map(\.id)).count == handedIn.count else { throw TallyDecodingError(path: path, "tally lists a reflection's id twice") }
        for (k, entry) in handedIn.enumerated() {
            guard !entry.id.isEmpty, entry.id.utf8.count <= Tally.maxPresentIDBytes else {
                throw TallyDecodingError(path: "\(path)[\(k)].id", "tally field \(path)[\(k)].id must be an id of 1 to \(Tally.maxPresentIDBytes) bytes")
            }
            guard entry.submitted.utf8.count == 10, ReflectionImport.date(entry.submitted) == entry.submitted else {
                throw TallyDecodingError(path: "\(path)[\(k)].submitted", "tally field \(path)[\(k)].submitted must be a date YYYY-MM-DD, not \(TallyDecodingError.quoted(entry.submitted))")
            }
        }
    }

    /// The `incidents` part of `validate()`, with its checks passed in.
    private func validate(
        _ summary: IncidentSummary, count: (Int, String) throws(TallyDecodingError) -> Void,
        percent: (Double?, String) throws(TallyDecodingError) -> Void,
        time: (String, String) throws(TallyDecodingError) -> Void
    ) throws(TallyDecodingError) {
        func minutes(_ value: Double, _ path: String) throws(TallyDecodingError) {
            guard value.isFinite, (0...Double(Tally.maxCount)).contains(value) else {
                throw TallyDecodingError(path: path, "tally field \(path) must be minutes from 0 to \(Tally.maxCount), not \(value)")
            }
        }
        for (k, kind) in summary.kinds.enumerated() {
            try count(kind.count, "incidents.kinds[\(k)].count")
            try minutes(kind.minutes, "incidents.kinds[\(k)].minutes")
        }
        try minutes(summary.outageMinutes, "incidents.outage_minutes")
        try minutes(summary.peopleMinutesLost, "incidents.people_minutes_lost")
        if let longest = summary.longestOutage {
            try time(longest.start, "incidents.longest_outage.start")
            try minutes(longest.minutes, "incidents.longest_outage.minutes")
        }
        for (k, part) in summary.parts.enumerated() {
            let path = "incidents.parts[\(k)]"
            try minutes(part.minutes, path + ".minutes")
            try percent(part.soundPercent, path + ".sound_percent")
            try percent(part.picturePercent, path + ".picture_percent")
            try minutes(part.soundLostMinutes, path + ".sound_lost_minutes")
            try minutes(part.pictureLostMinutes, path + ".picture_lost_minutes")
        }
        for (k, entry) in summary.entries.enumerated() {
            let path = "incidents.entries[\(k)]"
            try time(entry.start, path + ".start")
            try time(entry.end, path + ".end")
            try minutes(entry.minutes, path + ".minutes")
            try count(entry.peopleInsideAtStart, path + ".people_inside_at_start")
            try minutes(entry.peopleMinutesLost, path + ".people_minutes_lost")
        }
    }
}
