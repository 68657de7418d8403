import AttendCore

/// What a text terminal shows after the bytes a program wrote to it: enough of a VT100 for
/// full-screen programs that place text with cursor moves (`ESC [ row ; col H`), clear with
/// `ESC [ 2 J` / `ESC [ K`, and colour with SGR (ignored here).
public struct VirtualScreen: Sendable {
    public let width: Int
    public let height: Int
    /// One string a cell; "" for the right half of a wide character.
    private var cells: [[String]]
    private var row = 0
    private var column = 0
    private var pending: [UInt8] = []

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        cells = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    /// The screen's rows, trailing spaces kept (each is `width` columns).
    public var lines: [String] { cells.map { $0.joined() } }

    /// All rows, one a line.
    public var text: String { lines.joined(separator: "\n") }

    /// Interprets what the program wrote; a sequence cut at the end waits for the rest.
    public mutating func feed(_ bytes: [UInt8]) {
        pending += bytes
        var i = 0
        scan: while i < pending.count {
            let byte = pending[i]
            switch byte {
            case 0x1B:
                guard i + 1 < pending.count else { break scan }
                if pending[i + 1] != UInt8(ascii: "[") {
                    i += 2
                    continue
                }
                guard let end = pending[(i + 2)...].firstIndex(where: { (0x40...0x7E).contains($0) }) else { break scan }
                control(String(decoding: pending[(i + 2)..<end], as: UTF8.self), final: pending[end])
                i = end + 1
            case 0x0D:
                column = 0
                i += 1
            case 0x0A:
                row = min(height - 1, row + 1)
                i += 1
            case 0x00..<0x20, 0x7F:
                i += 1
            default:
                let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                guard i + length <= pending.count else { break scan }
                put(String(decoding: pending[i..<(i + length)], as: UTF8.self))
                i += length
            }
        }
        pending.removeFirst(i)
    }

    private mutating func control(_ parameters: String, final: UInt8) {
        let numbers = parameters.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        switch final {
        case UInt8(ascii: "H"):
            row = min(height - 1, max(0, ((numbers.first ?? nil) ?? 1) - 1))
            column = min(width - 1, max(0, ((numbers.count > 1 ? numbers[1] : nil) ?? 1) - 1))
        case UInt8(ascii: "J"):
            if parameters == "2" { clear() }
        case UInt8(ascii: "K"):
            for c in column..<width { cells[row][c] = " " }
        case UInt8(ascii: "h"), UInt8(ascii: "l"):
            if parameters == "?1049" { clear() }
        default:
            break
        }
    }

    private mutating func clear() {
        cells = Array(repeating: Array(repeating: " ", count: width), count: height)
    }

    private mutating func put(_ text: String) {
        guard let character = text.first else { return }
        let columns = TerminalText.width(of: character)
        if columns == 0 {  // a combining mark joins the character before it
            if column > 0 { cells[row][column - 1] += text }
            return
        }
        guard column + columns <= width else { return }
        cells[row][column] = text
        if columns == 2 { cells[row][column + 1] = "" }
        column += columns
    }
}
