/// Why an XML part was refused, with the byte where the scanner stopped.
public struct XMLError: Error, Equatable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String

    public init(offset: Int, _ message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) (at byte \(offset))" }
}

/// One piece of an XML document, as `XMLScanner` hands it out.
public enum XMLToken: Equatable, Sendable {
    /// `<name a="v">` or `<name/>` (then `selfClosing`); `name` without its namespace prefix.
    case start(name: String, attributes: [String: String], selfClosing: Bool)
    case end(name: String)
    /// Character data with its entities and CDATA sections decoded.
    case text(String)
}

/// A small pull scanner for the XML an xlsx file holds (the project may not link libxml2, which
/// FoundationXML needs).
///
/// It reads elements, attributes, text, the five predefined entities, character references and
/// CDATA; it skips the XML declaration, processing instructions and comments. It refuses a
/// `<!DOCTYPE`: xlsx parts never have one, and a document type is how entity-expansion ("billion
/// laughs") and external-entity attacks begin. Names keep only their local part (`x:row` is
/// `row`), as the xlsx dialects differ only in prefixes. It checks no nesting: the readers above
/// it look only at the elements they know. Each byte is looked at a bounded number of times.
public struct XMLScanner {
    let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// The next token, or nil at the end of the input.
    public mutating func next() throws(XMLError) -> XMLToken? {
        while offset < bytes.count {
            if bytes[offset] != lessThan {
                return .text(try readText())
            }
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                let start = offset + 9
                guard let end = find("]]>", from: start) else { throw XMLError(offset: offset, "a CDATA section is never closed") }
                offset = end + 3
                return .text(String(decoding: bytes[start..<end], as: UTF8.self))
            } else if starts(with: "<!") {
                throw XMLError(offset: offset, "a document type declaration (<!DOCTYPE): xlsx parts have none, and it could expand entities or fetch files")
            } else if offset + 1 < bytes.count, bytes[offset + 1] == slash {
                offset += 2
                let name = readName()
                skipSpace()
                guard offset < bytes.count, bytes[offset] == greaterThan, !name.isEmpty else {
                    throw XMLError(offset: offset, "a closing tag is malformed")
                }
                offset += 1
                return .end(name: name)
            } else {
                return try readStartTag()
            }
        }
        return nil
    }

    /// The text of the element whose start tag was just read, up to its end tag; child elements'
    /// text is included unless their name is in `skipping` (with all they hold).
    public mutating func text(of element: String, skipping: Set<String> = []) throws(XMLError) -> String {
        var text = ""
        var depth = 0
        var skippedDepth: Int?
        while let token = try next() {
            switch token {
            case .text(let piece): if skippedDepth == nil { text += piece }
            case .start(let name, _, let selfClosing):
                if selfClosing { continue }
                depth += 1
                if skippedDepth == nil, skipping.contains(name) { skippedDepth = depth }
            case .end(let name):
                if depth == 0 {
                    guard name == element else { throw XMLError(offset: offset, "</\(name)> closes <\(element)>") }
                    return text
                }
                if skippedDepth == depth { skippedDepth = nil }
                depth -= 1
            }
        }
        throw XMLError(offset: offset, "<\(element)> is never closed")
    }

    private mutating func readStartTag() throws(XMLError) -> XMLToken {
        let tagStart = offset
        offset += 1
        let name = readName()
        guard !name.isEmpty else { throw XMLError(offset: tagStart, "a tag without a name") }
        var attributes: [String: String] = [:]
        while true {
            skipSpace()
            guard offset < bytes.count else { throw XMLError(offset: tagStart, "the tag <\(name) is never closed") }
            if bytes[offset] == greaterThan {
                offset += 1
                return .start(name: name, attributes: attributes, selfClosing: false)
            }
            if bytes[offset] == slash, offset + 1 < bytes.count, bytes[offset + 1] == greaterThan {
                offset += 2
                return .start(name: name, attributes: attributes, selfClosing: true)
            }
            let attribute = readName()
            skipSpace()
            guard !attribute.isEmpty, offset + 1 < bytes.count, bytes[offset] == equals else {
                throw XMLError(offset: offset, "a malformed attribute in <\(name)>")
            }
            offset += 1
            skipSpace()
            guard offset < bytes.count, bytes[offset] == doubleQuote || bytes[offset] == singleQuote else {
                throw XMLError(offset: offset, "the attribute \(attribute) of <\(name)> has no quoted value")
            }
            let quote = bytes[offset]
            let start = offset + 1
            guard let end = bytes[start...].firstIndex(of: quote) else {
                throw XMLError(offset: offset, "the attribute \(attribute) of <\(name)> is never closed")
            }
            offset = end + 1
            attributes[attribute] = try decodeEntities(start, end)
        }
    }

    private mutating func readText() throws(XMLError) -> String {
        let start = offset
        let end = bytes[start...].firstIndex(of: lessThan) ?? bytes.count
        offset = end
        return try decodeEntities(start, end)
    }

    /// `bytes[start..<end]` as a string, `&...;` references replaced.
    private func decodeEntities(_ start: Int, _ end: Int) throws(XMLError) -> String {
        guard bytes[start..<end].contains(ampersand) else { return String(decoding: bytes[start..<end], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            guard byte == ampersand else {
                out.append(byte)
                index += 1
                continue
            }
            guard let semicolon = bytes[index..<min(end, index + 12)].firstIndex(of: UInt8(ascii: ";")) else {
                throw XMLError(offset: index, "an & that starts no entity (write &amp;)")
            }
            let name = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch name {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if name.hasPrefix("#x") {
                    scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if name.hasPrefix("#") {
                    scalar = UInt32(name.dropFirst(1)).flatMap(Unicode.Scalar.init)
                } else {
                    throw XMLError(offset: index, "the entity &\(name); is not one of XML's five")
                }
            }
            guard let scalar else { throw XMLError(offset: index, "the character reference &\(name); names no character") }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
            index = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A name at `offset`, without its prefix; empty when none starts there.
    private mutating func readName() -> String {
        let start = offset
        var local = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == space || byte == tab || byte == newline || byte == carriageReturn || byte == greaterThan
                || byte == slash || byte == equals || byte == lessThan { break }
            if byte == colon { local = offset + 1 }
            offset += 1
        }
        return offset > start ? String(decoding: bytes[local..<offset], as: UTF8.self) : ""
    }

    private mutating func skipSpace() {
        while offset < bytes.count, [space, tab, newline, carriageReturn].contains(bytes[offset]) { offset += 1 }
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        let pointer = text.utf8Start
        for index in 0..<count where bytes[offset + index] != pointer[index] { return false }
        return true
    }

    private func find(_ text: StaticString, from start: Int) -> Int? {
        let count = text.utf8CodeUnitCount
        let pointer = text.utf8Start
        var index = start
        while index + count <= bytes.count {
            if bytes[index] == pointer[0] {
                var matches = true
                for inner in 1..<count where bytes[index + inner] != pointer[inner] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    private mutating func skip(past text: StaticString) throws(XMLError) {
        guard let end = find(text, from: offset + 2) else { throw XMLError(offset: offset, "a comment or instruction is never closed") }
        offset = end + text.utf8CodeUnitCount
    }
}

private let lessThan = UInt8(ascii: "<"), greaterThan = UInt8(ascii: ">"), slash = UInt8(ascii: "/")
private let equals = UInt8(ascii: "="), doubleQuote = UInt8(ascii: "\""), singleQuote = UInt8(ascii: "'")
private let ampersand = UInt8(ascii: "&"), colon = UInt8(ascii: ":"), space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
