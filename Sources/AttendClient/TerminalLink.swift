import AttendCore
import AttendIO
import Glibc

/// The terminal program's connection to attendd: TCP over the LAN or the local control socket.
///
/// Connects lazily and with a deadline (a bridge-point box switched off must not freeze the
/// screen for the kernel's two-minute SYN timeout). Any failure drops the connection, since a
/// late reply would answer the wrong request; the next try waits 1 s, doubling to 5 s while
/// attendd stays away, so a box switched off costs the screen little.
public final class TerminalLink {
    /// Where attendd is.
    public enum Endpoint: Equatable, Sendable {
        case tcp(host: String, port: Int)
        case control(path: String)

        /// Only the local control socket may send admin verbs (`EXCUSE`).
        public var isControl: Bool {
            if case .control = self { return true }
            return false
        }

        public var description: String {
            switch self {
            case .tcp(let host, let port): return "\(host):\(port)"
            case .control(let path): return path
            }
        }
    }

    public let endpoint: Endpoint
    /// `--key FILE`: the terminal and its key; every line sent is then signed (see `sign`).
    public let signer: (terminal: String, key: [UInt8])?
    /// The highest seq sent, for lines that carry none of their own (FIND, SUMMARY, INCIDENT):
    /// a signed line needs one, and reusing the last keeps it inside attendd's replay window.
    public var lastSequence: Int64 = 0
    private var client: LineClient?
    private var nextAttempt: Int64 = 0
    private var failures = 0
    /// The last failure, for the screen.
    public private(set) var lastError = ""

    /// A connection on a LAN takes milliseconds; one not made in a second will not be.
    static let connectTimeoutMilliseconds: Int32 = 1_000
    /// attendd answers after its commit (a disk sync): seconds leave room for a slow disk.
    static let replyTimeoutSeconds = 5.0
    /// The first and the longest wait between attempts while attendd is unreachable.
    static let retryMilliseconds: Int64 = 1_000
    static let maxRetryMilliseconds: Int64 = 5_000

    public init(_ endpoint: Endpoint, signer: (terminal: String, key: [UInt8])? = nil) {
        self.endpoint = endpoint
        self.signer = signer
    }

    /// `line` as sent: unchanged without a key; with one, given `term=` and `seq=` when it has
    /// none and signed with `mac=` last, as LineAuthenticator checks it.
    public func sign(_ line: RequestLine) -> String {
        guard let signer else { return line.text }
        var line = line
        if line["term"] == nil { line.fields.append(.init("term", signer.terminal)) }
        if let seq = line["seq"].flatMap(Int64.init) {
            lastSequence = max(lastSequence, seq)
        } else {
            line.fields.append(.init("seq", String(lastSequence)))
        }
        return LineAuthenticator.sign(line.text, key: signer.key)
    }

    public var isConnected: Bool { client != nil }

    /// Connects if not connected and an attempt is due; true when connected.
    @discardableResult
    public func connectIfDue() -> Bool {
        if client != nil { return true }
        let now = Clock.monotonicMilliseconds()
        guard now >= nextAttempt else { return false }
        do {
            switch endpoint {
            case .tcp(let host, let port): client = try LineClient(host: host, port: port, connectTimeoutMilliseconds: TerminalLink.connectTimeoutMilliseconds)
            case .control(let path): client = try LineClient(unixPath: path)
            }
            lastError = ""
            failures = 0
            return true
        } catch {
            fail(Self.screenText(error))
            return false
        }
    }

    /// Sends one request and reads its reply; nil (and the link down) when attendd cannot be reached.
    public func request(_ line: RequestLine) -> Reply? {
        guard connectIfDue(), let client else { return nil }
        do {
            return try client.request(sign(line), timeoutSeconds: TerminalLink.replyTimeoutSeconds)
        } catch {
            fail(Self.screenText(error))
            return nil
        }
    }

    /// A failure as the operator's screen says it, in Vietnamese: `bị từ chối kết nối`, not
    /// errno's English (`connect 127.0.0.1:7499: Connection refused`).
    static func screenText(_ error: any Error) -> String {
        if let error = error as? SystemError { return ProbeFailure(call: error.call, errno: error.errno).text(.vietnamese) }
        return "trả lời không đọc được"  // a reply that did not decode
    }

    /// Drops the connection; the next attempt waits a little.
    public func fail(_ reason: String) {
        client = nil
        lastError = reason
        failures += 1
        let wait = min(TerminalLink.maxRetryMilliseconds, TerminalLink.retryMilliseconds << min(failures - 1, 8))
        nextAttempt = Clock.monotonicMilliseconds() + wait
    }
}
