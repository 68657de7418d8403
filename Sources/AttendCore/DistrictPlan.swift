import Foundation

/// One revision of a district's conference plan as one bridge point receives it: the
/// conference, its parts, grace and schedule, and only that hall's rows of the invited list.
///
/// The hub builds one per bridge point from what it published (`attendctl district define`,
/// `district invite import`); a bridge point applies it in one transaction (`PlanAdoptionRule`).
/// `withdrawn`: the conference was cancelled, or this hall no longer takes part.
public struct DistrictPlan: Equatable, Sendable, Codable {
    public var conference: String
    /// The plan's revision at the hub: each change (and a withdrawal) is the next one, from 1.
    public var revision: Int64
    public var withdrawn: Bool
    public var title: String
    /// `YYYY-MM-DD`, Vietnam time.
    public var date: String
    public var parts: [ConferencePlan.Part]
    public var graceMinutes: Int
    /// The hall opens and closes on the schedule of the parts by itself.
    public var autoSchedule: Bool
    /// The bridge point it is meant for: any other refuses it.
    public var bridge: String
    /// The district's planned count for this hall, when it gave one.
    public var expected: Int?
    /// This hall's rows of the list.
    public var delegates: [Delegate]
    /// The day the reflections are due (`YYYY-MM-DD`), when the district gives one. Absent from
    /// the JSON without one, so the signed bytes are those of a plan before it; a hall from
    /// before it ignores the key.
    public var reflectionDue: String? = nil

    public init(
        conference: String, revision: Int64, withdrawn: Bool = false, title: String, date: String, parts: [ConferencePlan.Part],
        graceMinutes: Int, autoSchedule: Bool = true, bridge: String, expected: Int? = nil, delegates: [Delegate] = []
    ) {
        self.conference = conference
        self.revision = revision
        self.withdrawn = withdrawn
        self.title = title
        self.date = date
        self.parts = parts
        self.graceMinutes = graceMinutes
        self.autoSchedule = autoSchedule
        self.bridge = bridge
        self.expected = expected
        self.delegates = delegates
    }

    /// The conference as the hall stores it. Its expected count stays the hall's own (what it
    /// confirms the day before, `define CONF --expected N`); the district's planned count is
    /// the hub's. A withdrawn plan no longer opens by itself.
    public func localPlan(keepingExpected hallExpected: Int?) -> ConferencePlan {
        var plan = ConferencePlan(
            id: conference, title: title, date: date, parts: parts, graceMinutes: graceMinutes, expected: hallExpected)
        // The district's due date replaces the hall's, and a revision without one removes it.
        plan.reflectionDue = reflectionDue
        plan.autoSchedule = autoSchedule && !withdrawn && !parts.isEmpty
        return plan
    }
}

/// What a hub answers a poll with: the plans newer than the bridge point has, meant for it.
public struct PlanBatch: Equatable, Sendable, Codable {
    /// `attendd.plans/1`.
    public var schema: String
    public var plans: [DistrictPlan]

    public static let currentSchema = "attendd.plans/1"
    /// The largest batch a bridge point reads (and a hub sends): 10,000 rows a hall fit well
    /// under it. A hub with more to send sends the oldest conferences first and the rest at the
    /// next poll, at once.
    public static let maxJSONBytes = 4 << 20

    public init(plans: [DistrictPlan]) {
        schema = Self.currentSchema
        self.plans = plans
    }

    /// Compact JSON, keys sorted: the exact bytes the hub signs.
    public func jsonBytes() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { preconditionFailure("PlanBatch failed to encode") }
        return [UInt8](data)
    }

    /// Reads a batch, refusing anything over `maxJSONBytes`, another schema, a duplicate key,
    /// or a plan no conference can hold (bad ids, overlapping parts, a duplicate delegate),
    /// naming what is wrong.
    public static func decode(_ bytes: [UInt8]) throws(ProtocolError) -> PlanBatch {
        guard bytes.count <= maxJSONBytes else {
            throw ProtocolError(.invalid, "the plans are \(bytes.count) bytes; the limit is \(maxJSONBytes)")
        }
        if let duplicate = JSONDuplicateKeys.first(in: bytes) {
            throw ProtocolError(.invalid, "the plans have the key \(duplicate.key) twice in \(duplicate.path.isEmpty ? "the top level" : duplicate.path)")
        }
        let batch: PlanBatch
        do {
            batch = try JSONDecoder().decode(PlanBatch.self, from: Data(bytes))
        } catch {
            throw ProtocolError(.invalid, "the plans are not attendd.plans/1 JSON: \(Self.describe(error))")
        }
        guard batch.schema == currentSchema else { throw ProtocolError(.invalid, "the plans are \(batch.schema), not \(currentSchema)") }
        for (index, plan) in batch.plans.enumerated() {
            if let problem = plan.problem { throw ProtocolError(.invalid, "plan \(index + 1) (\(plan.conference)): \(problem)") }
        }
        return batch
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .keyNotFound(let key, let context): return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "wrong \(path)"
        @unknown default: return "\(error)"
        }
    }
}

extension DistrictPlan {
    /// What makes this plan one no hall can store, or nil.
    var problem: String? {
        func badID(_ text: String) -> Bool {
            text.isEmpty || text.utf8.count > Request.maxIdentifierBytes
                || text.unicodeScalars.contains { RequestFields.isSpace($0) || ControlEscaping.isControl($0) }
        }
        if badID(conference) { return "conference must be an id without spaces, at most \(Request.maxIdentifierBytes) bytes" }
        if badID(bridge) { return "bridge must be an id without spaces" }
        if revision < 1 { return "revision must be from 1" }
        if title.utf8.count > Request.maxTitleBytes { return "title is longer than \(Request.maxTitleBytes) bytes" }
        if !withdrawn && !ConferencePlan.isDate(date) { return "date must be YYYY-MM-DD, got \(date)" }
        if !(0...240).contains(graceMinutes) { return "grace must be 0 to 240 minutes" }
        if let reflectionDue, !ConferencePlan.isDate(reflectionDue) {
            return "reflectionDue must be YYYY-MM-DD, got \(reflectionDue.prefix(40))"
        }
        for (index, part) in parts.enumerated() {
            if part.end <= part.start { return "part \(index + 1) (\(part.name)) ends before it starts" }
            if index > 0, part.start < parts[index - 1].end { return "part \(index + 1) (\(part.name)) starts before part \(index) ends" }
        }
        var seen = Set<String>()
        for delegate in delegates {
            if badID(delegate.id) { return "delegate id \(delegate.id) is empty, has spaces or is too long" }
            if !seen.insert(delegate.id).inserted { return "delegate \(delegate.id) is listed twice" }
        }
        return nil
    }
}
