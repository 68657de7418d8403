import AttendCore
import AttendDaemon
import AttendTestSupport
import Foundation
import Glibc
import Testing

/// A request refused at its line never lets its payload be read as requests (issue 13, item 11):
/// the announced bytes are discarded unbuffered, or the connection closes when nobody can say
/// where they end. attendctl and attendd agree on the size limit and attendctl never hangs.
@Suite struct RefusedPayloadTests {
    /// An invited list whose quoted name cell holds a request line of its own.
    static let csv = Array("id,name\nX-1,\"a\nDEFINE conf=INJECTED-1 title=x\nb\"\n".utf8)

    static func conferences(_ daemon: DaemonHarness, _ id: String) throws -> Int {
        try StoredRows(path: daemon.databasePath).count("SELECT count(*) FROM conference WHERE id = '\(id)'")
    }

    @Test(arguments: ["INVITE conf=\"A B\"", "INVITE conf=H\u{E0}-1", "INVITE conf=A category=nobody", " invite conf=\"A B\""])
    func aRefusedInviteDoesNotRunItsPayload(line: String) throws {
        let daemon = try DaemonHarness()
        let control = try daemon.control()
        let refused = try control.request("\(line) bytes=\(Self.csv.count)", payload: Self.csv)
        #expect(!refused.isOK)
        // The next reply is the next request's: the CSV's lines were not answered as requests.
        let ping = try control.request("PING")
        #expect(ping.isOK, "\(ping)")
        #expect(try Self.conferences(daemon, "INJECTED-1") == 0)
    }

    @Test func aTallyOnABridgePointIsRefusedAtItsLineAndItsBytesDropped() throws {
        let daemon = try DaemonHarness()
        let client = try daemon.connect()
        let json = Array("{\"x\":1}\nDEFINE conf=INJECTED-2 title=x\nPING\n".utf8)
        let reply = try client.request("TALLY bridge=b1 conf=C rev=1 mac=\(String(repeating: "0", count: 64)) bytes=\(json.count)", payload: json)
        #expect(reply.error == .notAuthorised)
        #expect(reply["msg"]?.contains("not a district hub") == true, "\(reply)")
        #expect(try client.request("PING").isOK)
    }

    @Test func anInviteOffTheControlSocketIsRefusedAndItsBytesDropped() throws {
        let daemon = try DaemonHarness()
        let client = try daemon.connect()
        let reply = try client.request("INVITE conf=A bytes=\(Self.csv.count)", payload: Self.csv)
        #expect(reply.error == .notAuthorised)
        #expect(try client.request("PING").isOK)
        #expect(try Self.conferences(daemon, "INJECTED-1") == 0)
    }

    /// Past the verb's own limit, or unreadable: nobody can say where the payload ends, so the
    /// connection closes after its reply; nothing after the line is read.
    @Test(arguments: ["INVITE conf=A bytes=\(Request.maxInviteBytes + 1)", "INVITE conf=A bytes=many", "INVITE conf=a\"b bytes=5"])
    func aPayloadThatCannotBeDiscardedClosesTheConnection(line: String) throws {
        let daemon = try DaemonHarness()
        let control = try daemon.control()
        try control.send(bytes: Array("\(line)\nDEFINE conf=INJECTED-3 title=x\n".utf8))
        let reply = try Reply.decode(try #require(try control.readLine()))
        #expect(!reply.isOK)
        #expect(try control.readLine(timeoutSeconds: 5) == nil)  // closed, the DEFINE unread
        #expect(try Self.conferences(daemon, "INJECTED-3") == 0)
    }

    /// An INVITE line longer than `max_line_bytes`: its size cannot be read, so nothing after
    /// it is; the reply says so and the connection closes.
    @Test func aTooLongPayloadLineClosesTheConnection() throws {
        let daemon = try DaemonHarness()
        let control = try daemon.control()
        let line = "INVITE conf=\(String(repeating: "x", count: 2_000)) bytes=\(Self.csv.count)\n"
        try control.send(bytes: Array(line.utf8) + Self.csv)
        let reply = try Reply.decode(try #require(try control.readLine()))
        #expect(reply.error == .tooLong)
        #expect(try control.readLine(timeoutSeconds: 5) == nil)
        #expect(try Self.conferences(daemon, "INJECTED-1") == 0)
    }

    /// attendctl refuses a file over attendd's limit before sending, with the limit in the message.
    @Test func attendctlRefusesAListOverTheDaemonsLimitBeforeSending() throws {
        let daemon = try DaemonHarness()
        let path = daemon.directory + "/big.csv"
        var text = "id,name\n"
        let row = "ID-0000000,\(String(repeating: "n", count: 100))\n"
        text.reserveCapacity(Request.maxInviteBytes + row.count * 2)
        var number = 0
        while text.utf8.count <= Request.maxInviteBytes {
            number += 1
            text += row.replacingOccurrences(of: "0000000", with: String(format: "%07d", number))
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let started = Date()
        let result = try daemon.attendctl(["invite", "import", path, "--conf", "A", "--category", "guest"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("16 MiB"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
