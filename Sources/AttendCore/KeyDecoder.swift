/// A key an operator pressed, or a scanner typed.
public enum TerminalKey: Equatable, Sendable {
    /// Printable text (a letter, a digit, a Vietnamese letter from an input method).
    case text(String)
    /// Enter: CR or LF (scanners end a code with either, or both).
    case enter
    case backspace
    case escape
    /// F1 to F12.
    case function(Int)
    /// Ctrl and a letter, as the lower-case letter (`c` for Ctrl-C).
    case control(Character)
}

/// Turns the bytes read from a terminal in raw mode into keys: UTF-8 text, control keys and the
/// escape sequences of function keys (xterm `ESC O P`, `ESC [ 15 ~`; the Linux console `ESC [ [ A`).
///
/// Bytes of a sequence cut between two reads wait for the next read.
public struct KeyDecoder: Sendable {
    private var buffer: [UInt8] = []

    public init() {}

    /// Decodes what was read; an `ESC` alone at the end of a read is the Escape key.
    public mutating func feed(_ bytes: [UInt8]) -> [TerminalKey] {
        buffer += bytes
        var keys: [TerminalKey] = []
        var text: [UInt8] = []
        func flushText() {
            if !text.isEmpty { keys.append(.text(String(decoding: text, as: UTF8.self))) }
            text = []
        }
        var i = 0
        while i < buffer.count {
            let byte = buffer[i]
            if byte == 0x1B {
                flushText()
                guard i + 1 < buffer.count else {
                    keys.append(.escape)
                    i += 1
                    continue
                }
                guard let (key, length) = KeyDecoder.escapeSequence(buffer[(i + 1)...]) else { break }  // incomplete: wait
                if let key { keys.append(key) }
                i += 1 + length
                continue
            }
            if byte >= 0x80 {
                let length = (0xC2...0xDF).contains(byte) ? 2 : (0xE0...0xEF).contains(byte) ? 3 : (0xF0...0xF4).contains(byte) ? 4 : 1
                let continuation = buffer[(i + 1)..<min(i + length, buffer.count)]
                if length == 1 || continuation.contains(where: { $0 & 0xC0 != 0x80 }) {
                    i += 1  // not UTF-8: dropped
                    continue
                }
                guard i + length <= buffer.count else { break }  // the rest comes with the next read
                text += buffer[i..<(i + length)]
                i += length
                continue
            }
            switch byte {
            case 0x0D, 0x0A:
                flushText()
                keys.append(.enter)
            case 0x7F, 0x08:
                flushText()
                keys.append(.backspace)
            case 0x01...0x1A:
                flushText()
                keys.append(.control(Character(Unicode.Scalar(byte + 0x60))))
            case 0x20...0x7E:
                text.append(byte)
            default:
                break
            }
            i += 1
        }
        flushText()
        buffer.removeFirst(min(i, buffer.count))
        return keys
    }

    /// The key of the sequence after an ESC and the bytes it took; nil when it is not complete.
    /// An unknown complete sequence gives a nil key and is skipped.
    static func escapeSequence(_ rest: ArraySlice<UInt8>) -> (TerminalKey?, Int)? {
        let bytes = Array(rest)
        switch bytes[0] {
        case UInt8(ascii: "O"):
            guard bytes.count >= 2 else { return nil }
            let keys: [UInt8: Int] = [0x50: 1, 0x51: 2, 0x52: 3, 0x53: 4]  // P Q R S
            return (keys[bytes[1]].map(TerminalKey.function), 2)
        case UInt8(ascii: "["):
            guard bytes.count >= 2 else { return nil }
            if bytes[1] == UInt8(ascii: "[") {  // Linux console: ESC [ [ A .. E
                guard bytes.count >= 3 else { return nil }
                let number = Int(bytes[2]) - 0x40
                return ((1...5).contains(number) ? .function(number) : nil, 3)
            }
            // CSI: parameters and intermediates, then one final byte 0x40-0x7E.
            guard let end = bytes.indices.dropFirst().first(where: { (0x40...0x7E).contains(bytes[$0]) }) else { return nil }
            let parameters = String(decoding: bytes[1..<end], as: UTF8.self).split(separator: ";").first.flatMap { Int($0) }
            guard bytes[end] == UInt8(ascii: "~"), let parameters else { return (nil, end + 1) }
            let functions = [11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 17: 6, 18: 7, 19: 8, 20: 9, 21: 10, 23: 11, 24: 12]
            return (functions[parameters].map(TerminalKey.function), end + 1)
        default:
            return (.escape, 0)  // ESC then an ordinary key: Escape, and the key follows
        }
    }
}
