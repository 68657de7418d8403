import Foundation

/// Splits one protocol line into a `RequestLine`, or names what is wrong with it.
///
/// Grammar (the README has it for terminal makers):
///
///     line   = verb *( 1*SP field ) *SP [CR]
///     verb   = 1*( ALPHA / DIGIT / "_" / "-" )          ; case-insensitive
///     field  = key "=" value
///     key    = 1*( %x61-7A / DIGIT / "_" )              ; lower-case ASCII
///     value  = 1*bare-char / DQUOTE *( qchar / "\" DQUOTE / "\\" ) DQUOTE
///
/// Values are UTF-8 and come back normalized to NFC. Works on bytes, so a line costs one
/// pass and one small allocation per field.
public enum LineDecoder {
    /// Decodes one line without its LF. Returns nil for a blank line, which is not a request.
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(ProtocolError) -> RequestLine? {
        var end = line.count
        if end > 0 && line[end - 1] == .cr { end -= 1 }
        if line[..<end].contains(where: { $0 >= 0x80 }),
           String(validating: line[..<end], as: UTF8.self) == nil {
            throw ProtocolError(.badUTF8, "line is not valid UTF-8")
        }
        var i = 0
        skipBlanks(line, &i, end)
        if i == end { return nil }

        let verbStart = i
        while i < end, !line[i].isBlank {
            let byte = line[i]
            guard byte.isASCIILetterOrDigit || byte == .underscore || byte == .hyphen else {
                throw ProtocolError(.malformed, "verb has \(describe(byte)) at column \(i + 1)")
            }
            i += 1
        }
        let verb = String(decoding: line[verbStart..<i], as: UTF8.self).uppercased()

        var fields: [RequestLine.Field] = []
        while true {
            let before = i
            skipBlanks(line, &i, end)
            if i == end { break }
            if i == before {
                throw ProtocolError(.malformed, "expected a space before column \(i + 1)")
            }
            let field = try decodeField(line, &i, end)
            if fields.contains(where: { $0.key == field.key }) {
                throw ProtocolError(.malformed, "key \(field.key) is given twice")
            }
            fields.append(field)
        }
        return RequestLine(verb: verb, fields: fields)
    }

    /// Decodes a line held in an array (tests, the control tool).
    public static func decode(_ bytes: [UInt8]) throws(ProtocolError) -> RequestLine? {
        let result: Result<RequestLine?, ProtocolError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(ProtocolError) -> RequestLine? in try decode(buffer) }
        }
        return try result.get()
    }

    /// Decodes a line given as text.
    public static func decode(_ text: String) throws(ProtocolError) -> RequestLine? {
        try decode(Array(text.utf8))
    }

    private static func decodeField(
        _ line: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int
    ) throws(ProtocolError) -> RequestLine.Field {
        let keyStart = i
        while i < end, line[i] != .equals {
            let byte = line[i]
            if byte.isBlank {
                throw ProtocolError(.malformed, "field at column \(keyStart + 1) has no '='")
            }
            guard byte.isLowerASCIILetter || byte.isASCIIDigit || byte == .underscore else {
                throw ProtocolError(
                    .malformed, "key has \(describe(byte)) at column \(i + 1) (keys are lower-case a-z, 0-9, _)")
            }
            i += 1
        }
        if i == end { throw ProtocolError(.malformed, "field at column \(keyStart + 1) has no '='") }
        if i == keyStart { throw ProtocolError(.malformed, "empty key at column \(i + 1)") }
        let key = String(decoding: line[keyStart..<i], as: UTF8.self)
        i += 1  // '='

        if i < end, line[i] == .quote {
            return RequestLine.Field(key, try decodeQuoted(line, &i, end, key: key))
        }
        let valueStart = i
        while i < end, !line[i].isBlank {
            let byte = line[i]
            if byte == .quote {
                throw ProtocolError(.malformed, "stray '\"' in value of \(key) at column \(i + 1)")
            }
            if byte.isControl {
                throw ProtocolError(.malformed, "value of \(key) has \(describe(byte)) at column \(i + 1)")
            }
            i += 1
        }
        if i == valueStart {
            throw ProtocolError(.malformed, "key \(key) has no value (write \(key)=\"\" for an empty one)")
        }
        return RequestLine.Field(key, makeValue(line[valueStart..<i]))
    }

    private static func decodeQuoted(
        _ line: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, key: String
    ) throws(ProtocolError) -> String {
        let open = i
        i += 1
        var bytes: [UInt8] = []
        while i < end {
            let byte = line[i]
            if byte == .quote {
                i += 1
                if i < end, !line[i].isBlank {
                    throw ProtocolError(.malformed, "expected a space after the quoted value of \(key) at column \(i + 1)")
                }
                return makeValue(bytes[...])
            }
            if byte == .backslash {
                guard i + 1 < end, line[i + 1] == .quote || line[i + 1] == .backslash else {
                    throw ProtocolError(
                        .malformed, "unknown escape in value of \(key) at column \(i + 1) (only \\\" and \\\\)")
                }
                bytes.append(line[i + 1])
                i += 2
                continue
            }
            if byte.isControl && byte != .tab {
                throw ProtocolError(.malformed, "value of \(key) has \(describe(byte)) at column \(i + 1)")
            }
            bytes.append(byte)
            i += 1
        }
        throw ProtocolError(.malformed, "quoted value of \(key) opened at column \(open + 1) is not closed")
    }

    /// The value in NFC. Foundation's NFC runs only for text `TextFastPath` cannot vouch for
    /// (precomposed Vietnamese is not sent through it): besides the time, it reaches into
    /// CoreFoundation's tables and bridging, code an idle daemon otherwise keeps unmapped.
    private static func makeValue<C: Collection<UInt8>>(_ bytes: C) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.contains(where: { $0 >= 0x80 }), !TextFastPath.isNFC(text) else { return text }
        return text.precomposedStringWithCanonicalMapping
    }

    private static func skipBlanks(_ line: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) {
        while i < end, line[i].isBlank { i += 1 }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}

extension UInt8 {
    static let tab: UInt8 = 0x09
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let hyphen: UInt8 = 0x2D
    static let equals: UInt8 = 0x3D
    static let backslash: UInt8 = 0x5C
    static let underscore: UInt8 = 0x5F

    var isBlank: Bool { self == .space || self == .tab }
    var isControl: Bool { self < 0x20 || self == 0x7F }
    var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    var isLowerASCIILetter: Bool { self >= 0x61 && self <= 0x7A }
    var isASCIILetterOrDigit: Bool { isASCIIDigit || isLowerASCIILetter || (self >= 0x41 && self <= 0x5A) }
}
