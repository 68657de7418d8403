import AttendCore
import AttendIO
import Dispatch
import Glibc

/// The text terminal the operator looks at: raw mode (every key at once, no echo, Ctrl-C as a
/// key), the alternate screen, its size, and drawing `ScreenLine`s with ANSI sequences.
///
/// Signals (SIGWINCH, SIGTERM, SIGHUP, SIGINT) arrive as bytes on a pipe the main loop polls
/// beside the keyboard, so all work happens in the loop.
public final class RawTerminal {
    public let input: Int32
    public let output: Int32
    private var original = termios()
    private var isRaw = false
    private let signalPipe: [Int32]
    private var sources: [DispatchSourceSignal] = []

    /// Takes over standard input and output; fails when they are not a terminal.
    public init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) throws(SystemError) {
        self.input = input
        self.output = output
        guard isatty(input) == 1 else { throw SystemError("isatty", errno: ENOTTY, detail: "standard input") }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SystemError("pipe") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        signalPipe = fds
        for number in [SIGWINCH, SIGTERM, SIGHUP, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let writeEnd = fds[1]
            source.setEventHandler {
                var byte = UInt8(truncatingIfNeeded: number)
                _ = Glibc.write(writeEnd, &byte, 1)
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        restore()
        for source in sources { source.cancel() }
        close(signalPipe[0])
        close(signalPipe[1])
    }

    /// Raw mode and the alternate screen.
    public func enter() throws(SystemError) {
        guard tcgetattr(input, &original) == 0 else { throw SystemError("tcgetattr") }
        var raw = original
        cfmakeraw(&raw)
        raw.c_oflag |= tcflag_t(OPOST | ONLCR)
        // TCSANOW, not TCSAFLUSH: a card scanned while the program starts must not be thrown away.
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { throw SystemError("tcsetattr") }
        isRaw = true
        write("\u{1B}[?1049h\u{1B}[2J")
    }

    /// Puts the terminal back as it was (also on the way out after a signal).
    public func restore() {
        guard isRaw else { return }
        write("\u{1B}[0m\u{1B}[?25h\u{1B}[2J\u{1B}[H\u{1B}[?1049l")
        tcsetattr(input, TCSAFLUSH, &original)
        isRaw = false
    }

    /// Columns and rows (TIOCGWINSZ); 80x24 when the terminal does not say.
    public func size() -> (width: Int, height: Int) {
        var size = winsize()
        guard ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else {
            return TerminalScreen.minimumSize
        }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// What happened while waiting up to `milliseconds`.
    public struct Wait {
        public var bytes: [UInt8] = []
        public var signals: [Int32] = []
        /// The keyboard is gone (the terminal closed).
        public var inputClosed = false
    }

    /// Waits for keys or signals.
    public func wait(milliseconds: Int32) -> Wait {
        var result = Wait()
        var pollers = [pollfd(fd: input, events: Int16(POLLIN), revents: 0), pollfd(fd: signalPipe[0], events: Int16(POLLIN), revents: 0)]
        guard poll(&pollers, 2, milliseconds) > 0 else { return result }
        if pollers[1].revents != 0 {
            var bytes = [UInt8](repeating: 0, count: 16)
            let count = read(signalPipe[0], &bytes, bytes.count)
            if count > 0 { result.signals = bytes[..<count].map { Int32($0) } }
        }
        if pollers[0].revents & Int16(POLLIN) != 0 {
            var bytes = [UInt8](repeating: 0, count: 4096)
            let count = read(input, &bytes, bytes.count)
            if count > 0 { result.bytes = Array(bytes[..<count]) } else if count == 0 || errno != EINTR { result.inputClosed = true }
        } else if pollers[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            result.inputClosed = true
        }
        return result
    }

    /// Draws a whole screen: each line at its row, coloured by its tone, then the cursor.
    public func draw(_ lines: [ScreenLine], cursorRow: Int, cursorColumn: Int) {
        var out = "\u{1B}[?25l\u{1B}[H"
        for (index, line) in lines.enumerated() {
            out += "\u{1B}[\(index + 1);1H" + RawTerminal.style(line.tone) + line.text + "\u{1B}[0m"
        }
        out += "\u{1B}[\(cursorRow);\(cursorColumn)H\u{1B}[?25h"
        write(out)
    }

    /// The SGR sequence of a tone: reverse-coloured bands for results, so they read from across the room.
    static func style(_ tone: ScreenLine.Tone) -> String {
        switch tone {
        case .plain: return ""
        case .header: return "\u{1B}[1;97;44m"
        case .dim: return "\u{1B}[2m"
        case .good: return "\u{1B}[1;97;42m"
        case .warning: return "\u{1B}[1;30;43m"
        case .bad: return "\u{1B}[1;97;41m"
        case .prompt: return "\u{1B}[1m"
        }
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += written
        }
    }
}
