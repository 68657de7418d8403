import AttendCore
import Foundation
import Glibc

/// A built product run on a pseudo-terminal, as an operator would run it in a text console:
/// the test types into the master side and reads the screen the program drew.
///
/// `posix_openpt`, `grantpt`, `unlockpt` and `ptsname` are not in Swift's Glibc module; they are
/// looked up with `dlsym` (they are in libc on every glibc Linux).
public final class PseudoTerminal: @unchecked Sendable {
    public let process: Process
    private let master: Int32
    public private(set) var screen: VirtualScreen

    /// Starts `product` from the build folder on a new terminal of `width` x `height`, with
    /// `environment` added (a daemon's `clockEnvironment`).
    public init(
        _ product: String, _ arguments: [String], width: Int = 80, height: Int = 24, environment added: [String: String] = [:]
    ) throws {
        typealias Call = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?
        func function<T>(_ name: String, _: T.Type) throws -> T {
            guard let address = dlsym(nil, name) else { throw HarnessError("\(name) not found") }
            return unsafeBitCast(address, to: T.self)
        }
        master = try function("posix_openpt", Call.self)(O_RDWR | O_NOCTTY)
        guard master >= 0, try function("grantpt", Call.self)(master) == 0, try function("unlockpt", Call.self)(master) == 0,
              let name = try function("ptsname", Name.self)(master)
        else { throw HarnessError("cannot open a pseudo-terminal: \(String(cString: strerror(errno)))") }
        let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw HarnessError("cannot open \(String(cString: name))") }
        screen = VirtualScreen(width: width, height: height)
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        process = Process()
        process.executableURL = DaemonHarness.productsDirectory.appendingPathComponent(product)
        process.arguments = arguments
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        environment.merge(added) { _, new in new }
        process.environment = environment
        try process.run()
        close(slave)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        close(master)
    }

    /// Types text (a scanner's code and `\r`, or escape sequences of function keys).
    public func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads what the program drew for up to `milliseconds`.
    public func pump(milliseconds: Int32 = 50) {
        var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while poll(&poller, 1, milliseconds) > 0 {
            var bytes = [UInt8](repeating: 0, count: 65_536)
            let count = read(master, &bytes, bytes.count)
            guard count > 0 else { return }  // EIO: the program exited
            screen.feed(Array(bytes[..<count]))
        }
    }

    /// Waits until the screen satisfies `condition`; throws with the screen when it does not in time.
    @discardableResult
    public func waitFor(_ what: String, timeoutSeconds: Double = 15, _ condition: (VirtualScreen) -> Bool) throws -> VirtualScreen {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while Date() < deadline {
            pump()
            if condition(screen) { return screen }
        }
        throw HarnessError("the screen did not show \(what) in \(timeoutSeconds) s:\n\(screen.text)")
    }

    /// Waits until the screen shows `text` somewhere.
    @discardableResult
    public func waitFor(_ text: String, timeoutSeconds: Double = 15) throws -> VirtualScreen {
        try waitFor("\"\(text)\"", timeoutSeconds: timeoutSeconds) { $0.text.contains(text) }
    }

    /// Changes the terminal's size and tells the program, as a terminal emulator does.
    public func resize(width: Int, height: Int) {
        var size = winsize(ws_row: UInt16(height), ws_col: UInt16(width), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        screen = VirtualScreen(width: width, height: height)
        kill(process.processIdentifier, SIGWINCH)
    }

    /// Waits for the program to exit; its status, or nil if it is still running.
    public func waitForExit(timeoutSeconds: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { pump(milliseconds: 20) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGKILL: the program dies at once, with no chance to tidy up.
    public func killHard() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
