/// One reply line: `OK key=value ...` or `ERR <code> key=value ... msg="..."`.
public struct Reply: Equatable, Sendable {
    /// nil for `OK`, the code for `ERR`.
    public var error: ErrorCode?
    /// Fields in the order they are sent.
    public var fields: [RequestLine.Field]
    /// Bytes sent after the line (a report); announced by a last field `bytes=N`.
    public var payload: [UInt8]? = nil

    public static func ok(_ fields: [RequestLine.Field] = []) -> Reply {
        Reply(error: nil, fields: fields)
    }

    /// `OK ... bytes=N` followed by the N bytes of `payload`.
    public static func ok(_ fields: [RequestLine.Field], payload: [UInt8]) -> Reply {
        Reply(error: nil, fields: fields + [.init("bytes", String(payload.count))], payload: payload)
    }

    public static func error(_ error: ProtocolError, echo: [RequestLine.Field] = []) -> Reply {
        Reply(error: error.code, fields: echo + [.init("msg", error.message)])
    }

    public var isOK: Bool { error == nil }

    /// The value of `key`, if the reply carries it.
    public subscript(key: String) -> String? {
        fields.first(where: { $0.key == key })?.value
    }

    /// The reply as one line ending in LF.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        if let error {
            out.append(contentsOf: "ERR ".utf8)
            out.append(contentsOf: error.rawValue.utf8)
        } else {
            out.append(contentsOf: "OK".utf8)
        }
        LineEncoder.appendFields(fields, to: &out)
        out.append(.lf)
        if let payload { out.append(contentsOf: payload) }
        return out
    }

    /// Reads a reply line (the control tool, tests, terminals written in Swift).
    public static func decode(_ text: String) throws(ProtocolError) -> Reply {
        // `ERR code ...`: the code is the word after the verb, not a field.
        if text.hasPrefix("ERR ") {
            let words = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard words.count >= 2, let code = ErrorCode(rawValue: String(words[1])) else {
                throw ProtocolError(.malformed, "ERR reply without a known code")
            }
            let fields = words.count > 2 ? try LineDecoder.decode("ERR " + words[2])?.fields ?? [] : []
            return Reply(error: code, fields: fields)
        }
        guard let line = try LineDecoder.decode(text), line.verb == "OK" else {
            throw ProtocolError(.malformed, "a reply starts with OK or ERR")
        }
        return Reply(error: nil, fields: line.fields)
    }
}

/// Writes verbs and fields in the line format, quoting values only where needed.
public enum LineEncoder {
    /// A request line ending in LF.
    public static func encode(_ line: RequestLine) -> [UInt8] {
        var out = Array(line.verb.utf8)
        appendFields(line.fields, to: &out)
        out.append(.lf)
        return out
    }

    static func appendFields(_ fields: [RequestLine.Field], to out: inout [UInt8]) {
        for field in fields {
            out.append(.space)
            out.append(contentsOf: field.key.utf8)
            out.append(.equals)
            appendValue(field.value, to: &out)
        }
    }

    /// A value bare when it can be, otherwise quoted with `\"` and `\\` escapes.
    /// Control bytes cannot be sent; they become spaces. (Also used for log metadata.)
    public static func appendValue(_ value: String, to out: inout [UInt8]) {
        let utf8 = value.utf8
        let needsQuotes = utf8.isEmpty || utf8.contains(where: { $0.isBlank || $0 == .quote || $0 == .backslash || $0.isControl })
        guard needsQuotes else {
            out.append(contentsOf: utf8)
            return
        }
        out.append(.quote)
        for byte in utf8 {
            switch byte {
            case .quote, .backslash:
                out.append(.backslash)
                out.append(byte)
            case _ where byte.isControl && byte != .tab:
                out.append(.space)
            default:
                out.append(byte)
            }
        }
        out.append(.quote)
    }
}
