/// The field decoders the verbs share: ids, bounded text, 0/1 flags, a report's format and
/// language, and a check-in's fields. Each names the field it refuses.
enum RequestFields {
    /// A `CHECKIN` or `CHECKOUT` line's fields.
    static func checkRequest(_ direction: Direction, _ line: RequestLine) throws(ProtocolError) -> CheckRequest {
        let terminal = try identifier("term", line, required: false)
        var sequence: Int64?
        if let text = line["seq"] {
            guard let value = Int64(text), value >= 0, text.utf8.allSatisfy(\.isASCIIDigit) else {
                throw ProtocolError(.invalid, "seq must be a whole number from 0, got \(text)")
            }
            guard terminal != nil else { throw ProtocolError(.invalid, "seq needs term (sequence numbers are per terminal)") }
            sequence = value
        }
        var method: CheckMethod?
        if let text = line["method"] {
            guard let value = CheckMethod(rawValue: text) else {
                throw ProtocolError(.invalid, "method must be card, qr, manual or face, got \(text)")
            }
            method = value
        }
        var terminalTime: Timestamp?
        if let text = line["at"] {
            guard let value = Timestamp(rfc3339: text) else {
                throw ProtocolError(.invalid, "at must be an RFC 3339 time like 2026-11-23T07:45:00+07:00, got \(text)")
            }
            terminalTime = value
        }
        var request = CheckRequest(
            direction: direction, delegate: try delegateIdentifier(line), terminal: terminal,
            sequence: sequence, conference: try identifier("conf", line, required: false), method: method,
            terminalTime: terminalTime)
        request.queued = try flag("queued", line)
        request.paper = try flag("paper", line)
        if (request.queued || request.paper) && terminalTime == nil {
            throw ProtocolError(.invalid, "\(request.queued ? "queued" : "paper")=1 needs at= (when it was scanned or signed)")
        }
        return request
    }

    private static func flag(_ key: String, _ line: RequestLine) throws(ProtocolError) -> Bool {
        switch line[key] {
        case nil, "0": return false
        case "1": return true
        case let other?: throw ProtocolError(.invalid, "\(key) must be 0 or 1, got \(other)")
        }
    }

    /// `format=text|csv|json|html|xlsx` of a report; text when absent.
    static func reportFormat(_ line: RequestLine) throws(ProtocolError) -> ReportFormat {
        guard let text = line["format"] else { return .text }
        guard let value = ReportFormat(rawValue: text) else { throw ProtocolError(.invalid, "format must be text, csv, json, html or xlsx") }
        return value
    }

    /// `lang=vi|en` of a report; Vietnamese when absent.
    static func reportLanguage(_ line: RequestLine) throws(ProtocolError) -> ReportLanguage {
        guard let text = line["lang"] else { return .vietnamese }
        guard let value = ReportLanguage(rawValue: text) else { throw ProtocolError(.invalid, "lang must be vi or en") }
        return value
    }

    /// An id (`conf=`, `term=`, `id=`): at most `Request.maxIdentifierBytes`, no spaces or control
    /// characters; nil when absent and not `required`.
    static func identifier(_ key: String, _ line: RequestLine, required: Bool) throws(ProtocolError) -> String? {
        guard let value = try text(key, line, maxBytes: Request.maxIdentifierBytes) else {
            if required { throw ProtocolError(.invalid, "\(key) is required") }
            return nil
        }
        return try checkedIdentifier(key, value)
    }

    /// A check-in's `id=`: an id, or the ASCII form a card's code carries (`H%C3%A0-001` for
    /// `Hà-001`, `DelegateCode`) when a scanner's text is sent as it was typed; either way the id.
    /// The form of a 64-byte id is at most three times as long.
    static func delegateIdentifier(_ line: RequestLine) throws(ProtocolError) -> String {
        guard let typed = try text("id", line, maxBytes: 3 * Request.maxIdentifierBytes) else {
            throw ProtocolError(.invalid, "id is required")
        }
        let id = DelegateCode.id(fromScanned: typed)
        guard id.utf8.count <= Request.maxIdentifierBytes else {
            throw ProtocolError(.invalid, "id is longer than \(Request.maxIdentifierBytes) bytes")
        }
        return try checkedIdentifier("id", id)
    }

    /// `value` if it is an id: not empty, no white space, no control characters.
    private static func checkedIdentifier(_ key: String, _ value: String) throws(ProtocolError) -> String {
        guard !value.isEmpty, !value.unicodeScalars.contains(where: isSpace) else {
            throw ProtocolError(.invalid, "\(key) must not be empty or contain spaces")
        }
        guard !value.unicodeScalars.contains(where: ControlEscaping.isControl) else {
            throw ProtocolError(.invalid, "\(key) must not contain control characters")
        }
        return value
    }

    /// White space of any script (U+0020, U+00A0 no-break, U+3000 ideographic, …), judged on decoded
    /// scalars: the byte 0xA0 alone is a UTF-8 continuation byte (à is C3 A0), not a no-break space.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        // ASCII first: a property lookup per scalar is the slow path, taken only past U+007F.
        scalar.isASCII ? (scalar == " " || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
    }

    /// A free-text field of at most `maxBytes` bytes; nil when absent.
    static func text(_ key: String, _ line: RequestLine, maxBytes: Int) throws(ProtocolError) -> String? {
        guard let value = line[key] else { return nil }
        guard value.utf8.count <= maxBytes else {
            throw ProtocolError(.invalid, "\(key) is longer than \(maxBytes) bytes")
        }
        return value
    }

    /// A printed report's `number=` (`190`): 1 to 9 digits; nil when absent (left blank to be
    /// written by hand).
    static func reportNumber(_ line: RequestLine) throws(ProtocolError) -> String? {
        guard let value = line["number"] else { return nil }
        guard (1...9).contains(value.utf8.count), value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw ProtocolError(.invalid, "number must be 1 to 9 digits (the report's number before [report] symbol), got \(value.prefix(20))")
        }
        return value
    }
}
