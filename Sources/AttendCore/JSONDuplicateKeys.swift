/// Finds a key written twice in one JSON object. Foundation's parsers keep one of the two without a
/// word (JSONDecoder the first, other readers the last), so a signed document could say one thing
/// to attendd and another to whoever reads the stored bytes later. This small scan of the bytes
/// sees every object's keys, compared after their escapes are decoded (`"a"` and `"\u0061"` are
/// the same key). It judges nothing else: a document that is not JSON is left to the parser.
public enum JSONDuplicateKeys {
    /// The first key seen twice, with the object holding it as `categories[1].figures` (empty for
    /// the top level); nil when every object's keys differ, or when the bytes stop being JSON.
    public static func first(in bytes: [UInt8]) -> (path: String, key: String)? {
        var scanner = Scanner(bytes: bytes)
        return scanner.run()
    }

    /// Deeper than this the scan stops and leaves the document to the parser, which refuses it
    /// (Foundation's limit is 512 too); a tally is four levels deep.
    static let maxDepth = 512

    /// One open object or array, with what the next string in it is. No frame holds its path:
    /// a path per frame would cost the square of the depth, and `[[[[…` is cheap to send.
    private struct Frame {
        var isObject: Bool
        var keys: Set<String> = []
        /// In an object: the next string is a key (after `{` or `,`), not a value.
        var expectsKey = true
        /// In an object the last key read, in an array the index of the element being read.
        var key = ""
        var index = 0
    }

    private struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var stack: [Frame] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        /// Where the innermost open object sits, as `categories[1].figures`; built only for a duplicate.
        var path: String {
            var path = ""
            for frame in stack.dropLast() {
                path += frame.isObject ? (path.isEmpty ? frame.key : "." + frame.key) : "[\(frame.index)]"
            }
            return path
        }

        mutating func run() -> (path: String, key: String)? {
            while i < bytes.count {
                let byte = bytes[i]
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    guard stack.count < JSONDuplicateKeys.maxDepth else { return nil }
                    stack.append(Frame(isObject: byte == UInt8(ascii: "{")))
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard stack.popLast() != nil else { return nil }
                    i += 1
                case UInt8(ascii: ","):
                    guard !stack.isEmpty else { return nil }
                    stack[stack.count - 1].expectsKey = true
                    stack[stack.count - 1].index += 1
                    i += 1
                case UInt8(ascii: "\""):
                    guard let text = string() else { return nil }
                    let top = stack.count - 1
                    // In place: a copy of the frame would share its set, and each insert copy it whole.
                    if top >= 0, stack[top].isObject, stack[top].expectsKey {
                        guard stack[top].keys.insert(text).inserted else { return (path, text) }
                        stack[top].key = text
                        stack[top].expectsKey = false
                    }
                default:
                    i += 1
                }
            }
            return nil
        }

        /// The string starting at the quote at `i`, escapes decoded; `i` ends past its closing quote.
        mutating func string() -> String? {
            i += 1
            var units: [UInt16] = []
            var start = i
            var plain = true
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    let text = plain ? String(decoding: bytes[start..<i], as: UTF8.self)
                        : String(decoding: units + Array(String(decoding: bytes[start..<i], as: UTF8.self).utf16), as: UTF16.self)
                    i += 1
                    return text
                case UInt8(ascii: "\\"):
                    plain = false
                    units += Array(String(decoding: bytes[start..<i], as: UTF8.self).utf16)
                    guard i + 1 < bytes.count else { return nil }
                    let escaped = bytes[i + 1]
                    i += 2
                    switch escaped {
                    case UInt8(ascii: "b"): units.append(0x08)
                    case UInt8(ascii: "f"): units.append(0x0C)
                    case UInt8(ascii: "n"): units.append(0x0A)
                    case UInt8(ascii: "r"): units.append(0x0D)
                    case UInt8(ascii: "t"): units.append(0x09)
                    case UInt8(ascii: "u"):
                        guard i + 4 <= bytes.count,
                              let unit = UInt16(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else { return nil }
                        units.append(unit)
                        i += 4
                    default: units.append(UInt16(escaped))
                    }
                    start = i
                default:
                    i += 1
                }
            }
            return nil
        }
    }
}
