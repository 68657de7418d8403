import Foundation

/// What a bridge point tells its hub while a conference is open (`LIVE`, `attendd.live/1`): who
/// is in the hall now, who arrived, the rates per category, the curve so far, the sound or
/// picture lost right now, and how often it promises to say so again. Newest-only at the hub:
/// never a tally revision, never a report.
///
/// Bounded so a hub's memory for it is bounded: `maxCurvePoints` points, `maxIncidents`
/// incidents, `maxJSONBytes` in all.
public struct LiveSummary: Codable, Equatable, Sendable {
    public static let format = "attendd.live/1"
    /// The most JSON a summary may have. A full one (48 points, 16 incidents, every category) is
    /// about 5 KB.
    public static let maxJSONBytes = 16_384
    public static let maxCurvePoints = 48
    public static let maxIncidents = 16
    /// A count beyond any hall (the invited list's own bound is lower).
    public static let maxCount = 1_000_000
    /// The highest rate or target a category may give, in percent: arrived may pass invited
    /// (walk-ins), never by this much.
    public static let maxPercent = 100_000.0

    /// A point of the curve: delegates present at a time (RFC 3339, the hall's clock).
    public struct Point: Codable, Equatable, Sendable {
        public var at: String
        public var present: Int
        public init(at: String, present: Int) {
            self.at = at
            self.present = present
        }
    }

    /// An incident open at the hall: its kind (`audio_lost`, …) and since when.
    public struct OpenIncident: Codable, Equatable, Sendable {
        public var kind: String
        public var since: String
        public init(kind: String, since: String) {
            self.kind = kind
            self.since = since
        }
    }

    public var format = LiveSummary.format
    public var bridge: String
    public var conference: String
    public var title: String
    /// When the hall sent it, on its clock (RFC 3339, Vietnam time).
    public var at: String
    /// The seconds until the next summary it promises (`[push] live_interval`).
    public var intervalSeconds: Int
    public var invited: Int
    public var arrived: Int
    /// In the hall now: checked in and not checked out since.
    public var present: Int
    public var walkIns: Int
    public var categories: [StatusSnapshot.ConferenceStatus.LiveCategory]
    public var curve: [Point]
    public var incidents: [OpenIncident]

    public init(
        bridge: String, conference: String, title: String, at: Timestamp, intervalSeconds: Int, invited: Int, arrived: Int,
        present: Int, walkIns: Int, categories: [StatusSnapshot.ConferenceStatus.LiveCategory], curve: [Point], incidents: [OpenIncident]
    ) {
        self.bridge = bridge
        self.conference = conference
        self.title = title
        self.at = at.vietnam
        self.intervalSeconds = intervalSeconds
        self.invited = invited
        self.arrived = arrived
        self.present = present
        self.walkIns = walkIns
        self.categories = categories
        self.curve = curve
        self.incidents = incidents
    }

    /// Arrived / invited in percent, one decimal; nil without an invited list.
    public var rate: Double? {
        invited > 0 ? (Double(arrived) * 1000 / Double(invited)).rounded() / 10 : nil
    }

    /// The categories below their target.
    public var belowTarget: [String] { categories.filter(\.belowTarget).map(\.category) }

    /// The JSON the bridge point signs and sends (keys sorted, so equal summaries are equal bytes).
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings, numbers and arrays of them: encoding cannot fail.
        return Array(try! encoder.encode(self))
    }

    /// Decodes and checks a summary's JSON; the error names the field that is wrong.
    public static func decode(_ json: [UInt8]) throws(ProtocolError) -> LiveSummary {
        guard json.count <= maxJSONBytes else {
            throw ProtocolError(.invalid, "live summary is \(json.count) bytes; the limit is \(maxJSONBytes)")
        }
        if let duplicate = JSONDuplicateKeys.first(in: json) {
            throw ProtocolError(.invalid, "live summary has the key \(duplicate.key) twice")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let summary: LiveSummary
        do {
            summary = try decoder.decode(LiveSummary.self, from: Data(json))
        } catch let DecodingError.keyNotFound(key, _) {
            throw ProtocolError(.invalid, "live summary lacks \(key.stringValue)")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ProtocolError(.invalid, "live summary's \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch {
            throw ProtocolError(.invalid, "live summary is not JSON")
        }
        try summary.check()
        return summary
    }

    /// The bounds and forms a hub insists on.
    func check() throws(ProtocolError) {
        func fail(_ message: String) -> ProtocolError { ProtocolError(.invalid, "live summary: \(message)") }
        guard format == Self.format else { throw fail("format is \(format), not \(Self.format)") }
        guard Timestamp(rfc3339: at) != nil else { throw fail("at is not an RFC 3339 time") }
        guard (1...3600).contains(intervalSeconds) else { throw fail("interval_seconds must be 1 to 3600") }
        for (name, value) in [("invited", invited), ("arrived", arrived), ("present", present), ("walk_ins", walkIns)] {
            guard (0...Self.maxCount).contains(value) else { throw fail("\(name) must be 0 to \(Self.maxCount)") }
        }
        guard title.utf8.count <= Request.maxTitleBytes else { throw fail("title is over \(Request.maxTitleBytes) bytes") }
        guard categories.count <= DelegateCategory.allCases.count else { throw fail("more categories than there are") }
        var seen = Set<String>()
        for category in categories {
            let name = category.category
            guard DelegateCategory(rawValue: name) != nil else {
                throw fail("category \(name) is not one of \(DelegateCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            // The hub adds the halls' categories up: a count past any hall (Int.max) would
            // overflow the district's sum, a category twice would count its delegates twice.
            guard seen.insert(name).inserted else { throw fail("category \(name) twice") }
            for (field, value) in [("invited", category.invited), ("arrived", category.arrived)] {
                guard (0...Self.maxCount).contains(value) else { throw fail("category \(name)'s \(field) must be 0 to \(Self.maxCount)") }
            }
            for (field, value) in [("rate", category.rate), ("target", category.target)] {
                guard let value else { continue }
                guard value.isFinite, (0...Self.maxPercent).contains(value) else {
                    throw fail("category \(name)'s \(field) must be 0 to \(Int(Self.maxPercent)) (percent)")
                }
            }
        }
        guard curve.count <= Self.maxCurvePoints else { throw fail("curve has \(curve.count) points; the limit is \(Self.maxCurvePoints)") }
        for point in curve {
            guard Timestamp(rfc3339: point.at) != nil, (0...Self.maxCount).contains(point.present) else {
                throw fail("curve point \(point.at) is not a time and a count")
            }
        }
        guard incidents.count <= Self.maxIncidents else { throw fail("\(incidents.count) incidents; the limit is \(Self.maxIncidents)") }
        for incident in incidents {
            guard IncidentKind(rawValue: incident.kind) != nil, Timestamp(rfc3339: incident.since) != nil else {
                throw fail("incident \(incident.kind) since \(incident.since) is not a kind and a time")
            }
        }
    }
}
