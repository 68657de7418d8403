import Foundation

/// A connection-quality incident at the bridge point: sound or picture lost, the line down,
/// poor quality, or a power cut ("lỗi đường truyền làm mất âm thanh hoặc hình ảnh").
///
/// Incidents may overlap and nest (an operator reports `audio_lost` while a probe has the
/// line down); the tally unions them where it adds up time (see `IncidentSummary`).
public struct Incident: Equatable, Sendable, Codable {
    public var id: Int64
    public var kind: IncidentKind
    public var source: IncidentSource
    /// The terminal id or probe target that reported it; nil for operators.
    public var sourceName: String?
    public var start: Timestamp
    /// Nil while it lasts.
    public var end: Timestamp?
    public var note: String
    /// Still open when the conference ended: closed at its end and marked so.
    public var closedByConferenceEnd: Bool

    public init(
        id: Int64, kind: IncidentKind, source: IncidentSource, sourceName: String?, start: Timestamp, end: Timestamp?,
        note: String, closedByConferenceEnd: Bool
    ) {
        self.id = id
        self.kind = kind
        self.source = source
        self.sourceName = sourceName
        self.start = start
        self.end = end
        self.note = note
        self.closedByConferenceEnd = closedByConferenceEnd
    }

    /// Whether the hall lost its sound, its picture, or both: what the tally calls an outage.
    public var isOutage: Bool { kind.losesSound || kind.losesPicture }
}

/// What went wrong. The raw values are the protocol's and the JSON's words.
public enum IncidentKind: String, CaseIterable, Codable, Sendable {
    case audioLost = "audio_lost"
    case videoLost = "video_lost"
    case lineDown = "line_down"
    /// Sound and picture arrive, but poorly (slow or lossy line): counted, not an outage.
    case degraded
    case power

    /// The hall had no sound: `audio_lost`, `line_down`, `power`.
    public var losesSound: Bool { self == .audioLost || self == .lineDown || self == .power }
    /// The hall had no picture: `video_lost`, `line_down`, `power`.
    public var losesPicture: Bool { self == .videoLost || self == .lineDown || self == .power }

    public var vietnameseLabel: String {
        switch self {
        case .audioLost: return "Mất âm thanh"
        case .videoLost: return "Mất hình ảnh"
        case .lineDown: return "Mất đường truyền"
        case .degraded: return "Chất lượng kém"
        case .power: return "Mất điện"
        }
    }

    public var englishLabel: String {
        switch self {
        case .audioLost: return "Sound lost"
        case .videoLost: return "Picture lost"
        case .lineDown: return "Line down"
        case .degraded: return "Poor quality"
        case .power: return "Power cut"
        }
    }

    /// The label in `language`.
    public func label(_ language: ReportLanguage) -> String {
        language == .vietnamese ? vietnameseLabel : englishLabel
    }

    /// The raw values in any case, and a few obvious words an operator types: `audio`, `sound`,
    /// `video`, `picture`, `line`, `down`, `quality`, `slow`, `power`. Nil for anything else.
    public static func parse(_ text: String) -> IncidentKind? {
        let word = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let kind = IncidentKind(rawValue: word) { return kind }
        switch word {
        case "audio", "sound": return .audioLost
        case "video", "picture": return .videoLost
        case "line", "down": return .lineDown
        case "quality", "slow": return .degraded
        case "power": return .power
        default: return nil
        }
    }
}

/// Who reported an incident.
public enum IncidentSource: String, CaseIterable, Codable, Sendable {
    /// Through `attendctl incident`.
    case `operator`
    /// A check-in terminal, through the `INCIDENT` verb.
    case terminal
    /// The daemon's own checks of its upstream targets.
    case probe
}
