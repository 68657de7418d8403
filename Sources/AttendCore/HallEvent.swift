import Foundation

/// Something district staff want to be told of at once (by SMS, chat or mail, through their own
/// tools): attendd writes each as a small file in the events spool (`[events] spool`), and a
/// systemd `.path` unit runs the admin's command with it as its environment (README "Telling
/// people"). A pure value: the writer makes them after a commit, `EventSpool` writes them.
public struct HallEvent: Equatable, Sendable {
    /// What happened.
    public enum Kind: String, CaseIterable, Sendable {
        /// On a hub: a bridge point's final tally arrived.
        case reportArrived = "report_arrived"
        /// On a hub: a bridge point has not reported `report_delay` minutes after the first did.
        case hallMissing = "hall_missing"
        /// A category's rate was below its target when a part ended.
        case belowTarget = "below_target"
        /// An incident (sound, picture or line lost) opened at a hall.
        case incidentOpened = "incident_opened"
        /// On a hub: a hall's live summaries stopped (`LiveSilenceWatch`, once per silence); the
        /// detail is when it was last heard (Vietnam clock).
        case hallSilent = "hall_silent"

        var messageKey: MessageKey {
            switch self {
            case .reportArrived: return .eventReportArrived
            case .hallMissing: return .eventHallMissing
            case .belowTarget: return .eventBelowTarget
            case .incidentOpened: return .eventIncidentOpened
            case .hallSilent: return .eventHallSilent
            }
        }
    }

    public var kind: Kind
    public var conference: String
    /// The hall (bridge point id on a hub, this attendd's name on a bridge point).
    public var hall: String
    /// The hall's name as people read it (the keys file's name), else `hall`.
    public var hallName: String
    /// The kind's own detail: the report's revision, the incident's kind, the category.
    public var detail: String
    public var at: Timestamp

    public init(kind: Kind, conference: String, hall: String, hallName: String? = nil, detail: String = "", at: Timestamp) {
        self.kind = kind
        self.conference = conference
        self.hall = hall
        self.hallName = hallName ?? hall
        self.detail = detail
        self.at = at
    }

    /// The spool file's name, `KIND-CONF+HALL.event`: one per kind, conference and hall, so a
    /// second event of the same kind for the same hall, before the first was taken, replaces it
    /// (coalesced) instead of adding one. `+` parts the conference from the hall because a stem
    /// never holds one (it is written `%2B`): with `-` there, conference `a-b` hall `c` and
    /// conference `a` hall `b-c` had one name, and one hall's event replaced the other's. Ends in
    /// `.event`, which the `.path` unit watches; never starts with `.` (the temporary files of
    /// `AtomicFile` do).
    ///
    /// When the readable name would make too long a unit name (`attendd-event@NAME.service` as
    /// `systemd-escape` writes it is at most 255 bytes; Vietnamese ids, each byte `%XX` and that
    /// `\x25XX`, pass it quickly) the name is `KIND-sha-HEX.event` (SHA-256 of the conference and
    /// hall, 32 hex digits; no `+`, so never a readable name): otherwise the file could not be
    /// written or `systemd-escape` refused its unit and the event was lost.
    public var fileName: String {
        let readable = "\(kind.rawValue)-\(ReportFileName.stem(conference, district: false))+\(ReportFileName.stem(hall, district: false))"
        guard Self.escapedLength(readable) > Self.maxEscapedName else { return readable + ".event" }
        let digest = SHA256.hash(Array((conference + "\n" + hall).utf8)).prefix(16)
        return "\(kind.rawValue)-sha-\(Hex.encode(Array(digest))).event"
    }

    /// The longest instance name `attendd-event@….service` leaves within systemd's 255 bytes.
    static let maxEscapedName = 255 - "attendd-event@.service".utf8.count

    /// How long `name` is once `systemd-escape` wrote it: `A-Z a-z 0-9 : _` and a `.` not first
    /// stay, every other byte is `\xNN`.
    static func escapedLength(_ name: String) -> Int {
        name.utf8.enumerated().reduce(0) { total, element in
            let (offset, byte) = element
            let plain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x3A || byte == 0x5F || (byte == 0x2E && offset > 0)
            return total + (plain ? 1 : 4)
        }
    }

    /// The file's text, an `EnvironmentFile=` systemd reads: `ATTEND_EVENT=report_arrived`, the
    /// conference, hall, hall name, detail, UTC and Vietnam times, and `ATTEND_TEXT`, the
    /// sentence to send (Vietnamese). Values are double-quoted with `\` and `"` escaped and line
    /// breaks made spaces, so no value can add a variable.
    public func environmentFile(language: ReportLanguage = .vietnamese) -> String {
        let text = language.text(kind.messageKey, hallName, conference, detail, ReportTime.local(at.vietnam).map(\.clock) ?? "")
        let pairs = [
            ("ATTEND_EVENT", kind.rawValue), ("ATTEND_CONFERENCE", conference), ("ATTEND_HALL", hall), ("ATTEND_HALL_NAME", hallName),
            ("ATTEND_DETAIL", detail), ("ATTEND_AT", at.rfc3339(offsetSeconds: 0)), ("ATTEND_AT_LOCAL", at.vietnam), ("ATTEND_TEXT", text),
        ]
        return pairs.map { "\($0.0)=\(Self.quoted($0.1))\n" }.joined()
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for character in value.precomposedStringWithCanonicalMapping {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "$": out += "\\$"
            case "\n", "\r", "\r\n", "\t": out += " "
            default:
                if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { continue }
                out.append(character)
            }
        }
        return out + "\""
    }
}

/// The spool's bound: at most `limit` files waiting. A new file when the spool is full is
/// dropped (and counted and logged by the daemon), never waited for; a file that replaces one
/// of the same name (coalesced) always goes in.
public enum EventSpoolRule {
    public enum Admission: Equatable, Sendable {
        case add, replace, dropFull
    }

    public static func admit(_ name: String, waiting: Set<String>, limit: Int) -> Admission {
        if waiting.contains(name) { return .replace }
        return waiting.count < limit ? .add : .dropFull
    }
}
