/// Decides what to do with one received line: answer it at once, or hand it to where its verb runs
/// (`VerbTable`), after the sender rules.
///
/// Pure: the event loop calls it for every line and carries out the result.
public enum RequestRouter {
    /// Where a line came from, as far as permissions go.
    public struct Context: Sendable {
        /// The local control socket: admin verbs allowed.
        public var isControl: Bool
        /// Terminal ids allowed to check in; nil allows any.
        public var allowedTerminals: Set<String>?
        /// Terminals with a key in `[terminals] keys_file`: their lines passed the MAC check.
        public var keyedTerminals: Set<String>
        /// This attendd is a hub (`[hub] keys_file` set): `TALLY` can be served.
        public var acceptsTallies: Bool
        /// The line came as a UDP datagram: only verbs whose row has `.udp` are served.
        public var isDatagram: Bool

        public init(
            isControl: Bool, allowedTerminals: Set<String>?, keyedTerminals: Set<String> = [], acceptsTallies: Bool = true,
            isDatagram: Bool = false
        ) {
            self.isDatagram = isDatagram
            self.isControl = isControl
            self.allowedTerminals = allowedTerminals
            self.keyedTerminals = keyedTerminals
            self.acceptsTallies = acceptsTallies
        }
    }

    /// What the event loop should do with a line.
    public enum Routing: Equatable, Sendable {
        /// Nothing: a blank line is not a request.
        case ignore
        /// Send this reply now (it still waits for earlier replies on the same connection).
        case reply(Reply)
        /// Give the request to the writer; the reply comes after the commit. `echo` goes first in it.
        case store(WriteRequest, echo: [RequestLine.Field])
        /// Re-read the configuration, then reply.
        case reload(echo: [RequestLine.Field])
        /// Run the query on a read connection; the reply comes when it is done.
        case query(Query, echo: [RequestLine.Field])
        /// Collect the `bytes` that follow the line, then hand the request and them on.
        case awaitPayload(PayloadRequest, echo: [RequestLine.Field], bytes: Int)
        /// Run the line test; the reply comes when it is over.
        case lineTest(seconds: Int, echo: [RequestLine.Field])
    }

    /// A request whose payload follows its line, by where the payload goes.
    public enum PayloadRequest: Equatable, Sendable {
        /// To the writer with the request (`INVITE`).
        case write(WriteRequest)
        /// To the tally checker, then the writer (`TALLY`).
        case tallyPush(TallyPush)
        /// To the tally checker's thread, which keeps it on the live board (`LIVE`): never the writer.
        case livePush(LivePush)
    }

    /// The verb and terminal of a routed line, for counting (nil when it did not decode).
    public struct Origin: Equatable, Sendable {
        public var verb: String?
        public var terminal: String?
    }

    /// Routes one line (without its LF). `now` stamps the `PING` reply.
    public static func route(
        _ line: UnsafeBufferPointer<UInt8>, context: Context, now: Timestamp
    ) -> (Routing, Origin) {
        let request: RequestLine
        do {
            guard let decoded = try LineDecoder.decode(line) else { return (.ignore, Origin()) }
            request = decoded
        } catch {
            return (.reply(.error(error)), Origin())
        }
        let origin = Origin(verb: request.verb, terminal: request["term"])
        let echo = request["seq"].map { [RequestLine.Field("seq", $0)] } ?? []
        let verb: Verb
        let decoded: Request
        do {
            verb = try VerbTable.verb(of: request)
            decoded = try verb.decode(request)
        } catch {
            return (.reply(.error(error, echo: echo)), origin)
        }
        if verb.isAdmin && !context.isControl {
            return (.reply(.error(ProtocolError(.notAuthorised, "\(request.verb) is allowed only on the local control socket"), echo: echo)), origin)
        }
        if context.isDatagram && !verb.senders.contains(.udp) {
            // One datagram holds one line each way: no payload after it, no list in its reply.
            return (.reply(.error(ProtocolError(.invalid, "this request needs TCP: a payload goes with it"), echo: echo)), origin)
        }
        func refuse(_ message: String) -> (Routing, Origin) {
            (.reply(.error(ProtocolError(.notAuthorised, message), echo: echo)), origin)
        }
        switch decoded {
        case .ping:
            return (.reply(.ok(echo + [.init("time", now.vietnam), .init("proto", "1")])), origin)
        case .reload:
            return (.reload(echo: echo), origin)
        case .lineTest(let seconds):
            return (.lineTest(seconds: seconds, echo: echo), origin)
        case .query(let query):
            return (.query(query, echo: echo), origin)
        case .tallyPush(let push):
            guard context.acceptsTallies else {
                // Refused at its line, so its payload is discarded unbuffered, never collected.
                return refuse("this attendd is not a district hub ([hub] keys_file is not set)")
            }
            return (.awaitPayload(.tallyPush(push), echo: echo, bytes: push.bytes), origin)
        case .livePush(let push):
            guard context.acceptsTallies else { return refuse("this attendd is not a district hub ([hub] keys_file is not set)") }
            return (.awaitPayload(.livePush(push), echo: echo, bytes: push.bytes), origin)
        case .write(let write):
            switch authorised(write, context: context) {
            case .failure(let refusal): return (.reply(.error(refusal, echo: echo)), origin)
            case .success(let write):
                if let bytes = write.payloadBytes { return (.awaitPayload(.write(write), echo: echo, bytes: bytes), origin) }
                return (.store(write, echo: echo), origin)
            }
        }
    }

    /// Applies the per-request sender rules to a write: paper entries and the listed terminals for
    /// check-ins, the keyed-or-listed rule for voids, the source of an incident.
    private static func authorised(_ write: WriteRequest, context: Context) -> Result<WriteRequest, ProtocolError> {
        switch write {
        case .check(let check):
            if check.paper && !context.isControl {
                return .failure(ProtocolError(.notAuthorised, "paper=1 is allowed only on the local control socket"))
            }
            if let allowed = context.allowedTerminals, !context.isControl {
                guard let terminal = check.terminal, allowed.contains(terminal) else {
                    let who = check.terminal.map { "terminal \($0) is" } ?? "requests without term= are"
                    return .failure(ProtocolError(.notAuthorised, "\(who) not in [terminals] allow"))
                }
            }
            return .success(write)
        case .void(var request):
            // A terminal's term= is only a claim unless it is keyed (signed) or listed: an
            // unchecked claim could void another terminal's scans, so none is taken.
            if context.isControl {
                request.byControl = true
            } else if let terminal = request.terminal {
                guard context.keyedTerminals.contains(terminal) || context.allowedTerminals?.contains(terminal) == true else {
                    return .failure(ProtocolError(
                        .notAuthorised, "terminal \(terminal) may not void: VOID needs a terminal with a key in [terminals] keys_file or listed in [terminals] allow"))
                }
            } else {
                return .failure(ProtocolError(.notAuthorised, "VOID needs term= (the terminal that made the event)"))
            }
            return .success(.void(request))
        case .incident(var request):
            if context.isControl {
                request.source = .operator
                request.sourceName = ""
            } else if let allowed = context.allowedTerminals, !allowed.contains(request.sourceName) {
                return .failure(ProtocolError(.notAuthorised, "terminal \(request.sourceName) is not in [terminals] allow"))
            }
            return .success(.incident(request))
        case .openConference, .closeConference, .define, .invite, .excuse, .printSheets, .paper, .publishPlan, .publishList,
             .withdrawPlan, .planPoll, .planConfirmation, .reflect:
            return .success(write)
        }
    }

    /// Routes a line given as text (tests).
    public static func route(_ text: String, context: Context, now: Timestamp) -> (Routing, Origin) {
        Array(text.utf8).withUnsafeBufferPointer { route($0, context: context, now: now) }
    }
}
