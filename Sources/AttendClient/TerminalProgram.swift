import AttendCore
import AttendIO
import Foundation
import Glibc

/// `attendctl terminal`: the operator's full-screen check-in terminal.
///
/// One loop: wait for keys (or a signal) at most `tickMilliseconds`, let the session decide,
/// carry out its actions, send what the queue holds, redraw what changed. Every scan goes
/// through the queue file: appended and synced, shown, then sent; removed only after attendd
/// answered it, so a scan is never lost and, with its (term, seq), never counted twice.
public final class TerminalProgram {
    /// What `attendctl terminal` was told.
    public struct Options: Equatable, Sendable {
        public var endpoint: TerminalLink.Endpoint
        public var terminal: String
        public var queuePath: String
        /// `--key FILE`: the terminal's key, when attendd has one for it in `[terminals] keys_file`.
        public var key: [UInt8]? = nil
    }

    static let usage = "terminal --term ID [--host IPV4 [--port P] | --data DIR] [--queue FILE] [--key FILE]"
    static let tickMilliseconds: Int32 = 200
    static let summaryMilliseconds: Int64 = 3_000
    /// Queued scans sent between two looks at the keyboard.
    static let batch = 50
    /// Errors after which a scan stays queued and is sent again; any other answer is final.
    static let retryable: Set<ErrorCode> = [.unavailable, .busy, .rateLimited]

    let options: Options
    private let link: TerminalLink
    private var session: TerminalSession
    /// Scans taken while attendd answered: sent as live check-ins. Any failure makes them queued.
    private var live: Set<Int64> = []

    public init(options: Options) {
        self.options = options
        link = TerminalLink(options.endpoint, signer: options.key.map { (options.terminal, $0) })
        session = TerminalSession(terminal: options.terminal, canExcuse: options.endpoint.isControl)
    }

    /// Reads the options after `terminal`.
    static func options(_ arguments: inout ToolArguments, config: Config, environment: [String: String]) throws -> Options {
        let host = arguments.option("--host")
        let port = arguments.option("--port")
        let data = arguments.option("--data")
        let queue = arguments.option("--queue")
        let keyFile = arguments.option("--key")
        guard let terminal = arguments.option("--term") else { throw UsageError("--term ID is required: \(usage)") }
        _ = try arguments.positional(0...0, usage: usage)
        guard TerminalSession.isIdentifier(terminal) else { throw UsageError("--term takes an id without spaces, up to 64 bytes") }
        let endpoint: TerminalLink.Endpoint
        if let host {
            guard data == nil else { throw UsageError("--host and --data exclude each other: \(usage)") }
            guard let number = Int(port ?? String(config.port)), (1...65_535).contains(number) else { throw UsageError("--port takes 1 to 65535") }
            endpoint = .tcp(host: host, port: number)
        } else {
            guard port == nil else { throw UsageError("--port needs --host") }
            endpoint = .control(path: data.map { $0 + "/run/control.sock" } ?? config.controlSocketPath)
        }
        let state = environment["XDG_STATE_HOME"] ?? ((environment["HOME"] ?? ".") + "/.local/state")
        var options = Options(endpoint: endpoint, terminal: terminal, queuePath: queue ?? "\(state)/attendctl/terminal-\(terminal).queue")
        if let keyFile { options.key = try key(terminal, in: keyFile) }
        return options
    }

    /// The key of `terminal` from FILE: its line of attendd's keys file (`TERM HEXKEY [NAME]`),
    /// in a file other users cannot read, as attendd demands of its own.
    static func key(_ terminal: String, in path: String) throws -> [UInt8] {
        let keys: [BridgeKey]
        do {
            keys = try KeysFileReader.read(path)
        } catch {
            throw UsageError("--key: \(error.description)")
        }
        guard let entry = keys.first(where: { $0.id == terminal }) else {
            throw UsageError("--key: \(path) has no line for terminal \(terminal) (expected \(terminal) HEXKEY)")
        }
        return entry.key
    }

    /// Runs until the operator quits or the terminal closes; returns the exit status.
    public func run() -> Int32 {
        let queueFile: QueueFile
        let screen: RawTerminal
        do {
            queueFile = try QueueFile(path: options.queuePath, firstSequence: Clock.now().milliseconds)
            link.lastSequence = queueFile.queue.nextSequence - 1
            screen = try RawTerminal()
            try screen.enter()
        } catch {
            FileHandle.standardError.write(Data("attendctl terminal: \(error)\n".utf8))
            return 1
        }
        defer { screen.restore() }
        session.restored(queueFile.queue.pending)
        var decoder = KeyDecoder()
        var nextSummary: Int64 = 0
        var drawn: [ScreenLine] = []
        var drawnSize = (width: 0, height: 0)
        while true {
            let now = Clock.monotonicMilliseconds()
            if now >= nextSummary {
                // Named (term=), so attendd hears a terminal nobody scans at: its last_seen is
                // what AttenddTerminalSilent watches in the hours between arrivals and check-outs.
                if let reply = link.request(RequestLine(verb: "SUMMARY", fields: [.init("term", options.terminal)])) {
                    session.summarised(reply)
                }
                nextSummary = now + TerminalProgram.summaryMilliseconds
            }
            send(queueFile)
            let size = screen.size()
            let lines = TerminalScreen.render(session, width: size.width, height: size.height)
            if lines != drawn || size != drawnSize {
                screen.draw(lines, cursorRow: lines.count, cursorColumn: TerminalScreen.cursorColumn(session, width: size.width))
                drawn = lines
                drawnSize = size
            }
            // A queue still draining: look at the keyboard and go on at once.
            let draining = link.isConnected && !queueFile.queue.pending.isEmpty
            let waited = screen.wait(milliseconds: draining ? 0 : TerminalProgram.tickMilliseconds)
            if waited.signals.contains(where: { $0 != SIGWINCH }) || waited.inputClosed { return 0 }
            if waited.signals.contains(SIGWINCH) { drawn = [] }
            for key in decoder.feed(waited.bytes) {
                for action in session.handle(key) {
                    if action == .quit { return 0 }
                    perform(action, queueFile: queueFile)
                }
            }
        }
    }

    private func perform(_ action: TerminalAction, queueFile: QueueFile) {
        switch action {
        case .check(let direction, let delegate, let method, let name):
            do {
                let entry = try queueFile.add(direction: direction, delegate: delegate, method: method, at: Clock.now(),
                                              conference: session.figures?.conference)
                if link.isConnected { live.insert(entry.sequence) }
                session.scanned(entry, name: name)
            } catch {
                session.note("KHÔNG LƯU ĐƯỢC trên máy, quẹt lại: \(error)")
            }
            send(queueFile)
        case .find(let query):
            guard let reply = link.request(RequestLine(verb: "FIND", fields: [.init("q", query), .init("term", options.terminal)])) else {
                session.note("Mất kết nối tới attendd: không tìm tên được lúc này. Quẹt thẻ hoặc gõ mã.")
                return
            }
            session.found(query: query, reply: reply)
        case .incident(let start, let kind):
            let line = RequestLine(verb: "INCIDENT", fields: [
                .init("action", start ? "start" : "end"), .init("kind", kind.rawValue), .init("term", options.terminal),
            ])
            guard let reply = link.request(line) else {
                session.note("Mất kết nối tới attendd: chưa báo được sự cố, bấm lại khi có kết nối.")
                return
            }
            session.incidentAnswered(start: start, kind: kind, reply: reply)
        case .excuse(let delegate, let reason):
            guard let reply = link.request(RequestLine(verb: "EXCUSE", fields: [.init("id", delegate), .init("reason", reason)])) else {
                session.note("Mất kết nối tới attendd: chưa ghi được lý do vắng.")
                return
            }
            session.excuseAnswered(delegate: delegate, reason: reason, reply: reply)
        case .unqueue(let sequence):
            // Still on disk, unsent: finished as undone, so it is never sent.
            guard queueFile.queue.pending.contains(where: { $0.sequence == sequence }) else {
                session.unqueued(sequence: sequence, removed: false)
                return
            }
            do {
                try queueFile.finish(sequence: sequence, refused: "undone")
                live.remove(sequence)
                session.unqueued(sequence: sequence, removed: true)
            } catch {
                session.note("Không ghi được hàng đợi trên máy: \(error)")
            }
        case .void(let event, let sequence, let reason):
            let line = RequestLine(verb: "VOID", fields: [
                .init("event", String(event)), .init("reason", reason), .init("term", options.terminal),
            ])
            guard let reply = link.request(line) else {
                session.note("Mất kết nối tới attendd: chưa huỷ được lượt, bấm F8 lại khi có kết nối.")
                return
            }
            session.voidAnswered(sequence: sequence, reply: reply)
        case .quit:
            break
        }
    }

    /// Sends pending scans in order while attendd answers, at most `batch` at a time so keys stay
    /// responsive while a long queue drains; stops at the first failure.
    private func send(_ queueFile: QueueFile) {
        defer {
            session.pendingCount = queueFile.queue.pending.count
            session.link = link.isConnected ? .online : link.lastError.isEmpty ? .connecting : .offline(link.lastError)
        }
        for entry in queueFile.queue.pending.prefix(TerminalProgram.batch) {
            let line = OfflineQueue.request(for: entry, terminal: options.terminal, queued: !live.contains(entry.sequence))
            guard let reply = link.request(line) else {
                live.removeAll()
                return
            }
            if let error = reply.error, TerminalProgram.retryable.contains(error) {
                link.fail("attendd: \(error.rawValue) \(reply["msg"] ?? "")")
                live.removeAll()
                return
            }
            do {
                try queueFile.finish(sequence: entry.sequence, refused: reply.error?.rawValue)
            } catch {
                session.note("Không ghi được hàng đợi trên máy: \(error)")
                return
            }
            live.remove(entry.sequence)
            if !reply.isOK { recordRefusal(line, reply: reply) }
            session.answered(sequence: entry.sequence, direction: entry.direction, reply: reply)
        }
    }

    /// Keeps a refused scan beside the queue (`FILE.refused`), so it can be entered from paper later.
    private func recordRefusal(_ line: RequestLine, reply: Reply) {
        let text = "\(Clock.now().vietnam)\t\(line.text)\t"
            + String(decoding: reply.encoded(), as: UTF8.self)
        let path = options.queuePath + ".refused"
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        handle.closeFile()
    }
}
